import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunComparison } from '../../shared/compare.ts';
import { createService, type Service } from '../../electron/core/handlers/service.ts';
import { DATASETS, headroomCli, ok, readSimpleCsv, tempDir } from '../helpers.ts';

/**
 * Comparing runs (analysis.md section 6) on CIFAR-10: a second run that gets a third of the cats
 * wrong is a regression on "label = cat" and overall, and on no other class; every count equals
 * one made here straight from the CSV.
 */
describe('two runs compared per slice (CIFAR-10)', () => {
  const dir = tempDir('headroom-compare-');
  const project = join(dir, 'c10.headroom');
  const csv = readSimpleCsv(join(DATASETS, 'cifar10_test/cifar10_test.csv'));
  // Run "worse": every third cat predicted as a dog (or as a cat when it was a dog already).
  const worse = csv.map((r, i) =>
    r.label === 'cat' && i % 3 === 0 ? (r.prediction === 'dog' ? 'cat' : 'dog') : r.prediction,
  );
  let service: Service;

  beforeAll(async () => {
    service = createService();
    await ok(
      service.dispatch('imports.run', {
        project,
        file: join(DATASETS, 'cifar10_test/cifar10_test.csv'),
      }),
    );
    const write = (name: string, preds: (string | undefined)[]) => {
      const file = join(dir, `${name}.csv`);
      writeFileSync(
        file,
        ['id,prediction', ...csv.map((r, i) => `${r.id},${preds[i]}`)].join('\n') + '\n',
      );
      return ok(service.dispatch('imports.run', { project, file, kind: 'run', name }));
    };
    await write('worse', worse);
    await write(
      'same',
      csv.map((r) => r.prediction),
    );
    await ok(service.dispatch('project.open', { path: project }));
  }, 120_000);

  afterAll(() => service?.close());

  it('counts each slice like the CSV and flags the cats as a regression', async () => {
    const c = await ok<RunComparison>(
      service.dispatch('runs.compare', { a: 'cifar10_test', b: 'worse' }),
    );
    expect([c.a, c.b, c.labels]).toEqual(['cifar10_test', 'worse', 'original']);
    for (const cls of ['cat', 'dog', 'truck']) {
      const s = c.slices.find((x) => x.name === `label = ${cls}`);
      const rows = csv.map((r, i) => ({ r, b: worse[i] })).filter((x) => x.r.label === cls);
      const rightA = rows.filter((x) => x.r.prediction === cls).length;
      const rightB = rows.filter((x) => x.b === cls).length;
      const aOnly = rows.filter((x) => x.r.prediction === cls && x.b !== cls).length;
      const bOnly = rows.filter((x) => x.r.prediction !== cls && x.b === cls).length;
      expect(s).toMatchObject({ n: rows.length, a_only: aOnly, b_only: bOnly });
      expect(s?.accuracy_a).toBeCloseTo(rightA / rows.length, 12);
      expect(s?.accuracy_b).toBeCloseTo(rightB / rows.length, 12);
      expect(s?.diff).toBeCloseTo((rightB - rightA) / rows.length, 12);
      expect(s?.diff_ci?.[0]).toBeLessThanOrEqual(s?.diff as number);
      expect(s?.diff_ci?.[1]).toBeGreaterThanOrEqual(s?.diff as number);
    }
    const cat = c.slices.find((x) => x.name === 'label = cat');
    expect(cat?.regression).toBe(true);
    expect(cat?.p_holm).toBeLessThan(0.05);
    expect(cat?.diff_ci?.[1]).toBeLessThan(0);
    expect(c.overall.regression).toBe(true);
    // The other classes are untouched: no flag, no difference.
    for (const s of c.slices.filter((x) => x.kind === 'class' && x.name !== 'label = cat')) {
      expect([s.name, s.regression, s.improvement, s.diff]).toEqual([s.name, false, false, 0]);
    }
    expect(c.slices[0]?.regression).toBe(true); // regressions come first
  });

  it('finds nothing between a run and an identical copy', async () => {
    const c = await ok<RunComparison>(
      service.dispatch('runs.compare', { a: 'cifar10_test', b: 'same' }),
    );
    expect(c.overall).toMatchObject({ n: 10_000, diff: 0, a_only: 0, b_only: 0, p: 1 });
    expect(c.slices.some((s) => s.regression || s.improvement || s.diff !== 0)).toBe(false);
  });

  it('refuses a run compared with itself or a run that does not exist', async () => {
    const self = await service.dispatch('runs.compare', { a: 'worse', b: 'worse' });
    expect(self.ok).toBe(false);
    const none = await service.dispatch('runs.compare', { a: 'worse', b: 'nope' });
    expect(none.ok || none.error?.message).toMatch(/No run named "nope"/);
  });

  it('headroom compare prints the table with the regression, and JSON and CSV', () => {
    service.close();
    const t = headroomCli(dir, 'compare', project, 'cifar10_test', 'worse');
    expect(t.err).toBe('');
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/label = cat\s+class\s+1000\s+\S+%\s+\S+%\s+-\d+\.\d.*REGRESSION/);
    expect(t.out).toMatch(/slices? (is|are) significantly worse in B/);
    const j = JSON.parse(
      headroomCli(dir, 'compare', project, 'cifar10_test', 'worse', '--format', 'json').out,
    );
    expect(j.slices[0].regression).toBe(true);
    const rows = headroomCli(dir, 'compare', project, 'cifar10_test', 'worse', '--format', 'csv')
      .out.trim()
      .split('\n');
    expect(rows[0]).toBe(
      'id,kind,name,n,accuracy_a,accuracy_b,diff,diff_ci_lo,diff_ci_hi,a_only,b_only,p,p_holm,regression,improvement',
    );
    expect(rows.length).toBe(j.slices.length + 2);
    expect(headroomCli(dir, 'compare', project, 'cifar10_test').code).toBe(2);
  });
});
