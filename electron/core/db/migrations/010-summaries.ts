import type { Migration } from '../migrations.ts';

/**
 * Summary projects (issue #19, docs/summaries.md): per-slice sufficient statistics computed by the
 * engine that holds the data (DuckDB, ClickHouse), one row per slice per summary run.
 */
export const summaries: Migration = {
  version: 10,
  up(db) {
    db.exec(`
      -- One row per 'headroom summarize': a refresh adds a run, the newest is reported.
      CREATE TABLE summary_runs (
        id INTEGER PRIMARY KEY,
        engine TEXT NOT NULL CHECK (engine IN ('duckdb', 'clickhouse')),
        source TEXT NOT NULL,          -- file, glob or table (never a password)
        run_name TEXT NOT NULL,        -- the report's run name
        binary_correct INTEGER NOT NULL CHECK (binary_correct IN (0, 1)),
        binary_human INTEGER NOT NULL CHECK (binary_human IN (0, 1)),
        human_source TEXT,             -- "humans (votes)", or NULL without human data
        rows INTEGER NOT NULL,         -- rows read by the engine
        seconds REAL NOT NULL,         -- the engine's query time
        created_at TEXT NOT NULL
      ) STRICT;
      -- The statistics of one slice ('overall' included): examples in the slice (size), in the
      -- run (n), Σ correct and Σ correct², and the same over those with human data.
      CREATE TABLE summary_slices (
        summary_id INTEGER NOT NULL REFERENCES summary_runs(id),
        ord INTEGER NOT NULL,
        slice_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('overall', 'metadata', 'class', 'rule')),
        name TEXT NOT NULL,
        size INTEGER NOT NULL,
        n INTEGER NOT NULL,
        correct_sum REAL NOT NULL,
        correct_sumsq REAL NOT NULL,
        human_n INTEGER NOT NULL,
        human_sum REAL NOT NULL,
        human_sumsq REAL NOT NULL,
        PRIMARY KEY (summary_id, slice_id)
      ) STRICT;
    `);
  },
};
