import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, type Service } from '../../electron/core/handlers/service.ts';
import { DATASETS, readSimpleCsv, tempDir } from '../helpers.ts';

// Issue #18 point 1: columns derived from human votes are shown but never sliced, and a slice
// holding 99% or more of the run is not ranked.
const FILE = join(DATASETS, 'cifar10_test/cifar10_test.csv');
const rows = readSimpleCsv(FILE);
const header = Object.keys(rows[0] as Record<string, string>);
/** human_* columns that are none of the documented human roles (votes, agreement, count, labels). */
const DERIVED = header.filter(
  (c) => /^human_/.test(c) && !/^human_(votes_.+|agree|n|label(_\d+)?)$/.test(c),
);
const isDerivedSlice = (id: string) =>
  DERIVED.some((c) => id.startsWith(`meta:${c}=`) || id.startsWith(`meta:${c}:bin`));

describe('human-derived columns on CIFAR-10', () => {
  const dir = tempDir('headroom-human-signal-');
  let service: Service;

  beforeAll(async () => {
    service = createService();
    await service.call('imports.run', { project: join(dir, 'cifar.headroom'), file: FILE });
    await service.call('project.open', { path: join(dir, 'cifar.headroom') });
  }, 120_000);
  afterAll(() => service.close());

  it('the file has human-derived columns (the premise of this test)', () => {
    expect(DERIVED).toEqual(
      expect.arrayContaining(['human_ambiguity', 'human_majority', 'human_majority_tie']),
    );
  });

  it('the import preview says what it decided for each of them', async () => {
    const preview = await service.call('imports.preview', { file: FILE });
    for (const c of DERIVED) {
      const m = preview.mapping.find((x) => x.column === c);
      expect(m?.role, c).toBe('human_signal');
      expect(m?.reason, c).toBe('derived from human votes: shown, not sliced');
    }
    // The documented human roles keep theirs.
    expect(preview.mapping.find((x) => x.column === 'human_agree')?.role).toBe('human_agreement');
    expect(preview.mapping.find((x) => x.column === 'human_n')?.role).toBe('human_count');
  });

  it('the default report has no human-derived slice and no slice of 99% or more', async () => {
    const report = await service.call('slices.report', {});
    const meta = report.slices.filter((s) => s.kind === 'metadata');
    expect(meta.length).toBeGreaterThan(0); // class_group still slices
    expect(meta.filter((s) => isDerivedSlice(s.id))).toEqual([]);
    const N = report.overall.n;
    expect(report.slices.filter((s) => s.n >= 0.99 * N)).toEqual([]);
  });

  it('slices.discover proposes none of them', async () => {
    const d = await service.call('slices.discover', { top: 200, minSupport: 1 });
    expect(d.slices.length).toBeGreaterThan(0);
    const preds = d.slices.flatMap((s) => s.predicates.map((p) => p.id));
    expect(preds.filter(isDerivedSlice)).toEqual([]);
  });

  it('the examples table still shows their values, and a rule filters on them', async () => {
    const page = await service.call('examples.page', { limit: 5 });
    expect(page.columns).toEqual(expect.arrayContaining(DERIVED));
    const first = page.rows[0];
    const csvFirst = rows[0] as Record<string, string>;
    expect(first?.id).toBe(csvFirst.id);
    expect(String(first?.meta.human_majority)).toBe(csvFirst.human_majority);
    expect(String(first?.meta.human_ambiguity)).toBe(csvFirst.human_ambiguity);
    const ties = await service.call('examples.page', {
      filter: { rule: 'human_majority_tie = 1' },
      limit: 100,
    });
    expect(ties.total).toBe(rows.filter((r) => r.human_majority_tie === '1').length);
  });
});

describe('--map metadata=COLUMN slices a human-derived column on request', () => {
  const dir = tempDir('headroom-human-signal-map-');
  let service: Service;

  beforeAll(async () => {
    service = createService();
    const project = join(dir, 'mapped.headroom');
    await service.call('imports.run', {
      project,
      file: FILE,
      map: { human_majority: 'metadata', human_majority_tie: 'metadata' },
    });
    await service.call('project.open', { path: project });
  }, 120_000);
  afterAll(() => service.close());

  it('slices human_majority; the tie = 0 slice (99.97% of the run) stays out as redundant', async () => {
    const report = await service.call('slices.report', {});
    const majority = report.slices.filter((s) => s.id.startsWith('meta:human_majority='));
    expect(majority.length).toBe(new Set(rows.map((r) => r.human_majority)).size);
    const N = rows.length;
    const tie0 = rows.filter((r) => r.human_majority_tie === '0').length;
    expect(tie0).toBeGreaterThanOrEqual(0.99 * N); // the premise
    expect(report.slices.find((s) => s.id === 'meta:human_majority_tie=0')).toBeUndefined();
    expect(report.slices.find((s) => s.id === 'meta:human_majority_tie=1')?.n).toBe(N - tie0);
    expect(report.slices.filter((s) => s.n >= 0.99 * report.overall.n)).toEqual([]);
    // Nor is it a discovered proposal.
    const d = await service.call('slices.discover', { top: 200, minSupport: 1 });
    const preds = d.slices.flatMap((s) => s.predicates.map((p) => p.id));
    expect(preds).not.toContain('meta:human_majority_tie=0');
  });
});
