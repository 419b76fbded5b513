import type { Migration } from '../migrations.ts';

/** Saved rules and per-slice settings (ease, importance, entered HLP). */
export const rulesAndSliceSettings: Migration = {
  version: 2,
  up(db) {
    db.exec(`
        -- Saved filter expressions over columns (a small language, parsed to bound SQL).
        CREATE TABLE rules (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          expression TEXT NOT NULL,
          created_at TEXT NOT NULL,
          deleted_at TEXT
        ) STRICT;
        CREATE UNIQUE INDEX rules_live_name ON rules(name) WHERE deleted_at IS NULL;

        -- Per-slice user settings: Ng's ease and importance, and an entered HLP with its source.
        CREATE TABLE slice_settings (
          slice_id TEXT PRIMARY KEY,      -- e.g. 'tag:3', 'class:cat', 'meta:device=phone', 'rule:2'
          ease REAL NOT NULL DEFAULT 1,
          importance REAL NOT NULL DEFAULT 1,
          hlp REAL,
          hlp_n INTEGER,
          hlp_source TEXT,
          updated_at TEXT NOT NULL
        ) STRICT;
      `);
  },
};
