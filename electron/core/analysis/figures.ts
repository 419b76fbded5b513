import type { SliceFigures } from '../../../shared/report.ts';
import type { EnteredHlp } from '../../../shared/slice-settings.ts';
import {
  binaryMoments,
  meanDifferenceInterval,
  meanInterval,
  newcombe,
  wilson,
  type Interval,
  type Moments,
} from './intervals.ts';

export interface SliceStats {
  /** Correctness over the slice's examples in the run. */
  correct: Moments;
  /** Human agreement over the slice's examples that have human data, or null. */
  human: Moments | null;
}

export interface Totals {
  /** Examples in the run. */
  n: number;
  /** Σ (1 − correct_i) over the run. */
  errors: number;
  /** correct_i only 0/1 (Wilson and Newcombe apply), else graded (t intervals). */
  binaryCorrect: boolean;
  binaryHuman: boolean;
  /** Where data-based HLP comes from, e.g. "humans (votes)". */
  humanSource: string;
}

export type { EnteredHlp } from '../../../shared/slice-settings.ts';

export interface SliceWeights {
  ease: number;
  importance: number;
  hlp: EnteredHlp | null;
  /** The expected share of production data, entered instead of the measured n / N. */
  share: number | null;
}

export const DEFAULT_WEIGHTS: SliceWeights = { ease: 1, importance: 1, hlp: null, share: null };

/** Below this many examples (or human-annotated examples), a slice is too small to conclude. */
export const MIN_N = 30;
/** A gap interval wider than this is too uncertain to conclude. */
export const MAX_GAP_CI_WIDTH = 0.2;

/**
 * A slice holding at least this share of the run's examples is the run again in other words
 * ("human_majority_tie = 0"): it is left out of the ranked list and of discovery (analysis.md 4).
 */
export const REDUNDANT_SHARE = 0.99;

/** Whether a slice of `n` examples of the run's `total` is redundant with all examples. */
export function isRedundant(n: number, total: number): boolean {
  return total > 0 && n >= REDUNDANT_SHARE * total;
}

type Figures = Omit<SliceFigures, 'id' | 'kind' | 'name'>;

/** The figures of one slice, exactly as analysis.md sections 2 and 3 define them. */
export function computeFigures(stats: SliceStats, totals: Totals, weights: SliceWeights): Figures {
  const { correct } = stats;
  const n = correct.n;
  const share = weights.share ?? (totals.n > 0 ? n / totals.n : 0);
  const accuracy = n > 0 ? correct.sum / n : null;
  const accuracyCi: Interval | null =
    n === 0 ? null : totals.binaryCorrect ? wilson(correct.sum, n) : meanInterval(correct);
  const errors = n - correct.sum;
  const errorCoverage = totals.errors > 0 ? errors / totals.errors : n > 0 ? 0 : null;

  let hlp: number | null = null;
  let hlpN: number | null = null;
  let hlpCi: Interval | null = null;
  let hlpSource: string | null = null;
  let gapCi: Interval | null = null;
  const entered = weights.hlp;
  if (entered) {
    hlp = entered.value;
    hlpN = entered.n;
    hlpSource = entered.source;
    if (entered.n !== null && entered.n > 0) {
      hlpCi = wilson(entered.value * entered.n, entered.n);
      if (n > 0) {
        gapCi = totals.binaryCorrect
          ? newcombe(entered.value * entered.n, entered.n, correct.sum, n)
          : meanDifferenceInterval(binaryMoments(entered.n, entered.value * entered.n), correct);
      }
    } else if (accuracyCi) {
      // No sample size: the entered value is taken as exact; only the model's side is uncertain.
      gapCi = [entered.value - accuracyCi[1], entered.value - accuracyCi[0]];
    }
  } else if (stats.human && stats.human.n > 0) {
    const h = stats.human;
    hlp = h.sum / h.n;
    hlpN = h.n;
    hlpSource = totals.humanSource;
    hlpCi = totals.binaryHuman ? wilson(h.sum, h.n) : meanInterval(h);
    if (n > 0) {
      gapCi =
        totals.binaryHuman && totals.binaryCorrect
          ? newcombe(h.sum, h.n, correct.sum, n)
          : meanDifferenceInterval(h, correct);
    }
  }
  const gap = hlp !== null && accuracy !== null ? hlp - accuracy : null;
  const potentialGain = gap !== null ? Math.max(gap, 0) * share : null;
  const potentialGainCi: Interval | null = gapCi
    ? [Math.max(gapCi[0], 0) * share, Math.max(gapCi[1], 0) * share]
    : null;
  const priority =
    potentialGain !== null ? potentialGain * weights.ease * weights.importance : null;
  const tooSmall =
    n < MIN_N ||
    (hlp !== null && !entered && (hlpN ?? 0) < MIN_N) ||
    (gapCi !== null && gapCi[1] - gapCi[0] > MAX_GAP_CI_WIDTH);
  return {
    n,
    share,
    share_entered: weights.share !== null,
    accuracy,
    accuracy_ci: accuracyCi,
    error_rate: accuracy === null ? null : 1 - accuracy,
    error_coverage: errorCoverage,
    hlp,
    hlp_n: hlpN,
    hlp_ci: hlpCi,
    hlp_source: hlpSource,
    hlp_entered: entered !== null,
    gap,
    gap_ci: gapCi,
    potential_gain: potentialGain,
    potential_gain_ci: potentialGainCi,
    ease: weights.ease,
    importance: weights.importance,
    priority,
    too_small: tooSmall,
  };
}

/**
 * Ranking: priority descending; a too-small slice sorts below the others of equal priority;
 * slices without a priority (no HLP) come last, by error coverage; then by name.
 */
export function compareSlices(a: SliceFigures, b: SliceFigures): number {
  const pa = a.priority;
  const pb = b.priority;
  if (pa === null && pb !== null) return 1;
  if (pb === null && pa !== null) return -1;
  if (pa !== null && pb !== null && pa !== pb) return pb - pa;
  if (a.too_small !== b.too_small) return a.too_small ? 1 : -1;
  const ca = a.error_coverage ?? -1;
  const cb = b.error_coverage ?? -1;
  if (ca !== cb) return cb - ca;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
