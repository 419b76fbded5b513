import type { Database } from 'better-sqlite3';

/**
 * A counter of changes to what the analysis index is built from (examples, runs, humans, tags,
 * rules). Bumped inside the writing transaction, so a saved index is never taken for current.
 */
export function bumpDataVersion(db: Database): number {
  db.prepare(
    `INSERT INTO meta (key, value) VALUES ('data_version', '1')
     ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)`,
  ).run();
  return dataVersion(db);
}

export function dataVersion(db: Database): number {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'data_version'").get() as
    { value: string } | undefined;
  return row ? Number(row.value) : 0;
}
