/**
 * Sets of example positions as bits in 32-bit words: a slice of a million examples is 125 KB, and
 * its figures are popcounts over words (the fast-analysis index of ARCHITECTURE.md).
 */
export type Bits = Uint32Array;

export function wordsFor(n: number): number {
  return (n + 31) >>> 5;
}

export function emptyBits(n: number): Bits {
  return new Uint32Array(wordsFor(n));
}

export function setBit(b: Bits, i: number): void {
  b[i >>> 5] = (b[i >>> 5] as number) | (1 << (i & 31));
}

export function clearBit(b: Bits, i: number): void {
  b[i >>> 5] = (b[i >>> 5] as number) & ~(1 << (i & 31));
}

export function hasBit(b: Bits, i: number): boolean {
  return (((b[i >>> 5] as number) >>> (i & 31)) & 1) === 1;
}

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

export function count(a: Bits): number {
  let c = 0;
  for (let i = 0; i < a.length; i++) c += popcount32(a[i] as number);
  return c;
}

/** |a ∩ b| */
export function countAnd(a: Bits, b: Bits): number {
  let c = 0;
  for (let i = 0; i < a.length; i++) c += popcount32((a[i] as number) & (b[i] as number));
  return c;
}

/** Whether |a △ b| (members of one but not the other) is over `limit`; stops once it is. */
export function xorCountExceeds(a: Bits, b: Bits, limit: number): boolean {
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    d += popcount32((a[i] as number) ^ (b[i] as number));
    if (d > limit) return true;
  }
  return false;
}

/** |a ∩ b ∩ c| */
export function countAnd3(a: Bits, b: Bits, c: Bits): number {
  let n = 0;
  for (let i = 0; i < a.length; i++)
    n += popcount32((a[i] as number) & (b[i] as number) & (c[i] as number));
  return n;
}

/** |a ∩ b ∩ c ∩ d| */
export function countAnd4(a: Bits, b: Bits, c: Bits, d: Bits): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    n += popcount32((a[i] as number) & (b[i] as number) & (c[i] as number) & (d[i] as number));
  }
  return n;
}

/**
 * A slice's four binary counts in one pass over memory: |s∩r|, |s∩r∩c|, |s∩r∩h|, |s∩r∩h∩o|
 * (in the run, correct, with a human label, human right). Words outside the slice are skipped.
 */
export function sliceCounts(
  s: Bits,
  r: Bits,
  c: Bits,
  h: Bits,
  o: Bits,
): [n: number, correct: number, humanN: number, humanRight: number] {
  let n = 0;
  let x = 0;
  let hn = 0;
  let hx = 0;
  for (let i = 0; i < s.length; i++) {
    const sr = (s[i] as number) & (r[i] as number);
    if (sr === 0) continue;
    const sh = sr & (h[i] as number);
    n += popcount32(sr);
    x += popcount32(sr & (c[i] as number));
    hn += popcount32(sh);
    hx += popcount32(sh & (o[i] as number));
  }
  return [n, x, hn, hx];
}

/**
 * Count, Σ v_i and Σ (v_i − mean)² over the positions in a ∩ b ∩ c, in two passes: the first sums
 * v_i (and v_i − v_first, for a mean exact when every value is equal), the second the squared
 * deviations from that mean, less the square of their plain sum over n (the corrected two-pass
 * algorithm of Chan, Golub & LeVeque 1983). Equal values give exactly 0.
 */
export function sumAnd3(
  a: Bits,
  b: Bits,
  c: Bits,
  v: Float64Array,
): { n: number; sum: number; sumSqDev: number } {
  let n = 0;
  let sum = 0;
  let first = 0;
  let shifted = 0;
  for (let w = 0; w < a.length; w++) {
    let x = (a[w] as number) & (b[w] as number) & (c[w] as number);
    while (x !== 0) {
      const t = x & -x;
      const val = v[(w << 5) + (31 - Math.clz32(t))] as number;
      if (n === 0) first = val;
      sum += val;
      shifted += val - first;
      n++;
      x ^= t;
    }
  }
  if (n === 0) return { n, sum, sumSqDev: 0 };
  const mean = first + shifted / n;
  let dev = 0;
  let devSq = 0;
  for (let w = 0; w < a.length; w++) {
    let x = (a[w] as number) & (b[w] as number) & (c[w] as number);
    while (x !== 0) {
      const t = x & -x;
      const d = (v[(w << 5) + (31 - Math.clz32(t))] as number) - mean;
      dev += d;
      devSq += d * d;
      x ^= t;
    }
  }
  return { n, sum, sumSqDev: Math.max(0, devSq - (dev * dev) / n) };
}

export function fromPositions(n: number, positions: Iterable<number>): Bits {
  const b = emptyBits(n);
  for (const p of positions) setBit(b, p);
  return b;
}

/** a ∩ b as new bits. */
export function andBits(a: Bits, b: Bits): Bits {
  const out = new Uint32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) & (b[i] as number);
  return out;
}
