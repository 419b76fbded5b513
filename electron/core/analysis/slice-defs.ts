import type { SliceKind } from '../../../shared/report.ts';
import { emptyBits, setBit, type Bits } from './bitset.ts';
import { sortNumbers } from './sort-numbers.ts';

/** A slice in the index: its identity, its display name and its members. */
export interface SliceDef {
  id: string;
  kind: SliceKind;
  name: string;
  bits: Bits;
}

/** Numeric columns with at most this many distinct values give one slice per value. */
export const MAX_EXACT_NUMERIC_VALUES = 10;
/**
 * Numeric columns otherwise give at most this many quantile bins by default (analysis.md
 * section 4): deciles, each bin about a tenth of the examples. A project may set another count
 * per column, from MIN_BIN_COUNT to MAX_BIN_COUNT (bin-counts.ts).
 */
export const MAX_BINS = 10;
export const MIN_BIN_COUNT = 2;
export const MAX_BIN_COUNT = 20;

/** Shortest readable form of a bin edge: up to 4 significant digits, trailing zeros dropped. */
export function formatEdge(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(4)));
}

/**
 * Text per position as codes into a dictionary: `codes[i]` indexes `byCode`, -1 where empty.
 * Every dictionary value occurs (the import gathers values this way: index-columns.ts).
 */
export interface CodedValues {
  codes: Int32Array;
  byCode: readonly string[];
}

/** Members of each distinct value, in value order. */
export function bitsByValue(
  values: readonly (string | null)[] | CodedValues,
  n: number,
): [string, Bits][] {
  if ('codes' in values) {
    const bits = values.byCode.map(() => emptyBits(n));
    const { codes } = values;
    for (let i = 0; i < n; i++) {
      const c = codes[i] as number;
      if (c >= 0) setBit(bits[c] as Bits, i);
    }
    return values.byCode
      .map((v, c): [string, Bits] => [v, bits[c] as Bits])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
  const byValue = new Map<string, Bits>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    let b = byValue.get(v);
    if (!b) {
      b = emptyBits(n);
      byValue.set(v, b);
    }
    setBit(b, i);
  }
  return [...byValue.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** One slice per distinct value of a categorical column ("device = phone"). */
export function categoricalSlices(
  column: string,
  values: readonly (string | null)[] | CodedValues,
  n: number,
): SliceDef[] {
  return bitsByValue(values, n).map(([v, bits]) => ({
    id: `meta:${column}=${v}`,
    kind: 'metadata',
    name: `${column} = ${v}`,
    bits,
  }));
}

/** One slice per given label ("label = cat"): its accuracy is the class's recall. */
export function classSlices(labels: readonly string[] | CodedValues, n: number): SliceDef[] {
  return bitsByValue(labels, n).map(([l, bits]) => ({
    id: `class:${l}`,
    kind: 'class',
    name: `label = ${l}`,
    bits,
  }));
}

/** The non-empty values of a numeric column (NaN is empty), sorted. */
function sortedPresent(values: Float64Array): Float64Array {
  const present = new Float64Array(values.length);
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) present[count++] = v;
  }
  return sortNumbers(present.subarray(0, count));
}

/** A sorted column's values without the empties (a typed array's sort puts NaN last). */
function withoutTrailingNaN(sorted: Float64Array): Float64Array {
  let count = sorted.length;
  while (count > 0 && Number.isNaN(sorted[count - 1] as number)) count--;
  return sorted.subarray(0, count);
}

/**
 * Quantile bins of a numeric column: edges at the k/B quantiles of the non-null values (B = `bins`,
 * MAX_BINS unless the project set another count), merged where equal; bins are [lo, hi) except
 * the last, which is [lo, max]. Columns with few distinct values give one slice per value instead
 * ("stars = 4"), whatever the count. `sortedValues`: the column's values already sorted (empty
 * NaN last), when the caller has them (an import sorts them to count distinct values).
 */
export function numericSlices(
  column: string,
  values: Float64Array,
  n: number,
  bins: number = MAX_BINS,
  sortedValues?: Float64Array,
): SliceDef[] {
  const sorted = sortedValues ? withoutTrailingNaN(sortedValues) : sortedPresent(values);
  if (sorted.length === 0) return [];
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i] as number);
    if (distinct.length > MAX_EXACT_NUMERIC_VALUES) break;
  }
  if (distinct.length <= MAX_EXACT_NUMERIC_VALUES) {
    return distinct.map((d) => {
      const bits = emptyBits(n);
      for (let i = 0; i < values.length; i++) if (values[i] === d) setBit(bits, i);
      return {
        id: `meta:${column}=${d}`,
        kind: 'metadata' as const,
        name: `${column} = ${formatEdge(d)}`,
        bits,
      };
    });
  }
  const edges: number[] = [];
  for (let k = 0; k < bins; k++) {
    const q = sorted[Math.floor((k * sorted.length) / bins)] as number;
    if (edges.length === 0 || q > (edges[edges.length - 1] as number)) edges.push(q);
  }
  const max = sorted[sorted.length - 1] as number;
  const members = edges.map(() => emptyBits(n));
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    // the last edge <= v
    let lo = 0;
    let hi = edges.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((edges[mid] as number) <= v) lo = mid;
      else hi = mid - 1;
    }
    setBit(members[lo] as Bits, i);
  }
  return edges.map((lo, k) => {
    const last = k === edges.length - 1;
    const hi = last ? max : (edges[k + 1] as number);
    const name = `${column} in [${formatEdge(lo)}, ${formatEdge(hi)}${last ? ']' : ')'}`;
    return {
      id: `meta:${column}:bin${k}`,
      kind: 'metadata' as const,
      name,
      bits: members[k] as Bits,
    };
  });
}
