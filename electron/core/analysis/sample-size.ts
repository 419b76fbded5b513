/**
 * How many more examples a slice needs for a figure's 95% interval to reach a chosen half-width,
 * or for the gap to be told from zero (analysis.md "Planning sample sizes"). Planned against the
 * intervals the report uses (intervals.ts: Wilson, Newcombe), with the current proportions taken
 * as the truth. Pure functions.
 */
import { planInputSchema, type Plan, type PlanInput } from '../../../shared/plan.ts';
import { HeadroomError } from '../errors.ts';
import { newcombe, wilson, type Interval } from './intervals.ts';

/** No plan reaches beyond this many examples (it would say "more than this" instead). */
export const MAX_PLANNED_N = 1_000_000_000;

const halfWidth = (c: Interval) => (c[1] - c[0]) / 2;

/** Half-width of the Wilson interval at the proportion p of n trials. */
export function wilsonHalfWidth(p: number, n: number): number {
  return halfWidth(wilson(p * n, n));
}

/** Half-width of Newcombe's interval of p1 − p2 (p1 of n1 and p2 of n2 trials). */
export function newcombeHalfWidth(p1: number, n1: number, p2: number, n2: number): number {
  return halfWidth(newcombe(p1 * n1, n1, p2 * n2, n2));
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: about 15 significant digits). */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let a = c[0] as number;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * The proportion x / n of Binomial(n, p) at its `assurance` quantile on the side of `toward`:
 * with probability at least `assurance` an observed proportion lies between p's side and it
 * (never past `toward`). The pmf is summed exactly over mean ± 20 sd (outside it, < 1e-40).
 */
export function quantileToward(p: number, n: number, assurance: number, toward: number): number {
  if (p <= 0 || p >= 1 || p === toward || n <= 0) return p;
  const sd = Math.sqrt(n * p * (1 - p));
  const lo = Math.max(0, Math.floor(n * p - 20 * sd - 1));
  const hi = Math.min(n, Math.ceil(n * p + 20 * sd + 1));
  const mode = Math.min(hi, Math.max(lo, Math.floor((n + 1) * p)));
  const logPmfMode =
    logGamma(n + 1) -
    logGamma(mode + 1) -
    logGamma(n - mode + 1) +
    mode * Math.log(p) +
    (n - mode) * Math.log1p(-p);
  const pmf = new Float64Array(hi - lo + 1);
  const ratio = p / (1 - p);
  let log = logPmfMode;
  pmf[mode - lo] = Math.exp(log);
  for (let x = mode; x < hi; x++) {
    log += Math.log(((n - x) / (x + 1)) * ratio);
    pmf[x + 1 - lo] = Math.exp(log);
  }
  log = logPmfMode;
  for (let x = mode; x > lo; x--) {
    log -= Math.log(((n - x + 1) / x) * ratio);
    pmf[x - 1 - lo] = Math.exp(log);
  }
  let total = 0;
  for (const v of pmf) total += v;
  let acc = 0;
  if (toward > p) {
    // The smallest x with P(X <= x) >= assurance.
    for (let x = lo; x <= hi; x++) {
      acc += (pmf[x - lo] as number) / total;
      if (acc >= assurance) return Math.min(x / n, toward);
    }
    return Math.min(hi / n, toward);
  }
  // The largest x with P(X >= x) >= assurance.
  for (let x = hi; x >= lo; x--) {
    acc += (pmf[x - lo] as number) / total;
    if (acc >= assurance) return Math.max(x / n, toward);
  }
  return Math.max(lo / n, toward);
}

/**
 * The smallest k >= 1 with ok(k), for a predicate that turns true once and stays true (doubling,
 * then bisection); null when not even MAX_PLANNED_N - base suffices.
 */
function smallestMore(base: number, ok: (k: number) => boolean): number | null {
  let hi = 1;
  while (!ok(hi)) {
    if (base + hi >= MAX_PLANNED_N) return null;
    hi = Math.min(hi * 2, MAX_PLANNED_N - base);
  }
  let lo = Math.floor(hi / 2); // ok(lo) is false (or lo = 0, never tested)
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (ok(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/**
 * How many more examples `input.slice` needs (see shared/plan.ts for the shape and
 * analysis.md "Planning sample sizes" for the method). Throws INVALID_INPUT for an input that
 * does not fit the schema (a half-width outside (0, 0.5], none where one is needed).
 */
export function planSampleSize(input: PlanInput): Plan {
  const parsed = planInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HeadroomError(
      'INVALID_INPUT',
      `Sample-size plan: ${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}.`,
    );
  }
  const { slice: s, figure, half_width: target, assurance } = parsed.data;
  if (figure !== 'gap_vs_zero' && target === null) {
    throw new HeadroomError(
      'INVALID_INPUT',
      `Sample-size plan for the ${figure} of "${s.name}": give the target half-width (a fraction in (0, 0.5]).`,
    );
  }
  const hlpExact = s.hlp_entered && (s.hlp_n === null || s.hlp_n <= 0);
  const humanCounts =
    figure === 'hlp' || ((figure === 'gap' || figure === 'gap_vs_zero') && !hlpExact);
  const nNow = humanCounts ? (s.hlp_n ?? 0) : s.n;
  const base = {
    slice: s.name,
    figure,
    half_width: target,
    counts: humanCounts ? ('human_labels' as const) : ('predictions' as const),
    n_now: nNow,
  };
  const none = (reason: string): Plan => ({
    ...base,
    n_needed_total: null,
    n_more: null,
    reason,
  });
  const acc = s.accuracy;
  const hlp = s.hlp;
  if (figure !== 'hlp' && acc === null) return none('the slice has no predicted examples');
  if (figure !== 'accuracy' && hlp === null) {
    return none('the slice has no HLP (import human labels or enter one)');
  }
  if (figure === 'hlp' && hlpExact) {
    return none('the HLP was entered without a sample size, so it is taken as exact');
  }
  const shift = (p: number, n: number, toward: number) => quantileToward(p, n, assurance, toward);
  // The plan is made of these: the current interval and the predicate on k more examples.
  let current: Interval | null;
  let ok: (k: number) => boolean;
  let met: (c: Interval) => boolean;
  let halfOut = target;
  if (figure === 'gap_vs_zero') {
    const a = acc as number;
    const h = hlp as number;
    const gap = h - a;
    halfOut = Number(Math.abs(gap).toPrecision(12));
    if (gap === 0) {
      return {
        ...none('the gap is 0: no sample size tells it from zero (its interval always contains 0)'),
        half_width: 0,
      };
    }
    const sign = Math.sign(gap);
    met = (c) => (sign > 0 ? c[0] > 0 : c[1] < 0);
    current = s.gap_ci;
    ok = (k) => {
      const n1 = s.n + k;
      const a1 = shift(a, n1, h); // the worst side: the two proportions closer together
      if (hlpExact) {
        const [lo, hi] = wilson(a1 * n1, n1);
        return met([h - hi, h - lo]);
      }
      const n2 = nNow + k;
      const h2 = shift(h, n2, a);
      return met(newcombe(h2 * n2, n2, a1 * n1, n1));
    };
  } else {
    const t = target as number;
    met = (c) => halfWidth(c) <= t;
    if (figure === 'accuracy' || (figure === 'gap' && hlpExact)) {
      current = figure === 'accuracy' ? s.accuracy_ci : s.gap_ci;
      ok = (k) => wilsonHalfWidth(shift(acc as number, s.n + k, 0.5), s.n + k) <= t;
    } else if (figure === 'hlp') {
      current = s.hlp_ci;
      ok = (k) => wilsonHalfWidth(shift(hlp as number, nNow + k, 0.5), nNow + k) <= t;
    } else {
      current = s.gap_ci;
      ok = (k) => {
        const n1 = s.n + k;
        const n2 = nNow + k;
        return (
          newcombeHalfWidth(shift(hlp as number, n2, 0.5), n2, shift(acc as number, n1, 0.5), n1) <=
          t
        );
      };
    }
  }
  if (current !== null && nNow > 0 && met(current)) {
    return {
      ...base,
      half_width: halfOut,
      n_needed_total: nNow,
      n_more: 0,
      reason: `already met: the current 95% interval is [${pct(current[0])}, ${pct(current[1])}]`,
    };
  }
  const more = smallestMore(nNow, ok);
  if (more === null) {
    return {
      ...none(`more than ${MAX_PLANNED_N.toLocaleString('en-US')} examples would be needed`),
      half_width: halfOut,
    };
  }
  return { ...base, half_width: halfOut, n_needed_total: nNow + more, n_more: more, reason: null };
}
