import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../shared/report.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import { writeOlderSystemRun } from '../fixtures/older-system.ts';
import { DATASETS, ok, readSimpleCsv, tempDir } from '../helpers.ts';

/**
 * The report keeps what it counted per data version (the other runs' paired baselines and the
 * majority baseline per slice, open-project.ts): a warm report equals one counted from nothing
 * (a new service on the same file), and a change of the data (a new run imported, a tag edit, a
 * label verdict) gives fresh figures. CIFAR-10 with a second run, `old`.
 */
describe('the kept baselines of the report follow the data (CIFAR-10, two runs)', () => {
  const dir = tempDir('headroom-report-caches-');
  const project = join(dir, 'c10.headroom');
  const csv = join(DATASETS, 'cifar10_test/cifar10_test.csv');
  const rows = readSimpleCsv(csv).map((r) => ({
    id: r.id as string,
    label: r.label as string,
    prediction: r.prediction as string,
  }));
  const service = createService();

  beforeAll(async () => {
    await ok(service.dispatch('imports.run', { project, file: csv }));
    await ok(service.dispatch('project.open', { path: project }));
    const old = writeOlderSystemRun(join(dir, 'old.csv'), rows);
    await ok(service.dispatch('imports.run', { project, file: old, kind: 'run', name: 'old' }));
  }, 120_000);
  afterAll(() => service.close());

  const model = 'cifar10_test';
  const args = (labels: 'original' | 'corrected' = 'original') => ({
    run: model,
    labels,
    reference: 'run:old' as const,
  });
  /** The report from the open project (warm: what it kept is used). */
  const warm = (labels?: 'original' | 'corrected') =>
    ok<Report>(service.dispatch('slices.report', args(labels)));
  /** The same report counted from nothing: a new service on the same file. */
  const fresh = async (labels?: 'original' | 'corrected') => {
    const other = createService();
    try {
      await ok(other.dispatch('project.open', { path: project }));
      return await ok<Report>(other.dispatch('slices.report', args(labels)));
    } finally {
      other.close();
    }
  };
  const baselinesOf = (r: Report, id: string) =>
    [r.overall, ...r.slices].find((s) => s.id === id)?.baselines ?? [];

  it('a warm report (reference run:old, majority in every slice) equals one counted afresh', async () => {
    const first = await warm();
    const again = await warm();
    expect(again).toEqual(first);
    expect(await fresh()).toEqual(first);
    expect(baselinesOf(first, 'class:cat').map((b) => b.source)).toEqual([
      'hlp',
      'run:old',
      'majority',
    ]);
  });

  it('a new run imported: its baseline appears in every slice, the figures stay right', async () => {
    await warm();
    const newer = writeOlderSystemRun(join(dir, 'newer.csv'), rows, 7);
    await ok(service.dispatch('imports.run', { project, file: newer, kind: 'run', name: 'newer' }));
    const after = await warm();
    expect(baselinesOf(after, 'class:cat').map((b) => b.source)).toContain('run:newer');
    expect(after).toEqual(await fresh());
  });

  it('a tag edit: the grown tag slice is counted again', async () => {
    const ids = rows.map((r) => r.id);
    await ok(service.dispatch('tags.apply', { tag: 'picked', ids: ids.slice(0, 40) }));
    const before = await warm();
    const tag = before.slices.find((s) => s.name === 'picked');
    if (!tag) throw new Error('no tag slice');
    await ok(service.dispatch('tags.apply', { tag: 'picked', ids: ids.slice(40, 400) }));
    const after = await warm();
    const b = baselinesOf(after, tag.id);
    expect(b.map((x) => x.n)).not.toEqual(baselinesOf(before, tag.id).map((x) => x.n));
    expect(b.find((x) => x.source === 'majority')?.n).toBe(400);
    expect(after).toEqual(await fresh());
  });

  it('a label verdict: the corrected labels give fresh baselines', async () => {
    const before = await warm('corrected');
    // Correct the given label of examples of one class to the model's prediction where it erred.
    const wrong = rows.filter((r) => r.label === 'cat' && r.prediction !== r.label).slice(0, 30);
    expect(wrong.length).toBe(30);
    for (const r of wrong) {
      await ok(
        service.dispatch('review.verdict', {
          id: r.id,
          verdict: 'wrong',
          correctedLabel: r.prediction,
        }),
      );
    }
    const after = await warm('corrected');
    const majority = (r: Report) =>
      baselinesOf(r, 'class:cat').find((x) => x.source === 'majority')?.n;
    expect(majority(after)).toBe((majority(before) as number) - 30);
    expect(after).toEqual(await fresh('corrected'));
  });
});
