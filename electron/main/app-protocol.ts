import { realpathSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { BUNDLE_CONTENT_TYPES, RENDERER_CSP } from '../../shared/csp.ts';
import { APP_HOST, APP_SCHEME } from './navigation.ts';

/** The renderer's Content-Security-Policy, sent with every app:// response (S-04 b). */
export const APP_CSP = RENDERER_CSP;

/**
 * The file an app://bundle/... request maps to, or null for anything outside the bundle: other
 * hosts, `..` (also encoded), NUL, backslashes, symlinks out, directories, missing files.
 */
export function resolveBundlePath(root: string, requestUrl: string): string | null {
  let u: URL;
  try {
    u = new URL(requestUrl);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\') || path.split('/').includes('..')) return null;
  const rel = path === '/' || path === '' ? 'index.html' : path.replace(/^\/+/, '');
  let rootReal: string;
  let real: string;
  try {
    rootReal = realpathSync(resolve(root));
    real = realpathSync(join(rootReal, rel));
  } catch {
    return null;
  }
  if (!real.startsWith(rootReal + sep)) return null;
  try {
    if (!statSync(real).isFile()) return null;
  } catch {
    return null;
  }
  return real;
}

export function appResponseHeaders(path: string): Record<string, string> {
  return {
    'Content-Type': BUNDLE_CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
    'Content-Security-Policy': APP_CSP,
    'X-Content-Type-Options': 'nosniff',
  };
}
