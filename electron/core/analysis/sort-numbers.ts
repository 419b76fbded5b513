/**
 * Sorting a numeric column's values, which an import does once per numeric column (to count its
 * distinct values and to cut its quantile bins). Float64Array.prototype.sort compares pairs
 * (n log n): 10M values took 1.5 s a column. A radix sort on the values' bits takes a few passes
 * over the array, and skips the passes whose digit is the same for every value (whole numbers
 * share their low mantissa bits).
 */

/** Bits per radix digit: 2,048 buckets stay in the CPU's caches while values are scattered. */
const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;
const MASK = BUCKETS - 1;
/** Six digits of 11 bits cover the 64 bits of a double. */
const PASSES = 6;
/** Below this many values the built-in sort is as fast. */
const RADIX_FROM = 4096;

/**
 * Sorts `values` in place, in the order of Float64Array.prototype.sort (ascending, -0 before +0,
 * NaN last), and returns it. Takes a scratch array of the same size while it works.
 */
export function sortNumbers(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_FROM) return values.sort();
  if (sortByCounting(values)) return values;
  return radixSort(values);
}

/** Past this many distinct values a column is radix sorted instead of counted. */
const COUNTED_DISTINCT = 1 << 16;

/**
 * Sorts a column of few distinct values (most metadata: ages, counts, scores with two decimals)
 * by counting each value and writing each one out as often as it came; false, untouched, past
 * COUNTED_DISTINCT distinct values. The Map's keys are numbers (SameValueZero: one NaN key, -0
 * the same as 0), so -0 is counted apart to keep it before +0.
 */
function sortByCounting(values: Float64Array): boolean {
  const counts = new Map<number, number>();
  let negativeZeros = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v === 0 && 1 / v < 0) {
      negativeZeros++;
      continue;
    }
    const c = counts.get(v);
    if (c !== undefined) counts.set(v, c + 1);
    else if (counts.size === COUNTED_DISTINCT) return false;
    else counts.set(v, 1);
  }
  const distinct = Float64Array.from(counts.keys()).sort();
  let k = 0;
  let negatives = 0; // where the negative values end: the -0s go there, before any +0
  for (const v of distinct) {
    const c = counts.get(v) as number;
    values.fill(v, k, k + c);
    k += c;
    if (v < 0) negatives = k;
  }
  if (negativeZeros > 0) {
    values.copyWithin(negatives + negativeZeros, negatives, k);
    values.fill(-0, negatives, negatives + negativeZeros);
  }
  return true;
}

/** Radix sort of the values' bits (Float64Array.prototype.sort's order). */
function radixSort(values: Float64Array): Float64Array {
  const n = values.length;
  // Each double as (lo, hi) words turned into an unsigned key that orders as the number does:
  // a negative number's bits all flipped, a positive one's sign bit set; every NaN the largest.
  let keys: Uint32Array = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  for (let i = 0; i < n; i++) {
    const lo = keys[2 * i] as number;
    const hi = keys[2 * i + 1] as number;
    if ((hi & 0x7ff00000) === 0x7ff00000 && ((hi & 0xfffff) !== 0 || lo !== 0)) {
      keys[2 * i] = 0xffffffff;
      keys[2 * i + 1] = 0xffffffff;
    } else if (hi & 0x80000000) {
      keys[2 * i] = ~lo;
      keys[2 * i + 1] = ~hi;
    } else keys[2 * i + 1] = hi | 0x80000000;
  }
  // The digits' counts, all passes in one read.
  const counts = new Uint32Array(BUCKETS * PASSES);
  for (let i = 0; i < n; i++) {
    const lo = keys[2 * i] as number;
    const hi = keys[2 * i + 1] as number;
    bump(counts, lo & MASK);
    bump(counts, BUCKETS + ((lo >>> 11) & MASK));
    bump(counts, 2 * BUCKETS + (((lo >>> 22) | (hi << 10)) & MASK));
    bump(counts, 3 * BUCKETS + ((hi >>> 1) & MASK));
    bump(counts, 4 * BUCKETS + ((hi >>> 12) & MASK));
    bump(counts, 5 * BUCKETS + (hi >>> 23));
  }
  let other: Uint32Array = new Uint32Array(n * 2);
  const starts = new Uint32Array(BUCKETS);
  for (let p = 0; p < PASSES; p++) {
    const base = p * BUCKETS;
    let sum = 0;
    let trivial = false;
    for (let d = 0; d < BUCKETS; d++) {
      const c = counts[base + d] as number;
      if (c === n) trivial = true;
      starts[d] = sum;
      sum += c;
    }
    if (trivial) continue; // every value has this digit: the order stays
    // Digit p is bits [11p, 11p + 11) of hi:lo; `word` 0 reads lo, 1 hi, 2 both (digit 2).
    const word = p < 2 ? 0 : p === 2 ? 2 : 1;
    const shift = p < 2 ? 11 * p : p === 2 ? 22 : 11 * p - 32;
    for (let i = 0; i < n; i++) {
      const lo = keys[2 * i] as number;
      const hi = keys[2 * i + 1] as number;
      const d =
        word === 0
          ? (lo >>> shift) & MASK
          : word === 1
            ? (hi >>> shift) & MASK
            : ((lo >>> 22) | (hi << 10)) & MASK;
      const j = starts[d] as number;
      starts[d] = j + 1;
      other[2 * j] = lo;
      other[2 * j + 1] = hi;
    }
    const t = keys;
    keys = other;
    other = t;
  }
  // Back to doubles, in `values` (the sorted keys may be in the scratch array).
  const out = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  for (let i = 0; i < n; i++) {
    const lo = keys[2 * i] as number;
    const hi = keys[2 * i + 1] as number;
    if (lo === 0xffffffff && hi === 0xffffffff) {
      values[i] = Number.NaN;
    } else if (hi & 0x80000000) {
      out[2 * i] = lo;
      out[2 * i + 1] = hi & 0x7fffffff;
    } else {
      out[2 * i] = ~lo;
      out[2 * i + 1] = ~hi;
    }
  }
  return values;
}

function bump(counts: Uint32Array, i: number): void {
  counts[i] = (counts[i] as number) + 1;
}
