import type { Database } from 'better-sqlite3';

/** Bin counts set per numeric column (analysis.md 4); a column not in the map has the default. */
export function loadBinCounts(db: Database): Map<string, number> {
  const rows = db
    .prepare<[], { column_name: string; bins: number }>('SELECT column_name, bins FROM bin_counts')
    .all();
  return new Map(rows.map((r) => [r.column_name, r.bins]));
}

/** The bin count set for a column, or null for the default. */
export function currentBinCount(db: Database, column: string): number | null {
  return (
    db
      .prepare<[string], number>('SELECT bins FROM bin_counts WHERE column_name = ?')
      .pluck()
      .get(column) ?? null
  );
}

/** Sets a column's bin count (null: back to the default). Call inside a write transaction. */
export function writeBinCount(db: Database, column: string, bins: number | null): void {
  if (bins === null) db.prepare('DELETE FROM bin_counts WHERE column_name = ?').run(column);
  else {
    db.prepare(
      `INSERT INTO bin_counts (column_name, bins) VALUES (?, ?)
       ON CONFLICT(column_name) DO UPDATE SET bins = excluded.bins`,
    ).run(column, bins);
  }
}
