import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report, SliceFigures } from '../../shared/report.ts';
import { generateLoans, writeLoanFiles, type LoanRow } from '../fixtures/loan-generator.ts';
import { DATASETS, headroomCli, tempDir } from '../helpers.ts';

/**
 * Issue #15, the reference: the loan project (no humans; runs `new` and `old`) reported with
 * `--reference run:old` through the real CLI ranks slices by max(old − new, 0) × share, as a
 * computation straight from the generated rows says (analysis.md 8.3).
 */
const dir = tempDir('headroom-reference-run-');
const project = join(dir, 'loans.headroom');
const rows = generateLoans();

const COLUMNS = ['region', 'age_band', 'income_band', 'employment', 'label'] as const;

/** The rows of a slice named as the report names it ("region = south", "label = denied"). */
function rowsOf(name: string): LoanRow[] | null {
  const m = /^(\w+) = (.+)$/.exec(name);
  if (!m || !(COLUMNS as readonly string[]).includes(m[1] as string)) return null;
  const col = m[1] as (typeof COLUMNS)[number];
  return rows.filter((r) => r[col] === m[2]);
}

function report(...args: string[]): Report {
  const r = headroomCli(dir, 'report', project, '--format', 'json', ...args);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Report;
}

beforeAll(() => {
  const files = writeLoanFiles(dir, rows);
  for (const args of [
    ['import', files.examples, '--project', project, '--run', 'new'],
    ['import', files.old, '--project', project, '--as', 'run', '--run', 'old'],
  ]) {
    const r = headroomCli(dir, ...args);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  }
}, 120_000);

describe('report --reference run:old on the loan project', () => {
  it('gap = old − new on the paired examples, gain = max(gap, 0) × share, ranked by it', () => {
    const rep = report('--reference', 'run:old');
    expect(rep.reference).toBe('run:old');
    expect(rep.metric).toBe('accuracy');
    const checked: { name: string; gain: number }[] = [];
    for (const s of rep.slices as SliceFigures[]) {
      const mine = rowsOf(s.name);
      if (!mine) continue;
      const newRight = mine.filter((r) => r.prediction === r.label).length;
      const oldRight = mine.filter((r) => r.old === r.label).length;
      const gap = (oldRight - newRight) / mine.length;
      const share = mine.length / rows.length;
      expect([s.name, s.n]).toEqual([s.name, mine.length]);
      expect(s.reference_source).toBe('run:old');
      expect(Math.abs((s.reference_value as number) - oldRight / mine.length)).toBeLessThan(1e-12);
      expect(Math.abs((s.gap as number) - gap)).toBeLessThan(1e-12);
      expect(Math.abs((s.potential_gain as number) - Math.max(gap, 0) * share)).toBeLessThan(1e-12);
      expect(Math.abs((s.priority as number) - Math.max(gap, 0) * share)).toBeLessThan(1e-12);
      const run = s.baselines?.find((b) => b.source === 'run:old');
      expect(run?.n).toBe(mine.length);
      // The no-skill floor: the slice's most frequent label.
      const approved = mine.filter((r) => r.label === 'approved').length;
      const floor = Math.max(approved, mine.length - approved) / mine.length;
      const majority = s.baselines?.find((b) => b.source === 'majority');
      expect(Math.abs((majority?.value as number) - floor)).toBeLessThan(1e-12);
      checked.push({ name: s.name, gain: Math.max(gap, 0) * share });
    }
    // Every metadata and class slice was checked; the order of those with a positive gain is
    // the order of the gains computed here (the rest tie at 0 and fall to the tie-breakers).
    expect(checked.length).toBe(5 + 4 + 3 + 4 + 2);
    const positive = checked.filter((c) => c.gain > 0);
    expect(positive.length).toBeGreaterThan(3);
    const expected = [...positive].sort((a, b) => b.gain - a.gain).map((c) => c.name);
    expect(positive.map((c) => c.name)).toEqual(expected);
    // South is where the older system was better (PLANTED): it leads.
    expect(expected[0]).toBe('region = south');
  });

  it('without humans the default reference is best (here the old run); hlp gives no gap', () => {
    const best = report();
    expect(best.reference).toBe('best');
    const viaRun = report('--reference', 'run:old');
    expect(best.slices.map((s) => [s.name, s.gap, s.reference_source])).toEqual(
      viaRun.slices.map((s) => [s.name, s.gap, 'run:old']),
    );
    const hlp = report('--reference', 'hlp');
    expect(hlp.slices.every((s) => s.gap === null && s.reference_value === null)).toBe(true);
  });

  it('the table under run:old names its reference column and the old run accuracy, never "HLP"', () => {
    const t = headroomCli(dir, 'report', project, '--reference', 'run:old');
    expect(t.code).toBe(0);
    const lines = t.out.split('\n');
    expect(lines[0]).toContain('gap against run:old');
    const header = lines.find((l) => l.startsWith('slice')) as string;
    expect(header).toMatch(/\breference\b/);
    expect(header).not.toMatch(/\bHLP\b/);
    expect(t.out).not.toContain('model beats humans');
    // A gap measured against the old run needs no human level: no hint to enter one.
    expect(t.out).not.toContain('No human-level performance yet');
    const hlp = headroomCli(dir, 'report', project, '--reference', 'hlp');
    expect(hlp.code).toBe(0);
    expect(hlp.out).toContain('No human-level performance yet');
    // Against a target none was entered for: nothing to measure against, the hint stays.
    const target = headroomCli(dir, 'report', project, '--reference', 'target');
    expect(target.code).toBe(0);
    expect(target.out).toContain('No human-level performance yet');
    // The south region's row shows the old run's accuracy counted from the rows.
    const south = rowsOf('region = south') as (typeof rows)[number][];
    const oldAcc = south.filter((r) => r.old === r.label).length / south.length;
    const row = lines.find((l) => l.startsWith('region = south')) as string;
    expect(row).toContain(`${(oldAcc * 100).toFixed(1)}%`);
  });

  it('refuses an unknown run and the analysed run as a reference', () => {
    const unknown = headroomCli(dir, 'report', project, '--reference', 'run:older');
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toContain('no run named "older"');
    const self = headroomCli(dir, 'report', project, '--reference', 'run:new');
    expect(self.code).not.toBe(0);
    expect(self.err).toContain('the run being analysed');
    const bad = headroomCli(dir, 'report', project, '--reference', 'humans');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('--reference takes');
  });
});

describe('the default reference leaves reports with humans as they were', () => {
  const c10 = join(dir, 'c10.headroom');
  beforeAll(() => {
    const r = headroomCli(
      dir,
      'import',
      join(DATASETS, 'cifar10_test/cifar10_test.csv'),
      '--project',
      c10,
    );
    expect(r.code).toBe(0);
  }, 120_000);

  it('CIFAR-10: table, md and csv are byte-identical with and without --reference hlp', () => {
    for (const format of ['table', 'md', 'csv']) {
      const plain = headroomCli(dir, 'report', c10, '--format', format);
      const hlp = headroomCli(dir, 'report', c10, '--format', format, '--reference', 'hlp');
      expect(plain.code).toBe(0);
      expect([format, plain.out]).toEqual([format, hlp.out]);
    }
    const json = JSON.parse(headroomCli(dir, 'report', c10, '--format', 'json').out) as Report;
    expect(json.reference).toBe('hlp');
    // The gap stays section 3's: hlp − accuracy, and the hlp baseline is the slice's HLP.
    for (const s of [json.overall, ...json.slices]) {
      if (s.hlp === null || s.accuracy === null) continue;
      expect(Math.abs((s.gap as number) - (s.hlp - s.accuracy))).toBeLessThan(1e-12);
      expect(s.reference_value).toBe(s.hlp);
      expect(s.baselines?.[0]).toMatchObject({ source: 'hlp', value: s.hlp, n: s.hlp_n });
    }
  });
});
