import type { Database } from 'better-sqlite3';
import type { Report, SliceFigures } from '../../../shared/report.ts';
import type { SliceStats, SliceWeights, Totals } from '../analysis/figures.ts';
import { binaryMoments, type Moments } from '../analysis/intervals.ts';
import { rankSlices, type CountedSlice } from '../analysis/report.ts';
import type { BaselineSettings } from '../analysis/baseline-settings.ts';
import {
  chooseReference,
  defaultReference,
  hlpBaseline,
  majorityBaseline,
  orderBaselines,
  publicBaseline,
  referenceFigures,
  runBaseline,
  targetBaseline,
  targetFor,
} from '../analysis/baselines.ts';
import { DEFAULT_WEIGHTS } from '../analysis/figures.ts';
import type { ReportOptions } from '../analysis/report-reference.ts';
import { requirementFor, requirementStatus } from '../analysis/requirements.ts';
import { HeadroomError, quote } from '../errors.ts';
import { parseMetric } from '../analysis/metric.ts';
import type { PairedTable } from '../analysis/paired-tests.ts';
import { metricText, type Metric } from '../../../shared/baselines.ts';
import type { SliceSums, SummaryStats } from './summary-query.ts';

/** What a screen or command that needs single examples answers on a summary project. */
export const NO_EXAMPLES =
  'this is a summary project: it has no examples; summarize with --sample N to browse a sample';

/** Whether the project holds summary statistics (and no examples of its own). */
export function isSummaryProject(db: Database): boolean {
  const hasTable = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'summary_runs'")
    .get();
  return (
    hasTable !== undefined && db.prepare('SELECT 1 FROM summary_runs LIMIT 1').get() !== undefined
  );
}

/** Throws the plain explanation when the project is a summary (for what needs examples). */
export function refuseSummary(db: Database): void {
  if (isSummaryProject(db)) throw new HeadroomError('INVALID_INPUT', NO_EXAMPLES);
}

/** refuseSummary, for a summary project that has no sample of examples to browse. */
export function refuseWithoutExamples(db: Database): void {
  if (db.prepare('SELECT 1 FROM examples LIMIT 1').get() === undefined) refuseSummary(db);
}

export interface SummaryRunInfo {
  engine: 'duckdb' | 'clickhouse';
  source: string;
  runName: string;
  seconds: number;
}

/** Stores one run of statistics (a refresh adds a run; the newest is reported). */
export function saveSummary(db: Database, info: SummaryRunInfo, stats: SummaryStats): number {
  const id = Number(
    db
      .prepare(
        `INSERT INTO summary_runs (engine, source, run_name, binary_correct, binary_human, human_source, rows, seconds, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        info.engine,
        info.source,
        info.runName,
        stats.binaryCorrect ? 1 : 0,
        stats.binaryHuman ? 1 : 0,
        stats.humanSource,
        stats.rows,
        info.seconds,
        new Date().toISOString(),
      ).lastInsertRowid,
  );
  const insert = db.prepare(
    `INSERT INTO summary_slices (summary_id, ord, slice_id, kind, name, size, n, correct_sum, correct_sumsq, human_n, human_sum, human_sumsq, repeats, majority_count)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  stats.slices.forEach((s, ord) =>
    insert.run(
      id,
      ord,
      s.id,
      s.kind,
      s.name,
      s.size,
      s.n,
      s.correctSum,
      s.correctSumSq,
      s.humanN,
      s.humanSum,
      s.humanSumSq,
      s.repeats,
      s.majorityCount,
    ),
  );
  const insertClass = db.prepare(
    `INSERT INTO summary_class_stats (summary_id, slice_id, class, labelled, predicted, hit, human_n, human_sum, human_sumsq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertPair = db.prepare(
    `INSERT INTO summary_run_pairs (summary_id, slice_id, run_name, both, a_only, b_only, neither)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const p of stats.pairs) {
    insertPair.run(id, p.sliceId, p.run, p.both, p.aOnly, p.bOnly, p.neither);
  }
  for (const c of stats.classes) {
    insertClass.run(
      id,
      c.sliceId,
      c.cls,
      c.labelled,
      c.predicted,
      c.hit,
      c.humanN,
      c.humanSum,
      c.humanSumSq,
    );
  }
  return id;
}

/** The run name of the newest summary run (the report's run), or null without one. */
export function summaryRunName(db: Database): string | null {
  return (
    db
      .prepare<[], string>('SELECT run_name FROM summary_runs ORDER BY id DESC LIMIT 1')
      .pluck()
      .get() ?? null
  );
}

/**
 * The slices of the newest summary run as a user names them (id and name), 'overall' left out:
 * what settings, targets, requirements, decisions and plans look a slice up in.
 */
export function summarySlices(db: Database): { id: string; name: string }[] {
  return db
    .prepare<[], { id: string; name: string }>(
      `SELECT slice_id AS id, name FROM summary_slices
       WHERE summary_id = (SELECT max(id) FROM summary_runs) AND kind <> 'overall' ORDER BY ord`,
    )
    .all();
}

/** The paired counts of a summary run per slice id and other run. */
function runPairs(db: Database, summaryId: number): Map<string, Map<string, PairedTable>> {
  const rows = db
    .prepare<
      [number],
      {
        slice_id: string;
        run_name: string;
        both: number;
        a_only: number;
        b_only: number;
        neither: number;
      }
    >(
      'SELECT slice_id, run_name, both, a_only, b_only, neither FROM summary_run_pairs WHERE summary_id = ? ORDER BY rowid',
    )
    .all(summaryId);
  const out = new Map<string, Map<string, PairedTable>>();
  for (const r of rows) {
    let bySlice = out.get(r.slice_id);
    if (!bySlice) out.set(r.slice_id, (bySlice = new Map()));
    bySlice.set(r.run_name, { both: r.both, aOnly: r.a_only, bOnly: r.b_only, neither: r.neither });
  }
  return out;
}

interface ClassRow {
  labelled: number;
  predicted: number;
  hit: number;
  human_n: number;
  human_sum: number;
  human_sumsq: number;
}

/** The per-class counts of class `cls` in a summary run, by slice id. */
function classStats(db: Database, summaryId: number, cls: string): Map<string, ClassRow> {
  const rows = db
    .prepare<[number, string], ClassRow & { slice_id: string }>(
      'SELECT slice_id, labelled, predicted, hit, human_n, human_sum, human_sumsq FROM summary_class_stats WHERE summary_id = ? AND class = ?',
    )
    .all(summaryId, cls);
  return new Map(rows.map((r) => [r.slice_id, r]));
}

/**
 * The report's metric on a summary run (analysis.md 8.1): accuracy (score when graded), or
 * recall:C / precision:C from the per-class counts. What needs more than counts is refused in
 * words: the humans' precision needs each example's vote share for C.
 */
function summaryMetric(
  db: Database,
  summaryId: number,
  binaryCorrect: boolean,
  hasHumans: boolean,
  options: ReportOptions,
): Metric {
  const plain: Metric = { kind: binaryCorrect ? 'accuracy' : 'score' };
  if (options.metric === undefined || options.metric === plain.kind) return plain;
  if (!binaryCorrect) {
    throw new HeadroomError(
      'INVALID_INPUT',
      `Metric ${quote(options.metric)}: the summary is of a graded run (a score column); its metric is score.`,
    );
  }
  const classes = db
    .prepare<[number], string>(
      "SELECT DISTINCT class FROM summary_class_stats WHERE summary_id = ? AND slice_id = 'overall' ORDER BY class",
    )
    .pluck()
    .all(summaryId);
  if (classes.length === 0 && /^(recall|precision):/.test(options.metric)) {
    throw new HeadroomError(
      'INVALID_INPUT',
      `Metric ${quote(options.metric)}: this summary was computed before per-class counts were kept; summarize again to refresh it.`,
    );
  }
  const metric = parseMetric(options.metric, classes);
  if (metric.kind === 'precision' && hasHumans) {
    throw new HeadroomError(
      'INVALID_INPUT',
      `Metric ${quote(options.metric)}: the humans' precision of a class needs each example's vote share for it, which a summary does not hold; recall:${metric.cls} works (docs/summaries.md).`,
    );
  }
  return metric;
}

/** Σ (v − mean)² from Σ v and Σ v² (clamped at 0 against rounding). */
function moments(n: number, sum: number, sumSq: number, binary: boolean): Moments {
  if (binary) return binaryMoments(n, sum);
  return { n, sum, sumSqDev: n > 0 ? Math.max(0, sumSq - (sum * sum) / n) : 0 };
}

interface SliceRow {
  slice_id: string;
  kind: SliceSums['kind'];
  name: string;
  size: number;
  n: number;
  correct_sum: number;
  correct_sumsq: number;
  human_n: number;
  human_sum: number;
  human_sumsq: number;
  repeats: string | null;
  majority_count: number | null;
}

/**
 * The ranked table of the newest summary run: the same figures and ranking as the native report
 * (report.ts rankSlices, figures.ts computeFigures), from the stored sums instead of bitsets.
 */
export function buildSummaryReport(
  db: Database,
  weights: Map<string, SliceWeights>,
  project: string,
  settings: BaselineSettings,
  options: ReportOptions = {},
): Report {
  const run = db
    .prepare<
      [],
      {
        id: number;
        run_name: string;
        binary_correct: number;
        binary_human: number;
        human_source: string | null;
      }
    >(
      'SELECT id, run_name, binary_correct, binary_human, human_source FROM summary_runs ORDER BY id DESC LIMIT 1',
    )
    .get();
  if (!run) throw new HeadroomError('NOT_FOUND', 'The project has no summary statistics.');
  const rows = db
    .prepare<[number], SliceRow>('SELECT * FROM summary_slices WHERE summary_id = ? ORDER BY ord')
    .all(run.id);
  const binaryCorrect = run.binary_correct === 1;
  const binaryHuman = run.binary_human === 1;
  const hasHumans = run.human_source !== null;
  const metric = summaryMetric(db, run.id, binaryCorrect, hasHumans, options);
  const perClass = metric.kind === 'recall' || metric.kind === 'precision';
  const classOf = perClass ? classStats(db, run.id, metric.cls) : new Map<string, ClassRow>();
  const noClass: ClassRow = {
    labelled: 0,
    predicted: 0,
    hit: 0,
    human_n: 0,
    human_sum: 0,
    human_sumsq: 0,
  };
  // Under recall:C (precision:C) a slice's population is its members labelled (predicted) C, and
  // a hit is right; the humans' recall is their mean over the labelled ones (analysis.md 8.1).
  const statsOf = (r: SliceRow): SliceStats => {
    if (!perClass) {
      return {
        correct: moments(r.n, r.correct_sum, r.correct_sumsq, binaryCorrect),
        human: hasHumans ? moments(r.human_n, r.human_sum, r.human_sumsq, binaryHuman) : null,
      };
    }
    const c = classOf.get(r.slice_id) ?? noClass;
    return {
      correct: binaryMoments(metric.kind === 'recall' ? c.labelled : c.predicted, c.hit),
      human:
        metric.kind === 'recall' && hasHumans
          ? moments(c.human_n, c.human_sum, c.human_sumsq, binaryHuman)
          : null,
    };
  };
  const overallRow = rows.find((r) => r.slice_id === 'overall');
  if (!overallRow) throw new HeadroomError('NOT_FOUND', 'The summary has no overall statistics.');
  const overallStats = statsOf(overallRow);
  const totals: Totals = {
    n: overallStats.correct.n,
    errors: overallStats.correct.n - overallStats.correct.sum,
    binaryCorrect,
    binaryHuman,
    humanSource: run.human_source ?? '',
  };
  const counted = rows
    .filter((r) => r.kind !== 'overall')
    .map((r): CountedSlice => ({
      id: r.slice_id,
      kind: r.kind as CountedSlice['kind'],
      name: r.name,
      size: r.size,
      stats: statsOf(r),
    }));
  const repeats = new Map<string, string>();
  for (const r of rows) if (r.repeats !== null) repeats.set(r.slice_id, r.repeats);
  const { overall, slices } = rankSlices(overallStats, totals, counted, weights, repeats);
  if (options.positive !== undefined || options.threshold !== undefined) {
    throw new HeadroomError(
      'INVALID_INPUT',
      'A summary project has no per-example scores: a positive class and a threshold need an imported project (docs/summaries.md).',
    );
  }
  const hasHlp = hasHumans || [...weights.values()].some((w) => w.hlp !== null);
  const reference = defaultReference(options.reference ?? null, settings.reference, hasHlp);
  // Other runs summarized beside the model (--run-column): run:NAME baselines (analysis.md 8.2).
  const pairs = runPairs(db, run.id);
  const otherRuns = [...new Set([...pairs.values()].flatMap((m) => [...m.keys()]))];
  if (otherRuns.length > 0 && perClass) {
    throw new HeadroomError(
      'INVALID_INPUT',
      `Metric ${quote(metricText(metric))}: the summary holds runs to compare with (${otherRuns.map(quote).join(', ')}), paired over all examples; their ${metric.kind} needs pairs per class, which a summary does not hold (docs/summaries.md).`,
    );
  }
  if (reference.startsWith('run:') && !otherRuns.includes(reference.slice(4))) {
    throw new HeadroomError(
      'NOT_FOUND',
      otherRuns.length === 0
        ? `Reference ${quote(reference)}: the summary holds no other run; summarize with --run-column NAME=COLUMN to compare with another run's predictions (docs/summaries.md).`
        : `Reference ${quote(reference)}: no run named ${quote(reference.slice(4))} (runs: ${otherRuns.map(quote).join(', ')}).`,
    );
  }
  const statsById = new Map(rows.map((r) => [r.slice_id, r]));
  const withBaselines = (f: SliceFigures): SliceFigures => {
    const r = statsById.get(f.id) as SliceRow;
    const st = statsOf(r);
    const w = weights.get(f.id) ?? DEFAULT_WEIGHTS;
    const target = targetFor(f.id, settings.targets);
    const baselines = orderBaselines({
      hlp: hlpBaseline(st, totals, w.hlp),
      runs: otherRuns.map((name) => {
        const t = pairs.get(f.id)?.get(name);
        return t ? runBaseline(name, t) : null;
      }),
      target: target ? targetBaseline(st, totals, target) : null,
      // The no-skill floor needs classes: none for a graded run (analysis.md 8.2). Under
      // recall:C it is the share of the slice predicted C, under precision:C labelled C.
      majority: perClass
        ? majorityBaseline(
            metric.kind === 'recall'
              ? (classOf.get(r.slice_id) ?? noClass).predicted
              : (classOf.get(r.slice_id) ?? noClass).labelled,
            r.n,
          )
        : binaryCorrect && r.majority_count !== null
          ? majorityBaseline(r.majority_count, r.n)
          : null,
    });
    const ref = chooseReference(baselines, reference);
    const req = requirementFor(f.id, settings.requirements);
    const held = {
      baselines: baselines.map(publicBaseline),
      requirement: req?.requirement.text ?? null,
      requirement_status: req
        ? requirementStatus(req.requirement, f.accuracy_ci, overall.accuracy)
        : null,
    };
    if (reference === 'hlp' && metric.kind !== 'precision') {
      return {
        ...f,
        ...held,
        reference_value: ref?.value ?? null,
        reference_source: ref?.source ?? null,
      };
    }
    return { ...f, ...held, ...referenceFigures(ref, f.n, f.share, w) };
  };
  return {
    project,
    run: run.run_name,
    labels: 'original',
    overall: withBaselines(overall),
    slices: slices.map(withBaselines),
    metric: metricText(metric),
    reference,
  };
}
