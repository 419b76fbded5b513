import type { IncomingMessage } from 'node:http';
import { isMethodName, type MethodName } from '../../shared/contract.ts';

/** Largest API request body: big enough for 10M-id tag lists, small enough to refuse abuse. */
export const MAX_BODY_BYTES = 256 * 1024 * 1024;
/** Deepest nesting of arrays and objects in a request body (the contract needs fewer than 10). */
export const MAX_JSON_DEPTH = 1000;

export interface BodyLimits {
  maxBytes: number;
  maxDepth: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = {
  maxBytes: MAX_BODY_BYTES,
  maxDepth: MAX_JSON_DEPTH,
};

/** Why a request is refused: 400 for a malformed body, 413 only for its size. */
export interface BodyRefusal {
  ok: false;
  status: 400 | 413;
  reason: string;
}

export type BodyText = { ok: true; text: string } | BodyRefusal;
export type CallRequest = { ok: true; method: MethodName; input: unknown } | BodyRefusal;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/**
 * Tracks the nesting depth of JSON text as its bytes arrive, in one linear pass with constant
 * memory, so a body such as `[[[[...` five million deep is refused before JSON.parse spends
 * seconds of the event loop on it. Brackets inside strings do not count; the bytes of a string
 * (including UTF-8 sequences, whose bytes are all >= 0x80) are skipped up to its closing quote.
 * It does not validate the JSON: JSON.parse does, once the depth is known to be small.
 */
export class JsonDepthGuard {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private readonly maxDepth: number;

  constructor(maxDepth: number) {
    this.maxDepth = maxDepth;
  }

  /** Feeds the next bytes; false as soon as the nesting goes deeper than the limit. */
  push(bytes: Uint8Array): boolean {
    let { depth, inString, escaped } = this;
    const max = this.maxDepth;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) inString = false;
      } else if (b === QUOTE) inString = true;
      else if (b === OPEN_ARRAY || b === OPEN_OBJECT) {
        if (++depth > max) {
          this.depth = depth;
          return false;
        }
      } else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) depth--;
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return true;
  }
}

/**
 * Reads a request body as UTF-8 text, refusing it (413) past `maxBytes` and (400) past
 * `maxDepth` levels of nesting, checked chunk by chunk as it arrives so that no body holds the
 * event loop for long. A refused body is read to its end without being kept (answering before
 * the client has sent everything would reset the connection under it), but no further than
 * another `maxBytes`.
 */
export function readRequestBody(
  req: IncomingMessage,
  limits: BodyLimits = DEFAULT_BODY_LIMITS,
): Promise<BodyText> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const guard = new JsonDepthGuard(limits.maxDepth);
    let size = 0;
    let refusal: BodyRefusal | null = null;
    let discarded = 0;
    req.on('data', (chunk: Buffer) => {
      if (refusal) {
        discarded += chunk.length;
        if (discarded > limits.maxBytes) req.destroy();
        return;
      }
      size += chunk.length;
      if (size > limits.maxBytes) {
        refusal = {
          ok: false,
          status: 413,
          reason: `request too large: the body is over ${limits.maxBytes} bytes`,
        };
      } else if (!guard.push(chunk)) {
        refusal = {
          ok: false,
          status: 400,
          reason: `the request body nests arrays or objects deeper than ${limits.maxDepth} levels`,
        };
      }
      if (refusal) chunks.length = 0;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(refusal ?? { ok: true, text: Buffer.concat(chunks).toString() }));
    // A client that goes away has nobody to answer; the caller's write goes nowhere.
    req.on('error', () =>
      resolve({ ok: false, status: 400, reason: 'the request body was cut off' }),
    );
  });
}

const bad = (reason: string): BodyRefusal => ({ ok: false, status: 400, reason });

/** How a JSON value is named in a reason: "null", "an array", "a string", ... */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const t = typeof value;
  return t === 'object' ? 'an object' : `a ${t}`;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Quotes user text in a reason, cut short. */
function quoted(text: string): string {
  return JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}...` : text);
}

/**
 * The body of POST /api/call: `{"method": "<contract method>", "input": {...}}` ("input" may be
 * left out). Anything else is refused with 400 and the reason; the input's fields are the
 * contract's to check (service.call answers INVALID_INPUT in its envelope).
 */
export function parseCallRequest(text: string): CallRequest {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return bad(`the request body is not valid JSON (${(err as Error).message})`);
  }
  if (!isPlainObject(body)) {
    return bad(`the request body must be a JSON object {"method", "input"}, not ${kindOf(body)}`);
  }
  for (const key of Object.keys(body)) {
    if (key !== 'method' && key !== 'input') {
      return bad(`the request body has an unexpected key ${quoted(key)} (only "method", "input")`);
    }
  }
  if (!Object.hasOwn(body, 'method')) return bad('the request body has no "method"');
  const method = body.method;
  if (typeof method !== 'string') return bad(`"method" must be a string, not ${kindOf(method)}`);
  if (!isMethodName(method)) return bad(`unknown method ${quoted(method)}`);
  const input = Object.hasOwn(body, 'input') ? body.input : undefined;
  if (input !== undefined && !isPlainObject(input)) {
    return bad(`"input" must be a JSON object, not ${kindOf(input)}`);
  }
  return { ok: true, method, input };
}
