import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDuckdb } from '../../electron/core/summaries/duckdb-engine.ts';
import { summarize } from '../../electron/core/summaries/summarize.ts';
import Database from 'better-sqlite3';
import type { Decision } from '../../shared/decisions.ts';
import type { Report, SliceFigures } from '../../shared/report.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import { DATASETS, headroomCli, readSimpleCsv, tempDir } from '../helpers.ts';
import {
  expectSameReport,
  expectSameWithRunB,
  metricReport,
  mnistWithRunB,
  nativeReport,
  parquetCopy,
  serviceReport,
} from './summary-report.ts';

const dir = tempDir('headroom-summary-');

async function summaryReport(source: string, project: string) {
  const engine = await openDuckdb(source);
  try {
    await summarize(engine, project);
  } finally {
    await engine.close();
  }
  return serviceReport(project);
}

describe('summarize --engine duckdb: the summary report equals the native report', () => {
  const cases = [
    ['CIFAR-10 (human votes, categorical metadata)', 'cifar10_test/cifar10_test.csv'],
    ['IMDB (numeric bins, text column)', 'imdb_test/imdb_test.csv'],
    ['MNIST (numeric bins, digit labels)', 'mnist_test/mnist_test.csv'],
    ['ChaosNLI (100 annotators, three classes)', 'chaosnli/chaosnli_snli_mnli.csv'],
    ['News20 (20 classes, text column)', 'news20_test/news20_test.csv'],
    ['ImageNet (1,000 classes, 50,000 rows)', 'imagenet_val/imagenet_val.csv'],
    ['CIFAR-100 (100 classes, coarse labels)', 'cifar100_test/cifar100_test.csv'],
  ] as const;
  for (const [what, file] of cases) {
    // ImageNet: an import and two summaries of 50,000 rows, 1,018 slices; over 120 s at a load
    // average of 25 on 2 cores.
    it(what, { timeout: 400_000 }, async () => {
      const csv = join(DATASETS, file);
      const stem = file.split('/')[0] as string;
      const native = await nativeReport(csv, join(dir, `${stem}-native.headroom`));
      expect(native.slices.length).toBeGreaterThan(5);
      const fromCsv = await summaryReport(csv, join(dir, `${stem}-csv.headroom`));
      expectSameReport(fromCsv, native, `${stem} (CSV)`);
      const parquet = await parquetCopy(csv, dir, stem);
      const fromParquet = await summaryReport(parquet, join(dir, `${stem}-parquet.headroom`));
      expectSameReport(fromParquet, native, `${stem} (Parquet)`);
    });
  }
});

describe('a summary project without a sample', () => {
  it('answers every command that needs single examples with the plain explanation', async () => {
    const project = join(dir, 'plain.headroom');
    const summarized = headroomCli(
      dir,
      'summarize',
      join(DATASETS, 'mnist_test/mnist_test.csv'),
      '--project',
      project,
    );
    expect(summarized.err).toBe('');
    expect(summarized.code).toBe(0);
    expect(summarized.out).toMatch(/^Summarized 10,000 rows .* with duckdb/);
    for (const args of [
      ['examples', project],
      ['suspects', project],
      ['tag', project, 'x', '--ids', '1'],
      ['review', 'verdict', project, '1', 'correct'],
    ]) {
      const r = headroomCli(dir, ...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.err, args.join(' ')).toContain(
        'this is a summary project: it has no examples; summarize with --sample N to browse a sample',
      );
    }
    const report = headroomCli(dir, 'report', project, '--format', 'json');
    expect(report.code).toBe(0);
    expect((JSON.parse(report.out) as { overall: { n: number } }).overall.n).toBe(10000);
    // What the statistics cannot give is refused in words, never left out silently.
    const otherRun = headroomCli(dir, 'report', project, '--reference', 'run:other');
    expect(otherRun.code).toBe(1);
    expect(otherRun.err).toContain('the summary holds no other run; summarize with --run-column');
    const recall = headroomCli(dir, 'report', project, '--metric', 'recall:7', '--format', 'json');
    expect(recall.code).toBe(0);
    expect((JSON.parse(recall.out) as { metric: string }).metric).toBe('recall:7');
  });

  it('refuses a project with imported examples and leaves no file after a failed summarize', () => {
    const missing = join(dir, 'missing.headroom');
    const r = headroomCli(dir, 'summarize', join(dir, 'nope.csv'), '--project', missing);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/DuckDB could not read .*nope\.csv/);
    expect(existsSync(missing)).toBe(false);
  });
});

describe('summarize --sample N and refresh', () => {
  const idsOf = (project: string) => {
    const db = new Database(project, { readonly: true });
    try {
      return db.prepare('SELECT id FROM examples ORDER BY id').pluck().all() as string[];
    } finally {
      db.close();
    }
  };

  it(
    'imports a seeded uniform sample to browse, never mixed into the summary; a refresh adds a run',
    // Seven summaries and two imports: 130-175 s on 2 busy cores.
    { timeout: 400_000 },
    async () => {
      const csv = join(DATASETS, 'mnist_test/mnist_test.csv');
      const native = await nativeReport(csv, join(dir, 'sample-native.headroom'));
      const a = join(dir, 'sample-a.headroom');
      const run = (project: string, seed: string) =>
        headroomCli(
          dir,
          'summarize',
          csv,
          '--project',
          project,
          '--sample',
          '500',
          '--seed',
          seed,
          '--json',
        );
      const first = run(a, '7');
      expect(first.err).toBe('');
      expect(JSON.parse(first.out)).toMatchObject({ rows: 10000, sampleRows: 500, summaryId: 1 });
      const ids = idsOf(a);
      expect(new Set(ids).size).toBe(500);
      const all = new Set(readSimpleCsv(csv).map((r) => r.id));
      for (const id of ids) expect(all.has(id)).toBe(true);
      // The examples browser works on the sample; the report is the summary's (all 10,000 rows).
      const listed = headroomCli(dir, 'examples', a, '--format', 'json', '--limit', '1000');
      expect(listed.code).toBe(0);
      expect((JSON.parse(listed.out) as { rows: unknown[] }).rows).toHaveLength(500);
      expectSameReport(await serviceReport(a), native, 'mnist with a sample');
      // Seeded: the same seed draws the same sample, another seed another.
      const b = join(dir, 'sample-b.headroom');
      run(b, '7');
      expect(idsOf(b)).toEqual(ids);
      const c = join(dir, 'sample-c.headroom');
      run(c, '8');
      expect(idsOf(c)).not.toEqual(ids);
      // Refresh: a new run of statistics; the sample is kept as it was.
      const again = headroomCli(dir, 'summarize', csv, '--project', a, '--json');
      expect(JSON.parse(again.out)).toMatchObject({ summaryId: 2, sampleRows: 500 });
      expect(idsOf(a)).toEqual(ids);
      expectSameReport(await serviceReport(a), native, 'mnist after a refresh');
      // Another --sample on a refresh is refused in words, the project left as it was.
      const resample = run(a, '9');
      expect(resample.code).toBe(1);
      expect(resample.err).toContain('already holds a sample of 500 examples, kept on a refresh');
      expect(idsOf(a)).toEqual(ids);
    },
  );
});

describe('summarize again: a refresh', () => {
  it(
    'with other data reports the new figures; settings, targets, requirements and decisions survive',
    { timeout: 240_000 },
    async () => {
      const csv = join(DATASETS, 'mnist_test/mnist_test.csv');
      const lines = readFileSync(csv, 'utf8').split('\n');
      // The first summary sees 6,000 rows; the refresh the whole file (another file name too).
      const early = join(dir, 'mnist-early.csv');
      writeFileSync(early, lines.slice(0, 6001).join('\n') + '\n');
      const project = join(dir, 'refresh.headroom');
      const first = headroomCli(dir, 'summarize', early, '--project', project, '--json');
      expect(first.err).toBe('');
      expect(JSON.parse(first.out)).toMatchObject({ rows: 6000, summaryId: 1 });
      const native = join(dir, 'refresh-native.headroom');
      await nativeReport(csv, native);
      const nativeEarly = await nativeReport(early, join(dir, 'refresh-native-early.headroom'));
      // The same settings on the summary project and on the native one.
      const settings: [string, unknown][] = [
        ['slices.settings', { slice: 'label = 3', ease: 2, importance: 3 }],
        ['slices.settings', { slice: 'stroke = thin', hlp: { value: 0.995, n: 400 } }],
        ['baselines.setTarget', { slice: 'label = 5', value: 0.97 }],
        ['baselines.setRequirement', { scope: 'label = 8', text: '>= 0.95' }],
      ];
      for (const p of [project, native]) await calls(p, settings);
      const [decided] = await calls(project, [
        ['decisions.add', { slice: 'label = 3', owner: 'ana', why: 'collect more 3s' }],
      ]);
      const then = (decided as { decision: Decision }).decision;
      const early3 = nativeEarly.slices.find((s) => s.id === 'class:3') as SliceFigures;
      expect(then.then.accuracy).toBeCloseTo(early3.accuracy as number, 12);

      const again = headroomCli(dir, 'summarize', csv, '--project', project, '--json');
      expect(again.err).toBe('');
      expect(JSON.parse(again.out)).toMatchObject({ rows: 10000, summaryId: 2 });
      // The new figures, with the settings the project held before the refresh.
      const after = await serviceReport(project);
      expectSameReport(after, await serviceReport(native), 'mnist after a refresh with more rows');
      const three = after.slices.find((s) => s.id === 'class:3') as SliceFigures;
      expect([three.ease, three.importance]).toEqual([2, 3]);
      expect(after.slices.find((s) => s.id === 'meta:stroke=thin')?.hlp_entered).toBe(true);
      expect(after.slices.find((s) => s.id === 'class:8')?.requirement).toBe('>= 0.95');
      // The decision is kept, then as decided, now the refreshed figures.
      const [listed] = await calls(project, [['decisions.list', {}]]);
      const decisions = (listed as { decisions: Decision[] }).decisions;
      expect(decisions).toHaveLength(1);
      expect(decisions[0]?.then).toEqual(then.then);
      expect(decisions[0]?.now?.accuracy).toBeCloseTo(three.accuracy as number, 12);
      expect(three.accuracy).not.toBeCloseTo(early3.accuracy as number, 6);
    },
  );
});

/** Service calls on one project, in order; their values (a failure throws its message). */
async function calls(project: string, list: [string, unknown][]): Promise<unknown[]> {
  const service = createService();
  try {
    const opened = await service.dispatch('project.open', { path: project });
    if (!opened.ok) throw new Error(opened.error.message);
    const out: unknown[] = [];
    for (const [method, input] of list) {
      const env = await service.dispatch(method as never, input as never);
      if (!env.ok) throw new Error(`${method}: ${env.error.message}`);
      out.push(env.value);
    }
    return out;
  } finally {
    service.close();
  }
}

describe('summarize --bins COLUMN=B', () => {
  it(
    'cuts a numeric column into B bins at the native edges; kept on a refresh; refused where bins do not apply',
    { timeout: 300_000 },
    async () => {
      const csv = join(DATASETS, 'mnist_test/mnist_test.csv');
      const native = join(dir, 'bins-native.headroom');
      await nativeReport(csv, native);
      const column = 'ink_fraction';
      const [binned] = await calls(native, [
        ['slices.bins', { column, bins: 4, report: 'original' }],
      ]);
      const nativeBins = (binned as { report: Report }).report;
      const ids = nativeBins.slices
        .map((s) => s.id)
        .filter((id) => id.startsWith(`meta:${column}:`));
      expect(ids.length).toBe(4);
      const project = join(dir, 'bins.headroom');
      const r = headroomCli(dir, 'summarize', csv, '--project', project, '--bins', `${column}=4`);
      expect(r.err).toBe('');
      expectSameReport(await serviceReport(project), nativeBins, 'mnist with 4 bins');
      // The count is the project's: a refresh without --bins keeps it.
      const again = headroomCli(dir, 'summarize', csv, '--project', project, '--json');
      expect(JSON.parse(again.out)).toMatchObject({ summaryId: 2 });
      expectSameReport(await serviceReport(project), nativeBins, 'mnist with 4 bins, refreshed');
      // The engine cuts the bins: the service says how to change them.
      await expect(calls(project, [['slices.bins', { column, bins: 6 }]])).rejects.toThrow(
        `summarize again with --bins ${column}=6`,
      );
      const wrong = headroomCli(dir, 'summarize', csv, '--project', project, '--bins', 'label=4');
      expect(wrong.code).toBe(1);
      expect(wrong.err).toContain(`--bins "label": not a numeric column of the source`);
      const range = headroomCli(
        dir,
        'summarize',
        csv,
        '--project',
        project,
        '--bins',
        `${column}=30`,
      );
      expect(range.code).toBe(2);
      expect(range.err).toContain('--bins takes COLUMN=B with B from 2 to 20');
    },
  );
});

describe('recall and precision of a class on a summary project', () => {
  it(
    'equal the native report (MNIST without humans: recall and precision; CIFAR-10 with votes: recall)',
    { timeout: 400_000 },
    async () => {
      for (const [file, metrics] of [
        ['mnist_test/mnist_test.csv', ['recall:7', 'precision:7', 'recall:9', 'precision:2']],
        ['cifar10_test/cifar10_test.csv', ['recall:cat', 'recall:truck']],
      ] as const) {
        const csv = join(DATASETS, file);
        const stem = file.split('/')[0] as string;
        const native = join(dir, `${stem}-metric-native.headroom`);
        await nativeReport(csv, native);
        const project = join(dir, `${stem}-metric.headroom`);
        const r = headroomCli(dir, 'summarize', csv, '--project', project);
        expect(r.err).toBe('');
        for (const metric of metrics) {
          const want = await metricReport(native, metric);
          expect(want.metric).toBe(metric);
          expectSameReport(await metricReport(project, metric), want, `${stem} ${metric}`);
        }
        // The default metric is untouched by the per-class counts.
        expectSameReport(await serviceReport(project), await serviceReport(native), stem);
      }
      // What counts cannot give is refused in words.
      const cifar = join(dir, 'cifar10_test-metric.headroom');
      await expect(metricReport(cifar, 'precision:cat')).rejects.toThrow(
        "the humans' precision of a class needs each example's vote share for it",
      );
      await expect(metricReport(cifar, 'recall:zebra')).rejects.toThrow('no class "zebra"');
      const threshold = headroomCli(
        dir,
        'report',
        cifar,
        '--positive',
        'cat',
        '--threshold',
        '0.3',
      );
      expect(threshold.code).toBe(1);
      expect(threshold.err).toContain('A summary project has no per-example scores');
    },
  );
});

describe('summarize --run-column NAME=COLUMN: another run as a baseline', () => {
  it(
    'gives the run:NAME baselines and reference of the native project with that run imported',
    { timeout: 400_000 },
    async () => {
      const { both, native } = await mnistWithRunB(dir);
      const project = join(dir, 'runs.headroom');
      const r = headroomCli(
        dir,
        'summarize',
        both,
        '--project',
        project,
        '--run-column',
        'b=prediction_b',
      );
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      await expectSameWithRunB(project, native, 'mnist');
      // No such run, and a metric that would need pairs per class: refused in words.
      await expect(serviceReport(project, 'run:c')).rejects.toThrow('no run named "c"');
      await expect(metricReport(project, 'recall:7')).rejects.toThrow('needs pairs per class');
      const missing = headroomCli(
        dir,
        'summarize',
        both,
        '--project',
        join(dir, 'x.headroom'),
        '--run-column',
        'c=nope',
      );
      expect(missing.code).toBe(1);
      expect(missing.err).toContain('the source has no column "nope"');
    },
  );
});
