import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HeadroomError } from '../../electron/core/errors.ts';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { CATALOGUE, writeCatalogue } from '../fixtures/bad-inputs.ts';
import { tempDir } from '../helpers.ts';
import { recordFigure } from '../reliability/figures.ts';

const dir = tempDir('headroom-bad-');
const paths = writeCatalogue(join(dir, 'files'));

/** The stored value of `column` (as named in the file) for example `id`. */
function stored(db: Database.Database, id: string, column: string): unknown {
  if (column === 'id' || column === 'label' || column === 'input') {
    return (
      db.prepare(`SELECT ${column} AS v FROM examples WHERE id = ?`).get(id) as { v: unknown }
    ).v;
  }
  if (['prediction', 'confidence', 'score'].includes(column)) {
    return (
      db
        .prepare(
          `SELECT p.${column} AS v FROM predictions p JOIN examples e USING (pos) WHERE e.id = ?`,
        )
        .get(id) as { v: unknown }
    ).v;
  }
  const meta = db.prepare('SELECT sql_name FROM columns WHERE name = ?').get(column) as
    { sql_name: string } | undefined;
  if (!meta) throw new Error(`no metadata column ${column}`);
  return (
    db.prepare(`SELECT ${meta.sql_name} AS v FROM examples WHERE id = ?`).get(id) as { v: unknown }
  ).v;
}

describe('the bad-input catalogue (I-02)', () => {
  let decided = 0;
  afterAll(() =>
    recordFigure('bad-input-catalogue', `${decided}/${CATALOGUE.length} decided outcomes`),
  );
  CATALOGUE.forEach((entry, i) => {
    it(entry.name, async () => {
      const project = join(dir, `p${i}.headroom`);
      const file = paths.get(entry.name) as string;
      const outcome = await runImport({
        project,
        file,
        ...(entry.encoding ? { encoding: entry.encoding } : {}),
      }).then(
        (summary) => ({ summary }),
        (error: unknown) => ({ error }),
      );
      const exp = entry.expected;
      if ('error' in exp) {
        expect('error' in outcome, JSON.stringify(outcome).slice(0, 500)).toBe(true);
        const err = (outcome as { error: unknown }).error;
        expect(err).toBeInstanceOf(HeadroomError);
        expect((err as HeadroomError).code).toBe(exp.error);
        expect((err as HeadroomError).message).toMatch(exp.message);
        expect(existsSync(project), 'a failed first import leaves no project').toBe(false);
        decided++;
        return;
      }
      if ('error' in outcome) throw outcome.error;
      const s = outcome.summary;
      expect(s.rowsImported).toBe(exp.imported);
      expect(s.rejects.map((r) => ({ line: r.line, column: r.column }))).toEqual(
        exp.rejects.map((r) => ({ line: r.line, column: r.column })),
      );
      s.rejects.forEach((r, k) => expect(r.reason).toMatch(exp.rejects[k]?.reason as RegExp));
      const db = new Database(project, { readonly: true });
      try {
        for (const [id, cols] of Object.entries(exp.values ?? {})) {
          for (const [column, value] of Object.entries(cols)) {
            expect(stored(db, id, column), `${id}.${column}`).toEqual(value);
          }
        }
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        db.close();
      }
      decided++;
    });
  });
});
