import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { tempDir } from '../helpers.ts';

const dir = tempDir();

/** distinct_count as the import saved it, and SQLite's own COUNT(DISTINCT) of the stored values. */
function distinctCounts(project: string): { name: string; saved: number; counted: number }[] {
  const db = new Database(project, { readonly: true });
  try {
    const cols = db
      .prepare<[], { name: string; sql_name: string; distinct_count: number }>(
        'SELECT name, sql_name, distinct_count FROM columns WHERE sql_name IS NOT NULL ORDER BY ord',
      )
      .all();
    return cols.map((c) => ({
      name: c.name,
      saved: c.distinct_count,
      counted: (
        db.prepare(`SELECT COUNT(DISTINCT ${c.sql_name}) AS d FROM examples`).get() as { d: number }
      ).d,
    }));
  } finally {
    db.close();
  }
}

describe('distinct counts of metadata columns (counted while rows go in)', () => {
  it('match COUNT(DISTINCT) with duplicate-id rejects, empty cells, numbers and a column past the in-memory cap', async () => {
    // 70,000 rows: `serial` has a distinct value per row (more than the in-memory cap of 65,536,
    // so it falls back to SQLite), `city` a few values and empty cells, `snr` numbers that
    // repeat; every 1,000th row repeats an earlier id with a value seen nowhere else, which the
    // import rejects, so that value must not be counted.
    const lines = ['id,label,prediction,city,snr,serial'];
    for (let i = 0; i < 70_000; i++) {
      const city = i % 7 === 0 ? '' : `c${i % 5}`;
      lines.push(`${i},a,${i % 3 === 0 ? 'a' : 'b'},${city},${(i % 50) / 4},s${i}`);
      if (i % 1000 === 999) lines.push(`${i},a,a,only-in-a-rejected-row,999.5,rejected`);
    }
    const file = join(dir, 'distinct.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const project = join(dir, 'distinct.headroom');
    const summary = await runImport({ project, file });
    expect(summary.rowsRejected).toBe(70);
    const counts = distinctCounts(project);
    expect(counts.map((c) => c.name)).toEqual(['city', 'snr', 'serial']);
    for (const c of counts) expect(c.saved, c.name).toBe(c.counted);
    expect(counts.find((c) => c.name === 'serial')?.saved).toBe(70_000);
  });
});
