/**
 * The URL of an example's media file for <img>/<audio>/<video> src: media://item/<id> in the
 * desktop app (served by the main process), /media/item/<id>?token=... in the browser mode (an
 * element cannot send the token header, so the URL carries it, as the page's own URL does).
 * The id is one percent-encoded path segment; ids "." and ".." cannot be one and get no media.
 */
export function mediaUrl(id: string): string {
  const segment = encodeURIComponent(id);
  if ((window as unknown as { headroom?: unknown }).headroom) return `media://item/${segment}`;
  const token = new URLSearchParams(location.search).get('token') ?? '';
  return `/media/item/${segment}?token=${encodeURIComponent(token)}`;
}

/** The thumbnail of an example's image (the engine makes and caches it; see thumbnail.ts). */
export function thumbnailUrl(id: string, size: number): string {
  const url = mediaUrl(id);
  return `${url}${url.includes('?') ? '&' : '?'}thumb=${size}`;
}
