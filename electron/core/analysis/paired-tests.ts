import { wilson, Z95, type Interval } from './intervals.ts';

/**
 * Statistics for two runs on the same examples (analysis.md section 6). A paired 2x2 table:
 * `both` right in both runs, `aOnly` right in A only, `bOnly` right in B only, `neither`.
 */
export interface PairedTable {
  both: number;
  aOnly: number;
  bOnly: number;
  neither: number;
}

/**
 * Newcombe's interval (1998b, method 10: Wilson score intervals for each run's accuracy, joined
 * with the continuity-corrected phi of the paired table) for accB − accA.
 */
export function newcombePaired(t: PairedTable, z = Z95): Interval {
  const n = t.both + t.aOnly + t.bOnly + t.neither;
  if (n === 0) return [-1, 1];
  const xA = t.both + t.aOnly;
  const xB = t.both + t.bOnly;
  const pA = xA / n;
  const pB = xB / n;
  const [lA, uA] = wilson(xA, n, z);
  const [lB, uB] = wilson(xB, n, z);
  // phi of the table rows = run A right/wrong, columns = run B right/wrong.
  const margins = xA * (n - xA) * xB * (n - xB);
  let phi = 0;
  if (margins > 0) {
    const cross = t.both * t.neither - t.aOnly * t.bOnly;
    const corrected = cross > n / 2 ? cross - n / 2 : cross < 0 ? cross : 0;
    phi = corrected / Math.sqrt(margins);
  }
  const d = pB - pA;
  const lower = d - Math.sqrt((pB - lB) ** 2 - 2 * phi * (pB - lB) * (uA - pA) + (uA - pA) ** 2);
  const upper = d + Math.sqrt((uB - pB) ** 2 - 2 * phi * (uB - pB) * (pA - lA) + (pA - lA) ** 2);
  return [Math.max(-1, lower), Math.min(1, upper)];
}

/** Above this many discordant pairs the exact sum gives way to the normal approximation. */
const EXACT_LIMIT = 1_000_000;

/**
 * McNemar's exact test, two-sided: the probability, with no difference between the runs, of a
 * split of the discordant pairs at least as uneven as `aOnly` : `bOnly` (binomial, p = 1/2).
 */
export function mcnemarExact(aOnly: number, bOnly: number): number {
  const m = aOnly + bOnly;
  if (m === 0) return 1;
  const k = Math.min(aOnly, bOnly);
  if (m > EXACT_LIMIT) {
    // Normal approximation with continuity correction; only for huge tables.
    const zStat = (Math.abs(aOnly - bOnly) - 1) / Math.sqrt(m);
    return Math.min(1, 2 * normalUpperTail(Math.max(0, zStat)));
  }
  // Sum C(m, i) / 2^m for i = 0..k in log space (m up to a million never overflows).
  let logTerm = -m * Math.LN2;
  let max = logTerm;
  const logs: number[] = [logTerm];
  for (let i = 0; i < k; i++) {
    logTerm += Math.log((m - i) / (i + 1));
    logs.push(logTerm);
    if (logTerm > max) max = logTerm;
  }
  let sum = 0;
  for (const l of logs) sum += Math.exp(l - max);
  return Math.min(1, 2 * Math.exp(max) * sum);
}

/** P(Z > z) for a standard normal (Abramowitz & Stegun 7.1.26 via erfc; |error| < 1.5e-7). */
function normalUpperTail(z: number): number {
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return 0.5 * poly * Math.exp(-x * x);
}

/**
 * Holm's step-down adjustment: p-values a family-wise 5% threshold can be applied to directly.
 * null entries (no test) are left out of the family and stay null.
 */
export function holm(pValues: (number | null)[]): (number | null)[] {
  const tested = pValues
    .map((p, i) => ({ p, i }))
    .filter((x): x is { p: number; i: number } => x.p !== null)
    .sort((a, b) => a.p - b.p || a.i - b.i);
  const out: (number | null)[] = pValues.map(() => null);
  const m = tested.length;
  let running = 0;
  tested.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[i] = running;
  });
  return out;
}
