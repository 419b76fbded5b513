import type { Database } from 'better-sqlite3';
import type { Migration } from '../migrations.ts';

/** The index that keeps example ids unique (and finds an example by id). */
export const EXAMPLES_ID_INDEX = 'examples_id';

/**
 * Creates the unique id index. The first import of a project drops it, loads its rows and creates
 * it again (importers/write-examples.ts): a B-tree built once from sorted ids instead of one insert
 * per row into an index that ids in no particular order (hashes, UUIDs) hit all over.
 */
export function createExamplesIdIndex(db: Database): void {
  db.exec(`CREATE UNIQUE INDEX ${EXAMPLES_ID_INDEX} ON examples(id)`);
}

/**
 * Example ids unique by a named index instead of the column's UNIQUE constraint (issue #16), which
 * SQLite keeps as an index no statement can drop: examples is rebuilt (SQLite's procedure for
 * changing a table: a new table, the rows copied, the old one dropped, the new one renamed), with
 * its metadata columns (m_1, m_2, ...) as they were. Positions are copied as they are, so every
 * reference to examples(pos) still holds; migrate() runs it with foreign keys off and checks them
 * before the commit.
 */
export const examplesIdIndex: Migration = {
  version: 15,
  foreignKeysOff: true,
  rewrites: 'the examples table',
  up(db) {
    const extra = db
      .prepare<[], { name: string; type: string }>(
        "SELECT name, type FROM pragma_table_info('examples') ORDER BY cid",
      )
      .all()
      .slice(5)
      .map((c) => `, "${c.name.replaceAll('"', '""')}"${c.type ? ` ${c.type}` : ''}`)
      .join('');
    db.exec(`
      CREATE TABLE examples_015 (
        pos INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        label TEXT NOT NULL,
        input TEXT,
        src_line INTEGER NOT NULL${extra}
      );
      INSERT INTO examples_015 SELECT * FROM examples;
      DROP TABLE examples;
      ALTER TABLE examples_015 RENAME TO examples;
    `);
    createExamplesIdIndex(db);
  },
};
