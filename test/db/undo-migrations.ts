import type Database from 'better-sqlite3';
import { expect } from 'vitest';
import { tagMemberSets } from '../../electron/core/db/migrations/014-tag-member-sets.ts';
import { examplesIdIndex } from '../../electron/core/db/migrations/015-examples-id-index.ts';
import { membersByTag } from '../tag-members.ts';

/**
 * Undoing migrations on a current project, for tests that need an old project file with real
 * content (the kill tests of migrations, the upgrade notice): each undo puts back what its
 * migration replaced, in place, and the version before.
 */

/** The schema before migration 014 (tag member sets). */
export const BEFORE_SETS = tagMemberSets.version - 1;
/** The schema before migration 015 (examples id index). */
export const BEFORE_ID_INDEX = examplesIdIndex.version - 1;
/** The index SQLite made for migration 001's `id TEXT NOT NULL UNIQUE`. */
export const ID_AUTOINDEX = 'sqlite_autoindex_examples_1';

/** The names of the indexes of examples. */
export function examplesIndexes(db: Database.Database): string[] {
  return db
    .prepare<[], string>("SELECT name FROM pragma_index_list('examples') ORDER BY name")
    .pluck()
    .all();
}

/**
 * Undoes migration 015 in place: examples rebuilt with migration 001's `id TEXT NOT NULL UNIQUE`
 * (SQLite's autoindex) instead of the examples_id index, its metadata columns (m_1, m_2, ...) as
 * declared and every row at its position; user_version the one before. Foreign keys off for the
 * rebuild and checked before the commit, as migrate() does.
 */
export function undoExamplesIdIndex(db: Database.Database): void {
  expect(db.pragma('user_version', { simple: true }), 'undo the newer migrations first').toBe(
    examplesIdIndex.version,
  );
  const metadata = db
    .prepare<[], { name: string; type: string }>(
      "SELECT name, type FROM pragma_table_info('examples') ORDER BY cid",
    )
    .all()
    .slice(5)
    .map((c) => `, "${c.name}"${c.type ? ` ${c.type}` : ''}`)
    .join('');
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      db.exec(`
        CREATE TABLE examples_014 (
          pos INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          label TEXT NOT NULL,
          input TEXT,
          src_line INTEGER NOT NULL${metadata}
        );
        INSERT INTO examples_014 SELECT * FROM examples;
        DROP TABLE examples;
        ALTER TABLE examples_014 RENAME TO examples;
      `);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      db.pragma(`user_version = ${BEFORE_ID_INDEX}`);
    })();
  } finally {
    db.pragma('foreign_keys = ON');
  }
  expect(examplesIndexes(db)).toEqual([ID_AUTOINDEX]);
}

/**
 * Undoes migration 014 in place: every tag's member set back to one tag_members row per member (as
 * migration 001 made them), the sets dropped, user_version the one before.
 */
export function undoMemberSets(db: Database.Database): void {
  expect(db.pragma('user_version', { simple: true }), 'undo the newer migrations first').toBe(
    tagMemberSets.version,
  );
  const members = membersByTag(db);
  db.transaction(() => {
    db.exec(`
      CREATE TABLE tag_members (
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        pos INTEGER NOT NULL REFERENCES examples(pos),
        PRIMARY KEY (tag_id, pos)
      ) STRICT, WITHOUT ROWID;
      DROP TABLE tag_member_sets;
    `);
    const insert = db.prepare('INSERT INTO tag_members (tag_id, pos) VALUES (?, ?)');
    for (const [tag, positions] of members) for (const p of positions) insert.run(tag, p);
  })();
  db.pragma(`user_version = ${BEFORE_SETS}`);
}
