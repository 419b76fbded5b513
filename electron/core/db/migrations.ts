import type { Database } from 'better-sqlite3';

/**
 * Forward-only schema migrations. All pending ones run in one transaction together with the bumps
 * of `PRAGMA user_version`, so a kill mid-migration leaves the old or the newest schema, never a
 * mix and never a version in between.
 * Never edit a released migration: add a new one (test/core/project-file.test.ts checks them).
 */
export interface Migration {
  version: number;
  up(db: Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
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
  },
  {
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
  },
  {
    version: 3,
    up(db) {
      db.exec(`
        -- The derived analysis index, saved so a large project opens fast. Valid only while its
        -- version equals meta.data_version, which every write that changes the index bumps.
        CREATE TABLE index_cache (
          key TEXT PRIMARY KEY,
          version INTEGER NOT NULL,
          data BLOB NOT NULL
        ) STRICT;
        INSERT OR IGNORE INTO meta (key, value) VALUES ('data_version', '0');
      `);
    },
  },
  {
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
  },
  {
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
  },
  {
    version: 6,
    up(db) {
      db.exec(`
        -- An entered share: the slice's expected share of production data (analysis.md section
        -- 2), used instead of n / N for its potential gain. NULL: the measured share.
        ALTER TABLE slice_settings ADD COLUMN share REAL;
      `);
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
