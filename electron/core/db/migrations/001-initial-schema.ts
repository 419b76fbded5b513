import type { Migration } from '../migrations.ts';

/** The first schema: examples, columns, runs and predictions, human annotations, tags, imports. */
export const initialSchema: Migration = {
  version: 1,
  up(db) {
    db.exec(`
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

        -- One row per column of the examples file: its role, type and where its values live.
        CREATE TABLE columns (
          name TEXT PRIMARY KEY,          -- the name in the file
          ord INTEGER NOT NULL,           -- position in the file
          role TEXT NOT NULL,             -- see shared/roles.ts
          type TEXT NOT NULL,             -- 'string' | 'number'
          kind TEXT NOT NULL,             -- 'categorical' | 'numeric' | 'text' | 'none'
          sql_name TEXT,                  -- column of examples holding its values (metadata only)
          distinct_count INTEGER
        ) STRICT;

        -- pos is the example's dense position (0..N-1): the bit index of the analysis index.
        -- Metadata columns (m_1, m_2, ...) are added by the first import.
        CREATE TABLE examples (
          pos INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          label TEXT NOT NULL,
          input TEXT,
          src_line INTEGER NOT NULL
        );

        CREATE TABLE runs (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          import_id INTEGER NOT NULL REFERENCES imports(id),
          classes TEXT,                   -- JSON array: class of each probability, in blob order
          has_confidence INTEGER NOT NULL DEFAULT 0,
          has_score INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE predictions (
          run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
          pos INTEGER NOT NULL REFERENCES examples(pos),
          prediction TEXT,
          confidence REAL,
          score REAL,                     -- per-example score in [0, 1] (1 - WER, IoU), if any
          probs BLOB,                     -- Float64Array in runs.classes order, if any
          PRIMARY KEY (run_id, pos)
        ) STRICT, WITHOUT ROWID;

        -- Human annotations: per example, vote counts per class (labels count one vote each), or a
        -- ready agreement fraction with the given label.
        CREATE TABLE human_sets (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          import_id INTEGER NOT NULL REFERENCES imports(id),
          kind TEXT NOT NULL,             -- 'labels' | 'votes' | 'agreement'
          classes TEXT,                   -- votes kind: JSON array, the class of each vote count
          columns TEXT NOT NULL,          -- JSON array of source columns
          created_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE human_annotations (
          set_id INTEGER NOT NULL REFERENCES human_sets(id) ON DELETE CASCADE,
          pos INTEGER NOT NULL REFERENCES examples(pos),
          votes TEXT,                     -- JSON object {class: count}
          agree REAL,                     -- fraction agreeing with the given label at import
          n INTEGER,                      -- number of annotators, when known
          PRIMARY KEY (set_id, pos)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE tags (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          color TEXT,
          description TEXT,
          created_at TEXT NOT NULL,
          deleted_at TEXT                 -- in the trash when set
        ) STRICT;
        CREATE UNIQUE INDEX tags_live_name ON tags(name) WHERE deleted_at IS NULL;

        CREATE TABLE tag_members (
          tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
          pos INTEGER NOT NULL REFERENCES examples(pos),
          PRIMARY KEY (tag_id, pos)
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE imports (
          id INTEGER PRIMARY KEY,
          kind TEXT NOT NULL,             -- 'examples' | 'run' | 'humans' | 'tags'
          file TEXT NOT NULL,
          file_size INTEGER NOT NULL,
          format TEXT NOT NULL,
          mapping TEXT NOT NULL,          -- JSON: column -> role as used
          rows_read INTEGER NOT NULL,
          rows_imported INTEGER NOT NULL,
          rows_rejected INTEGER NOT NULL,
          started_at TEXT NOT NULL,
          finished_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE import_rejects (
          import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
          seq INTEGER NOT NULL,
          line INTEGER NOT NULL,
          column_name TEXT,
          reason TEXT NOT NULL,
          PRIMARY KEY (import_id, seq)
        ) STRICT, WITHOUT ROWID;
      `);
  },
};
