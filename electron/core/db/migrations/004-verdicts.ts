import type { Migration } from '../migrations.ts';

/** The label review log (append-only). */
export const verdicts: Migration = {
  version: 4,
  up(db) {
    db.exec(`
        -- Label review: an append-only log. The original label is never overwritten; the current
        -- label is derived (the last verdict per example that no later 'undo' cancels).
        CREATE TABLE verdicts (
          id INTEGER PRIMARY KEY,
          pos INTEGER NOT NULL REFERENCES examples(pos),
          verdict TEXT NOT NULL CHECK (verdict IN ('correct', 'wrong', 'ambiguous', 'undo')),
          corrected_label TEXT,
          undoes INTEGER REFERENCES verdicts(id),
          reviewer TEXT,
          source TEXT NOT NULL DEFAULT 'review' CHECK (source IN ('review', 'import')),
          created_at TEXT NOT NULL,
          CHECK ((verdict = 'wrong') = (corrected_label IS NOT NULL)),
          CHECK ((verdict = 'undo') = (undoes IS NOT NULL))
        ) STRICT;
        CREATE INDEX verdicts_pos ON verdicts(pos);
        CREATE TRIGGER verdicts_append_only_update BEFORE UPDATE ON verdicts
          BEGIN SELECT RAISE(ABORT, 'verdicts are append-only'); END;
        CREATE TRIGGER verdicts_append_only_delete BEFORE DELETE ON verdicts
          BEGIN SELECT RAISE(ABORT, 'verdicts are append-only'); END;
      `);
  },
};
