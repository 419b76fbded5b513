import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/core/db/migrations.ts';
import {
  APPLICATION_ID,
  closeProjectDb,
  openProjectDb,
} from '../../electron/core/db/project-file.ts';
import { EXAMPLES_ID_INDEX } from '../../electron/core/db/migrations/015-examples-id-index.ts';
import { HeadroomError } from '../../electron/core/errors.ts';
import { dumpHash } from '../db-dump.ts';
import { rng, sha256, tempDir } from '../helpers.ts';
import { membersByTag } from '../tag-members.ts';

/**
 * One describe per migration (electron/core/db/migrations/NNN-*.ts): a project file is built at
 * version N-1 by the real migrations 1..N-1 and filled with rows of every table that exists then,
 * closed, reopened, and migration N is applied the way project-file.ts does (one transaction with
 * the user_version bump). Each checks the migration's effect and that every row of every earlier
 * table is still there, unchanged in the columns it had (a migration may add rows, never change
 * or drop one).
 */
const dir = tempDir('headroom-migrations-');
const NOW = '2026-01-01T00:00:00.000Z';
let files = 0;

type Db = Database.Database;
type Rows = Map<string, { columns: string[]; rows: string[] }>;

/** Rows at each version: only tables and columns that exist once that migration has run. */
const SEEDS: Record<number, (db: Db) => void> = {
  1: (db) => {
    db.exec(`
      INSERT INTO meta (key, value) VALUES ('format', 'test');
      INSERT INTO imports (id, kind, file, file_size, format, mapping, rows_read, rows_imported,
        rows_rejected, started_at, finished_at)
        VALUES (1, 'examples', 'a.csv', 120, 'csv', '{"id":"id"}', 4, 3, 1, '${NOW}', '${NOW}');
      INSERT INTO import_rejects VALUES (1, 0, 5, 'label', 'empty label');
      INSERT INTO columns VALUES ('id', 0, 'id', 'string', 'none', NULL, 3),
        ('device', 1, 'metadata', 'string', 'categorical', 'm_1', 2);
      ALTER TABLE examples ADD COLUMN m_1 TEXT;
      INSERT INTO examples (pos, id, label, input, src_line, m_1) VALUES
        (0, 'a', 'cat', 'img/a.png', 2, 'phone'), (1, 'b', 'dog', NULL, 3, 'tablet'),
        (2, 'c', 'cat', 'img/c.png', 4, NULL);
      INSERT INTO runs VALUES (1, 'base', 1, '["cat","dog"]', 1, 0, '${NOW}');
      INSERT INTO human_sets VALUES (1, 'mturk', 1, 'votes', '["cat","dog"]', '["v_cat","v_dog"]', '${NOW}');
      INSERT INTO human_annotations VALUES (1, 0, '{"cat":3,"dog":2}', 0.6, 5), (1, 1, NULL, 1, NULL);
      INSERT INTO tags (id, name, color, description, created_at, deleted_at) VALUES
        (1, 'blurry', '#f00', 'hard to see', '${NOW}', NULL), (2, 'old', NULL, NULL, '${NOW}', '${NOW}');
      INSERT INTO tag_members VALUES (1, 0), (1, 2), (2, 1);
    `);
    const probs = (a: number, b: number) => Buffer.from(new Float64Array([a, b]).buffer);
    const add = db.prepare('INSERT INTO predictions VALUES (1, ?, ?, ?, NULL, ?)');
    add.run(0, 'cat', 0.9, probs(0.9, 0.1));
    add.run(1, 'cat', 0.7, probs(0.7, 0.3));
    add.run(2, null, null, null);
  },
  2: (db) => {
    db.exec(`
      INSERT INTO rules VALUES (1, 'phones', 'device = "phone"', '${NOW}', NULL);
      INSERT INTO slice_settings VALUES ('tag:1', 0.5, 2, 0.95, 40, 'review', '${NOW}');
    `);
  },
  3: (db) => {
    db.exec(`
      UPDATE meta SET value = '12' WHERE key = 'data_version';
      INSERT INTO index_cache VALUES ('run:1', 12, x'0102');
    `);
  },
  4: (db) => {
    db.exec(`
      INSERT INTO verdicts (id, pos, verdict, corrected_label, undoes, created_at)
        VALUES (1, 0, 'wrong', 'dog', NULL, '${NOW}'), (2, 0, 'undo', NULL, 1, '${NOW}');
    `);
  },
  5: (db) => {
    db.exec(`
      INSERT INTO tag_ops (id, kind, tag_id, positions, created_tag, created_at)
        VALUES (1, 'apply', 1, x'0004', 1, '${NOW}');
    `);
  },
  6: (db) => {
    db.exec("UPDATE slice_settings SET share = 0.25 WHERE slice_id = 'tag:1'");
  },
  7: (db) => {
    db.exec(`
      INSERT INTO settings_ops (id, slice_id, slice_name, what, before, after, created_at)
        VALUES (1, 'tag:1', 'blurry', 'ease', '{"ease":1}', '{"ease":0.5}', '${NOW}');
    `);
  },
  8: (db) => {
    db.exec(`
      INSERT INTO targets (slice_id, value, n, source) VALUES ('all', 0.9, NULL, 'contract');
      INSERT INTO requirements (scope, text, source) VALUES ('region=*', '>= overall - 0.02', NULL);
      INSERT INTO report_reference (id, reference) VALUES (1, 'run:old');
      `);
  },
  9: (db) => {
    db.exec(`
      INSERT INTO decision_events (id, kind, decision, slice_id, slice_name, owner, why, snapshot, created_at)
        VALUES (1, 'decide', NULL, 'tag:1', 'blurry', 'ana', 'relabel', '{"figures":{}}', '${NOW}'),
          (2, 'close', 1, 'tag:1', 'blurry', NULL, 'done', NULL, '${NOW}');
    `);
  },
};

/**
 * Versions left free in the list (a project never has them), while a branch that holds one is not
 * merged yet. None now.
 */
const RESERVED = new Set<number>();

/** The version a project has just before `version` is applied. */
function previousVersion(version: number): number {
  let v = version - 1;
  while (RESERVED.has(v)) v--;
  return v;
}

/**
 * Tables a migration replaced by another holding the same content (the version that dropped
 * them): their rows are compared by that migration's describe, not kept as rows.
 */
const REPLACED = new Map([['tag_members', 14]]);
const kept = (table: string, version: number) => (REPLACED.get(table) ?? Infinity) > version;

/** A project file at `version`, built by the real migrations and seeded, closed. */
function projectAt(version: number): string {
  const path = join(dir, `v${version}-${files++}.headroom`);
  const db = new Database(path);
  db.pragma('foreign_keys = ON');
  for (const m of MIGRATIONS.filter((x) => x.version <= version)) {
    db.transaction(() => {
      if (m.version === 1) db.pragma(`application_id = ${APPLICATION_ID}`);
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
    SEEDS[m.version]?.(db);
  }
  db.close();
  return path;
}

/**
 * Applies migration `version` the way project-file.ts does (a table rebuild with foreign keys off,
 * every reference checked before the commit); returns the open file, foreign keys on.
 */
function apply(path: string, version: number): Db {
  const db = new Database(path);
  db.pragma('foreign_keys = ON');
  expect(db.pragma('user_version', { simple: true })).toBe(previousVersion(version));
  const m = MIGRATIONS.find((x) => x.version === version);
  if (!m) throw new Error(`no migration ${version}`);
  if (m.foreignKeysOff) db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
      expect(db.pragma('foreign_key_check'), 'references after the migration').toEqual([]);
    }).immediate();
  } finally {
    db.pragma('foreign_keys = ON');
  }
  return db;
}

function rowsOf(db: Db): Rows {
  const out: Rows = new Map();
  const tables = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .all();
  for (const { name } of tables) {
    const columns = db
      .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${name}')`)
      .all()
      .map((c) => c.name);
    out.set(name, { columns, rows: project(db, name, columns) });
  }
  return out;
}

/** The rows of `table` limited to `columns`, in key order, as JSON (blobs as hex). */
function project(db: Db, table: string, columns: string[]): string[] {
  const keys = db
    .prepare<[], { name: string; pk: number }>(`SELECT name, pk FROM pragma_table_info('${table}')`)
    .all()
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => `"${c.name}"`);
  const order = keys.length > 0 ? keys.join(', ') : 'rowid';
  const list = columns.map((c) => `"${c}"`).join(', ');
  return db
    .prepare(`SELECT ${list} FROM "${table}" ORDER BY ${order}`)
    .raw()
    .all()
    .map((row) =>
      JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)),
    );
}

function tableNames(db: Db): string[] {
  return db
    .prepare<[], string>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .pluck()
    .all();
}

function columnsOf(db: Db, table: string): string[] {
  return db.prepare<[], string>(`SELECT name FROM pragma_table_info('${table}')`).pluck().all();
}

/**
 * Builds a project at version - 1, applies `version`, checks that the earlier rows survived, then
 * hands the migrated file to `check`.
 */
function migrateFrom(version: number, check: (db: Db, before: Rows) => void): void {
  const path = projectAt(previousVersion(version));
  const old = new Database(path, { readonly: true });
  const before = rowsOf(old);
  old.close();
  const db = apply(path, version);
  try {
    for (const [table, { columns, rows }] of before) {
      if (!kept(table, version)) continue;
      expect(project(db, table, columns), `rows of ${table}`).toEqual(expect.arrayContaining(rows));
    }
    check(db, before);
  } finally {
    db.close();
  }
}

const covered = new Set<number>();
function migration(version: number, name: string, body: () => void): void {
  covered.add(version);
  describe(`migration ${String(version).padStart(3, '0')}: ${name}`, body);
}

migration(1, 'initial schema', () => {
  it('creates the tables of an empty file and their constraints', () => {
    migrateFrom(1, (db, before) => {
      expect(before.size).toBe(0);
      expect(tableNames(db)).toEqual([
        'columns',
        'examples',
        'human_annotations',
        'human_sets',
        'import_rejects',
        'imports',
        'meta',
        'predictions',
        'runs',
        'tag_members',
        'tags',
      ]);
      SEEDS[1]?.(db);
      expect(() =>
        db.exec("INSERT INTO examples (pos, id, label, src_line) VALUES (9, 'a', 'cat', 9)"),
      ).toThrow(/UNIQUE/);
      // A live tag name is unique; a name in the trash may be reused.
      expect(() =>
        db.exec(`INSERT INTO tags (name, created_at) VALUES ('blurry', '${NOW}')`),
      ).toThrow(/UNIQUE/);
      db.exec(`INSERT INTO tags (name, created_at) VALUES ('old', '${NOW}')`);
      expect(() => db.exec('INSERT INTO tag_members VALUES (1, 99)')).toThrow(/FOREIGN KEY/);
    });
  });
});

migration(2, 'rules and slice settings', () => {
  it('adds rules and slice_settings with their defaults, keeps every row', () => {
    migrateFrom(2, (db) => {
      expect(tableNames(db)).toEqual(expect.arrayContaining(['rules', 'slice_settings']));
      db.exec(`INSERT INTO slice_settings (slice_id, updated_at) VALUES ('class:cat', '${NOW}')`);
      expect(db.prepare("SELECT * FROM slice_settings WHERE slice_id = 'class:cat'").get()).toEqual(
        {
          slice_id: 'class:cat',
          ease: 1,
          importance: 1,
          hlp: null,
          hlp_n: null,
          hlp_source: null,
          updated_at: NOW,
        },
      );
      db.exec(`INSERT INTO rules (name, expression, created_at) VALUES ('r', 'x', '${NOW}')`);
      expect(() =>
        db.exec(`INSERT INTO rules (name, expression, created_at) VALUES ('r', 'y', '${NOW}')`),
      ).toThrow(/UNIQUE/);
    });
  });
});

migration(3, 'index cache', () => {
  it('adds index_cache and data_version 0, keeps the other meta rows', () => {
    migrateFrom(3, (db) => {
      expect(columnsOf(db, 'index_cache')).toEqual(['key', 'version', 'data']);
      expect(db.prepare('SELECT key, value FROM meta ORDER BY key').all()).toEqual([
        { key: 'data_version', value: '0' },
        { key: 'format', value: 'test' },
      ]);
    });
  });
});

migration(4, 'verdicts', () => {
  it('adds the append-only review log with its checks', () => {
    migrateFrom(4, (db) => {
      SEEDS[4]?.(db);
      expect(db.prepare('SELECT COUNT(*) FROM verdicts').pluck().get()).toBe(2);
      expect(() => db.exec("UPDATE verdicts SET reviewer = 'x' WHERE id = 1")).toThrow(
        /append-only/,
      );
      expect(() => db.exec('DELETE FROM verdicts WHERE id = 2')).toThrow(/append-only/);
      expect(() =>
        db.exec(`INSERT INTO verdicts (pos, verdict, created_at) VALUES (1, 'wrong', '${NOW}')`),
      ).toThrow(/CHECK/);
      expect(() =>
        db.exec(`INSERT INTO verdicts (pos, verdict, created_at) VALUES (1, 'maybe', '${NOW}')`),
      ).toThrow(/CHECK/);
    });
  });
});

migration(5, 'tag history', () => {
  it('adds tag_ops and tags.undone = 0 for existing tags', () => {
    migrateFrom(5, (db) => {
      expect(db.prepare('SELECT id, undone FROM tags ORDER BY id').all()).toEqual([
        { id: 1, undone: 0 },
        { id: 2, undone: 0 },
      ]);
      SEEDS[5]?.(db);
      expect(db.prepare('SELECT kind, state FROM tag_ops').get()).toEqual({
        kind: 'apply',
        state: 'done',
      });
      expect(() =>
        db.exec(`INSERT INTO tag_ops (kind, tag_id, created_at) VALUES ('bogus', 1, '${NOW}')`),
      ).toThrow(/CHECK/);
    });
  });
});

migration(6, 'entered share', () => {
  it('adds slice_settings.share, NULL (the measured share) for existing settings', () => {
    migrateFrom(6, (db) => {
      expect(db.prepare('SELECT slice_id, share, hlp FROM slice_settings').all()).toEqual([
        { slice_id: 'tag:1', share: null, hlp: 0.95 },
      ]);
      SEEDS[6]?.(db);
      expect(db.prepare('SELECT share FROM slice_settings').pluck().get()).toBe(0.25);
    });
  });
});

migration(7, 'settings history', () => {
  it('adds settings_ops (undo of slice settings) and keeps the settings', () => {
    migrateFrom(7, (db) => {
      expect(columnsOf(db, 'settings_ops')).toEqual([
        'id',
        'slice_id',
        'slice_name',
        'what',
        'before',
        'after',
        'state',
        'created_at',
      ]);
      SEEDS[7]?.(db);
      expect(db.prepare('SELECT state FROM settings_ops').pluck().get()).toBe('done');
      expect(() => db.exec("UPDATE settings_ops SET state = 'gone'")).toThrow(/CHECK/);
      expect(db.prepare('SELECT ease, share FROM slice_settings').get()).toEqual({
        ease: 0.5,
        share: 0.25,
      });
    });
  });
});

migration(8, 'baselines', () => {
  it('adds targets, requirements and the default reference with their checks, keeps the rest', () => {
    migrateFrom(8, (db) => {
      expect(columnsOf(db, 'targets')).toEqual(['slice_id', 'value', 'n', 'source']);
      expect(columnsOf(db, 'requirements')).toEqual(['scope', 'text', 'source']);
      expect(columnsOf(db, 'report_reference')).toEqual(['id', 'reference']);
      SEEDS[8]?.(db);
      expect(() => db.exec("INSERT INTO targets (slice_id, value) VALUES ('x', 1.5)")).toThrow(
        /CHECK/,
      );
      expect(() =>
        db.exec("INSERT INTO report_reference (id, reference) VALUES (2, 'hlp')"),
      ).toThrow(/CHECK/);
      expect(db.prepare('SELECT reference FROM report_reference').pluck().get()).toBe('run:old');
      expect(db.prepare('SELECT state FROM settings_ops').pluck().get()).toBe('done');
    });
  });
});

migration(9, 'decisions log', () => {
  it('adds decision_events, append-only, and keeps the settings history', () => {
    migrateFrom(9, (db) => {
      expect(db.prepare('SELECT count(*) FROM settings_ops').pluck().get()).toBe(1);
      expect(columnsOf(db, 'decision_events')).toEqual([
        'id',
        'kind',
        'decision',
        'slice_id',
        'slice_name',
        'owner',
        'why',
        'due',
        'expected_gain',
        'snapshot',
        'created_at',
      ]);
      SEEDS[9]?.(db);
      expect(db.prepare('SELECT kind FROM decision_events ORDER BY id').pluck().all()).toEqual([
        'decide',
        'close',
      ]);
      expect(() => db.exec("UPDATE decision_events SET why = 'edited'")).toThrow(/append-only/);
      expect(() => db.exec('DELETE FROM decision_events')).toThrow(/append-only/);
      expect(() =>
        db.exec(
          `INSERT INTO decision_events (kind, slice_id, slice_name, created_at) VALUES ('close', 'x', 'x', '${NOW}')`,
        ),
      ).toThrow(/CHECK/);
    });
  });
});

migration(10, 'summary statistics', () => {
  it('adds summary_runs and summary_slices and keeps the decisions log', () => {
    migrateFrom(10, (db) => {
      expect(db.prepare('SELECT count(*) FROM decision_events').pluck().get()).toBe(2);
      expect(columnsOf(db, 'summary_slices')).toEqual([
        'summary_id',
        'ord',
        'slice_id',
        'kind',
        'name',
        'size',
        'n',
        'correct_sum',
        'correct_sumsq',
        'human_n',
        'human_sum',
        'human_sumsq',
      ]);
      db.prepare(
        `INSERT INTO summary_runs (engine, source, run_name, binary_correct, binary_human, human_source, rows, seconds, created_at) VALUES ('duckdb', 'x.csv', 'x', 1, 0, NULL, 3, 0.1, '${NOW}')`,
      ).run();
      expect(() =>
        db.exec(
          `INSERT INTO summary_runs (engine, source, run_name, binary_correct, binary_human, rows, seconds, created_at) VALUES ('spark', 'x', 'x', 1, 0, 3, 0.1, '${NOW}')`,
        ),
      ).toThrow(/CHECK/);
    });
  });
});

migration(11, 'bin counts', () => {
  it('adds bin_counts (2..20 bins per column) and keeps the summaries', () => {
    migrateFrom(11, (db) => {
      expect(columnsOf(db, 'bin_counts')).toEqual(['column_name', 'bins']);
      db.exec("INSERT INTO bin_counts (column_name, bins) VALUES ('age', 4)");
      expect(db.prepare('SELECT bins FROM bin_counts').pluck().get()).toBe(4);
      expect(() => db.exec("INSERT INTO bin_counts VALUES ('x', 1)")).toThrow(/CHECK/);
      expect(() => db.exec("INSERT INTO bin_counts VALUES ('y', 21)")).toThrow(/CHECK/);
      expect(() => db.exec("INSERT INTO bin_counts VALUES ('age', 5)")).toThrow(/UNIQUE/);
    });
  });
});

migration(12, 'summary ranking', () => {
  it('adds repeats and majority_count to summary_slices, NULL for the rows summarized before', () => {
    migrateFrom(12, (db) => {
      expect(columnsOf(db, 'summary_slices').slice(-2)).toEqual(['repeats', 'majority_count']);
      db.prepare(
        `INSERT INTO summary_runs (engine, source, run_name, binary_correct, binary_human, human_source, rows, seconds, created_at) VALUES ('duckdb', 'x.csv', 'x', 1, 0, NULL, 3, 0.1, '${NOW}')`,
      ).run();
      db.exec(
        `INSERT INTO summary_slices (summary_id, ord, slice_id, kind, name, size, n, correct_sum, correct_sumsq, human_n, human_sum, human_sumsq) VALUES (1, 0, 'overall', 'overall', 'all examples', 3, 3, 2, 2, 0, 0, 0)`,
      );
      expect(db.prepare('SELECT repeats, majority_count FROM summary_slices').get()).toEqual({
        repeats: null,
        majority_count: null,
      });
    });
  });
});

migration(13, 'summary class stats', () => {
  it('adds summary_class_stats and summary_run_pairs, one row per summary run, slice and class or run', () => {
    migrateFrom(13, (db) => {
      expect(columnsOf(db, 'summary_class_stats')).toEqual([
        'summary_id',
        'slice_id',
        'class',
        'labelled',
        'predicted',
        'hit',
        'human_n',
        'human_sum',
        'human_sumsq',
      ]);
      db.prepare(
        `INSERT INTO summary_runs (engine, source, run_name, binary_correct, binary_human, human_source, rows, seconds, created_at) VALUES ('duckdb', 'x.csv', 'x', 1, 0, NULL, 3, 0.1, '${NOW}')`,
      ).run();
      const insert =
        "INSERT INTO summary_class_stats VALUES (1, 'overall', 'cat', 2, 1, 1, 0, 0, 0)";
      db.exec(insert);
      expect(() => db.exec(insert)).toThrow(/UNIQUE/);
      expect(columnsOf(db, 'summary_run_pairs')).toEqual([
        'summary_id',
        'slice_id',
        'run_name',
        'both',
        'a_only',
        'b_only',
        'neither',
      ]);
    });
  });
});

migration(14, 'tag member sets', () => {
  it('moves every tag membership into one set per tag, with its count, and drops the rows', () => {
    migrateFrom(14, (db, before) => {
      expect(before.get('tag_members')?.rows).toEqual(['[1,0]', '[1,2]', '[2,1]']);
      expect(tableNames(db)).not.toContain('tag_members');
      expect(columnsOf(db, 'tag_member_sets')).toEqual(['tag_id', 'members', 'size']);
      expect([...membersByTag(db)]).toEqual([
        [1, [0, 2]],
        [2, [1]],
      ]);
      expect(db.prepare('SELECT tag_id, size FROM tag_member_sets ORDER BY tag_id').all()).toEqual([
        { tag_id: 1, size: 2 },
        { tag_id: 2, size: 1 },
      ]);
      expect(() =>
        db.exec("INSERT INTO tag_member_sets (tag_id, members, size) VALUES (99, x'02', 0)"),
      ).toThrow(/FOREIGN KEY/);
      expect(() => db.exec('UPDATE tag_member_sets SET size = -1 WHERE tag_id = 1')).toThrow(
        /CHECK/,
      );
    });
  });

  it('keeps large sets exact in each form: dense, sparse, a range, and a tag with no members', () => {
    const path = projectAt(previousVersion(14));
    const db = new Database(path);
    const n = 100_000;
    const random = rng(14);
    const wanted = new Map<number, number[]>([
      [1, []], // dense: about half of the examples
      [2, []], // sparse: about one in a thousand
      [3, []], // a range: the second quarter
    ]);
    for (let p = 0; p < n; p++) {
      if (random() < 0.5) wanted.get(1)?.push(p);
      if (random() < 0.001) wanted.get(2)?.push(p);
      if (p >= n / 4 && p < n / 2) wanted.get(3)?.push(p);
    }
    db.transaction(() => {
      const example = db.prepare(
        "INSERT INTO examples (pos, id, label, src_line) VALUES (?, ?, 'cat', ?)",
      );
      for (let p = 3; p < n; p++) example.run(p, `x${p}`, p + 2);
      db.exec(
        `INSERT INTO tags (id, name, created_at) VALUES (3, 'range', '${NOW}'), (4, 'none', '${NOW}')`,
      );
      db.exec('DELETE FROM tag_members');
      const member = db.prepare('INSERT INTO tag_members VALUES (?, ?)');
      for (const [tag, positions] of wanted) for (const p of positions) member.run(tag, p);
    })();
    db.close();
    const migrated = apply(path, 14);
    try {
      expect([...membersByTag(migrated)]).toEqual([...wanted]);
      const forms = migrated
        .prepare<[], [number, number, number]>(
          'SELECT tag_id, unicode(substr(members, 1, 1)), length(members) FROM tag_member_sets ORDER BY tag_id',
        )
        .raw()
        .all();
      // The smallest form each: bits (1) for the dense one, gaps (2) for the sparse one, runs
      // (3) for the range; the tag without members has no set (it reads as empty).
      expect(forms.map(([tag, form]) => [tag, form])).toEqual([
        [1, 1],
        [2, 2],
        [3, 3],
      ]);
      expect(forms[2]?.[2]).toBeLessThan(10);
    } finally {
      migrated.close();
    }
  });
});

/** Every column of `table` as declared: position, name, type, NOT NULL, default, key. */
function declared(db: Db, table: string): unknown[] {
  return db.prepare(`SELECT * FROM pragma_table_info('${table}') ORDER BY cid`).all();
}

/** The indexes of examples: name, unique, how made (u: a UNIQUE column, c: CREATE INDEX). */
function examplesIndexes(db: Db): unknown[] {
  return db
    .prepare(
      'SELECT name, "unique", origin, partial FROM pragma_index_list(\'examples\') ORDER BY name',
    )
    .all();
}

/** The statements of every table, index and trigger but examples and its indexes. */
function schemaBesideExamples(db: Db): unknown[] {
  return db
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE tbl_name <> 'examples' ORDER BY name")
    .all();
}

/** The SQLite error code `fn` throws. */
function sqliteCode(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return String((err as { code?: unknown }).code);
  }
  throw new Error('expected an error');
}

migration(15, 'examples id index', () => {
  it('rebuilds examples with the same columns, rows and positions; ids unique by examples_id', () => {
    const v14 = new Database(projectAt(previousVersion(15)), { readonly: true });
    const columnsBefore = declared(v14, 'examples');
    const indexesBefore = examplesIndexes(v14);
    const schemaBefore = schemaBesideExamples(v14);
    v14.close();
    expect(indexesBefore).toEqual([
      { name: 'sqlite_autoindex_examples_1', unique: 1, origin: 'u', partial: 0 },
    ]);
    migrateFrom(15, (db, before) => {
      expect(declared(db, 'examples')).toEqual(columnsBefore);
      expect(before.get('examples')?.columns).toContain('m_1');
      // Nothing added, nothing moved: every table holds exactly the rows it had, examples at the
      // same positions (the row order is pos), its children still pointing at them.
      expect(tableNames(db)).toEqual([...before.keys()].sort());
      for (const [table, { columns, rows }] of before) {
        expect(project(db, table, columns), `rows of ${table}`).toEqual(rows);
      }
      for (const table of ['predictions', 'human_annotations', 'verdicts']) {
        expect(before.get(table)?.rows.length, table).toBeGreaterThan(0);
      }
      expect(schemaBesideExamples(db)).toEqual(schemaBefore);

      expect(examplesIndexes(db)).toEqual([
        { name: EXAMPLES_ID_INDEX, unique: 1, origin: 'c', partial: 0 },
      ]);
      expect(db.prepare(`SELECT * FROM pragma_index_info('${EXAMPLES_ID_INDEX}')`).all()).toEqual([
        { seqno: 0, cid: 1, name: 'id' },
      ]);
      const plan = db
        .prepare<[], { detail: string }>(
          "EXPLAIN QUERY PLAN SELECT pos FROM examples WHERE id = 'a'",
        )
        .all();
      expect(plan.map((p) => p.detail).join(' ')).toContain(`INDEX ${EXAMPLES_ID_INDEX}`);
      const insert = db.prepare(
        "INSERT INTO examples (pos, id, label, src_line) VALUES (?, ?, 'cat', 9)",
      );
      expect(sqliteCode(() => insert.run(9, 'a'))).toBe('SQLITE_CONSTRAINT_UNIQUE');
      expect(sqliteCode(() => insert.run(0, 'z'))).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
      insert.run(9, 'z');

      // The references to examples(pos) hold and are enforced against the new table.
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(sqliteCode(() => db.exec('DELETE FROM examples WHERE pos = 0'))).toBe(
        'SQLITE_CONSTRAINT_FOREIGNKEY',
      );
      expect(
        sqliteCode(() =>
          db.exec("INSERT INTO predictions (run_id, pos, prediction) VALUES (1, 99, 'cat')"),
        ),
      ).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    });
  });

  it('keeps metadata columns added without a type (as imports add them) with their values as stored', () => {
    const path = projectAt(previousVersion(15));
    const db = new Database(path);
    db.exec(`
      ALTER TABLE examples ADD COLUMN m_2;
      UPDATE examples SET m_2 = CASE pos WHEN 0 THEN 1.5 WHEN 1 THEN '007' ELSE 42 END;
    `);
    const stored = 'SELECT pos, m_1, m_2, typeof(m_2) AS type FROM examples ORDER BY pos';
    const before = db.prepare(stored).all();
    const columnsBefore = declared(db, 'examples');
    db.close();
    // No type means no affinity: a rebuild that declared m_2 TEXT would store 1.5 as '1.5'.
    expect(before.map((r) => (r as { type: string }).type)).toEqual(['real', 'text', 'integer']);
    const migrated = apply(path, 15);
    try {
      expect(declared(migrated, 'examples')).toEqual(columnsBefore);
      expect(migrated.prepare(stored).all()).toEqual(before);
    } finally {
      migrated.close();
    }
  });

  it('openProjectDb upgrades a project with rows referring to examples, foreign keys on again', () => {
    const path = projectAt(previousVersion(15));
    const old = new Database(path, { readonly: true });
    const before = rowsOf(old);
    old.close();
    const db = openProjectDb(path);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(15);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      for (const [table, { columns, rows }] of before) {
        expect(project(db, table, columns), `rows of ${table}`).toEqual(rows);
      }
      expect(examplesIndexes(db)).toEqual([
        { name: EXAMPLES_ID_INDEX, unique: 1, origin: 'c', partial: 0 },
      ]);
      expect(
        sqliteCode(() => db.exec('INSERT INTO human_annotations (set_id, pos) VALUES (1, 99)')),
      ).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    } finally {
      closeProjectDb(db);
    }
  });

  it('refuses a project whose references already dangle: NOT_A_PROJECT naming the table, file unchanged', () => {
    const path = projectAt(previousVersion(15));
    const raw = new Database(path);
    raw.pragma('journal_mode = WAL'); // as every project openProjectDb made
    raw.pragma('foreign_keys = OFF');
    raw.exec("INSERT INTO predictions (run_id, pos, prediction) VALUES (1, 99, 'cat')");
    raw.close();
    const bytes = sha256(path);
    const dump = dumpHash(path);

    let error: unknown;
    try {
      openProjectDb(path).close();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(HeadroomError);
    expect((error as HeadroomError).code).toBe('NOT_A_PROJECT');
    expect((error as HeadroomError).message).toContain(path);
    expect((error as HeadroomError).message).toMatch(
      /1 rows of predictions .*missing rows of examples/,
    );

    expect(sha256(path)).toBe(bytes);
    expect(dumpHash(path)).toBe(dump);
    const after = new Database(path, { readonly: true });
    try {
      expect(after.pragma('user_version', { simple: true })).toBe(14);
      expect(examplesIndexes(after)).toEqual([
        { name: 'sqlite_autoindex_examples_1', unique: 1, origin: 'u', partial: 0 },
      ]);
      expect(tableNames(after)).not.toContain('examples_015');
    } finally {
      after.close();
    }

    // Foreign keys are a setting of each connection: the next project opened enforces them.
    const good = openProjectDb(projectAt(previousVersion(15)));
    try {
      expect(good.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(
        sqliteCode(() =>
          good.exec("INSERT INTO predictions (run_id, pos, prediction) VALUES (1, 99, 'cat')"),
        ),
      ).toBe('SQLITE_CONSTRAINT_FOREIGNKEY');
    } finally {
      closeProjectDb(good);
    }
  });
});

describe('the migration list', () => {
  it('numbers the migrations 1..N in order (but the reserved), each with its describe above', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    const last = versions[versions.length - 1] as number;
    const expected = Array.from({ length: last }, (_v, i) => i + 1).filter((v) => !RESERVED.has(v));
    expect(versions).toEqual(expected);
    expect(versions).toEqual([...covered].sort((a, b) => a - b));
    expect(SCHEMA_VERSION).toBe(last);
  });

  it('a seeded project of every earlier version opens at the current one with its rows', () => {
    for (let v = 1; v < SCHEMA_VERSION; v++) {
      const path = projectAt(v);
      const old = new Database(path, { readonly: true });
      const before = rowsOf(old);
      old.close();
      const db = openProjectDb(path);
      try {
        expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
        for (const [table, { columns, rows }] of before) {
          if (!kept(table, SCHEMA_VERSION)) continue;
          expect(project(db, table, columns), `v${v}: rows of ${table}`).toEqual(
            expect.arrayContaining(rows),
          );
        }
        // The seeded members (1: 0 and 2; 2: 1), now as sets.
        expect([...membersByTag(db)], `v${v}: tag members`).toEqual([
          [1, [0, 2]],
          [2, [1]],
        ]);
      } finally {
        closeProjectDb(db);
      }
    }
  });
});
