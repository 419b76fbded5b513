import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createService, type Service } from '../../electron/core/handlers/service.ts';
import { generateSampleCsv } from '../../electron/core/sample/sample-data.ts';
import type { Report } from '../../shared/report.ts';
import { headroomCli, ok, readSimpleCsv, tempDir } from '../helpers.ts';

/**
 * A numeric column's bin count (analysis.md 4) on the bundled sample's tenure_months: set by the
 * CLI in a child process, read back by the service, undone with the other settings, kept on reopen.
 */
const dir = tempDir('headroom-bins-');
const csv = join(dir, 'sample.csv');
const project = join(dir, 'sample.headroom');

const report = (s: Service) => ok<Report>(s.dispatch('slices.report', {}));
const BIN = 'meta:tenure_months:bin';
/** The column's bins in value order (the report ranks them). */
const tenureBins = async (s: Service) =>
  (await report(s)).slices
    .filter((x) => x.id.startsWith(BIN))
    .sort((a, b) => Number(a.id.slice(BIN.length)) - Number(b.id.slice(BIN.length)));

/** Quantile bins computed here, independently: edges at the k/B quantiles, merged where equal. */
function expectedBins(values: number[], bins: number): { lo: number; hi: number; n: number }[] {
  const sorted = [...values].sort((a, b) => a - b);
  const edges: number[] = [];
  for (let k = 0; k < bins; k++) {
    const q = sorted[Math.floor((k * sorted.length) / bins)] as number;
    if (!edges.includes(q)) edges.push(q);
  }
  const max = sorted[sorted.length - 1] as number;
  return edges.map((lo, k) => {
    const last = k === edges.length - 1;
    const hi = last ? max : (edges[k + 1] as number);
    const n = values.filter((v) => v >= lo && (last ? v <= hi : v < hi)).length;
    return { lo, hi, n };
  });
}

let tenure: number[] = [];
beforeAll(() => {
  writeFileSync(csv, generateSampleCsv());
  tenure = readSimpleCsv(csv).map((r) => Number(r.tenure_months));
  expect(headroomCli(dir, 'import', csv, '--project', project).code).toBe(0);
}, 120_000);

describe('numeric bin counts', () => {
  let service = createService();

  it('bins 4 gives 4 bins whose n equal an independent count; undo restores the default', async () => {
    await ok(service.dispatch('project.open', { path: project }));
    const defaults = await tenureBins(service);
    expect(defaults.map((s) => s.n)).toEqual(expectedBins(tenure, 10).map((b) => b.n));

    const cli = headroomCli(dir, 'bins', project, 'tenure_months', '4');
    expect(cli.code, cli.err).toBe(0);
    expect(cli.out).toContain('tenure_months now has 4 bins');

    const four = await tenureBins(service);
    const expected = expectedBins(tenure, 4);
    expect(four).toHaveLength(4);
    expect(four.map((s) => s.n)).toEqual(expected.map((b) => b.n));
    expect(four.map((s) => s.name)).toEqual(
      expected.map((b, k) => `tenure_months in [${b.lo}, ${b.hi}${k === 3 ? ']' : ')'}`),
    );
    expect(four.reduce((a, s) => a + s.n, 0)).toBe(tenure.length);

    const undone = await ok<{ undone: string | null }>(service.dispatch('settings.undo', {}));
    expect(undone.undone).toBe('bins of tenure_months');
    expect(await tenureBins(service)).toEqual(defaults);

    await ok(service.dispatch('settings.redo', {}));
    expect((await tenureBins(service)).map((s) => s.n)).toEqual(expected.map((b) => b.n));
  });

  it('reopening keeps the count; default goes back to the report of before', async () => {
    service.close();
    service = createService();
    await ok(service.dispatch('project.open', { path: project }));
    expect(await tenureBins(service)).toHaveLength(4);
    const same = await ok<{ changed: boolean }>(
      service.dispatch('slices.bins', { column: 'tenure_months', bins: 4 }),
    );
    expect(same.changed).toBe(false);
    await ok(service.dispatch('slices.bins', { column: 'tenure_months', bins: null }));
    expect((await tenureBins(service)).map((s) => s.n)).toEqual(
      expectedBins(tenure, 10).map((b) => b.n),
    );
    service.close();
  });

  it('refuses a column that is not numeric, and a count out of range', async () => {
    service = createService();
    await ok(service.dispatch('project.open', { path: project }));
    await expect(
      ok(service.dispatch('slices.bins', { column: 'channel', bins: 4 })),
    ).rejects.toThrow(/Not a numeric column: "channel".*tenure_months/);
    await expect(ok(service.dispatch('slices.bins', { column: 'nope', bins: 4 }))).rejects.toThrow(
      /No metadata column named "nope"/,
    );
    await expect(
      ok(service.dispatch('slices.bins', { column: 'tenure_months', bins: 21 })),
    ).rejects.toThrow();
    service.close();
    const cli = headroomCli(dir, 'bins', project, 'tenure_months', '1');
    expect(cli.code).not.toBe(0);
    expect(cli.err).toContain('2..20');
  });
});
