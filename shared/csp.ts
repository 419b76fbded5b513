/**
 * The renderer's Content-Security-Policy: the same in the desktop app (app:// protocol) and the
 * browser mode (HTTP headers), and as a meta tag in renderer/index.html (reliability-tests.md S-04).
 */
export const RENDERER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' media: blob:; media-src 'self' media: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The policy as renderer/index.html's meta tag: without frame-ancestors, which only a header can
 * carry (Chromium ignores it in a meta tag and logs an error); the headers above still send it.
 */
export const RENDERER_CSP_META = RENDERER_CSP.replace(/;\s*frame-ancestors [^;]*$/, '');

/** Content types of the files a built renderer holds. */
export const BUNDLE_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};
