import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../shared/report.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import { DATASETS, readSimpleCsv, tempDir } from '../helpers.ts';

const dir = tempDir();

async function reportOf(file: string): Promise<Report> {
  const service = createService();
  const project = join(dir, `${file.replace(/\W/g, '_')}.headroom`);
  const imp = await service.dispatch('imports.run', { project, file: join(DATASETS, file) });
  expect(imp.ok).toBe(true);
  await service.dispatch('project.open', { path: project });
  const env = await service.dispatch('slices.report', {});
  service.close();
  if (!env.ok) throw new Error(env.error.message);
  return env.value as Report;
}

describe('figures on the real datasets', () => {
  it('CIFAR-10: per-class accuracy and HLP equal a computation straight from the CSV', async () => {
    const report = await reportOf('cifar10_test/cifar10_test.csv');
    const rows = readSimpleCsv(join(DATASETS, 'cifar10_test/cifar10_test.csv'));
    const byClass = new Map<string, { n: number; right: number; human: number }>();
    for (const r of rows) {
      const c = byClass.get(r.label as string) ?? { n: 0, right: 0, human: 0 };
      c.n++;
      if (r.prediction === r.label) c.right++;
      c.human += Number(r.human_agree);
      byClass.set(r.label as string, c);
    }
    expect(byClass.size).toBe(10);
    for (const [cls, c] of byClass) {
      const s = report.slices.find((x) => x.kind === 'class' && x.name === `label = ${cls}`);
      expect(s, cls).toBeDefined();
      expect(s?.n).toBe(c.n);
      expect(s?.accuracy).toBeCloseTo(c.right / c.n, 12);
      expect(s?.hlp).toBeCloseTo(c.human / c.n, 12);
      expect(s?.hlp_n).toBe(c.n);
      expect(s?.gap).toBeCloseTo(c.human / c.n - c.right / c.n, 12);
    }
    // README: cat is the weakest class (84.60%) with human 91.50%.
    const cat = report.slices.find((x) => x.name === 'label = cat');
    expect(cat?.accuracy).toBeCloseTo(0.846, 10);
    expect(cat?.hlp).toBeCloseTo(0.915, 3);
    expect(report.overall.accuracy).toBeCloseTo(0.9294, 10);
    // The ranking is by priority, descending.
    const priorities = report.slices.map((s) => s.priority ?? -1);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    // Metadata slices from categorical columns.
    expect(report.slices.find((s) => s.name === 'class_group = animal')?.n).toBe(6000);
  });

  it('ChaosNLI: where the model beats humans the gap is negative and the gain zero', async () => {
    const report = await reportOf('chaosnli/chaosnli_snli_mnli.csv');
    const beaten = report.slices.filter((s) => s.gap !== null && s.gap < 0);
    expect(beaten.length).toBeGreaterThan(0);
    for (const s of beaten) {
      expect(s.potential_gain).toBe(0);
      expect(s.priority).toBe(0);
      expect(s.potential_gain_ci?.[0]).toBe(0);
    }
    // README: model 64.64% vs humans 60.84% overall.
    expect(report.overall.accuracy).toBeCloseTo(0.6464, 4);
    expect(report.overall.hlp).toBeCloseTo(0.6084, 4);
    expect(report.overall.gap).toBeLessThan(0);
  });

  it('MNIST (no human data): no HLP, ranked by error coverage', async () => {
    const report = await reportOf('mnist_test/mnist_test.csv');
    expect(report.overall.hlp).toBeNull();
    expect(report.slices.every((s) => s.priority === null)).toBe(true);
    const cov = report.slices.filter((s) => !s.too_small).map((s) => s.error_coverage ?? 0);
    expect(cov).toEqual([...cov].sort((a, b) => b - a));
  });
});
