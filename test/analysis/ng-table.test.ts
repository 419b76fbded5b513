import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIndex } from '../../electron/core/analysis/analysis-index.ts';
import { buildReport, loadWeights } from '../../electron/core/analysis/report.ts';
import { saveSliceSettings } from '../../electron/core/analysis/slice-settings.ts';
import { closeProjectDb, openProjectDb } from '../../electron/core/db/project-file.ts';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { tempDir } from '../helpers.ts';

/**
 * Ng's worked example (analysis.md section 2), rebuilt as data: 10,000 clips whose slices have
 * exactly his accuracy, HLP and share.
 */
const NG: [string, number, number, number][] = [
  // slice, share, model accuracy, human accuracy
  ['clean speech', 0.6, 0.94, 0.95],
  ['car noise', 0.04, 0.89, 0.93],
  ['people noise', 0.3, 0.87, 0.89],
  ['low bandwidth', 0.06, 0.7, 0.7],
];
const N = 10_000;

function ngCsv(): string {
  const lines = ['id,label,prediction,human_label,noise'];
  let id = 0;
  for (const [slice, share, acc, hlp] of NG) {
    const n = Math.round(share * N);
    const right = Math.round(acc * n);
    const humanRight = Math.round(hlp * n);
    for (let i = 0; i < n; i++) {
      const label = i % 2 === 0 ? 'yes' : 'no';
      const other = label === 'yes' ? 'no' : 'yes';
      // Spread the errors so model and human mistakes are not the same clips.
      const modelOk = (i * 7919) % n < right;
      const humanOk = (i * 104729 + 13) % n < humanRight;
      lines.push(`${id++},${label},${modelOk ? label : other},${humanOk ? label : other},${slice}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

describe("Ng's table is reproduced exactly", () => {
  const dir = tempDir();
  it('accuracy, HLP, gap, share and potential gain to 1e-9, and the ranking', async () => {
    const file = join(dir, 'ng.csv');
    writeFileSync(file, ngCsv());
    const project = join(dir, 'ng.headroom');
    await runImport({ project, file });
    const db = openProjectDb(project);
    const report = buildReport(buildIndex(db), loadWeights(db), project);
    closeProjectDb(db);
    const bySlice = new Map(report.slices.map((s) => [s.name, s]));
    for (const [slice, share, acc, hlp] of NG) {
      const s = bySlice.get(`noise = ${slice}`);
      expect(s, slice).toBeDefined();
      if (!s) continue;
      expect(s.accuracy).toBeCloseTo(acc, 9);
      expect(s.hlp).toBeCloseTo(hlp, 9);
      expect(s.gap).toBeCloseTo(hlp - acc, 9);
      expect(s.share).toBeCloseTo(share, 9);
      expect(s.potential_gain).toBeCloseTo(Math.max(hlp - acc, 0) * share, 9);
      expect(s.hlp_n).toBe(Math.round(share * N));
    }
    const order = report.slices.filter((s) => s.name.startsWith('noise = ')).map((s) => s.name);
    expect(new Set(order.slice(0, 2))).toEqual(
      new Set(['noise = people noise', 'noise = clean speech']),
    );
    expect(order.slice(2)).toEqual(['noise = car noise', 'noise = low bandwidth']);
    expect(report.overall.n).toBe(N);
    expect(report.overall.share).toBe(1);
  });

  it('an entered production share replaces n / N in the gain and its interval, and says so', () => {
    // Car noise is 4% of the test set but expected to be 30% of production: its gain is then
    // 4% x 30% = 1.2%, the first of the table (Ng: "% of data" is what the product will see).
    const project = join(dir, 'ng.headroom');
    const db = openProjectDb(project);
    const measured = buildReport(buildIndex(db), loadWeights(db), project);
    const carBefore = measured.slices.find((s) => s.name === 'noise = car noise');
    saveSliceSettings(db, carBefore?.id ?? '', { share: 0.3 });
    const entered = buildReport(buildIndex(db), loadWeights(db), project);
    const car = entered.slices.find((s) => s.name === 'noise = car noise');
    expect(car?.share).toBe(0.3);
    expect(car?.share_entered).toBe(true);
    expect(car?.n).toBe(carBefore?.n);
    expect(car?.accuracy).toBe(carBefore?.accuracy);
    expect(car?.potential_gain).toBeCloseTo(0.04 * 0.3, 9);
    const scale = 0.3 / 0.04;
    expect(car?.potential_gain_ci?.[0]).toBeCloseTo(
      (carBefore?.potential_gain_ci?.[0] ?? 0) * scale,
      9,
    );
    expect(car?.potential_gain_ci?.[1]).toBeCloseTo(
      (carBefore?.potential_gain_ci?.[1] ?? 0) * scale,
      9,
    );
    expect(entered.slices[0]?.name).toBe('noise = car noise');
    expect(entered.slices.filter((s) => s.share_entered).map((s) => s.name)).toEqual([
      'noise = car noise',
    ]);
    // null goes back to the measured share.
    saveSliceSettings(db, car?.id ?? '', { share: null });
    const back = buildReport(buildIndex(db), loadWeights(db), project);
    closeProjectDb(db);
    expect(back).toEqual(measured);
  });
});
