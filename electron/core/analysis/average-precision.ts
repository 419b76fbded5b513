import { emptyBits, hasBit, setBit, type Bits } from './bitset.ts';

/**
 * Average precision (analysis.md 8.1), step-wise with no interpolation, as scikit-learn's
 * average_precision_score: AP = Σ_k (R_k − R_{k−1})·P_k over the distinct scores taken as
 * thresholds, descending; tied scores enter together as one step. null without a positive.
 */

/**
 * The positions that have a score (not NaN), sorted by score descending (ties by position), so
 * that every slice's AP is one walk over it.
 */
export function scoreOrder(scores: Float64Array): Int32Array {
  const positions: number[] = [];
  for (let i = 0; i < scores.length; i++) if (!Number.isNaN(scores[i])) positions.push(i);
  positions.sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  return Int32Array.from(positions);
}

/**
 * AP of the positions of `order` inside `slice` (all of them when null); `positive` marks the
 * examples of the positive class.
 */
export function averagePrecisionOver(
  order: Int32Array,
  scores: Float64Array,
  positive: Bits,
  slice: Bits | null,
): number | null {
  let positives = 0;
  for (const i of order) if ((!slice || hasBit(slice, i)) && hasBit(positive, i)) positives++;
  if (positives === 0) return null;
  let tp = 0;
  let fp = 0;
  let prevRecall = 0;
  let ap = 0;
  let pending = false;
  let last = Number.NaN;
  for (const i of order) {
    if (slice && !hasBit(slice, i)) continue;
    const s = scores[i] as number;
    if (pending && s !== last) {
      // A new distinct score: close the step of the previous threshold.
      const recall = tp / positives;
      ap += (recall - prevRecall) * (tp / (tp + fp));
      prevRecall = recall;
    }
    if (hasBit(positive, i)) tp++;
    else fp++;
    pending = true;
    last = s;
  }
  if (pending) ap += (tp / positives - prevRecall) * (tp / (tp + fp));
  return ap;
}

/** AP of plain arrays: scores and 0/1 (or boolean) positives. */
export function averagePrecision(
  scores: ArrayLike<number>,
  positive: ArrayLike<number | boolean>,
): number | null {
  const n = scores.length;
  const s = Float64Array.from(scores);
  const bits = emptyBits(n);
  for (let i = 0; i < n; i++) if (positive[i]) setBit(bits, i);
  return averagePrecisionOver(scoreOrder(s), s, bits, null);
}
