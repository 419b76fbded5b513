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

/**
 * P(|T| ≤ t) and P(|T| > t) for Student's t with `df` (a whole number ≥ 1) degrees of freedom, for
 * t ≥ 0, each to full relative precision however small it is, and the density at t. With
 * θ = atan(t / √df), x = cos²θ = df / (df + t²), Abramowitz & Stegun 26.7.3-4 give P(|T| ≤ t)
 * as a finite sum of positive terms:
 *   df even: sin θ (1 + 1/2 x + (1·3)/(2·4) x² + … up to x^(df/2 − 1))
 *   df odd:  (2/π) (θ + sin θ cos θ (1 + 2/3 x + (2·4)/(3·5) x² + … up to x^((df−3)/2)))
 * The same series continued to infinity sum to exactly 1 (they are the binomial series of
 * 1/sin θ, and of (π/2 − θ) / (sin θ cos θ)), so P(|T| > t) is their remainder, again positive
 * terms. Whichever of the two is below 1/2 is summed; the other is 1 minus it.
 */
function tProbabilities(t: number, df: number): { inside: number; tail: number; density: number } {
  const x = df / (df + t * t);
  const sin = t / Math.sqrt(df + t * t);
  const odd = df % 2 === 1;
  // 1 / B(1/2, df/2): (1·3·…·(df−1)) / (2·4·…·(df−2)) / 2 (even), (2·4·…·(df−1)) / (1·3·…·(df−2)) / π (odd).
  let inverseBeta = odd ? 1 / Math.PI : 0.5;
  for (let k = odd ? 2 : 3; k <= df - 1; k += 2) inverseBeta *= k / (k - 1);
  const density = (inverseBeta / Math.sqrt(df)) * Math.sqrt(x) ** (df + 1);
  const theta = Math.atan(t / Math.sqrt(df));
  const lead = odd ? (2 / Math.PI) * sin * Math.sqrt(x) : sin;
  // Term j is term j − 1 times x (2j − 1) / (2j) (even df) or x 2j / (2j + 1) (odd df).
  const ratio = (j: number) => (odd ? (2 * j) / (2 * j + 1) : (2 * j - 1) / (2 * j));
  const first = Math.floor(df / 2); // the finite sum has terms 0 .. first − 1
  let term = 1;
  let finite = first > 0 ? 1 : 0;
  for (let j = 1; j < first; j++) {
    term *= x * ratio(j);
    finite += term;
  }
  const inside = (odd ? (2 / Math.PI) * theta : 0) + lead * finite;
  if (inside < 0.5) return { inside, tail: 1 - inside, density };
  if (df === 1) {
    const tail = (2 / Math.PI) * Math.atan(1 / t);
    return { inside: 1 - tail, tail, density };
  }
  let rest = 0;
  for (let j = first; ; j++) {
    term *= x * ratio(j);
    rest += term;
    if (term <= rest * 1e-17) break;
  }
  const tail = lead * rest;
  return { inside: 1 - tail, tail, density };
}

/** P(T ≤ t) for Student's t with `df` (a whole number ≥ 1) degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const { tail } = tProbabilities(Math.abs(t), df);
  return t > 0 ? 1 - tail / 2 : tail / 2;
}

/**
 * The p-quantile of Student's t with `df` (a whole number ≥ 1) degrees of freedom, to double
 * precision: Newton's method on t for P(|T| > t) = 2 (1 − p), or P(|T| ≤ t) = 2p − 1 when that is
 * the smaller (tProbabilities: exact either way), kept inside a shrinking bracket (bisection when a
 * step would leave it) until t stops moving. Within 2 units in the last place of 40-digit
 * references at p = 0.975 for df 1..30 and within 6 elsewhere up to df 100; the closed forms of
 * df 1, 2 and 4 within 4e-15 (test/core/intervals.test.ts).
 */
export function studentTQuantile(p: number, df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`df must be a whole number ≥ 1: ${df}`);
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1): ${p}`);
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (p === 0.5) return 0;
  const tailTarget = 2 * (1 - p); // both exact for p ≥ 1/2
  const insideTarget = 2 * p - 1;
  let lo = 0;
  let hi = Infinity;
  let t = 1;
  for (let i = 0; i < 400; i++) {
    const { inside, tail, density } = tProbabilities(t, df);
    // Above zero while t is too small.
    const excess = tailTarget < 0.5 ? tail - tailTarget : insideTarget - inside;
    if (excess === 0) break;
    if (excess > 0) lo = t;
    else hi = t;
    let next = t + excess / (2 * density);
    if (!(next > lo && next < hi)) next = hi === Infinity ? 2 * t : (lo + hi) / 2;
    if (next === t || hi - lo <= Number.EPSILON * t) break;
    t = next;
  }
  return t;
}

const T975 = new Map<number, number>();

/** The multiplier of s/√n for a 95% interval of a mean of n values (Student t for n < 30). */
export function meanMultiplier(n: number): number {
  if (n >= 30) return Z95;
  const df = Math.max(1, n - 1);
  let t = T975.get(df);
  if (t === undefined) {
    t = studentTQuantile(0.975, df);
    T975.set(df, t);
  }
  return t;
}

/**
 * Count, sum and Σ (v − mean)² of a set of values. The squared deviations are summed as such (two
 * passes, bitset.ts sumAnd3), not derived from Σv², so values that are all equal have exactly 0.
 */
export interface Moments {
  n: number;
  sum: number;
  sumSqDev: number;
}

/** The moments of n values that are each 0 or 1, x of them 1 (a proportion). */
export function binaryMoments(n: number, x: number): Moments {
  return { n, sum: x, sumSqDev: n > 0 ? (x * (n - x)) / n : 0 };
}

/** Mean ± t·s/√n, clipped to [0, 1]. */
export function meanInterval({ n, sum, sumSqDev }: Moments): Interval {
  if (n <= 1) return [0, 1];
  const mean = sum / n;
  const variance = sumSqDev / (n - 1);
  const half = meanMultiplier(n) * Math.sqrt(variance / n);
  return [Math.max(0, mean - half), Math.min(1, mean + half)];
}

/** Interval of a difference of two independent means (graded values). */
export function meanDifferenceInterval(a: Moments, b: Moments): Interval {
  if (a.n < 2 || b.n < 2) return [-1, 1];
  const va = a.sumSqDev / (a.n - 1) / a.n;
  const vb = b.sumSqDev / (b.n - 1) / b.n;
  const half = meanMultiplier(Math.min(a.n, b.n)) * Math.sqrt(va + vb);
  const d = a.sum / a.n - b.sum / b.n;
  return [Math.max(-1, d - half), Math.min(1, d + half)];
}
