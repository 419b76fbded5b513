import type { Migration } from '../migrations.ts';

/** A bin count per numeric column (issue #18, analysis.md 4). */
export const binCounts: Migration = {
  version: 11,
  up(db) {
    db.exec(`
      -- The number of quantile bins a numeric column is cut into; no row: the default (MAX_BINS).
      -- Edits are kept in settings_ops with the other settings, so undo restores the last count.
      CREATE TABLE bin_counts (
        column_name TEXT PRIMARY KEY,
        bins INTEGER NOT NULL CHECK (bins >= 2 AND bins <= 20)
      ) STRICT;
    `);
  },
};
