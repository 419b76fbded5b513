import type { FileHandle } from 'node:fs/promises';
import { parseByteRange } from './byte-range.ts';
import { open } from 'node:fs/promises';
import { DEFAULT_MEDIA_LIMITS, openMediaFile, type MediaLimits } from './open-media-file.ts';
import { THUMBNAIL_SIZES, thumbnailOf } from './thumbnail.ts';

/** Where an example's media is: the dataset folder of the project and the input as stored. */
export interface MediaLocation {
  root: string | null;
  input: string | null;
  /** The project's cache folder (thumbnails); absent where there is none. */
  cache?: string | null;
}

/** Finds an example by id (null when there is none); asks the engine, wherever it runs. */
export type MediaLookup = (id: string) => Promise<MediaLocation | null>;

/** The URL path prefix of the browser mode; the desktop app uses media://item/<id>. */
export const MEDIA_HTTP_PREFIX = '/media/item/';

/** Sent with every answer: never sniffed, never active content even when opened as a page. */
const SAFE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'Cache-Control': 'no-store',
};

function refusal(status: number, reason: string, extra: Record<string, string> = {}): Response {
  return new Response(reason, {
    status,
    headers: { ...SAFE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...extra },
  });
}

/**
 * The example id of a media URL: `media://item/<id>` or the browser mode's `/media/item/<id>`, the id
 * percent-encoded once as one path segment (a `/` in an id travels as %2F). Null for anything else.
 */
export function mediaIdFromUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  let raw: string;
  if (u.protocol === 'media:') {
    if (u.host !== 'item') return null;
    raw = u.pathname.slice(1);
  } else if (u.pathname.startsWith(MEDIA_HTTP_PREFIX)) {
    raw = u.pathname.slice(MEDIA_HTTP_PREFIX.length);
  } else return null;
  if (raw === '' || raw.includes('/')) return null;
  try {
    const id = decodeURIComponent(raw);
    return id.length <= 1000 ? id : null;
  } catch {
    return null;
  }
}

/** The bytes [start, end] of an open file as a stream that closes the file when done or cancelled. */
function fileBody(handle: FileHandle, start: number, end: number): ReadableStream<Uint8Array> {
  const CHUNK = 256 * 1024;
  let pos = start;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const want = Math.min(CHUNK, end + 1 - pos);
      if (want <= 0) {
        await close();
        controller.close();
        return;
      }
      const buf = new Uint8Array(want);
      const { bytesRead } = await handle.read(buf, 0, want, pos);
      if (bytesRead === 0) {
        await close();
        controller.error(new Error('the media file shrank while it was being served'));
        return;
      }
      pos += bytesRead;
      controller.enqueue(bytesRead === want ? buf : buf.subarray(0, bytesRead));
    },
    cancel: close,
  });
}

/**
 * Answers a media request for both transports (the browser mode's HTTP route and the desktop
 * app's media:// protocol): GET or HEAD of one example's media file, with byte ranges (see
 * byte-range.ts), a fixed Content-Type per allowed format, and the refusals of openMediaFile.
 * Never throws: a failed lookup is a 500 answer.
 */
export async function serveMedia(
  request: Request,
  lookup: MediaLookup,
  limits: MediaLimits = DEFAULT_MEDIA_LIMITS,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return refusal(405, 'only GET and HEAD', { Allow: 'GET, HEAD' });
  }
  const id = mediaIdFromUrl(request.url);
  if (id === null) return refusal(404, 'no such media');
  let location: MediaLocation | null;
  try {
    location = await lookup(id);
  } catch {
    return refusal(500, 'the media lookup failed');
  }
  if (!location?.root || !location.input) return refusal(404, 'no such media');
  const thumb = new URL(request.url).searchParams.get('thumb');
  if (thumb !== null) return serveThumbnail(request, location, thumb);
  const opened = await openMediaFile(location.root, location.input, limits);
  if (!opened.ok) return refusal(opened.status, opened.reason);
  const { handle, size, format } = opened;
  const range = parseByteRange(request.headers.get('range'), size);
  const headers: Record<string, string> = {
    ...SAFE_HEADERS,
    'Content-Type': format.contentType,
    'Accept-Ranges': 'bytes',
  };
  if (range.kind === 'unsatisfiable') {
    await handle.close();
    return refusal(416, 'range not satisfiable', { 'Content-Range': `bytes */${size}` });
  }
  const start = range.kind === 'partial' ? range.start : 0;
  const end = range.kind === 'partial' ? range.end : size - 1;
  headers['Content-Length'] = String(end - start + 1);
  if (range.kind === 'partial') headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  const status = range.kind === 'partial' ? 206 : 200;
  if (request.method === 'HEAD') {
    await handle.close();
    return new Response(null, { status, headers });
  }
  return new Response(fileBody(handle, start, end), { status, headers });
}

/**
 * `?thumb=<size>`: the image's thumbnail (thumbnail.ts), made on first request and then read
 * from the project's cache folder. Only the sizes of THUMBNAIL_SIZES are made.
 */
async function serveThumbnail(
  request: Request,
  location: MediaLocation,
  thumb: string,
): Promise<Response> {
  const size = Number(thumb);
  if (!THUMBNAIL_SIZES.includes(size)) return refusal(400, 'no such thumbnail size');
  if (!location.cache) return refusal(404, 'no cache folder for thumbnails');
  const made = await thumbnailOf(
    location.root as string,
    location.input as string,
    location.cache,
    size,
  );
  if (!made.ok) return refusal(made.status, made.reason);
  let handle: FileHandle;
  try {
    handle = await open(made.file, 'r');
  } catch {
    return refusal(404, 'the thumbnail went away');
  }
  const { size: length } = await handle.stat();
  const headers = {
    ...SAFE_HEADERS,
    'Content-Type': 'image/png',
    'Content-Length': String(length),
  };
  if (request.method === 'HEAD' || length === 0) {
    await handle.close();
    return new Response(null, { status: 200, headers });
  }
  return new Response(fileBody(handle, 0, length - 1), { status: 200, headers });
}
