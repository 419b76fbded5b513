import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

/**
 * A logical dump of a project: every table's rows in key order, minus timestamps (two runs of the
 * same import differ only in those). Equal dumps mean equal content.
 */
export function dumpHash(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const hash = createHash('sha256');
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all();
    for (const { name } of tables) {
      const cols = db
        .prepare<[], { name: string; pk: number }>(
          `SELECT name, pk FROM pragma_table_info('${name}')`,
        )
        .all();
      const keep = cols.filter((c) => !c.name.endsWith('_at')).map((c) => `"${c.name}"`);
      const order = cols.filter((c) => c.pk > 0).map((c) => `"${c.name}"`);
      const where = name === 'meta' ? " WHERE key NOT LIKE '%\\_at' ESCAPE '\\'" : '';
      const sql = `SELECT ${keep.join(', ')} FROM "${name}"${where} ORDER BY ${order.length ? order.join(', ') : 'rowid'}`;
      hash.update(`table ${name}\n`);
      for (const row of db.prepare(sql).raw().iterate()) {
        hash.update(
          JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)),
        );
        hash.update('\n');
      }
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

export function integrity(path: string): { integrity: string; foreignKeys: number } {
  const db = new Database(path, { fileMustExist: true });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      foreignKeys: (db.pragma('foreign_key_check') as unknown[]).length,
    };
  } finally {
    db.close();
  }
}
