import Database from 'better-sqlite3';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../../electron/core/errors.ts';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import type { ExamplePage } from '../../shared/examples.ts';
import type { Report } from '../../shared/report.ts';
import { headroomCli, ok, tempDir } from '../helpers.ts';

/**
 * Issue #13 point 3: metadata columns are columns of the examples table, so SQLite's column limit
 * bounds them. A file over the limit is refused with a message naming the limit and the count
 * (not "too many columns on sqlite_altertab_examples"); a file at the limit imports and works
 * (not "too many SQL variables" from the multi-row INSERT).
 */
const dir = tempDir('headroom-wide-');
const ROWS = 40;

/** SQLite's column limit in this build, read here from the library's own compile options. */
const sqliteMaxColumn = (() => {
  const db = new Database(':memory:');
  try {
    const opts = db.pragma('compile_options') as { compile_options: string }[];
    const hit = opts.find((o) => o.compile_options.startsWith('MAX_COLUMN='));
    return hit ? Number(hit.compile_options.slice('MAX_COLUMN='.length)) : 2000;
  } finally {
    db.close();
  }
})();

/** id, label, prediction and `width` metadata columns m0..; m_k of row i is (i + k) % 3. */
function wideCsv(width: number): string {
  const path = join(dir, `wide-${width}.csv`);
  const cols = Array.from({ length: width }, (_, k) => `m${k}`);
  const lines = [['id', 'label', 'prediction', ...cols].join(',')];
  for (let i = 0; i < ROWS; i++) {
    const label = i % 2 ? 'a' : 'b';
    const prediction = i % 5 ? label : 'c';
    lines.push([`e${i}`, label, prediction, ...cols.map((_, k) => String((i + k) % 3))].join(','));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const fmt = (n: number) => n.toLocaleString('en-US');

describe('files wider than SQLite allows (issue #13 point 3)', () => {
  let limit = 0;

  it('10,000 columns: refused naming the count and the limit, nothing left (real CLI)', () => {
    const project = join(dir, 'w10k.headroom');
    const r = headroomCli(dir, 'import', wideCsv(10_000), '--project', project);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/10,000 metadata columns/);
    expect(r.err).toContain(`SQLite's limit of ${fmt(sqliteMaxColumn)} columns per table`);
    expect(r.err).not.toMatch(/sqlite_altertab|too many/);
    const m = /a project holds at most ([\d,]+)/.exec(r.err);
    expect(m, r.err).not.toBeNull();
    limit = Number((m?.[1] ?? '').replace(/,/g, ''));
    expect(limit).toBeGreaterThan(sqliteMaxColumn - 10);
    expect(limit).toBeLessThan(sqliteMaxColumn);
    expect(
      readdirSync(dir).filter((f) => f.endsWith('.headroom') || f.endsWith('.importing')),
    ).toEqual([]);
  });

  it('one column over the stated limit: refused as BAD_MAPPING', async () => {
    const project = join(dir, 'over.headroom');
    const err = await runImport({ project, file: wideCsv(limit + 1) }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HeadroomError);
    expect((err as HeadroomError).code).toBe('BAD_MAPPING');
    expect((err as HeadroomError).message).toContain(`${fmt(limit + 1)} metadata columns`);
    expect(existsSync(project)).toBe(false);
  });

  it('1,000 metadata columns: every row imported (multi-row INSERTs within the variable limit)', async () => {
    const project = join(dir, 'w1000.headroom');
    const summary = await runImport({ project, file: wideCsv(1000) });
    expect(summary.rowsImported).toBe(ROWS);
    expect(summary.mapping.filter((m) => m.role === 'metadata')).toHaveLength(1000);
  });

  it('exactly the stated limit: imports, and report, examples and rules work', async () => {
    const project = join(dir, 'at-limit.headroom');
    const summary = await runImport({ project, file: wideCsv(limit) });
    expect(summary.rowsImported).toBe(ROWS);
    const service = createService();
    try {
      await ok(service.dispatch('project.open', { path: project }));
      const report = await ok<Report>(service.dispatch('slices.report', {}));
      const last = `m${limit - 1}`;
      // Every metadata column gives 3 value slices of the rows counted here.
      for (const v of [0, 1, 2]) {
        const s = report.slices.find((x) => x.name === `${last} = ${v}`);
        const want = Array.from({ length: ROWS }, (_, i) => i).filter(
          (i) => (i + limit - 1) % 3 === v,
        );
        expect(s?.n, `${last} = ${v}`).toBe(want.length);
        const correct = want.filter((i) => i % 5 !== 0).length;
        expect(s?.accuracy).toBeCloseTo(correct / want.length, 12);
      }
      const page = await ok<ExamplePage>(
        service.dispatch('examples.page', {
          filter: {},
          sort: { key: 'pos', dir: 'asc' },
          limit: 5,
        }),
      );
      expect(Object.keys(page.rows[0]?.meta ?? {})).toHaveLength(limit);
      expect(page.rows[3]?.meta[last]).toBe((3 + limit - 1) % 3);
      const rule = await ok<{ n: number }>(
        service.dispatch('rules.add', { name: 'last is 0', expression: `${last} = 0` }),
      );
      expect(rule.n).toBe(
        Array.from({ length: ROWS }, (_, i) => (i + limit - 1) % 3 === 0).filter(Boolean).length,
      );
    } finally {
      service.close();
    }
  });
});
