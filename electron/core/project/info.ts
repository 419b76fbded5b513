import type { Database } from 'better-sqlite3';
import type { ProjectInfo, RunInfo } from '../../../shared/project.ts';
import { listTags } from '../tags/tags.ts';
import { projectNotices } from './notices.ts';

/** Mean correctness of a run on the given labels: a score column when the run has one. */
export function runAccuracy(db: Database, runId: number): { n: number; accuracy: number | null } {
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

function runs(db: Database): RunInfo[] {
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
    ...runAccuracy(db, r.id),
    hasConfidence: r.has_confidence === 1,
    hasScore: r.has_score === 1,
    classes: r.classes ? (JSON.parse(r.classes) as string[]) : null,
  }));
}

/** Everything `headroom info` shows: examples, columns with roles, runs, humans, tags, imports. */
export function projectInfo(db: Database, path: string): ProjectInfo {
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
    examples: (db.prepare('SELECT COUNT(*) AS n FROM examples').get() as { n: number }).n,
    columns: db
      .prepare<[], ProjectInfo['columns'][number]>(
        'SELECT name, role, type, kind, distinct_count AS "distinct" FROM columns ORDER BY ord',
      )
      .all(),
    runs: runs(db),
    humans: db
      .prepare<[], ProjectInfo['humans'][number]>(
        `SELECT s.id, s.name, s.kind, COUNT(a.pos) AS n, AVG(a.agree) AS meanAgreement
           FROM human_sets s LEFT JOIN human_annotations a ON a.set_id = s.id
          GROUP BY s.id ORDER BY s.id`,
      )
      .all(),
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
