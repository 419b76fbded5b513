import { quote } from '../errors.ts';
import { MAX_JSON_DEPTH } from './limits.ts';
import { forbiddenCharacter } from './values.ts';

export type ParsedLine =
  { ok: true; obj: Record<string, unknown> } | { ok: false; column: string | null; reason: string };

const OPEN_OBJECT = 123; // {
const OPEN_ARRAY = 91; // [
const CLOSE_OBJECT = 125; // }
const CLOSE_ARRAY = 93; // ]
const COMMA = 44;
const QUOTE = 34;
const BACKSLASH = 92;

interface Shape {
  /** Nesting goes past MAX_JSON_DEPTH (the scan stopped there). */
  tooDeep: boolean;
  /** A key the top-level object has twice (as JSON.parse decodes it), or null. */
  duplicate: string | null;
}

/**
 * What JSON.parse does not say about a line, found in one pass without recursion: how deep it nests
 * and whether its top-level object repeats a key (JSON.parse keeps the last one silently). Strings
 * are skipped with indexOf; only the text between them is looked at character by character. The
 * scan trusts nothing: on text that is not JSON its answer is meaningless, and JSON.parse decides.
 */
function scanShape(line: string): Shape {
  const n = line.length;
  let depth = 0;
  let topIsObject = false;
  let last = 0; // the last structural character seen (a key follows { or , at depth 1)
  const keys = new Set<string>();
  let i = 0;
  while (i < n) {
    const q = line.indexOf('"', i);
    const stop = q === -1 ? n : q;
    for (let j = i; j < stop; j++) {
      const c = line.charCodeAt(j);
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (depth === 0) topIsObject = c === OPEN_OBJECT;
        if (++depth > MAX_JSON_DEPTH) return { tooDeep: true, duplicate: null };
        last = c;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        depth--;
        last = c;
      } else if (c === COMMA) last = c;
    }
    if (q === -1) break;
    // The string's closing quote: the next quote not escaped by an odd run of backslashes.
    let e = line.indexOf('"', q + 1);
    for (;;) {
      if (e === -1) return { tooDeep: false, duplicate: null };
      let b = 0;
      while (line.charCodeAt(e - 1 - b) === BACKSLASH) b++;
      if (b % 2 === 0) break;
      e = line.indexOf('"', e + 1);
    }
    if (depth === 1 && topIsObject && (last === OPEN_OBJECT || last === COMMA)) {
      let key = line.slice(q + 1, e);
      if (key.includes('\\')) {
        try {
          key = JSON.parse(line.slice(q, e + 1)) as string;
        } catch {
          return { tooDeep: false, duplicate: null };
        }
      }
      if (keys.has(key)) return { tooDeep: false, duplicate: key };
      keys.add(key);
    }
    last = QUOTE;
    i = e + 1;
  }
  return { tooDeep: false, duplicate: null };
}

/** A NUL or a BOM, raw or escaped (\u0000, \ufeff): the line's values need a closer look. */
const MAY_HOLD_FORBIDDEN = /[\0\uFEFF]|\\u(?:0000|[fF][eE][fF][fF])/;

/**
 * One JSON line as an object, numbers kept as their source text (so 20-digit ids and 0.1 stay
 * exact), or why the line is rejected: not JSON, not an object, nested deeper than MAX_JSON_DEPTH
 * (said before JSON.parse's reviver, which recurses, runs out of stack), a repeated key, a NUL or a
 * byte-order mark in a key or a value.
 */
export function parseJsonLine(line: string): ParsedLine {
  const shape = scanShape(line);
  if (shape.tooDeep) {
    // JSON.parse without a reviver does not recurse: it tells valid from invalid at any depth.
    try {
      JSON.parse(line);
    } catch (err) {
      return { ok: false, column: null, reason: `invalid JSON (${(err as Error).message})` };
    }
    return { ok: false, column: null, reason: `nested too deeply (limit ${MAX_JSON_DEPTH})` };
  }
  let value: unknown;
  try {
    value = JSON.parse(line, function (this: unknown, _key: string, v: unknown, ctx?: unknown) {
      if (typeof v === 'number') return (ctx as { source: string }).source;
      return v;
    } as (this: unknown, key: string, value: unknown) => unknown);
  } catch (err) {
    return { ok: false, column: null, reason: `invalid JSON (${(err as Error).message})` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, column: null, reason: 'each line must be a JSON object' };
  }
  const obj = value as Record<string, unknown>;
  if (shape.duplicate !== null) {
    return {
      ok: false,
      column: shape.duplicate,
      reason: `the field ${quote(shape.duplicate)} appears twice in the object (which one is meant?)`,
    };
  }
  if (MAY_HOLD_FORBIDDEN.test(line)) {
    for (const [k, v] of Object.entries(obj)) {
      const inKey = forbiddenCharacter(k);
      if (inKey !== null) {
        return { ok: false, column: null, reason: `the field name ${quote(k)} ${inKey}` };
      }
      const inValue = typeof v === 'string' ? forbiddenCharacter(v) : null;
      if (inValue !== null) return { ok: false, column: k, reason: `the value ${inValue}` };
    }
  }
  return { ok: true, obj };
}
