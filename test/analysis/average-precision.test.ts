import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  averagePrecisionOver,
  scoreOrder,
} from '../../electron/core/analysis/average-precision.ts';
import { fromPositions } from '../../electron/core/analysis/bitset.ts';
import { rng } from '../rng.ts';

/**
 * The step-wise definition written out directly (analysis.md 8.1): for every distinct score t,
 * descending, count TP and FP among all examples with s >= t, then sum (R_k − R_{k−1})·P_k.
 * Quadratic and separate from the product's single walk.
 */
function directAp(scores: number[], positive: boolean[]): number | null {
  const total = positive.filter(Boolean).length;
  if (total === 0) return null;
  const thresholds = [...new Set(scores)].sort((a, b) => b - a);
  let ap = 0;
  let prevRecall = 0;
  for (const t of thresholds) {
    let tp = 0;
    let fp = 0;
    scores.forEach((s, i) => {
      if (s >= t) {
        if (positive[i]) tp++;
        else fp++;
      }
    });
    const recall = tp / total;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
  }
  return ap;
}

describe('average precision (step-wise, as scikit-learn)', () => {
  it('matches the hand-worked examples, ties entering as one step', () => {
    // scikit-learn's documented example: average_precision_score([0,0,1,1], [.1,.4,.35,.8]).
    expect(averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(5 / 6, 15);
    // Two tied pairs: t=0.8 gives P=1/2 at R=1/2, t=0.3 gives P=1/2 at R=1.
    expect(averagePrecision([0.8, 0.8, 0.3, 0.3], [1, 0, 0, 1])).toBeCloseTo(0.5, 15);
    // One tie over everything: a single step to R=1 at P=2/3 (not 1 then 2/3).
    expect(averagePrecision([0.5, 0.5, 0.5], [1, 1, 0])).toBeCloseTo(2 / 3, 15);
    // A perfect ranking.
    expect(averagePrecision([0.9, 0.8, 0.2, 0.1], [true, true, false, false])).toBe(1);
    // No positive: undefined.
    expect(averagePrecision([0.3, 0.2], [0, 0])).toBeNull();
  });

  it('equals the direct definition on random data with ties, to 1e-12', () => {
    const rand = rng(15);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(rand() * 400);
      // Coarse scores (2 decimals, sometimes 1) so ties are common; positives follow the score.
      const digits = trial % 3 === 0 ? 10 : 100;
      const scores = Array.from({ length: n }, () => Math.round(rand() * digits) / digits);
      const positive = scores.map((s) => rand() < 0.2 + 0.6 * s);
      const expected = directAp(scores, positive);
      const got = averagePrecision(scores, positive);
      if (expected === null) expect(got).toBeNull();
      else expect(Math.abs((got as number) - expected)).toBeLessThan(1e-12);
    }
  });

  it('per slice: one shared order gives each slice the AP of its own examples', () => {
    const rand = rng(7);
    const n = 3000;
    const scores = Float64Array.from({ length: n }, () => Math.round(rand() * 1000) / 1000);
    // NaN: examples without a probability vector are left out.
    for (let i = 0; i < n; i += 97) scores[i] = Number.NaN;
    const pos = Array.from(scores, (s) => !Number.isNaN(s) && rand() < s);
    const positive = fromPositions(
      n,
      pos.flatMap((p, i) => (p ? [i] : [])),
    );
    const order = scoreOrder(scores);
    expect(order.length).toBe(n - Math.ceil(n / 97));
    for (let k = 0; k < 5; k++) {
      const members = Array.from({ length: n }, (_, i) => i).filter(() => rand() < 0.3);
      const slice = fromPositions(n, members);
      const kept = members.filter((i) => !Number.isNaN(scores[i]));
      const expected = directAp(
        kept.map((i) => scores[i] as number),
        kept.map((i) => pos[i] as boolean),
      );
      const got = averagePrecisionOver(order, scores, positive, slice);
      expect(Math.abs((got as number) - (expected as number))).toBeLessThan(1e-12);
    }
  });
});
