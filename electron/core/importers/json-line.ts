import { quote } from '../errors.ts';
import { MAX_JSON_DEPTH } from './limits.ts';
import { forbiddenCharacter } from './values.ts';

export type ParsedLine =
  { ok: true; obj: Record<string, unknown> } | { ok: false; column: string | null; reason: string };

const OPEN_OBJECT = 123; // {
const OPEN_ARRAY = 91; // [
const CLOSE_OBJECT = 125; // }
const CLOSE_ARRAY = 93; // ]
const BACKSLASH = 92;

const COLON = 58;

interface Shape {
  /** Nesting goes past MAX_JSON_DEPTH (the scan stopped there). */
  tooDeep: boolean;
  /** Members of the top-level object as written (JSON.parse keeps one per distinct key). */
  keys: number;
  /** With findDuplicate: a key written twice (as JSON.parse decodes it), else null. */
  duplicate: string | null;
}

/**
 * What JSON.parse does not say about a line, found in one pass without recursion: how deep it nests
 * and how many members its top-level object has as written (JSON.parse keeps the last of a repeated
 * key silently). Strings are skipped with indexOf; the text between them is looked at character by
 * character only when the line has a nested bracket at all (a flat object cannot be too deep, and
 * each of its strings followed by a colon is one of its keys). The scan trusts nothing: on text
 * that is not JSON its answer is meaningless, and JSON.parse decides.
 */
function scanShape(line: string, findDuplicate: boolean): Shape {
  const n = line.length;
  const first = line.indexOf('{');
  const nested = line.indexOf('[') !== -1 || line.indexOf('{', first + 1) !== -1;
  let depth = nested ? 0 : 1;
  let keys = 0;
  const seen = findDuplicate ? new Set<string>() : null;
  let i = 0;
  while (i < n) {
    const q = line.indexOf('"', i);
    if (nested) {
      const stop = q === -1 ? n : q;
      for (let j = i; j < stop; j++) {
        const c = line.charCodeAt(j);
        if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
          if (++depth > MAX_JSON_DEPTH) return { tooDeep: true, keys, duplicate: null };
        } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) depth--;
      }
    }
    if (q === -1) break;
    // The string's closing quote: the next quote not escaped by an odd run of backslashes.
    let e = line.indexOf('"', q + 1);
    for (;;) {
      if (e === -1) return { tooDeep: false, keys, duplicate: null };
      let b = 0;
      while (line.charCodeAt(e - 1 - b) === BACKSLASH) b++;
      if (b % 2 === 0) break;
      e = line.indexOf('"', e + 1);
    }
    i = e + 1;
    if (depth !== 1) continue;
    let k = i;
    let c = line.charCodeAt(k);
    while (c === 32 || c === 9 || c === 10 || c === 13) c = line.charCodeAt(++k);
    if (c !== COLON) continue;
    keys++;
    if (seen) {
      let key = line.slice(q + 1, e);
      if (key.includes('\\')) {
        try {
          key = JSON.parse(line.slice(q, e + 1)) as string;
        } catch {
          return { tooDeep: false, keys, duplicate: null };
        }
      }
      if (seen.has(key)) return { tooDeep: false, keys, duplicate: key };
      seen.add(key);
    }
  }
  return { tooDeep: false, keys, duplicate: null };
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
  const shape = scanShape(line, false);
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
    // A BOM or a NUL outside a string is why (a BOM where two files were joined): say so.
    const raw = forbiddenCharacter(line);
    const why = raw === null ? '' : `; the line ${raw}`;
    return { ok: false, column: null, reason: `invalid JSON (${(err as Error).message})${why}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, column: null, reason: 'each line must be a JSON object' };
  }
  const obj = value as Record<string, unknown>;
  if (shape.keys !== Object.keys(obj).length) {
    const twice = scanShape(line, true).duplicate ?? '';
    return {
      ok: false,
      column: twice,
      reason: `the field ${quote(twice)} appears twice in the object (which one is meant?)`,
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
