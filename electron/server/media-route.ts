import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { serveMedia, type MediaLookup } from '../core/media/serve-media.ts';
import type { Service } from '../core/handlers/service.ts';

/** The open project's answer to "where is example <id>'s media", null when there is none. */
export function serviceMediaLookup(service: Service): MediaLookup {
  return async (id) => {
    try {
      return await service.call('media.locate', { id });
    } catch {
      return null;
    }
  };
}

/**
 * GET/HEAD /media/item/<id>?token=...: the guard has checked Host, Origin and the token; the
 * shared serveMedia does the rest. Same-origin only (CORP), and a client going away mid-body
 * cancels the stream, which closes the file.
 */
export function serveMediaOverHttp(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  service: Service,
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    // Before building a Request: its constructor throws on methods such as TRACE or CONNECT.
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('only GET and HEAD');
    return;
  }
  const headers = new Headers();
  if (typeof req.headers.range === 'string') headers.set('range', req.headers.range);
  const request = new Request(url.href, { method: req.method ?? 'GET', headers });
  void serveMedia(request, serviceMediaLookup(service)).then(async (response) => {
    res.writeHead(response.status, {
      ...Object.fromEntries(response.headers),
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    if (!response.body) {
      res.end();
      return;
    }
    await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res).catch(
      () => undefined, // the client went away; the stream's cancel closed the file
    );
  });
}
