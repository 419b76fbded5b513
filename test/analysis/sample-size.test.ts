import { describe, expect, it } from 'vitest';
import { newcombe, wilson, Z95 } from '../../electron/core/analysis/intervals.ts';
import { planSampleSize } from '../../electron/core/analysis/sample-size.ts';
import { HeadroomError } from '../../electron/core/errors.ts';
import { DEFAULT_ASSURANCE } from '../../shared/plan.ts';
import type { SliceFigures } from '../../shared/report.ts';
import { rng } from '../rng.ts';

/** A slice as the report gives it, with its intervals computed the report's way. */
function slice(
  accuracy: number,
  n: number,
  hlp: number | null = null,
  hlpN: number | null = null,
): SliceFigures {
  const accuracy_ci = wilson(accuracy * n, n);
  const hlp_ci = hlp !== null && hlpN ? wilson(hlp * hlpN, hlpN) : null;
  const gap = hlp === null ? null : hlp - accuracy;
  const gap_ci =
    hlp === null
      ? null
      : hlpN
        ? newcombe(hlp * hlpN, hlpN, accuracy * n, n)
        : ([hlp - accuracy_ci[1], hlp - accuracy_ci[0]] as [number, number]);
  return {
    id: 'tag:t',
    kind: 'tag',
    name: 'car noise',
    n,
    share: 0.1,
    share_entered: false,
    accuracy,
    accuracy_ci,
    error_rate: 1 - accuracy,
    error_coverage: 0.1,
    hlp,
    hlp_n: hlpN,
    hlp_ci,
    hlp_source: hlp !== null && !hlpN ? 'vendor study' : null,
    hlp_entered: hlp !== null && !hlpN,
    gap,
    gap_ci,
    potential_gain: gap === null ? null : Math.max(gap, 0) * 0.1,
    potential_gain_ci: null,
    ease: 1,
    importance: 1,
    priority: null,
    too_small: false,
  };
}

/** x ~ Binomial(n, p), by n Bernoulli draws (independent of the planner's pmf sums). */
const binomial = (rand: () => number, n: number, p: number) => {
  let x = 0;
  for (let i = 0; i < n; i++) if (rand() < p) x++;
  return x;
};
const half = (c: [number, number]) => (c[1] - c[0]) / 2;
const DRAWS = 1000;
/** The planner promises DEFAULT_ASSURANCE; 1000 draws estimate it within 3 standard errors. */
const FLOOR = Math.max(
  0.9,
  DEFAULT_ASSURANCE - 3 * Math.sqrt((DEFAULT_ASSURANCE * (1 - DEFAULT_ASSURANCE)) / DRAWS),
);

function needed(
  s: SliceFigures,
  figure: 'accuracy' | 'hlp' | 'gap',
  h: number,
  assurance = DEFAULT_ASSURANCE,
) {
  const plan = planSampleSize({ slice: s, figure, half_width: h, assurance });
  expect(plan.n_needed_total, JSON.stringify(plan)).not.toBeNull();
  return plan.n_needed_total as number;
}

describe('sample-size planner: coverage by simulation (seeded draws from the true proportions)', () => {
  it('accuracy: the realised Wilson half-width meets the target in >= 90% of draws (>= the 95% assurance within 3 SE)', () => {
    const rand = rng(17);
    for (const p of [0, 0.03, 0.1, 0.3, 0.5, 0.8, 0.97, 1]) {
      for (const h of [0.03, 0.05, 0.1]) {
        const n = needed(slice(p, 10), 'accuracy', h);
        let hits = 0;
        for (let d = 0; d < DRAWS; d++) {
          if (half(wilson(binomial(rand, n, p), n)) <= h) hits++;
        }
        expect(hits / DRAWS, `p=${p} h=${h} n=${n}`).toBeGreaterThanOrEqual(FLOOR);
      }
    }
  });

  it('planning at the point estimate alone (assurance 0.5) falls short: why the assurance margin exists', () => {
    const rand = rng(18);
    const p = 0.3;
    const h = 0.03;
    const n = needed(slice(p, 10), 'accuracy', h, 0.5);
    let hits = 0;
    for (let d = 0; d < DRAWS; d++) if (half(wilson(binomial(rand, n, p), n)) <= h) hits++;
    expect(hits / DRAWS).toBeLessThan(0.8);
  });

  it('gap: the realised Newcombe half-width meets the target in >= 90% of draws (>= the 95% assurance within 3 SE)', () => {
    const rand = rng(19);
    for (const [hlp, acc] of [
      [0.95, 0.9],
      [0.7, 0.6],
      [0.5, 0.45],
      [0.99, 0.8],
    ] as const) {
      for (const h of [0.05, 0.1]) {
        const plan = planSampleSize({
          slice: slice(acc, 40, hlp, 20),
          figure: 'gap',
          half_width: h,
        });
        const k = plan.n_more as number;
        const n1 = 40 + k;
        const n2 = 20 + k;
        expect(plan.n_needed_total).toBe(n2);
        let hits = 0;
        for (let d = 0; d < DRAWS; d++) {
          const c = newcombe(binomial(rand, n2, hlp), n2, binomial(rand, n1, acc), n1);
          if (half(c) <= h) hits++;
        }
        expect(hits / DRAWS, `hlp=${hlp} acc=${acc} h=${h} k=${k}`).toBeGreaterThanOrEqual(FLOOR);
      }
    }
  });

  it('gap_vs_zero: the Newcombe interval excludes 0 on the gap side in >= 90% of draws (>= 95% within 3 SE)', () => {
    const rand = rng(20);
    for (const [hlp, acc] of [
      [0.95, 0.85],
      [0.8, 0.7],
      [0.6, 0.66],
    ] as const) {
      const plan = planSampleSize({ slice: slice(acc, 30, hlp, 30), figure: 'gap_vs_zero' });
      const k = plan.n_more as number;
      expect(k).toBeGreaterThan(0);
      let hits = 0;
      for (let d = 0; d < DRAWS; d++) {
        const c = newcombe(
          binomial(rand, 30 + k, hlp),
          30 + k,
          binomial(rand, 30 + k, acc),
          30 + k,
        );
        if (hlp > acc ? c[0] > 0 : c[1] < 0) hits++;
      }
      expect(hits / DRAWS, `hlp=${hlp} acc=${acc} k=${k}`).toBeGreaterThanOrEqual(FLOOR);
    }
  });
});

describe('sample-size planner: monotonicity and edge cases', () => {
  it('a narrower target needs more; a proportion nearer 1/2 needs more', () => {
    for (const p of [0.02, 0.2, 0.5, 0.9]) {
      const ns = [0.01, 0.02, 0.05, 0.1, 0.2].map((h) => needed(slice(p, 5), 'accuracy', h));
      expect(ns, `p=${p}`).toEqual([...ns].sort((a, b) => b - a));
      expect(new Set(ns).size).toBe(ns.length);
    }
    const byP = [0, 0.05, 0.2, 0.35, 0.5].map((p) => needed(slice(p, 5), 'accuracy', 0.03));
    expect(byP).toEqual([...byP].sort((a, b) => a - b));
    // Symmetric around 1/2.
    expect(needed(slice(0.2, 5), 'accuracy', 0.03)).toBe(needed(slice(0.8, 5), 'accuracy', 0.03));
    // A larger gap is told from zero with fewer examples.
    const byGap = [0.02, 0.05, 0.1, 0.2].map(
      (g) =>
        planSampleSize({ slice: slice(0.7, 10, 0.7 + g, 10), figure: 'gap_vs_zero' })
          .n_needed_total as number,
    );
    expect(byGap).toEqual([...byGap].sort((a, b) => b - a));
  });

  it('p = 0 and p = 1: the smallest n with z^2 / (2 (n + z^2)) <= h, and that n - 1 is not enough', () => {
    const z2 = Z95 * Z95;
    for (const h of [0.01, 0.05, 0.1]) {
      const expected = Math.ceil(z2 / (2 * h) - z2);
      for (const p of [0, 1]) {
        const plan = planSampleSize({ slice: slice(p, 3), figure: 'accuracy', half_width: h });
        expect(plan.n_needed_total).toBe(expected);
        expect(plan.n_more).toBe(expected - 3);
        expect(half(wilson(p * expected, expected))).toBeLessThanOrEqual(h);
        expect(half(wilson(p * (expected - 1), expected - 1))).toBeGreaterThan(h);
      }
    }
  });

  it('a slice whose interval already meets the target needs 0 more', () => {
    const s = slice(0.9, 10_000, 0.95, 5_000);
    for (const figure of ['accuracy', 'hlp', 'gap'] as const) {
      const plan = planSampleSize({ slice: s, figure, half_width: 0.02 });
      expect(plan.n_more, figure).toBe(0);
      expect(plan.n_needed_total).toBe(plan.n_now);
      expect(plan.reason).toMatch(/already met/);
    }
    expect(planSampleSize({ slice: s, figure: 'gap_vs_zero' }).n_more).toBe(0);
    expect(planSampleSize({ slice: s, figure: 'hlp', half_width: 0.02 }).n_now).toBe(5_000);
  });

  it('a gap of exactly 0 can never be told from zero: null with the reason', () => {
    const plan = planSampleSize({ slice: slice(0.7, 100, 0.7, 100), figure: 'gap_vs_zero' });
    expect(plan).toMatchObject({ n_needed_total: null, n_more: null, half_width: 0 });
    expect(plan.reason).toMatch(/gap is 0/);
  });

  it('no HLP, or an HLP entered without a sample size', () => {
    expect(
      planSampleSize({ slice: slice(0.8, 50), figure: 'gap', half_width: 0.05 }),
    ).toMatchObject({ n_needed_total: null, reason: expect.stringMatching(/no HLP/) });
    const exact = slice(0.8, 50, 0.9, null);
    expect(planSampleSize({ slice: exact, figure: 'hlp', half_width: 0.05 }).reason).toMatch(
      /taken as exact/,
    );
    // The gap's interval is then the model's side only: the same plan as the accuracy's.
    const gap = planSampleSize({ slice: exact, figure: 'gap', half_width: 0.03 });
    const accuracy = planSampleSize({ slice: exact, figure: 'accuracy', half_width: 0.03 });
    expect(gap.counts).toBe('predictions');
    expect(gap.n_needed_total).toBe(accuracy.n_needed_total);
  });

  it('bad input is a HeadroomError that names the field', () => {
    const s = slice(0.8, 50);
    for (const half_width of [0, -0.1, 0.6, Number.NaN]) {
      expect(() => planSampleSize({ slice: s, figure: 'accuracy', half_width })).toThrow(
        HeadroomError,
      );
    }
    expect(() => planSampleSize({ slice: s, figure: 'accuracy', half_width: 0.7 })).toThrow(
      /half_width/,
    );
    expect(() => planSampleSize({ slice: s, figure: 'accuracy' })).toThrow(/target half-width/);
  });
});

describe('sample-size planner against the normal approximation n = z^2 p (1 - p) / h^2', () => {
  it('at the point estimate (assurance 0.5): within 3% for p in [0.2, 0.8]', () => {
    for (const p of [0.2, 0.35, 0.5, 0.65, 0.8]) {
      for (const h of [0.01, 0.02, 0.03]) {
        const normal = (Z95 * Z95 * p * (1 - p)) / (h * h);
        const n = needed(slice(p, 2), 'accuracy', h, 0.5);
        expect(Math.abs(n - normal) / normal, `p=${p} h=${h} n=${n} normal=${normal}`).toBeLessThan(
          0.03,
        );
      }
    }
  });

  it('with the 95% assurance: at least the normal n, at most the worst case p = 1/2 (+2%)', () => {
    for (const p of [0.2, 0.35, 0.65, 0.8]) {
      for (const h of [0.01, 0.02, 0.03]) {
        const normal = (Z95 * Z95 * p * (1 - p)) / (h * h);
        const worst = (Z95 * Z95 * 0.25) / (h * h);
        const n = needed(slice(p, 2), 'accuracy', h);
        expect(n).toBeGreaterThan(normal);
        expect(n).toBeLessThan(worst * 1.02);
      }
    }
  });
});
