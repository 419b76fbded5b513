import { describe, expect, it } from 'vitest';
import { meanInterval, newcombe, wilson } from '../../electron/core/analysis/intervals.ts';
import { rng } from '../helpers.ts';

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

describe('Wilson score interval', () => {
  // Newcombe (1998a), "Two-sided confidence intervals for the single proportion", Table I, method 3.
  const table: [number, number, number, number][] = [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ];
  for (const [x, n, lo, hi] of table) {
    it(`${x}/${n} -> [${lo}, ${hi}]`, () => {
      const [l, u] = wilson(x, n);
      expect([r4(l), r4(u)]).toEqual([lo, hi]);
    });
  }
});

describe('Newcombe hybrid score interval (method 10)', () => {
  // Newcombe (1998b), "Interval estimation for the difference between independent proportions",
  // Table II, method 10.
  const table: [number, number, number, number, number, number][] = [
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
  ];
  for (const [x1, n1, x2, n2, lo, hi] of table) {
    it(`${x1}/${n1} - ${x2}/${n2} -> [${lo}, ${hi}]`, () => {
      const [l, u] = newcombe(x1, n1, x2, n2);
      expect([r4(l), r4(u)]).toEqual([lo, hi]);
    });
  }
});

describe('coverage by simulation', () => {
  it('Wilson covers p = 0.9 at n = 50 in >= 94% of 2,000 seeded draws', () => {
    const random = rng(20_261_123);
    let covered = 0;
    for (let d = 0; d < 2000; d++) {
      let x = 0;
      for (let i = 0; i < 50; i++) if (random() < 0.9) x++;
      const [l, u] = wilson(x, 50);
      if (l <= 0.9 && 0.9 <= u) covered++;
    }
    expect(covered / 2000).toBeGreaterThanOrEqual(0.94);
  });

  it('Newcombe covers a gap of 0.05 (0.95 vs 0.90, n = 50 each) in >= 94% of draws', () => {
    const random = rng(7);
    let covered = 0;
    for (let d = 0; d < 2000; d++) {
      let a = 0;
      let b = 0;
      for (let i = 0; i < 50; i++) {
        if (random() < 0.95) a++;
        if (random() < 0.9) b++;
      }
      const [l, u] = newcombe(a, 50, b, 50);
      if (l <= 0.05 && 0.05 <= u) covered++;
    }
    expect(covered / 2000).toBeGreaterThanOrEqual(0.94);
  });

  it('the t interval of a mean covers graded values at n = 12', () => {
    const random = rng(99);
    let covered = 0;
    for (let d = 0; d < 2000; d++) {
      let sum = 0;
      let sumSq = 0;
      for (let i = 0; i < 12; i++) {
        const v = 0.5 + 0.4 * random(); // uniform on [0.5, 0.9], mean 0.7
        sum += v;
        sumSq += v * v;
      }
      const [l, u] = meanInterval(12, sum, sumSq);
      if (l <= 0.7 && 0.7 <= u) covered++;
    }
    expect(covered / 2000).toBeGreaterThanOrEqual(0.93);
  });
});
