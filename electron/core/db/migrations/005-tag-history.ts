import type { Migration } from '../migrations.ts';

/** The history of tag edits (undo and redo), tags.undone. */
export const tagHistory: Migration = {
  version: 5,
  up(db) {
    db.exec(`
        -- The history of tag edits, for undo and redo across reloads. Each row is one user step
        -- (a bulk tagging is one row). Undone steps are redone newest-undone-first; a new edit
        -- drops them (state 'dropped'), like an editor's redo stack.
        CREATE TABLE tag_ops (
          id INTEGER PRIMARY KEY,
          kind TEXT NOT NULL CHECK (kind IN ('apply', 'remove', 'rename', 'merge', 'delete', 'restore', 'update')),
          tag_id INTEGER NOT NULL REFERENCES tags(id),
          other_id INTEGER REFERENCES tags(id), -- merge: the tag merged into
          positions BLOB,                       -- apply/remove/merge: positions changed (zigzag-delta varints, tags/history.ts)
          created_tag INTEGER NOT NULL DEFAULT 0, -- apply: the tag was created by this step
          before TEXT,                          -- rename/update: JSON of the fields before
          after TEXT,                           -- rename/update: JSON of the fields after
          state TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'dropped')),
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX tag_ops_state ON tag_ops(state, id);
        -- 1 while the step that created the tag is undone: neither live nor in the trash.
        ALTER TABLE tags ADD COLUMN undone INTEGER NOT NULL DEFAULT 0;
      `);
  },
};
