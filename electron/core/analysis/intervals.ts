/**
 * 95% intervals for the figures of analysis.md section 3. Pure functions, checked against the
 * published worked examples of Wilson (1927) and Newcombe (1998) in test/core/intervals.test.ts.
 */
export type Interval = [number, number];

export const Z95 = 1.959963984540054;

/** Wilson score interval for `x` successes in `n` trials (no continuity correction). */
export function wilson(x: number, n: number, z = Z95): Interval {
  if (n <= 0) return [0, 1];
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Newcombe's hybrid score interval (method 10) for p1 − p2 from two independent binomials,
 * built from the two Wilson intervals.
 */
export function newcombe(x1: number, n1: number, x2: number, n2: number, z = Z95): Interval {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const [l1, u1] = wilson(x1, n1, z);
  const [l2, u2] = wilson(x2, n2, z);
  const d = p1 - p2;
  const lower = d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2);
  const upper = d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2);
  return [Math.max(-1, lower), Math.min(1, upper)];
}

/** Two-sided 97.5% quantiles of Student's t for 1..29 degrees of freedom. */
const T975 = [
  12.706204736, 4.30265273, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252,
  2.306004135, 2.262157163, 2.228138852, 2.20098516, 2.17881283, 2.160368656, 2.144786688,
  2.131449546, 2.119905299, 2.109815578, 2.10092204, 2.093024054, 2.085963447, 2.079613845,
  2.073873068, 2.06865761, 2.063898562, 2.059538553, 2.055529439, 2.051830516, 2.048407142,
  2.045229642,
];

/** The multiplier of s/√n for a 95% interval of a mean of n values (Student t for n < 30). */
export function meanMultiplier(n: number): number {
  if (n < 30) return T975[Math.max(1, n - 1) - 1] as number;
  return Z95;
}

/** Mean ± t·s/√n from the count, sum and sum of squares, clipped to [0, 1]. */
export function meanInterval(n: number, sum: number, sumSq: number): Interval {
  if (n <= 0) return [0, 1];
  const mean = sum / n;
  if (n === 1) return [0, 1];
  const variance = Math.max(0, (sumSq - n * mean * mean) / (n - 1));
  const half = meanMultiplier(n) * Math.sqrt(variance / n);
  return [Math.max(0, mean - half), Math.min(1, mean + half)];
}

/** Normal interval of a difference of two independent means (graded values). */
export function meanDifferenceInterval(
  a: { n: number; sum: number; sumSq: number },
  b: { n: number; sum: number; sumSq: number },
): Interval {
  if (a.n < 2 || b.n < 2) return [-1, 1];
  const ma = a.sum / a.n;
  const mb = b.sum / b.n;
  const va = Math.max(0, (a.sumSq - a.n * ma * ma) / (a.n - 1)) / a.n;
  const vb = Math.max(0, (b.sumSq - b.n * mb * mb) / (b.n - 1)) / b.n;
  const m = Math.min(a.n, b.n) < 30 ? meanMultiplier(Math.min(a.n, b.n)) : Z95;
  const half = m * Math.sqrt(va + vb);
  const d = ma - mb;
  return [Math.max(-1, d - half), Math.min(1, d + half)];
}
