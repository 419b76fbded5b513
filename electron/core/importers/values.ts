import { quote } from '../errors.ts';

/**
 * Strict number syntax: optional sign, decimal digits with an optional fraction, optional
 * exponent. `0x1A`, `1,5`, ` 3`, `NaN`, `Inf` and "" are not numbers: nothing is coerced.
 */
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number written correctly that a 64-bit float cannot hold (it would become 0 or Infinity). */
export class OutOfRange {
  readonly reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
}

/**
 * The number a cell holds; null when it is not a decimal number; OutOfRange when it is one that a
 * double cannot hold: `1e400` (it would be Infinity) or `1e-400` (it would be 0, though its digits
 * are not all zero). Subnormal numbers (down to 5e-324) are kept: they are not zero.
 */
export function parseNumber(text: string): number | null | OutOfRange {
  const plain = plainDecimal(text);
  return plain === null ? parseGeneral(text) : plain;
}

/** 10^0 .. 10^15: exact doubles. */
const POW10 = Array.from({ length: 16 }, (_v, k) => 10 ** k);

/**
 * The value of a plain decimal (sign, at most 15 digits, an optional point, no exponent: most
 * cells of a predictions file), or null for anything else. Its digits as an integer (< 2^53) and
 * 10^k are exact doubles, and a division of exact doubles is correctly rounded, so the quotient is
 * the double nearest the decimal: what Number() gives (Clinger's fast path; test/core/values.test.ts
 * holds the two equal), without the regular expression and the general conversion.
 */
function plainDecimal(text: string): number | null {
  const len = text.length;
  let i = 0;
  let c = text.charCodeAt(0);
  const negative = c === 45; // '-'
  if (negative || c === 43) i = 1; // '+'
  let digits = 0;
  let fraction = -1; // digits after the point; -1: no point
  let value = 0;
  for (; i < len; i++) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 46 && fraction < 0) fraction = 0;
    else return null;
  }
  if (digits === 0 || digits > 15) return null;
  if (fraction > 0) value /= POW10[fraction] as number;
  return negative ? -value : value;
}

function parseGeneral(text: string): number | null | OutOfRange {
  if (!NUMBER_RE.test(text)) return null;
  const n = Number(text);
  if (!Number.isFinite(n)) {
    return new OutOfRange(
      `${quote(text)} is too large for a 64-bit number (it would be stored as ${n > 0 ? '' : '-'}Infinity; the largest is 1.7976931348623157e308)`,
    );
  }
  if (n === 0 && /[1-9]/.test(text.replace(/[eE].*$/, ''))) {
    return new OutOfRange(
      `${quote(text)} is too small for a 64-bit number (it would be stored as 0; the smallest is 5e-324)`,
    );
  }
  return n;
}

/**
 * Why a cell is refused for a character it holds, or null. A NUL (U+0000) prints as nothing, so
 * `ca<NUL>t` would be a class that shows as "cat" but is not; a byte-order mark (U+FEFF) inside a
 * file is invisible too, and is what two files joined into one leave at the seam. Neither is
 * removed silently: the row is rejected with this reason.
 */
export function forbiddenCharacter(text: string): string | null {
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    return `contains a NUL character (U+0000) at character ${nul + 1}, which would print as nothing`;
  }
  const bom = text.indexOf('\uFEFF');
  if (bom !== -1) {
    return `contains a byte-order mark (U+FEFF) at character ${bom + 1} (two files joined into one?)`;
  }
  return null;
}

/** Whether decoded text holds a character forbiddenCharacter refuses (a cheap test per chunk). */
export function mayHoldForbidden(text: string): boolean {
  return text.indexOf('\0') !== -1 || text.indexOf('\uFEFF') !== -1;
}

/** A cell with no value: JSON null, a missing Parquet value, or an empty CSV cell. */
export function isEmpty(v: string | null | undefined): v is null | undefined | '' {
  return v === null || v === undefined || v === '';
}

/** Class names as they appear in column suffixes: `comp.sys.mac` -> `comp_sys_mac`. */
export function normalizeClassName(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, '_');
}

/**
 * What two class suffixes must not share within one file (`p_a.b`, `p_a_b`, `p_a-b`; `p_cat`,
 * `P_CAT`, `p_cat `): the normalized name, ignoring case and surrounding spaces.
 */
export function classCollisionKey(name: string): string {
  return normalizeClassName(name.trim()).toLowerCase();
}
