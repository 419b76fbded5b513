import type { Database } from 'better-sqlite3';
import type { ProjectInfo, RunInfo } from '../../../shared/project.ts';
import type { AnalysisIndex } from '../analysis/analysis-index.ts';
import { count, countAnd } from '../analysis/bitset.ts';
import { listTags } from '../tags/tags.ts';
import { projectNotices } from './notices.ts';

/**
 * A run's current analysis index on its original labels, when one is at hand (held in memory or
 * saved): info reads from it the figures it holds exactly instead of scanning a million rows.
 */
export type IndexAtHand = (runId: number) => AnalysisIndex | null;

/**
 * A run's accuracy from its index, when the index holds it exactly: a run without a score column
 * has a prediction in every row (readRun requires it), so SQL's AVG of 0/1 over its rows is the
 * count of correct rows over the count of rows, the same division as here. A graded run's mean
 * is SQLite's own floating-point sum: read by SQL.
 */
function accuracyFromIndex(index: AnalysisIndex): { n: number; accuracy: number | null } | null {
  if (!index.correctBits) return null;
  const n = count(index.inRun);
  return { n, accuracy: n === 0 ? null : countAnd(index.correctBits, index.inRun) / n };
}

/** Mean correctness of a run on the given labels: a score column when the run has one. */
export function runAccuracy(
  db: Database,
  runId: number,
  atHand?: IndexAtHand,
): { n: number; accuracy: number | null } {
  const index = atHand?.(runId);
  const fromIndex = index ? accuracyFromIndex(index) : null;
  if (fromIndex) return fromIndex;
  return db
    .prepare<[number], { n: number; accuracy: number | null }>(
      `SELECT COUNT(*) AS n,
              AVG(CASE WHEN p.score IS NOT NULL THEN MIN(MAX(p.score, 0.0), 1.0)
                       ELSE (p.prediction = e.label) END) AS accuracy
         FROM predictions p JOIN examples e ON e.pos = p.pos
        WHERE p.run_id = ?`,
    )
    .get(runId) as { n: number; accuracy: number | null };
}

function firstRunId(db: Database): number | undefined {
  return db.prepare<[], number>('SELECT id FROM runs ORDER BY id LIMIT 1').pluck().get();
}

/** Positions are dense (0..n-1), so any current index's n is the count of examples. */
function exampleCount(db: Database, atHand: IndexAtHand | undefined): number {
  const first = firstRunId(db);
  const index = first === undefined ? null : atHand?.(first);
  if (index) return index.n;
  return (db.prepare('SELECT COUNT(*) AS n FROM examples').get() as { n: number }).n;
}

function runs(db: Database, atHand: IndexAtHand | undefined): RunInfo[] {
  const rows = db
    .prepare<
      [],
      {
        id: number;
        name: string;
        has_confidence: number;
        has_score: number;
        classes: string | null;
      }
    >('SELECT id, name, has_confidence, has_score, classes FROM runs ORDER BY id')
    .all();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    ...runAccuracy(db, r.id, atHand),
    hasConfidence: r.has_confidence === 1,
    hasScore: r.has_score === 1,
    classes: r.classes ? (JSON.parse(r.classes) as string[]) : null,
  }));
}

/**
 * The human sets with their annotation count and mean agreement. The set an index holds, when its
 * agreements are all 0 or 1 (one label column per example, say), comes from the index: SQL's AVG
 * of 0s and 1s is the count of 1s over the count, the same division as here. Other sets (and
 * fractional agreements, a floating-point sum) are read by SQL.
 */
function humanSets(
  db: Database,
  atHand: IndexAtHand | undefined,
  firstRun: number | undefined,
): ProjectInfo['humans'] {
  const index = firstRun === undefined ? null : atHand?.(firstRun);
  const human = index?.human;
  const sets = db
    .prepare<[], Pick<ProjectInfo['humans'][number], 'id' | 'name' | 'kind'>>(
      'SELECT id, name, kind FROM human_sets ORDER BY id',
    )
    .all();
  const bySql = db.prepare<[number], { n: number; meanAgreement: number | null }>(
    'SELECT COUNT(pos) AS n, AVG(agree) AS meanAgreement FROM human_annotations WHERE set_id = ?',
  );
  return sets.map((s) => {
    if (human && human.setId === s.id && human.ones) {
      const n = count(human.has);
      return { ...s, n, meanAgreement: n === 0 ? null : countAnd(human.ones, human.has) / n };
    }
    return { ...s, ...(bySql.get(s.id) as { n: number; meanAgreement: number | null }) };
  });
}

/**
 * Everything `headroom info` shows: examples, columns with roles, runs, humans, tags, imports.
 * With `atHand` (the open project's indexes), the example count and run accuracies come from a
 * current index where it holds them exactly; the figures are the same either way
 * (test/analysis/index-columns.test.ts).
 */
export function projectInfo(db: Database, path: string, atHand?: IndexAtHand): ProjectInfo {
  const meta = new Map(
    db
      .prepare<[], { key: string; value: string }>('SELECT key, value FROM meta')
      .all()
      .map((r) => [r.key, r.value]),
  );
  return {
    path,
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    createdAt: meta.get('created_at') ?? null,
    mediaRoot: meta.get('media_root') ?? null,
    examples: exampleCount(db, atHand),
    columns: db
      .prepare<[], ProjectInfo['columns'][number]>(
        'SELECT name, role, type, kind, distinct_count AS "distinct" FROM columns ORDER BY ord',
      )
      .all(),
    runs: runs(db, atHand),
    humans: humanSets(db, atHand, firstRunId(db)),
    tags: listTags(db, false),
    imports: db
      .prepare<[], ProjectInfo['imports'][number]>(
        `SELECT id, kind, file, format, rows_imported AS rowsImported, rows_rejected AS rowsRejected,
                finished_at AS finishedAt FROM imports ORDER BY id`,
      )
      .all(),
    notices: projectNotices(db, path),
  };
}
