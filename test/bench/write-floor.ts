// The floor of any import that stores a file's rows in one SQLite file through better-sqlite3, for
// bench:drop. From a project Headroom imported, two costs no parser can go under (a SQLite file
// has one writer at a time, so they add up on one core):
//
// - sqliteS: SQLite itself (the build Headroom runs) writing the project's example, prediction and
//   human rows and its id index into a fresh file with the project's own schema, row by row
//   (INSERT ... SELECT with a column list, not the transfer shortcut that copies records whole),
//   from an in-memory copy, with no journal and no sync: no JavaScript runs per row;
// - bindS: better-sqlite3 binding the same values as the import binds them (not the positions,
//   run and set ids, nor a column left all NULL; a text column of at most CASE_MAX distinct values
//   as integer codes, as the row writer sends them: row-batches.ts codedInsertSql), in
//   multi-row statements of the import's size, into a statement that does nothing with them.
//
// usage: node test/bench/write-floor.ts PROJECT SCRATCH
//   -> {"rows", "values", "sqliteS", "bindS", "floorS"}
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { CASE_MAX } from '../../electron/core/importers/row-batches.ts';

const [project, scratch] = process.argv.slice(2);
if (!project || !scratch) {
  console.error('usage: node test/bench/write-floor.ts PROJECT SCRATCH');
  process.exit(2);
}
const TABLES = ['examples', 'predictions', 'human_annotations'] as const;
/** Written into the import's statements, never bound (row-batches.ts insertSql). */
const UNBOUND = new Set(['pos', 'run_id', 'set_id']);
/** The import's limit of parameters a statement (write-examples.ts MAX_PARAMETERS). */
const MAX_PARAMETERS = 8192;

rmSync(scratch, { force: true });
const db = new Database(scratch);
db.pragma('foreign_keys = OFF'); // as the import runs (better-sqlite3 turns them on)
db.pragma('journal_mode = OFF');
db.pragma('synchronous = OFF');
db.pragma('cache_size = -65536');
// The project is only read (write-floor.test.ts checks its bytes stay the same).
db.exec(`ATTACH '${project.replaceAll("'", "''")}' AS src; ATTACH ':memory:' AS mem`);
const sqlOf = (name: string): string | undefined =>
  db.prepare('SELECT sql FROM src.sqlite_master WHERE name = ?').pluck().get(name) as
    string | undefined;

const tables = TABLES.flatMap((t) => {
  const sql = sqlOf(t);
  if (sql === undefined) return [];
  const cols = (db.pragma(`src.table_info(${t})`) as { name: string }[]).map((c) => c.name);
  // Each table's own CREATE statement (foreign keys off: the runs and sets are not copied).
  db.exec(sql);
  db.exec(`CREATE TABLE mem.${t} AS SELECT * FROM src.${t}`);
  const bound = cols.filter(
    (c) =>
      !UNBOUND.has(c) &&
      (db.prepare(`SELECT COUNT(${c}) FROM mem.${t}`).pluck().get() as number) > 0,
  );
  // A text column of few values is bound as codes: read back as its values' ranks.
  const coded = bound.map((c) => {
    const { texts, d } = db
      .prepare(
        `SELECT SUM(typeof(${c}) = 'text') AS texts, COUNT(DISTINCT ${c}) AS d FROM mem.${t}`,
      )
      .get() as { texts: number; d: number };
    return texts > 0 && d <= CASE_MAX;
  });
  return [{ t, cols, bound, coded }];
});
const idIndex = sqlOf('examples_id');
const rows = db.prepare('SELECT COUNT(*) FROM mem.examples').pluck().get() as number;

// SQLite alone.
const ts = performance.now();
db.exec('BEGIN');
for (const { t, cols } of tables) {
  const list = cols.join(', ');
  db.exec(`INSERT INTO main.${t} (${list}) SELECT ${list} FROM mem.${t}`);
}
if (idIndex) db.exec(idIndex);
db.exec('COMMIT');
const sqliteS = (performance.now() - ts) / 1000;

// Binding alone: the values read back a chunk at a time (untimed), then bound batch by batch.
const CHUNK_BATCHES = 64;
let bindS = 0;
let values = 0;
for (const { t, bound, coded } of tables) {
  const width = bound.length;
  const k = Math.max(1, Math.min(1024, Math.floor((MAX_PARAMETERS - 1) / width)));
  const statement = (n: number) =>
    db.prepare(`SELECT 1 WHERE 0 AND ${Array.from({ length: n }, () => '?').join(' AND ')}`);
  const full = statement(k * width);
  const codes = coded.map((c) => (c ? new Map<unknown, number>() : null));
  const params = new Array<unknown>(k * width);
  const read = db
    .prepare(`SELECT ${bound.join(', ')} FROM mem.${t} WHERE rowid > ? ORDER BY rowid LIMIT ?`)
    .raw();
  for (let after = 0; ; after += k * CHUNK_BATCHES) {
    const flat = read.all(after, k * CHUNK_BATCHES).flat();
    // The coded columns' values as their codes (untimed: the main thread's work, not binding).
    for (let i = 0; i < flat.length; i++) {
      const j = i % width;
      if (!coded[j]) continue;
      const dict = codes[j] as Map<unknown, number>;
      let code = dict.get(flat[i]);
      if (code === undefined) dict.set(flat[i], (code = dict.size));
      flat[i] = code;
    }
    if (flat.length === 0) break;
    values += flat.length;
    const tb = performance.now();
    for (let at = 0; at < flat.length; at += k * width) {
      const n = Math.min(k * width, flat.length - at);
      if (n < k * width) statement(n).run(...flat.slice(at, at + n));
      else {
        for (let i = 0; i < n; i++) params[i] = flat[at + i];
        full.run(...params);
      }
    }
    bindS += (performance.now() - tb) / 1000;
  }
}
db.close();
rmSync(scratch, { force: true });
console.log(JSON.stringify({ rows, values, sqliteS, bindS, floorS: sqliteS + bindS }));
