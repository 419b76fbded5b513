/**
 * Where the window may go (reliability-tests.md S-05): it never leaves the app bundle, never opens
 * windows, and hands only plain https links to the system browser. Pure functions, tested in Node.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

function parse(url: string): URL | null {
  if (typeof url !== 'string' || url.length > 8192) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Navigation only to pages of the bundle (app://bundle/...). */
export function isAllowedNavigation(url: string): boolean {
  const u = parse(url);
  return (
    u !== null &&
    u.protocol === `${APP_SCHEME}:` &&
    u.host === APP_HOST &&
    u.username === '' &&
    u.password === ''
  );
}

/** window.open is always denied; a safe link goes to the system browser instead. */
export function windowOpenHandler(
  details: { url: string },
  openExternal: (url: string) => void,
): { action: 'deny' } {
  if (isSafeExternalUrl(details.url)) openExternal(details.url);
  return { action: 'deny' };
}

/** Only parsed https: URLs with a host and no credentials may leave the app. */
export function isSafeExternalUrl(url: string): boolean {
  const u = parse(url);
  return (
    u !== null &&
    u.protocol === 'https:' &&
    u.hostname !== '' &&
    u.username === '' &&
    u.password === ''
  );
}
