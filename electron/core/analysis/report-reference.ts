import type { Metric, Reference } from '../../../shared/baselines.ts';
import { metricText } from '../../../shared/baselines.ts';
import type { Report, SliceFigures } from '../../../shared/report.ts';
import { HeadroomError, quote } from '../errors.ts';
import type { ExampleColumns } from '../examples/columns.ts';
import { labelCodes, type AnalysisIndex } from './analysis-index.ts';
import {
  chooseReference,
  defaultReference,
  hlpBaseline,
  intervalBaseline,
  majorityBaseline,
  majorityCountOf,
  orderBaselines,
  pairedTable,
  publicBaseline,
  referenceFigures,
  runBaseline,
  targetBaseline,
  targetFor,
  unpairedRunBaseline,
  type SliceBaseline,
} from './baselines.ts';
import { averagePrecisionOver } from './average-precision.ts';
import { andBits, countAnd, countAnd3, emptyBits, hasBit, setBit, type Bits } from './bitset.ts';
import { DEFAULT_WEIGHTS, type EnteredHlp, type SliceStats, type SliceWeights } from './figures.ts';
import {
  classCode,
  codeBits,
  humanPrecision,
  humanPrecisionSums,
  metricPopulation,
  parseMetric,
  thresholdPredictions,
  type PositiveScores,
} from './metric.ts';
import { orderWithRepeats } from './redundant-slices.ts';
import { buildReport, totalsOf, type StatsCache } from './report.ts';
import { requirementFor, requirementStatus, type ScopedRequirement } from './requirements.ts';

/**
 * The report under a metric and a reference (analysis.md 8): the ranked table of report.ts over
 * the metric's population, each slice's baselines, and gap, gain and priority against the
 * reference. With the defaults (accuracy, hlp) the figures of sections 2-7 are kept as they are.
 */

/** What a report call may ask for beyond the run and labels. */
export interface ReportOptions {
  /** `accuracy` (default), `score`, `recall:C` or `precision:C`. */
  metric?: string;
  reference?: Reference;
  /** The positive class for `threshold` and `ap` (analysis.md 8.1). */
  positive?: string;
  /** Decision threshold on p(positive) in [0, 1]; needs `positive`. */
  threshold?: number;
}

/**
 * Baselines counted from the data, by "run:NAME|metric|slice id" or "majority|metric|slice id".
 * They depend on the index, the other runs and the metric only (never on settings), so a cache
 * kept for one data version stays right; a threshold's re-derived predictions do not use it.
 */
export type BaselineCache = Map<string, SliceBaseline | null>;

/** Another run of the project, as a baseline (its index and typed columns). */
export interface OtherRun {
  name: string;
  index: AnalysisIndex;
  cols: () => ExampleColumns;
}

/** What the project holds for the report besides the model run's index. */
export interface ReportSources {
  index: AnalysisIndex;
  cols: () => ExampleColumns;
  weights: Map<string, SliceWeights>;
  project: string;
  /** Slice stats of the accuracy report, reused across calls (report.ts). */
  cache: StatsCache;
  /**
   * The measured baselines of other runs and of the majority class per slice, reused across
   * calls (valid, like `cache`, for one index at one data version); none: counted each call.
   */
  baselines?: BaselineCache;
  /** The project's runs in project order (the model's run included). */
  runNames: readonly string[];
  otherRun: (name: string) => OtherRun;
  savedReference: Reference | null;
  targets: ReadonlyMap<string, EnteredHlp>;
  requirements: readonly ScopedRequirement[];
  /** The humans' vote share for a class per position, or null without vote counts. */
  voteShares: (cls: string) => Float64Array | null;
  /** The model run's p(cls) per position and its score order (throws without a p_cls column). */
  positiveScores: (cls: string) => { scores: PositiveScores; order: Int32Array };
}

/** The model as the report sees it: the file's predictions, or those re-derived at a threshold. */
interface ModelView {
  index: AnalysisIndex;
  cols: () => ExampleColumns;
  /** Average precision of a slice's bits, when a positive class was given. */
  ap: ((s: Bits) => number | null) | null;
}

/**
 * The model's index and columns under `positive`/`threshold` (analysis.md 8.1): predictions
 * re-derived (predicted C iff p(C) >= T) and correctness recomputed; `ap` per slice.
 */
function modelView(src: ReportSources, options: ReportOptions): ModelView {
  const { positive, threshold } = options;
  if (positive === undefined) {
    if (threshold !== undefined) {
      throw new HeadroomError('INVALID_INPUT', 'A threshold needs a positive class (positive).');
    }
    return { index: src.index, cols: src.cols, ap: null };
  }
  if (src.index.correctBits === null) {
    throw new HeadroomError(
      'INVALID_INPUT',
      `Run ${quote(src.index.run.name)} is graded (a score column): it has no classes to threshold.`,
    );
  }
  const { scores, order } = src.positiveScores(positive);
  const code = classCode(scores.classes, positive);
  const base = src.cols();
  const labelled = codeBits(base.label, code, src.index.inRun);
  const ap = (s: Bits) => averagePrecisionOver(order, scores.p, labelled, s);
  if (threshold === undefined) return { index: src.index, cols: src.cols, ap };
  const { prediction } = thresholdPredictions(base.prediction, code, scores, threshold);
  const cols: ExampleColumns = { ...base, classes: [...scores.classes], prediction };
  const correct = emptyBits(src.index.n);
  for (let i = 0; i < prediction.length; i++) {
    const p = prediction[i] as number;
    if (p >= 0 && p === base.label[i] && hasBit(src.index.inRun, i)) setBit(correct, i);
  }
  return { index: { ...src.index, correctBits: correct }, cols: () => cols, ap };
}

/** The model's population and correctness under the metric, as an index report.ts can count. */
function metricIndex(index: AnalysisIndex, cols: () => ExampleColumns, metric: Metric) {
  if (metric.kind === 'accuracy' || metric.kind === 'score') return index;
  const pop = metricPopulation(metric, cols(), index.inRun);
  return {
    ...index,
    inRun: pop.population,
    correctBits: pop.correct,
    // The humans' precision is not a mean of human_i (analysis.md 8.1): measured apart.
    human: metric.kind === 'precision' ? null : index.human,
  };
}

function resolveMetric(
  text: string | undefined,
  index: AnalysisIndex,
  cols: () => ExampleColumns,
): Metric {
  const graded = index.correctBits === null;
  if (text === undefined) return { kind: graded ? 'score' : 'accuracy' };
  const metric = parseMetric(text, graded ? [] : cols().classes);
  if (graded !== (metric.kind === 'score')) {
    throw new HeadroomError(
      'INVALID_INPUT',
      graded
        ? `Metric ${quote(text)}: run ${quote(index.run.name)} is graded (a score column); its metric is score.`
        : `Metric ${quote(text)}: run ${quote(index.run.name)} has no score column.`,
    );
  }
  return metric;
}

/**
 * A run baseline maker per slice (the run is not graded: a graded run cannot be one). Its setup
 * reads the run's typed columns and counts its population: made only when a slice needs it.
 */
function runMaker(
  other: OtherRun,
  metric: Metric,
  model: { inRun: Bits; correct: Bits; runInRun: Bits },
): (s: Bits) => SliceBaseline | null {
  const oc = other.cols();
  if (
    (metric.kind === 'recall' || metric.kind === 'precision') &&
    classCode(oc.classes, metric.cls) < 0
  ) {
    return () => null;
  }
  const o = metricPopulation(metric, oc, other.index.inRun);
  if (metric.kind === 'precision') {
    const runPop = andBits(o.population, model.runInRun);
    const runRight = andBits(o.correct, model.runInRun);
    const modelPop = andBits(model.inRun, other.index.inRun);
    const modelRight = andBits(model.correct, other.index.inRun);
    return (s) =>
      unpairedRunBaseline(
        other.name,
        { x: countAnd(s, runRight), n: countAnd(s, runPop) },
        { x: countAnd(s, modelRight), n: countAnd(s, modelPop) },
      );
  }
  const paired = andBits(model.inRun, o.population);
  const rightModel = andBits(model.correct, paired);
  const rightRun = andBits(o.correct, paired);
  const rightBoth = andBits(rightModel, rightRun);
  return (s) => runBaseline(other.name, pairedTable(s, paired, rightModel, rightRun, rightBoth));
}

/** The checked reference: run:NAME must name another run of the project. */
function checkReference(ref: Reference, src: ReportSources): Reference {
  if (!ref.startsWith('run:')) return ref;
  const name = ref.slice(4);
  if (!src.runNames.includes(name)) {
    throw new HeadroomError(
      'NOT_FOUND',
      `Reference ${quote(ref)}: no run named ${quote(name)} (runs: ${src.runNames.map(quote).join(', ')}).`,
    );
  }
  if (name === src.index.run.name) {
    throw new HeadroomError(
      'INVALID_INPUT',
      `Reference ${quote(ref)} is the run being analysed; name another run.`,
    );
  }
  return ref;
}

/** The report of analysis.md 8 (metric, baselines, reference) for one run and label set. */
export function buildReferenceReport(src: ReportSources, options: ReportOptions = {}): Report {
  const model = modelView(src, options);
  const index = model.index;
  const cols = model.cols;
  const metric = resolveMetric(options.metric, index, cols);
  const plain = metric.kind === 'accuracy' || metric.kind === 'score';
  const mIndex = metricIndex(index, cols, metric);
  // The cached stats are the file's predictions' under accuracy: a threshold counts afresh.
  const stats: StatsCache = plain && options.threshold === undefined ? src.cache : new Map();
  const report = buildReport(mIndex, src.weights, src.project, stats);
  const hasHumans = index.human !== null || [...src.weights.values()].some((w) => w.hlp !== null);
  const reference = checkReference(
    defaultReference(options.reference ?? null, src.savedReference, hasHumans),
    src,
  );
  const overallStats = (stats.get('overall') as { stats: SliceStats }).stats;
  const totals = totalsOf(mIndex, overallStats);
  const bitsOf = new Map<string, Bits>(index.slices.map((s) => [s.id, s.bits]));
  bitsOf.set('overall', index.inRun);

  // Counted baselines are kept per slice for the data version (src.baselines); a threshold
  // re-derives the model's predictions, so its baselines are counted afresh.
  const kept: BaselineCache =
    options.threshold === undefined && src.baselines ? src.baselines : new Map();
  const metricKey = metricText(metric);
  const keptBaseline = (what: string, id: string, make: () => SliceBaseline | null) => {
    const key = `${what}|${metricKey}|${id}`;
    if (kept.has(key)) return kept.get(key) as SliceBaseline | null;
    const made = make();
    kept.set(key, made);
    return made;
  };
  /** Made on the first slice that misses the cache, then reused for the rest of the call. */
  const lazy = <T>(make: () => T): (() => T) => {
    let made: { value: T } | null = null;
    return () => (made ??= { value: make() }).value;
  };
  const runs =
    mIndex.correctBits === null
      ? []
      : src.runNames
          .filter((name) => name !== index.run.name)
          .map((name) => src.otherRun(name))
          .filter((other) => other.index.correctBits !== null)
          .map((other) => {
            const make = lazy(() =>
              runMaker(other, metric, {
                inRun: mIndex.inRun,
                correct: mIndex.correctBits as Bits,
                runInRun: index.inRun,
              }),
            );
            return (id: string, s: Bits) => keptBaseline(`run:${other.name}`, id, () => make()(s));
          });
  const majorityOf = lazy(() => majorityMaker(metric, index, cols, mIndex.inRun));
  const majority = (id: string, s: Bits) => keptBaseline('majority', id, () => majorityOf()(s));
  const precision =
    metric.kind === 'precision'
      ? {
          shares: src.voteShares(metric.cls),
          labelled: codeBits(cols().label, classCode(cols().classes, metric.cls), index.inRun),
        }
      : null;

  const withBaselines = (f: SliceFigures): SliceFigures => {
    const s = bitsOf.get(f.id) as Bits;
    const st = (stats.get(f.id) as { stats: SliceStats }).stats;
    const w = src.weights.get(f.id) ?? DEFAULT_WEIGHTS;
    let hlp: SliceBaseline | null;
    if (precision && !w.hlp) {
      const hp = precision.shares
        ? humanPrecision(humanPrecisionSums(s, index.inRun, precision.shares, precision.labelled))
        : null;
      hlp =
        hp && f.accuracy !== null && f.accuracy_ci
          ? intervalBaseline('hlp', index.human?.source ?? null, hp, {
              value: f.accuracy,
              ci: f.accuracy_ci,
            })
          : null;
    } else {
      hlp = hlpBaseline(st, totals, w.hlp);
    }
    const target = targetFor(f.id, src.targets);
    const baselines = orderBaselines({
      hlp,
      runs: runs.map((make) => make(f.id, s)),
      target: target ? targetBaseline(st, totals, target) : null,
      majority: majority(f.id, s),
    });
    const ref = chooseReference(baselines, reference);
    const req = requirementFor(f.id, src.requirements);
    const out: SliceFigures = { ...f, baselines: baselines.map(publicBaseline) };
    const held = {
      requirement: req?.requirement.text ?? null,
      requirement_status: req
        ? requirementStatus(req.requirement, f.accuracy_ci, report.overall.accuracy)
        : null,
      ...(model.ap ? { ap: model.ap(andBits(s, index.inRun)) } : {}),
    };
    if (reference === 'hlp' && !precision) {
      // Sections 2-7 exactly: the figures computeFigures gave stay as they are.
      return {
        ...out,
        reference_value: ref?.value ?? null,
        reference_source: ref?.source ?? null,
        ...held,
      };
    }
    if (precision && hlp && !w.hlp) {
      out.hlp = hlp.value;
      out.hlp_ci = hlp.ci;
      out.hlp_n = hlp.n;
      out.hlp_source = hlp.detail;
    }
    const rf = referenceFigures(ref, f.n, f.share, w);
    return { ...out, ...rf, ...held };
  };
  return {
    ...report,
    overall: withBaselines(report.overall),
    slices: orderWithRepeats(report.slices.map(withBaselines)),
    metric: metricText(metric),
    reference,
    ...(options.positive !== undefined ? { positive: options.positive } : {}),
    ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
  };
}

/** The no-skill floor of a slice under the metric (analysis.md 8.2); none for `score`. */
function majorityMaker(
  metric: Metric,
  index: AnalysisIndex,
  cols: () => ExampleColumns,
  population: Bits,
): (s: Bits) => SliceBaseline | null {
  if (metric.kind === 'score') return () => null;
  if (metric.kind === 'accuracy') {
    // Label codes from the index's class slices: the first report after an import needs no pass
    // over SQLite for the typed columns.
    const { codes, count } = labelCodes(index);
    return (s) =>
      majorityBaseline(majorityCountOf(s, population, codes, count), countAnd(s, population));
  }
  const c = cols();
  const code = classCode(c.classes, metric.cls);
  const hits = codeBits(metric.kind === 'recall' ? c.prediction : c.label, code, index.inRun);
  return (s) => majorityBaseline(countAnd3(s, hits, index.inRun), countAnd(s, index.inRun));
}
