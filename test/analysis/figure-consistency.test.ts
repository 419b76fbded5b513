import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gainPct } from '../../electron/core/memo/memo-content.ts';
import { memoMarkdown } from '../../electron/core/memo/memo-md.ts';
import { createService, type Service } from '../../electron/core/handlers/service.ts';
import { DATASETS, readSimpleCsv, tempDir } from '../helpers.ts';

// Issue #18 point 2: an HLP or share entered on the dashboard changes a slice's potential gain
// on every screen that shows it (report, discover, memo), not only on the dashboard.
const FILE = join(DATASETS, 'cifar10_test/cifar10_test.csv');
const rows = readSimpleCsv(FILE);
const SLICE = 'meta:class_group=animal';

describe('the same potential gain on every screen (CIFAR-10, class_group = animal)', () => {
  const dir = tempDir('headroom-figures-');
  let service: Service;

  beforeAll(async () => {
    service = createService();
    const project = join(dir, 'cifar.headroom');
    await service.call('imports.run', { project, file: FILE });
    await service.call('project.open', { path: project });
  }, 120_000);
  afterAll(() => service.close());

  const discovered = async (id: string) => {
    const d = await service.call('slices.discover', { top: 200, minSupport: 1, by: 'gain' });
    return d.slices.find((s) => s.predicates.length === 1 && s.predicates[0]?.id === id);
  };

  it('measured figures: discover and the report agree on every single-predicate proposal', async () => {
    const report = await service.call('slices.report', {});
    const d = await service.call('slices.discover', { top: 200, minSupport: 1 });
    const singles = d.slices.filter((s) => s.predicates.length === 1);
    expect(singles.length).toBeGreaterThan(0);
    for (const s of singles) {
      const r = report.slices.find((x) => x.id === s.predicates[0]?.id);
      expect(s.potential_gain, s.name).toBeCloseTo(r?.potential_gain as number, 12);
    }
  });

  it('entered HLP and share: report, discover and memo show the same gain', async () => {
    const animal = rows.filter((r) => r.class_group === 'animal');
    const accuracy = animal.filter((r) => r.prediction === r.label).length / animal.length;
    const hlp = 0.995;
    const share = 0.4;
    const expected = (hlp - accuracy) * share; // analysis.md section 2, from the CSV itself
    expect(hlp).toBeGreaterThan(accuracy); // the premise: a positive gap

    const before = await discovered(SLICE);
    expect(before, 'class_group = animal is a single-predicate proposal').toBeDefined();
    expect(before?.potential_gain).not.toBeCloseTo(expected, 6);

    const set = await service.call('slices.settings', {
      slice: SLICE,
      hlp: { value: hlp },
      share,
      report: 'original',
    });
    const fromSettings = set.report?.slices.find((s) => s.id === SLICE);
    expect(fromSettings?.potential_gain).toBeCloseTo(expected, 12);

    const report = await service.call('slices.report', {});
    const inReport = report.slices.find((s) => s.id === SLICE);
    expect(inReport?.hlp_entered).toBe(true);
    expect(inReport?.share_entered).toBe(true);
    expect(inReport?.potential_gain).toBeCloseTo(expected, 12);

    const after = await discovered(SLICE);
    expect(after?.potential_gain).toBeCloseTo(expected, 12);

    // The memo is written from the report JSON: its row shows the same gain.
    const md = memoMarkdown({
      generated_at: '2026-01-01T00:00:00Z',
      report,
      decisions: [],
      review: { suspects: 0, reviewed: 0, corrected: 0 },
      top: 30,
    });
    const line = md
      .split('\n')
      .find((l) => l.includes('class\\_group = animal') || l.includes('class_group = animal'));
    expect(line, 'the slice is in the memo table').toBeDefined();
    expect(line).toContain(gainPct(expected));
  });
});
