import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExamplePage } from '../../shared/examples.ts';
import { createService, type Service } from '../../electron/core/handlers/service.ts';
import { DATASETS, ok, readSimpleCsv, tempDir } from '../helpers.ts';

/**
 * The errors browser's compare filter (issue #20.6) on CIFAR-10 and a second run built here:
 * "A right, B wrong" and the reverse select exactly the examples counted from the two CSV files,
 * rows carry A's prediction beside B's, and the CSV export holds the same examples.
 */
describe('examples: A right and B wrong, and the reverse (CIFAR-10, two runs)', () => {
  const dir = tempDir('headroom-compare-filter-');
  const project = join(dir, 'c10.headroom');
  const source = join(DATASETS, 'cifar10_test/cifar10_test.csv');
  const csv = readSimpleCsv(source);
  const classes = [...new Set(csv.map((r) => r.label as string))].sort();
  // Run "b": every 7th example predicted as the next class, every 5th error fixed to its label.
  const next = (c: string) => classes[(classes.indexOf(c) + 1) % classes.length] as string;
  const bFile = join(dir, 'b.csv');
  let service: Service;

  beforeAll(async () => {
    writeFileSync(
      bFile,
      [
        'id,prediction',
        ...csv.map((r, i) => {
          const p = r.prediction as string;
          const q = i % 7 === 0 ? next(p) : i % 5 === 0 && p !== r.label ? r.label : p;
          return `${r.id},${q}`;
        }),
      ].join('\n') + '\n',
    );
    service = createService();
    await ok(service.dispatch('imports.run', { project, file: source }));
    await ok(service.dispatch('imports.run', { project, file: bFile, kind: 'run', name: 'b' }));
    await ok(service.dispatch('project.open', { path: project }));
  }, 120_000);

  afterAll(() => service?.close());

  /** The ids of the examples by the two CSV files alone (A: the dataset's file, B: b.csv). */
  const expected = (only: 'a-right-b-wrong' | 'a-wrong-b-right', label?: string) => {
    const b = new Map(readSimpleCsv(bFile).map((r) => [r.id, r.prediction]));
    return csv
      .filter((r) => label === undefined || r.label === label)
      .filter((r) => {
        const aRight = r.prediction === r.label;
        const bRight = b.get(r.id) === r.label;
        return only === 'a-right-b-wrong' ? aRight && !bRight : !aRight && bRight;
      })
      .map((r) => r.id as string);
  };

  const pageOf = (only: 'a-right-b-wrong' | 'a-wrong-b-right', slice?: string) =>
    ok<ExamplePage>(
      service.dispatch('examples.page', {
        run: 'b',
        filter: { compare: { run: 'cifar10_test', only }, ...(slice ? { slice } : {}) },
        limit: 1000,
      }),
    );

  it('selects the examples the two CSVs say, overall and within a class', async () => {
    for (const only of ['a-right-b-wrong', 'a-wrong-b-right'] as const) {
      const want = expected(only);
      expect(want.length).toBeGreaterThan(100);
      const all: string[] = [];
      let page = await pageOf(only);
      expect(page.total).toBe(want.length);
      all.push(...page.rows.map((r) => r.id));
      while (page.next !== null) {
        page = await ok<ExamplePage>(
          service.dispatch('examples.page', {
            run: 'b',
            filter: { compare: { run: 'cifar10_test', only } },
            after: page.next,
            limit: 1000,
          }),
        );
        all.push(...page.rows.map((r) => r.id));
      }
      expect(all).toEqual(want);
      const cat = await pageOf(only, 'class:cat');
      expect(cat.rows.map((r) => r.id)).toEqual(expected(only, 'cat'));
    }
  });

  it("rows carry A's prediction beside B's; the wrong side is marked", async () => {
    const page = await pageOf('a-right-b-wrong');
    const b = new Map(readSimpleCsv(bFile).map((r) => [r.id, r.prediction]));
    const a = new Map(csv.map((r) => [r.id, r.prediction]));
    for (const r of page.rows.slice(0, 200)) {
      expect(r.prediction).toBe(b.get(r.id));
      expect(r.correct).toBe(0);
      expect(r.compared).toEqual({ run: 'cifar10_test', prediction: a.get(r.id), correct: 1 });
    }
    // Without the compare filter, no compared column.
    const plain = await ok<ExamplePage>(service.dispatch('examples.page', { run: 'b', limit: 5 }));
    expect(plain.rows[0]?.compared).toBeUndefined();
  });

  it('exports the same examples as CSV, A and B side by side', async () => {
    const out = await ok<{ filename: string; text: string; rows: number }>(
      service.dispatch('examples.export', {
        run: 'b',
        filter: { compare: { run: 'cifar10_test', only: 'a-right-b-wrong' } },
      }),
    );
    expect(out.filename).toBe('c10-b-vs-cifar10_test-a-right-b-wrong.csv');
    const file = join(dir, out.filename);
    writeFileSync(file, out.text);
    const rows = readSimpleCsv(file);
    const want = expected('a-right-b-wrong');
    expect(out.rows).toBe(want.length);
    expect(rows.map((r) => r.id)).toEqual(want);
    const b = new Map(readSimpleCsv(bFile).map((r) => [r.id, r.prediction]));
    const a = new Map(csv.map((r) => [r.id, r.prediction]));
    for (const r of rows) {
      expect(r['prediction_a (cifar10_test)']).toBe(a.get(r.id as string));
      expect(r['prediction_b (b)']).toBe(b.get(r.id as string));
      expect([r['correct_a (cifar10_test)'], r['correct_b (b)']]).toEqual(['1', '0']);
    }
  });

  it('saves the export where the desktop save dialog chose; a relative path is refused', async () => {
    const input = {
      run: 'b',
      filter: { compare: { run: 'cifar10_test', only: 'a-right-b-wrong' } },
    };
    const made = await ok<{ text: string }>(service.dispatch('examples.export', input));
    const path = join(dir, 'saved export.csv');
    const saved = await ok<{ text: string; savedTo: string }>(
      service.dispatch('examples.export', { ...input, path }),
    );
    expect(saved.savedTo).toBe(path);
    expect(readFileSync(path, 'utf8')).toBe(made.text);
    const r = await service.dispatch('examples.export', { ...input, path: 'relative.csv' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(existsSync(join(process.cwd(), 'relative.csv'))).toBe(false);
  });

  it('an unknown run A is a clear error', async () => {
    const r = await service.dispatch('examples.page', {
      run: 'b',
      filter: { compare: { run: 'nope', only: 'a-right-b-wrong' } },
    });
    expect(r).toMatchObject({ ok: false });
    expect(JSON.stringify(r)).toContain('nope');
  });
});
