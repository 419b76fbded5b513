import type { Database } from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runImport } from '../importers/import-job.ts';
import { listRules } from '../analysis/rules-store.ts';
import { loadBinCounts, writeBinCount } from '../analysis/bin-counts.ts';
import { closeProjectDb, openProjectDb, writeTx } from '../db/project-file.ts';
import { HeadroomError, quote } from '../errors.ts';
import { planColumns } from '../importers/detect-roles.ts';
import type { ColumnRole } from '../../../shared/roles.ts';
import { isSummaryProject, saveSummary } from './summary-store.ts';
import { computeSummary, type OtherRunColumn, type SavedRule } from './summary-query.ts';
import type { SqlEngine } from './sql-engine.ts';

/** Roles a column holding another run's predictions may have been given by detection. */
const DROPPABLE = new Set<ColumnRole>(['metadata', 'categorical', 'numeric', 'text', 'ignore']);

export interface SampleOptions {
  /** Rows of the uniform random sample imported for browsing. */
  rows: number;
  seed: number;
}

export interface SummarizeResult {
  project: string;
  summaryId: number;
  engine: SqlEngine['name'];
  source: string;
  rows: number;
  slices: number;
  seconds: number;
  /** Examples of the sample in the project (null: no sample); kept as it was on a refresh. */
  sampleRows: number | null;
}

/**
 * `headroom summarize`: the statistics of every slice computed by `engine`, stored as a new
 * summary run of the project (created when missing). A project with examples is refused: its
 * report is the native one. Nothing is written unless the whole summary was computed.
 */
export async function summarize(
  engine: SqlEngine,
  projectPath: string,
  overrides: Readonly<Record<string, ColumnRole>> = {},
  sample: SampleOptions | null = null,
  bins: ReadonlyMap<string, number> = new Map(),
  otherRuns: readonly OtherRunColumn[] = [],
): Promise<SummarizeResult> {
  // A new project file is created only once the statistics are computed: a failed summarize
  // leaves no file behind, and an existing project as it was.
  let db = existsSync(projectPath) ? openProjectDb(projectPath) : null;
  try {
    let rules: SavedRule[] = [];
    // The project's bin counts (a refresh keeps them), then those given now (saved with the run).
    const binCounts = new Map<string, number>();
    if (db) {
      const examples = countExamples(db);
      if (examples > 0 && !isSummaryProject(db)) {
        throw new HeadroomError(
          'INVALID_INPUT',
          `${quote(projectPath)} holds imported examples: summarize into a new project file.`,
        );
      }
      // A refresh keeps the sample it has: a new one is not drawn silently beside it.
      if (sample && examples > 0) {
        throw new HeadroomError(
          'INVALID_INPUT',
          `${quote(projectPath)} already holds a sample of ${examples.toLocaleString('en-US')} examples, kept on a refresh: summarize again without --sample, or into a new project file for another sample.`,
        );
      }
      rules = listRules(db).map((r) => ({ id: r.id, name: r.name, expression: r.expression }));
      for (const [column, count] of loadBinCounts(db)) binCounts.set(column, count);
    }
    for (const [column, count] of bins) binCounts.set(column, count);
    const header = await engine.columns();
    const runColumns = new Set(otherRuns.map((o) => o.column));
    for (const o of otherRuns) {
      if (!header.includes(o.column)) {
        throw new HeadroomError(
          'BAD_MAPPING',
          `--run-column ${quote(o.name)}=${quote(o.column)}: the source has no column ${quote(o.column)}.`,
        );
      }
    }
    // Another run's prediction column is that run's, not the model's metadata.
    const plans = planColumns(header, 'examples', overrides).filter((p) => {
      if (!runColumns.has(p.name)) return true;
      if (DROPPABLE.has(p.role)) return false;
      throw new HeadroomError(
        'BAD_MAPPING',
        `--run-column: ${quote(p.name)} is the model's ${p.role} column; name another run's prediction column.`,
      );
    });
    const t0 = performance.now();
    const stats = await computeSummary(engine, plans, rules, binCounts, otherRuns);
    const seconds = (performance.now() - t0) / 1000;
    const runName = basename(engine.source).replace(/\.[^.]*$/, '') || engine.source;
    const clash = otherRuns.find((o) => o.name === runName);
    if (clash) {
      throw new HeadroomError(
        'INVALID_INPUT',
        `--run-column ${quote(clash.name)}: that is the summarized run's own name; name the other run otherwise.`,
      );
    }
    const examplesNow = db ? countExamples(db) : 0;
    if (sample && examplesNow === 0) {
      // The sample is imported by the importer, as any file: the examples browser, tags and
      // review work on it; the report stays the summary's (open-project.ts report).
      if (!engine.sampleCsv) {
        throw new HeadroomError('INVALID_INPUT', `--sample is not available with ${engine.name}.`);
      }
      const tmp = mkdtempSync(join(tmpdir(), 'headroom-sample-'));
      try {
        const csv = join(tmp, `${runName}.csv`);
        await engine.sampleCsv(csv, sample.rows, sample.seed);
        if (db) closeProjectDb(db);
        db = null;
        await runImport({
          project: projectPath,
          file: csv,
          kind: 'examples',
          map: overrides,
          name: runName,
        });
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
      db = openProjectDb(projectPath);
    }
    db ??= openProjectDb(projectPath, { create: true });
    const target = db;
    const summaryId = writeTx(target, () => {
      for (const [column, count] of bins) writeBinCount(target, column, count);
      return saveSummary(
        target,
        { engine: engine.name, source: engine.source, runName, seconds },
        stats,
      );
    });
    return {
      project: projectPath,
      summaryId,
      engine: engine.name,
      source: engine.source,
      rows: stats.rows,
      slices: stats.slices.length,
      seconds,
      sampleRows: countExamples(target) || null,
    };
  } finally {
    if (db) closeProjectDb(db);
  }
}

function countExamples(db: Database): number {
  return (db.prepare('SELECT count(*) AS n FROM examples').get() as { n: number }).n;
}
