/**
 * Strict number syntax: optional sign, decimal digits with an optional fraction, optional
 * exponent. `0x1A`, `1,5`, ` 3`, `NaN`, `Inf` and "" are not numbers: nothing is coerced.
 */
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a cell holds, or null when it is not a finite decimal number. */
export function parseNumber(text: string): number | null {
  if (!NUMBER_RE.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
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
