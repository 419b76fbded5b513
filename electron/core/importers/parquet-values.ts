/**
 * The value rules of the Parquet decoder (parquet-worker.ts): a Parquet value, by its column's
 * physical and logical type, becomes cell text (or the reason its record is rejected).
 *
 * Values become `string | null`:
 * - null/undefined: null; strings as they are; booleans 'true'/'false'; bigint (INT64, UINT_64,
 *   INT96 raw) its exact decimal text; Date (TIMESTAMP, DATE, INT96) toISOString() (hyparquet
 *   keeps milliseconds: finer units are truncated).
 * - DOUBLE and integers: String(n), the shortest text that round-trips. NaN, Infinity and
 *   -Infinity reject the record (as in a CSV, nothing turns them into a value: an id or a class
 *   'NaN' would pass for text). FLOAT (float32) and FLOAT16 columns: the shortest text that
 *   round-trips *at their own precision* (float32 0.1 gives '0.1', not '0.10000000149011612'), as a
 *   CSV written from the same data would show it. hyparquet returns float16 as the exact number
 *   (its own parseFloat16); we only choose the text.
 * - DECIMAL: hyparquet would return `Number(unscaled) * 10 ** -scale`, which is inexact (and for
 *   wide decimals loses digits), so the worker strips the DECIMAL annotation from its copy of the
 *   schema, gets the raw unscaled integer (INT32/INT64/FIXED_LEN_BYTE_ARRAY/BYTE_ARRAY, two's
 *   complement big-endian) and writes it exactly with `scale` digits after the point ('1.00').
 * - BYTE_ARRAY without an annotation: text when it is valid UTF-8 (older writers such as Impala and
 *   Hive leave strings unannotated), else the record is rejected ('binary value not supported').
 *   JSON columns keep their text. FIXED_LEN_BYTE_ARRAY without annotation, BSON, INTERVAL,
 *   GEOMETRY/GEOGRAPHY: rejected as binary. UUID: its canonical text. TIME: the raw integer.
 * - Nested columns (list, map, struct, variant, repeated fields): every non-null value rejects its
 *   record ('nested value (list, map or struct) not supported'); a null one is null.
 * - Text with a NUL or a byte-order mark (values.ts), a value longer than MAX_FIELD_CHARS or a row
 *   longer than MAX_LINE_CHARS (limits.ts) rejects its record.
 */
import type { ParquetParsers, SchemaElement, SchemaTree } from 'hyparquet';
import { quote } from '../errors.ts';
import { fieldTooLongReason, MAX_FIELD_CHARS } from './limits.ts';
import { CodedError } from './parquet-worker-error.ts';
import { forbiddenCharacter } from './values.ts';

/** Why a value rejects its record. */
export class Bad {
  reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
}
const BINARY = new Bad('binary value not supported');
const NOT_UTF8 = new Bad('text is not valid UTF-8');
const NESTED = new Bad('nested value (list, map or struct) not supported');
const BAD_DATE = new Bad('date or timestamp out of range');
const BAD_DECIMAL = new Bad('decimal value not readable');
const LONG_DECIMAL = new Bad('decimal value longer than 128 bytes');

/** What stringFromBytes returns for bytes that are not UTF-8 (the column decides the reason). */
const INVALID_UTF8 = Symbol('invalid UTF-8');

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
function textFromBytes(bytes: Uint8Array | undefined): string | symbol | undefined {
  if (!bytes) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return INVALID_UTF8;
  }
}

export const PARSERS: Partial<ParquetParsers> = {
  stringFromBytes: textFromBytes,
  // JSON columns keep their text (a JSON object is not nested data to us).
  jsonFromBytes: textFromBytes,
};

// ---------------------------------------------------------------------------------------------
// Numbers as text

const NAN = new Bad('NaN is not a value (write a null for a missing value)');
const INFINITE = new Bad('an infinite number is not a value');

function nonFinite(n: number): Bad {
  return Number.isNaN(n) ? NAN : INFINITE;
}

/** Rounds to the nearest float16 (ties to even), as a double. */
export function f16round(v: number): number {
  if (!Number.isFinite(v) || v === 0) return v;
  const a = Math.abs(v);
  if (a >= 65520) return v > 0 ? Infinity : -Infinity;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  e = Math.max(e, -14);
  const step = 2 ** (e - 10);
  const q = a / step;
  let r = Math.floor(q);
  const frac = q - r;
  if (frac > 0.5 || (frac === 0.5 && r % 2 === 1)) r++;
  return Math.sign(v) * r * step;
}

/** The shortest decimal text that reads back as the same value at `digits` max precision. */
function shortest(n: number, maxDigits: number, round: (x: number) => number): string | Bad {
  if (!Number.isFinite(n)) return nonFinite(n);
  if (n === 0) return '0';
  for (let p = 1; p <= maxDigits; p++) {
    const y = Number(n.toPrecision(p));
    if (round(y) === n) return String(y);
  }
  return String(n);
}

export function float32Text(n: number): string | Bad {
  return shortest(n, 9, Math.fround);
}

export function float16Text(n: number): string | Bad {
  return shortest(n, 5, f16round);
}

/** An unscaled two's complement big-endian integer and a scale as exact decimal text. */
export function decimalText(raw: unknown, scale: number): string | Bad {
  let v: bigint;
  if (typeof raw === 'bigint') v = raw;
  else if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw)) return BAD_DECIMAL;
    v = BigInt(raw);
  } else if (raw instanceof Uint8Array) {
    if (raw.length === 0) v = 0n;
    else if (raw.length > 128) return LONG_DECIMAL;
    else {
      v = BigInt('0x' + Buffer.from(raw.buffer, raw.byteOffset, raw.length).toString('hex'));
      if ((raw[0] as number) & 0x80) v -= 1n << BigInt(raw.length * 8);
    }
  } else return BAD_DECIMAL;
  const neg = v < 0n;
  let digits = (neg ? -v : v).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }
  return neg ? `-${digits}` : digits;
}

// ---------------------------------------------------------------------------------------------
// Columns

export type Kind =
  | { t: 'plain' }
  | { t: 'float32' }
  | { t: 'float16' }
  | { t: 'decimal'; scale: number }
  | { t: 'text' } // annotated text: invalid UTF-8 is NOT_UTF8
  | { t: 'bytes' } // unannotated BYTE_ARRAY: text when valid UTF-8, else BINARY
  | { t: 'nested' };

function isDecimal(e: SchemaElement): boolean {
  return e.converted_type === 'DECIMAL' || e.logical_type?.type === 'DECIMAL';
}

export function kindOf(node: SchemaTree): Kind {
  const e = node.element;
  if (node.children.length > 0 || e.type === undefined || e.repetition_type === 'REPEATED') {
    return { t: 'nested' };
  }
  if (isDecimal(e)) {
    const scale = e.logical_type?.type === 'DECIMAL' ? e.logical_type.scale : (e.scale ?? 0);
    if (!Number.isSafeInteger(scale) || scale < 0 || scale > 1000) {
      throw new CodedError('BAD_FORMAT', `column ${quote(e.name)} has an invalid decimal scale`);
    }
    return { t: 'decimal', scale };
  }
  if (e.logical_type?.type === 'FLOAT16') return { t: 'float16' };
  if (e.type === 'FLOAT') return { t: 'float32' };
  if (e.type === 'BYTE_ARRAY') {
    const annotated =
      e.converted_type === 'UTF8' ||
      e.converted_type === 'ENUM' ||
      e.converted_type === 'JSON' ||
      e.logical_type?.type === 'STRING' ||
      e.logical_type?.type === 'ENUM' ||
      e.logical_type?.type === 'JSON';
    if (annotated) return { t: 'text' };
    if (e.converted_type === undefined && e.logical_type === undefined) return { t: 'bytes' };
  }
  return { t: 'plain' };
}

/**
 * Our copy of the schema for hyparquet: DECIMAL, BSON, INTERVAL, GEOMETRY and GEOGRAPHY annotations
 * removed (so it returns raw values instead of inexact numbers, errors or GeoJSON), and BYTE_ARRAY
 * that is text or may be text (unannotated, ENUM, JSON) marked UTF8, decoded by textFromBytes.
 * Everything else that is binary stays bytes (utf8: false). Column kinds come from the original.
 */
export function readableSchema(schema: SchemaElement[]): SchemaElement[] {
  return schema.map((e) => {
    const copy: SchemaElement = { ...e };
    const lt = e.logical_type?.type;
    const ct = e.converted_type;
    const strip =
      isDecimal(e) ||
      ct === 'BSON' ||
      ct === 'INTERVAL' ||
      lt === 'BSON' ||
      lt === 'INTERVAL' ||
      lt === 'GEOMETRY' ||
      lt === 'GEOGRAPHY';
    if (strip) {
      delete copy.converted_type;
      delete copy.logical_type;
    } else if (
      e.type === 'BYTE_ARRAY' &&
      ((ct === undefined && lt === undefined) ||
        ct === 'ENUM' ||
        ct === 'JSON' ||
        lt === 'ENUM' ||
        lt === 'JSON')
    ) {
      copy.converted_type = 'UTF8';
      delete copy.logical_type;
    }
    return copy;
  });
}

export function convert(v: unknown, kind: Kind): string | null | Bad {
  if (v === null || v === undefined) return null;
  switch (kind.t) {
    case 'nested':
      return NESTED;
    case 'decimal':
      return decimalText(v, kind.scale);
    case 'float32':
      if (typeof v === 'number') return float32Text(v);
      break;
    case 'float16':
      if (typeof v === 'number') return float16Text(v);
      break;
    case 'text':
      if (v === INVALID_UTF8) return NOT_UTF8;
      break;
    case 'bytes':
      if (v === INVALID_UTF8) return BINARY;
      break;
    case 'plain':
      break;
  }
  switch (typeof v) {
    case 'string': {
      if (v.length > MAX_FIELD_CHARS) return new Bad(fieldTooLongReason(v.length));
      const bad = forbiddenCharacter(v);
      return bad === null ? v : new Bad(`the value ${bad}`);
    }
    case 'number':
      return Number.isFinite(v) ? String(v) : nonFinite(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
    case 'symbol':
      return BINARY;
    default:
      break;
  }
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? BAD_DATE : v.toISOString();
  if (v instanceof Uint8Array) return BINARY;
  return NESTED;
}
