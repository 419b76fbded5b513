import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../shared/report.ts';
import { DATASETS, headroomCli, readSimpleCsv, tempDir } from '../helpers.ts';

/**
 * Issue #15, the metric (analysis.md 8.1): `headroom report --metric recall:cat` and
 * `precision:cat` on CIFAR-10 through the real CLI, every slice's figures against counts made
 * here from the CSV rows.
 */
const dir = tempDir('headroom-report-metric-');
const file = join(DATASETS, 'cifar10_test/cifar10_test.csv');
const project = join(dir, 'c10.headroom');
const csv = readSimpleCsv(file);
const classes = [...new Set(csv.map((r) => r.label as string))].sort();
const header = new Set(Object.keys(csv[0] as object));

type Row = Record<string, string>;

/** The rows of a slice named "column = value" (every slice of this dataset is one). */
function rowsOf(name: string): Row[] {
  const m = /^(\w+) = (.+)$/.exec(name);
  if (!m || !header.has(m[1] as string)) throw new Error(`unexpected slice ${name}`);
  return csv.filter((r) => r[m[1] as string] === m[2]);
}

/** One annotator's chance of calling `cls`: its share of the example's votes. */
function voteShare(r: Row, cls: string): number {
  const votes = classes.map((c) => Number(r[`human_votes_${c}`]));
  return (votes[classes.indexOf(cls)] as number) / votes.reduce((a, b) => a + b, 0);
}

function report(metric: string): Report {
  const r = headroomCli(dir, 'report', project, '--format', 'json', '--metric', metric);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Report;
}

const close = (a: number | null | undefined, b: number) => {
  expect(a).not.toBeNull();
  expect(Math.abs((a as number) - b)).toBeLessThan(1e-12);
};

beforeAll(() => {
  const r = headroomCli(dir, 'import', file, '--project', project);
  expect(r.code).toBe(0);
}, 120_000);

describe('report --metric on CIFAR-10', () => {
  it('recall:cat: n, share, recall, humans’ recall and the no-skill floor per slice', () => {
    const rep = report('recall:cat');
    expect(rep.metric).toBe('recall:cat');
    const cats = csv.filter((r) => r.label === 'cat');
    for (const s of [rep.overall, ...rep.slices]) {
      const rows = s.id === 'overall' ? csv : rowsOf(s.name);
      const pop = rows.filter((r) => r.label === 'cat');
      expect([s.name, s.n]).toEqual([s.name, pop.length]);
      if (pop.length === 0) {
        expect(s.accuracy).toBeNull();
        continue;
      }
      close(s.share, pop.length / cats.length);
      close(s.accuracy, pop.filter((r) => r.prediction === 'cat').length / pop.length);
      // Humans' recall: mean agreement with the label over the examples labelled cat (the
      // engine keeps the file's human_agree column).
      close(s.hlp, pop.reduce((a, r) => a + Number(r.human_agree), 0) / pop.length);
      const floor = s.baselines?.find((b) => b.source === 'majority');
      close(floor?.value, rows.filter((r) => r.prediction === 'cat').length / rows.length);
      expect(floor?.n).toBe(rows.length);
    }
  });

  it('precision:cat: n, precision, humans’ precision from the votes, gap against it', () => {
    const rep = report('precision:cat');
    expect(rep.metric).toBe('precision:cat');
    for (const s of [rep.overall, ...rep.slices]) {
      const rows = s.id === 'overall' ? csv : rowsOf(s.name);
      const pop = rows.filter((r) => r.prediction === 'cat');
      expect([s.name, s.n]).toEqual([s.name, pop.length]);
      if (pop.length === 0) continue;
      const precision = pop.filter((r) => r.label === 'cat').length / pop.length;
      close(s.accuracy, precision);
      const called = rows.reduce((a, r) => a + voteShare(r, 'cat'), 0);
      if (called === 0) {
        expect(s.hlp).toBeNull();
        continue;
      }
      const right = rows
        .filter((r) => r.label === 'cat')
        .reduce((a, r) => a + voteShare(r, 'cat'), 0);
      close(s.hlp, right / called);
      expect(s.hlp_n).toBe(rows.filter((r) => voteShare(r, 'cat') > 0).length);
      close(s.gap, right / called - precision);
      close(s.reference_value, right / called);
      const floor = s.baselines?.find((b) => b.source === 'majority');
      close(floor?.value, rows.filter((r) => r.label === 'cat').length / rows.length);
    }
  });

  it('refuses an unknown class with the project’s classes, and says where', () => {
    const r = headroomCli(dir, 'report', project, '--metric', 'recall:kat');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('no class "kat"');
    expect(r.err).toContain('airplane, automobile');
  });
});
