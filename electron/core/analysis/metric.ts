import type { Metric } from '../../../shared/baselines.ts';
import { HeadroomError } from '../errors.ts';
import { emptyBits, hasBit, setBit, type Bits } from './bitset.ts';
import { wilson, Z95, type Interval } from './intervals.ts';

/**
 * The metric a report is computed with (analysis.md 8.1): its population and its 0/1 correctness
 * as bitsets over example positions, the decision threshold that re-derives predictions, and the
 * humans' precision. Pure functions over the typed arrays of examples/columns.ts.
 */

/** Labels and predictions as codes into one class list (ExampleColumns has this shape). */
export interface ClassArrays {
  classes: readonly string[];
  /** Code of the label per position. */
  label: Int32Array;
  /** Code of the prediction per position; -1 when the run has none. */
  prediction: Int32Array;
}

const MAX_METRIC_TEXT = 500;

/** Parses `accuracy`, `score`, `recall:C` or `precision:C`; C must be one of `classes`. */
export function parseMetric(text: string, classes: readonly string[]): Metric {
  if (text.length > MAX_METRIC_TEXT) {
    throw new HeadroomError('INVALID_INPUT', `Metric text too long (${text.length} characters).`);
  }
  if (text === 'accuracy' || text === 'score') return { kind: text };
  const m = /^(recall|precision):(.+)$/s.exec(text);
  if (!m) {
    throw new HeadroomError(
      'INVALID_INPUT',
      `Metric ${JSON.stringify(text)}: expected accuracy, score, recall:CLASS or precision:CLASS.`,
    );
  }
  const kind = m[1] as 'recall' | 'precision';
  const cls = m[2] as string;
  if (!new Set(classes).has(cls)) {
    const shown = classes.slice(0, 20).join(', ') + (classes.length > 20 ? ', ...' : '');
    throw new HeadroomError(
      'INVALID_INPUT',
      `Metric ${JSON.stringify(text)}: no class ${JSON.stringify(cls)} in the project (classes: ${shown}).`,
    );
  }
  return { kind, cls };
}

/** The code of a class in `classes`, or -1. */
export function classCode(classes: readonly string[], cls: string): number {
  return classes.indexOf(cls);
}

/** Positions i in `within` with codes[i] === code. */
export function codeBits(codes: Int32Array, code: number, within: Bits): Bits {
  const out = emptyBits(codes.length);
  for (let i = 0; i < codes.length; i++) {
    if (codes[i] === code && hasBit(within, i)) setBit(out, i);
  }
  return out;
}

/** The population P of a metric and its correct examples (correct ⊆ P), as bits. */
export interface Population {
  population: Bits;
  correct: Bits;
}

/**
 * P and correctness for a 0/1 metric over the examples in `inRun`: accuracy (P = inRun, correct
 * when predicted = label), recall:C (P = labelled C, correct when predicted C), precision:C
 * (P = predicted C, correct when labelled C). Graded `score` has no 0/1 population.
 */
export function metricPopulation(metric: Metric, cols: ClassArrays, inRun: Bits): Population {
  const n = cols.label.length;
  const population = emptyBits(n);
  const correct = emptyBits(n);
  if (metric.kind === 'score') {
    throw new HeadroomError('INVALID_INPUT', 'The graded score has no right/wrong population.');
  }
  const c = metric.kind === 'accuracy' ? -1 : classCode(cols.classes, metric.cls);
  if (metric.kind !== 'accuracy' && c < 0) {
    throw new HeadroomError('INVALID_INPUT', `No class ${JSON.stringify(metric.cls)}.`);
  }
  for (let i = 0; i < n; i++) {
    if (!hasBit(inRun, i)) continue;
    const y = cols.label[i] as number;
    const p = cols.prediction[i] as number;
    if (p < 0) continue;
    const inP = metric.kind === 'accuracy' || (metric.kind === 'recall' ? y === c : p === c);
    if (!inP) continue;
    setBit(population, i);
    if (p === y) setBit(correct, i);
  }
  return { population, correct };
}

/** A run's probability of the positive class per position and the best other class. */
export interface PositiveScores {
  /** Class list the codes below index (the columns' classes, extended by probability-only ones). */
  classes: readonly string[];
  /** p_i(C); NaN where the example has no probability vector. */
  p: Float64Array;
  /** Code of the most probable class other than C (ties: first in the run's class order); -1 if none. */
  runnerUp: Int32Array;
}

/**
 * Re-derives predictions at threshold `t` for positive class code `positive` (analysis.md 8.1):
 * C when p(C) >= t; else the file's prediction when it is not C, else the runner-up class.
 * Examples without probabilities keep the file's prediction and are counted as unscored.
 */
export function thresholdPredictions(
  prediction: Int32Array,
  positive: number,
  scores: PositiveScores,
  t: number,
): { prediction: Int32Array; unscored: number } {
  if (!(t >= 0 && t <= 1)) {
    throw new HeadroomError('INVALID_INPUT', `Threshold ${t}: expected a number in [0, 1].`);
  }
  const out = new Int32Array(prediction.length);
  let unscored = 0;
  for (let i = 0; i < prediction.length; i++) {
    const file = prediction[i] as number;
    const p = scores.p[i] as number;
    if (file < 0 || Number.isNaN(p)) {
      out[i] = file;
      if (file >= 0) unscored++;
      continue;
    }
    if (p >= t) out[i] = positive;
    else if (file !== positive) out[i] = file;
    else out[i] = scores.runnerUp[i] as number;
  }
  return { prediction: out, unscored };
}

/** Sums over S ∩ run ∩ H for the humans' precision of class C (analysis.md 8.1). */
export interface HumanPrecisionSums {
  /** Examples with votes (m). */
  m: number;
  /** Examples some annotator called C (hlp_n). */
  called: number;
  /** Σ v, Σ v², Σ v·[label = C], Σ v²·[label = C]. */
  sumV: number;
  sumV2: number;
  sumA: number;
  sumA2: number;
  /** Every v is 0 or 1. */
  binary: boolean;
}

/**
 * Collects the sums of the humans' precision of C over the positions in `slice ∩ inRun` with a
 * vote share (`shares[i]` = fraction of i's votes for C, NaN where i has no votes).
 */
export function humanPrecisionSums(
  slice: Bits,
  inRun: Bits,
  shares: Float64Array,
  labelledC: Bits,
): HumanPrecisionSums {
  const s: HumanPrecisionSums = {
    m: 0,
    called: 0,
    sumV: 0,
    sumV2: 0,
    sumA: 0,
    sumA2: 0,
    binary: true,
  };
  for (let w = 0; w < slice.length; w++) {
    let x = (slice[w] as number) & (inRun[w] as number);
    while (x !== 0) {
      const bit = x & -x;
      x ^= bit;
      const i = (w << 5) + (31 - Math.clz32(bit));
      const v = shares[i] as number;
      if (Number.isNaN(v)) continue;
      s.m++;
      if (v > 0) s.called++;
      if (v !== 0 && v !== 1) s.binary = false;
      s.sumV += v;
      s.sumV2 += v * v;
      if (hasBit(labelledC, i)) {
        s.sumA += v;
        s.sumA2 += v * v;
      }
    }
  }
  return s;
}

/**
 * The humans' precision R = Σa / Σv with its 95% interval: Wilson when every vote share is 0/1,
 * else the ratio estimator's delta-method interval. null when no annotator called C.
 */
export function humanPrecision(
  s: HumanPrecisionSums,
): { value: number; ci: Interval; n: number } | null {
  if (s.sumV <= 0) return null;
  const r = s.sumA / s.sumV;
  if (s.binary) return { value: r, ci: wilson(s.sumA, s.sumV), n: s.called };
  if (s.m < 2) return { value: r, ci: [0, 1], n: s.called };
  // Σ (a − R v)² with a = v·[label = C]: Σa² − 2R Σa v + R² Σv², and a·v = a².
  const resid = Math.max(0, s.sumA2 - 2 * r * s.sumA2 + r * r * s.sumV2);
  const meanV = s.sumV / s.m;
  const se = Math.sqrt(resid / (s.m * (s.m - 1))) / meanV;
  return {
    value: r,
    ci: [Math.max(0, r - Z95 * se), Math.min(1, r + Z95 * se)],
    n: s.called,
  };
}
