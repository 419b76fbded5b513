import type { Migration } from '../migrations.ts';

/** The history of slice settings edits (undo and redo across reloads), like tag_ops. */
export const settingsHistory: Migration = {
  version: 7,
  up(db) {
    db.exec(`
      -- One row per settings edit (HLP, ease, importance, share of one slice). before and after
      -- are JSON patches of the fields the edit set: undo writes before, redo after. Undone steps
      -- are redone newest-undone-first; a new edit drops them (state 'dropped').
      CREATE TABLE settings_ops (
        id INTEGER PRIMARY KEY,
        slice_id TEXT NOT NULL,
        slice_name TEXT NOT NULL,       -- as the report showed it, for "Undone: ease of <name>"
        what TEXT NOT NULL,             -- 'HLP', 'ease', 'importance', 'share' (comma-separated)
        before TEXT NOT NULL,
        after TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'dropped')),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX settings_ops_state ON settings_ops(state, id);
    `);
  },
};
