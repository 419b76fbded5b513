import type { Baseline, Reference } from '../../../shared/baselines.ts';
import { countAnd, popcount32, type Bits } from './bitset.ts';
import {
  DEFAULT_WEIGHTS,
  MAX_GAP_CI_WIDTH,
  MIN_N,
  computeFigures,
  type EnteredHlp,
  type SliceStats,
  type Totals,
} from './figures.ts';
import { newcombe, wilson, type Interval } from './intervals.ts';
import { newcombePaired, type PairedTable } from './paired-tests.ts';

/**
 * A slice's baselines and the reference its gap is measured against (analysis.md 8.2, 8.3).
 * Each maker returns the baseline with the interval of its gap to the model on the same
 * examples, so choosing a reference is a pick, never a new computation.
 */

/** A baseline of one slice, with what its gap to the model needs. */
export interface SliceBaseline extends Baseline {
  /** The model's metric the gap starts from: over the paired examples for a run. */
  model: number;
  /** 95% interval of value − model; null for the no-skill floor (never a reference). */
  gapCi: Interval | null;
  /** Measured from data (its n counts towards too_small), or entered. */
  measured: boolean;
}

/**
 * HLP (from the humans, or entered) or a target, against the model: the figures of sections 2, 3
 * and 7 exactly as computeFigures gives them (one home for the HLP gap).
 */
function fromFigures(
  source: 'hlp' | 'target',
  stats: SliceStats,
  totals: Totals,
  entered: EnteredHlp | null,
): SliceBaseline | null {
  const f = computeFigures(stats, totals, { ...DEFAULT_WEIGHTS, hlp: entered });
  if (f.hlp === null || f.accuracy === null) return null;
  return {
    source,
    detail: f.hlp_source,
    value: f.hlp,
    ci: f.hlp_ci,
    n: f.hlp_n,
    model: f.accuracy,
    gapCi: f.gap_ci,
    measured: entered === null,
  };
}

/** `hlp`: measured from the humans on the slice, or the value entered for it. */
export function hlpBaseline(
  stats: SliceStats,
  totals: Totals,
  entered: EnteredHlp | null,
): SliceBaseline | null {
  if (!entered && !(stats.human && stats.human.n > 0)) return null;
  return fromFigures('hlp', stats, totals, entered);
}

/** `target`: a value entered for the slice or for all slices, with its source and optional n. */
export function targetBaseline(
  stats: SliceStats,
  totals: Totals,
  target: EnteredHlp,
): SliceBaseline | null {
  return fromFigures('target', { ...stats, human: null }, totals, target);
}

/** The target of a slice: its own entry, else the one entered for `all` slices. */
export function targetFor(
  sliceId: string,
  targets: ReadonlyMap<string, EnteredHlp>,
): EnteredHlp | null {
  return targets.get(sliceId) ?? targets.get('all') ?? null;
}

/**
 * `run:NAME` on the examples both runs predicted, paired with the model: `table` has A = the
 * model and B = the baseline run, so Newcombe's paired interval of B − A is the gap's.
 */
export function runBaseline(name: string, table: PairedTable): SliceBaseline | null {
  const n = table.both + table.aOnly + table.bOnly + table.neither;
  if (n === 0) return null;
  const x = table.both + table.bOnly;
  return {
    source: `run:${name}`,
    detail: null,
    value: x / n,
    ci: wilson(x, n),
    n,
    model: (table.both + table.aOnly) / n,
    gapCi: newcombePaired(table),
    measured: true,
  };
}

/**
 * `run:NAME` when the two runs' populations differ (precision:C: each run's own C calls), so
 * nothing is paired: Newcombe's unpaired interval.
 */
export function unpairedRunBaseline(
  name: string,
  run: { x: number; n: number },
  model: { x: number; n: number },
): SliceBaseline | null {
  if (run.n === 0 || model.n === 0) return null;
  return {
    source: `run:${name}`,
    detail: null,
    value: run.x / run.n,
    ci: wilson(run.x, run.n),
    n: run.n,
    model: model.x / model.n,
    gapCi: newcombe(run.x, run.n, model.x, model.n),
    measured: true,
  };
}

/**
 * A measured baseline given as a value and interval (the humans' precision), independent of the
 * model: the gap interval joins the two intervals (MOVER, Newcombe's construction; it is his
 * method 10 when both are Wilson intervals).
 */
export function intervalBaseline(
  source: string,
  detail: string | null,
  b: { value: number; ci: Interval; n: number },
  model: { value: number; ci: Interval },
): SliceBaseline {
  const d = b.value - model.value;
  const lower = d - Math.sqrt((b.value - b.ci[0]) ** 2 + (model.ci[1] - model.value) ** 2);
  const upper = d + Math.sqrt((b.ci[1] - b.value) ** 2 + (model.value - model.ci[0]) ** 2);
  return {
    source,
    detail,
    value: b.value,
    ci: b.ci,
    n: b.n,
    model: model.value,
    gapCi: [Math.max(-1, lower), Math.min(1, upper)],
    measured: true,
  };
}

/**
 * `majority`, the no-skill floor: x of n (the slice's most frequent label under accuracy; its
 * examples predicted C under recall:C; its examples labelled C under precision:C).
 */
export function majorityBaseline(x: number, n: number): SliceBaseline | null {
  if (n === 0) return null;
  return {
    source: 'majority',
    detail: null,
    value: x / n,
    ci: wilson(x, n),
    n,
    model: Number.NaN,
    gapCi: null,
    measured: true,
  };
}

/** The count of the slice's most frequent label: `labelBits[c]` = examples of class c in P. */
export function majorityCount(slice: Bits, labelBits: readonly Bits[]): number {
  let best = 0;
  for (const b of labelBits) best = Math.max(best, countAnd(slice, b));
  return best;
}

/**
 * The same count from label codes: the most frequent label among the positions of
 * `slice ∩ within` (one pass over those positions, for projects with many classes).
 */
export function majorityCountOf(
  slice: Bits,
  within: Bits,
  labels: Int32Array,
  classCount: number,
): number {
  const counts = new Int32Array(classCount);
  let best = 0;
  for (let w = 0; w < slice.length; w++) {
    let x = (slice[w] as number) & (within[w] as number);
    while (x !== 0) {
      const bit = x & -x;
      x ^= bit;
      const c = labels[(w << 5) + (31 - Math.clz32(bit))] as number;
      const k = (counts[c] as number) + 1;
      counts[c] = k;
      if (k > best) best = k;
    }
  }
  return best;
}

/**
 * The paired table of a slice for a run baseline: `paired` = examples of P both runs predicted,
 * `rightModel` / `rightRun` / `rightBoth` ⊆ paired. One pass over the slice's words; words
 * outside the slice are skipped.
 */
export function pairedTable(
  slice: Bits,
  paired: Bits,
  rightModel: Bits,
  rightRun: Bits,
  rightBoth: Bits,
): PairedTable {
  let n = 0;
  let xm = 0;
  let xr = 0;
  let both = 0;
  for (let w = 0; w < slice.length; w++) {
    const sp = (slice[w] as number) & (paired[w] as number);
    if (sp === 0) continue;
    n += popcount32(sp);
    xm += popcount32(sp & (rightModel[w] as number));
    xr += popcount32(sp & (rightRun[w] as number));
    both += popcount32(sp & (rightBoth[w] as number));
  }
  return { both, aOnly: xm - both, bOnly: xr - both, neither: n - xm - xr + both };
}

/**
 * The slice's baselines in their fixed order: hlp, the runs in project order, target, majority
 * (the order breaks ties for `best`). Absent ones are left out.
 */
export function orderBaselines(parts: {
  hlp: SliceBaseline | null;
  runs: (SliceBaseline | null)[];
  target: SliceBaseline | null;
  majority: SliceBaseline | null;
}): SliceBaseline[] {
  return [parts.hlp, ...parts.runs, parts.target, parts.majority].filter(
    (b): b is SliceBaseline => b !== null,
  );
}

/**
 * The reference of a report: the call's, else the project's saved one, else `hlp` where the
 * project has human data or an entered HLP and `best` where it has neither (analysis.md 8.3).
 */
export function defaultReference(
  requested: Reference | null,
  saved: Reference | null,
  hasHumanOrEnteredHlp: boolean,
): Reference {
  return requested ?? saved ?? (hasHumanOrEnteredHlp ? 'hlp' : 'best');
}

/**
 * The baseline a slice's gap is measured against: the named one, or for `best` the highest of
 * hlp, runs and target (never majority), the first in list order on a tie. null: no reference.
 */
export function chooseReference(
  baselines: readonly SliceBaseline[],
  reference: Reference,
): SliceBaseline | null {
  if (reference === 'best') {
    let best: SliceBaseline | null = null;
    for (const b of baselines) {
      if (b.source === 'majority') continue;
      if (best === null || b.value > best.value) best = b;
    }
    return best;
  }
  return baselines.find((b) => b.source === reference) ?? null;
}

/** The figures of analysis.md 8.3 that follow the reference. */
export interface ReferenceFigures {
  reference_value: number | null;
  reference_source: string | null;
  gap: number | null;
  gap_ci: Interval | null;
  potential_gain: number | null;
  potential_gain_ci: Interval | null;
  priority: number | null;
  too_small: boolean;
}

/**
 * Gap, potential gain and priority of a slice of `n` examples (in P) against its reference:
 * gain = max(gap, 0) × share, its interval the gap's floored at 0 times share.
 */
export function referenceFigures(
  ref: SliceBaseline | null,
  n: number,
  share: number,
  weights: { ease: number; importance: number },
): ReferenceFigures {
  if (!ref || ref.source === 'majority' || Number.isNaN(ref.model)) {
    return {
      reference_value: null,
      reference_source: null,
      gap: null,
      gap_ci: null,
      potential_gain: null,
      potential_gain_ci: null,
      priority: null,
      too_small: n < MIN_N,
    };
  }
  const gap = ref.value - ref.model;
  const gapCi = ref.gapCi;
  const potentialGain = Math.max(gap, 0) * share;
  return {
    reference_value: ref.value,
    reference_source: ref.source,
    gap,
    gap_ci: gapCi,
    potential_gain: potentialGain,
    potential_gain_ci: gapCi
      ? [Math.max(gapCi[0], 0) * share, Math.max(gapCi[1], 0) * share]
      : null,
    priority: potentialGain * weights.ease * weights.importance,
    too_small:
      n < MIN_N ||
      (ref.measured && (ref.n ?? 0) < MIN_N) ||
      (gapCi !== null && gapCi[1] - gapCi[0] > MAX_GAP_CI_WIDTH),
  };
}

/** The public form of a baseline (the JSON `baselines` list). */
export function publicBaseline(b: SliceBaseline): Baseline {
  return { source: b.source, detail: b.detail, value: b.value, ci: b.ci, n: b.n };
}
