import { createReadStream, realpathSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { BUNDLE_CONTENT_TYPES, RENDERER_CSP } from '../../shared/csp.ts';

/** Serves a file of the built renderer; anything outside `root` or not a regular file is 404. */
export function serveStatic(root: string, urlPath: string, res: ServerResponse): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    decoded = '';
  }
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const notFound = () => {
    res.writeHead(404, {
      'Content-Type': 'text/plain; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end('not found');
  };
  if (rel.includes('\0')) return notFound();
  let real: string;
  let rootReal: string;
  try {
    rootReal = realpathSync(root);
    real = realpathSync(join(rootReal, rel));
  } catch {
    return notFound();
  }
  if (!real.startsWith(rootReal + sep) || !statSync(real).isFile()) return notFound();
  res.writeHead(200, {
    'Content-Type': BUNDLE_CONTENT_TYPES[extname(real)] ?? 'application/octet-stream',
    'Content-Security-Policy': RENDERER_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  createReadStream(real).pipe(res);
}
