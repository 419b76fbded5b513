import type { Migration } from '../migrations.ts';

/** Targets, requirements and the project's default reference (issue #15, analysis.md 8). */
export const baselines: Migration = {
  version: 8,
  up(db) {
    db.exec(`
      -- A target per slice id, or for 'all' slices: the value to reach, its optional sample size
      -- and source text (a published figure, a contract).
      CREATE TABLE targets (
        slice_id TEXT PRIMARY KEY,
        value REAL NOT NULL CHECK (value >= 0 AND value <= 1),
        n INTEGER CHECK (n IS NULL OR n > 0),
        source TEXT
      ) STRICT;
      -- A requirement per scope: a slice id, 'all', or 'COLUMN=*'. text is as entered
      -- ('>= 0.9', '>= overall - 0.02'); setting one for a scope replaces the last.
      CREATE TABLE requirements (
        scope TEXT PRIMARY KEY,
        text TEXT NOT NULL,
        source TEXT
      ) STRICT;
      -- The project's default reference (hlp, best, target, run:NAME); no row: the default rule.
      CREATE TABLE report_reference (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        reference TEXT NOT NULL
      ) STRICT;
    `);
  },
};
