import { timingSafeEqual } from 'node:crypto';

/**
 * The browser mode listens on loopback only, and every API request must carry the random token
 * printed in the URL. Host and Origin checks stop DNS rebinding and other sites' pages.
 */
export interface GuardOptions {
  token: string;
  port: number;
}

export type GuardResult = { ok: true } | { ok: false; status: 401 | 403 | 421; reason: string };

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

export function allowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return LOOPBACK_HOSTS.some((h) => host.toLowerCase() === `${h}:${port}`);
}

export function allowedOrigin(origin: string | undefined, port: number): boolean {
  // Same-origin GETs and non-browser clients send no Origin; a present one must be ours.
  if (origin === undefined) return true;
  return LOOPBACK_HOSTS.some((h) => origin.toLowerCase() === `http://${h}:${port}`);
}

export function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Checks Host, Origin and (for the API) the token of a request. */
export function guardRequest(
  headers: {
    host?: string | undefined;
    origin?: string | undefined;
    token?: string | null | undefined;
  },
  needsToken: boolean,
  options: GuardOptions,
): GuardResult {
  if (!allowedHost(headers.host, options.port)) {
    return { ok: false, status: 421, reason: 'this server answers only on 127.0.0.1 / localhost' };
  }
  if (!allowedOrigin(headers.origin, options.port)) {
    return { ok: false, status: 403, reason: 'requests from other origins are refused' };
  }
  if (needsToken && !tokenMatches(headers.token, options.token)) {
    return {
      ok: false,
      status: 401,
      reason: 'missing or wrong token: open the URL the server printed',
    };
  }
  return { ok: true };
}
