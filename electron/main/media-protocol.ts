/**
 * The desktop app's media:// protocol (media://item/<url-encoded example id>): a pure adaptor,
 * tested under Node. The main process never touches SQLite: it asks the data host where the
 * example's file is (contract method `media.locate`), then opens, checks and serves the file
 * itself with the engine's serving function (electron/core/media/serve-media.ts), the same one
 * the browser mode's /media/item/<id> route uses.
 * main.ts registers the scheme as privileged and handles it with mediaProtocolHandler.
 */
export const MEDIA_SCHEME = 'media';

/**
 * `stream` lets <audio>/<video> seek with byte ranges; `secure` keeps it allowed from the app://
 * page; no `corsEnabled`, no `bypassCSP`: the page reaches it only as img-src/media-src.
 */
export const MEDIA_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  stream: true,
  supportFetchAPI: true,
} as const;

/** The shape of serve-media.ts's MediaLocation and MediaLookup (main does not import core). */
export interface MediaLocation {
  root: string | null;
  input: string | null;
  cache?: string | null;
}
export type MediaLookup = (id: string) => Promise<MediaLocation | null>;

export interface MediaProtocolFacade {
  /** Asks the data host for `media.locate {id}`; resolves with its reply envelope. */
  locate(id: string): Promise<unknown>;
  /** serveMedia of electron/core/media/serve-media.ts. */
  serve(request: Request, lookup: MediaLookup): Promise<Response>;
}

const stringOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** A data host envelope as a location: anything unexpected (an error, a bad shape) is "none". */
export function locationFromEnvelope(envelope: unknown): MediaLocation | null {
  const env = envelope as {
    ok?: unknown;
    value?: { root?: unknown; input?: unknown; cache?: unknown };
  } | null;
  if (env?.ok !== true || typeof env.value !== 'object' || env.value === null) return null;
  const { root, input, cache } = env.value;
  if (!stringOrNull(root) || !stringOrNull(input)) return null;
  return typeof cache === 'string' ? { root, input, cache } : { root, input };
}

/** The handler for protocol.handle('media', ...): never throws, a failure is a plain 500. */
export function mediaProtocolHandler(
  facade: MediaProtocolFacade,
): (request: Request) => Promise<Response> {
  const lookup: MediaLookup = async (id) => locationFromEnvelope(await facade.locate(id));
  return async (request) => {
    try {
      return await facade.serve(request, lookup);
    } catch {
      return new Response('media failed', {
        status: 500,
        headers: {
          'Content-Type': 'text/plain; charset=utf-8',
          'X-Content-Type-Options': 'nosniff',
        },
      });
    }
  };
}
