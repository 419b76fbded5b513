import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planColumns } from '../../electron/core/importers/detect-roles.ts';
import {
  clickhouseIdent,
  openClickhouse,
} from '../../electron/core/summaries/clickhouse-engine.ts';
import { openDuckdb } from '../../electron/core/summaries/duckdb-engine.ts';
import { computeSummary } from '../../electron/core/summaries/summary-query.ts';
import { rng } from '../rng.ts';
import {
  INJECTIONS,
  nativeCounts,
  outsideQuotes,
  randomRule,
  recording,
  writeFuzzCsv,
} from './rule-fuzz.ts';
import Database from 'better-sqlite3';
import type { Confusion, ExampleDetail, ExamplePage } from '../../shared/examples.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import { DATASETS, headroomCli, readSimpleCsv, tempDir } from '../helpers.ts';
import { ClickhouseCluster, clickhouseMissing } from './clickhouse-cluster.ts';
import {
  expectSameReport,
  expectSameWithRunB,
  metricReport,
  mnistWithRunB,
  nativeReport,
  serviceReport,
} from './summary-report.ts';

const missing = clickhouseMissing();

/** The ids of the examples a project holds (its sample), in id order. */
function sampleIds(project: string): string[] {
  const db = new Database(project, { readonly: true });
  try {
    return db.prepare('SELECT id FROM examples ORDER BY id').pluck().all() as string[];
  } finally {
    db.close();
  }
}
if (missing) console.warn(`skipping the ClickHouse tests: ${missing}`);

describe.skipIf(missing !== null)('summarize --engine clickhouse on a 2-shard cluster', () => {
  const dir = tempDir('headroom-clickhouse-');
  let cluster: ClickhouseCluster;

  beforeAll(async () => {
    cluster = await ClickhouseCluster.start(join(dir, 'cluster'));
  }, 90_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  /** `headroom summarize` of one of the cluster's tables into a project, with more arguments. */
  const summarize = (table: string, project: string, ...more: string[]) =>
    headroomCli(
      dir,
      'summarize',
      '--engine',
      'clickhouse',
      '--url',
      cluster.url(0),
      '--table',
      table,
      '--project',
      project,
      ...more,
    );

  /** The CSV's rows split across the two shards, under a Distributed table on the first. */
  async function load(csv: string, table: string): Promise<number[]> {
    const text = readFileSync(csv, 'utf8');
    const lines = text.split('\n').filter((l) => l !== '');
    const header = lines[0] as string;
    const cols = header
      .split(',')
      .map((c) => `${clickhouseIdent(c)} String`)
      .join(', ');
    // Rows may hold quoted fields with newlines? Not in these files: one row per line.
    const rows = lines.slice(1);
    const half = Math.ceil(rows.length / 2);
    const parts = [rows.slice(0, half), rows.slice(half)];
    for (const i of [0, 1]) {
      await cluster.query(i, `CREATE TABLE ${table}_local (${cols}) ENGINE = Log`);
      await cluster.query(
        i,
        `INSERT INTO ${table}_local FORMAT CSVWithNames`,
        [header, ...(parts[i] as string[])].join('\n') + '\n',
      );
    }
    await cluster.query(
      0,
      `CREATE TABLE ${table} AS ${table}_local ENGINE = Distributed(two_shards, default, ${table}_local)`,
    );
    const counts = [];
    for (const i of [0, 1])
      counts.push(
        Number(
          (await cluster.query(i, `SELECT count() AS n FROM ${table}_local FORMAT JSONEachRow`))[0]
            ?.n,
        ),
      );
    return counts;
  }

  const datasets = [
    ['CIFAR-10 (human votes, categorical metadata)', 'cifar10_test/cifar10_test.csv', 10000],
    ['IMDB (numeric bins, text column)', 'imdb_test/imdb_test.csv', 25000],
    ['MNIST (numeric bins, digit labels)', 'mnist_test/mnist_test.csv', 10000],
    ['CIFAR-100 (100 classes, coarse labels)', 'cifar100_test/cifar100_test.csv', 10000],
    ['ImageNet (1,000 classes)', 'imagenet_val/imagenet_val.csv', 50000],
    ['ChaosNLI (100 annotators, three classes)', 'chaosnli/chaosnli_snli_mnli.csv', 3083],
    ['News20 (20 classes, repeating slices)', 'news20_test/news20_test.csv', 7532],
  ] as const;
  const METRICS = new Map<string, string[]>([
    ['cifar10_test', ['recall:cat']],
    ['mnist_test', ['recall:7', 'precision:7']],
    ['news20_test', ['recall:sci.space', 'precision:sci.space']],
  ]);
  // ImageNet (1,018 slices) runs every time since the grouped queries (one per slice column):
  // about 2 s of ClickHouse time where the conditional sums per slice took 80-100 s.
  for (const [what, file, rows] of datasets) {
    it(
      `${what} through the Distributed table equals the native report`,
      { timeout: 400_000 },
      async () => {
        const csv = join(DATASETS, file);
        const stem = file.split('/')[0] as string;
        const counts = await load(csv, stem);
        expect(counts).toEqual([Math.ceil(rows / 2), Math.floor(rows / 2)]);
        const native = await nativeReport(csv, join(dir, `${stem}-native.headroom`));
        const project = join(dir, `${stem}.headroom`);
        const t0 = performance.now();
        const r = summarize(stem, project, '--json');
        const seconds = (performance.now() - t0) / 1000;
        expect(r.err).toBe('');
        expect(r.code).toBe(0);
        const out = JSON.parse(r.out) as { rows: number; engine: string };
        expect(out).toMatchObject({ rows, engine: 'clickhouse' });
        console.log(`clickhouse summarize of ${stem} over 2 shards: ${seconds.toFixed(2)} s (CLI)`);
        expectSameReport(await serviceReport(project), native, `${stem} (ClickHouse)`);
        // Recall and precision of a class from the per-class counts ClickHouse computed.
        for (const metric of METRICS.get(stem) ?? []) {
          expectSameReport(
            await metricReport(project, metric),
            await metricReport(join(dir, `${stem}-native.headroom`), metric),
            `${stem} ${metric} (ClickHouse)`,
          );
        }
      },
    );
  }

  it(
    'each shard aggregates its rows of a grouped scan: it sends its groups, not its rows',
    { timeout: 120_000 },
    async () => {
      // The second shard's query log (log_queries, clickhouse-cluster.ts): the queries the node
      // that got summarize's queries sent it, with the rows each answered.
      const counts = await load(join(DATASETS, 'cifar10_test/cifar10_test.csv'), 'by_shard');
      const r = summarize('by_shard', join(dir, 'by-shard.headroom'), '--json');
      expect(r.err).toBe('');
      await cluster.query(1, 'SYSTEM FLUSH LOGS');
      const sent = (
        await cluster.query(
          1,
          `SELECT query, result_rows FROM system.query_log WHERE type = 2 AND is_initial_query = 0 AND query LIKE '%by_shard_local%' FORMAT JSONEachRow`,
        )
      ).map((q) => ({ query: String(q.query), rows: Number(q.result_rows) }));
      const grouped = sent.filter((q) => /GROUP BY/.test(q.query));
      // The classes (by label; by label and prediction), and two scans per metadata column.
      expect(grouped.length).toBeGreaterThanOrEqual(2);
      // 10 labels by 10 predictions at most; the shard holds 5,000 rows.
      expect(counts[1]).toBe(5000);
      for (const q of grouped) expect(q.rows, q.query).toBeLessThanOrEqual(100);
    },
  );

  it(
    "the rules' and repeats' sums and a numeric column's order statistics aggregate on each shard too",
    { timeout: 120_000 },
    async () => {
      const csv = join(DATASETS, 'mnist_test/mnist_test.csv');
      const counts = await load(csv, 'by_shard_rules');
      // Two rules with the same members: a repeat candidate counted by conditional sums.
      const rules = [
        'ink_fraction > 0.15',
        '(ink_fraction > 0.15) and (confidence >= 0)',
        'stroke = "thin" and correct = 0',
      ].map((expression, id) => ({ id, name: `r${id}`, expression }));
      const { engine, sql } = recording(
        await openClickhouse({ url: cluster.url(0), table: 'by_shard_rules' }),
      );
      const plans = planColumns(await engine.columns(), 'examples');
      const stats = await computeSummary(engine, plans, rules);
      // The same statistics as DuckDB reading the file.
      const duck = await computeSummary(await openDuckdb(csv), plans, rules);
      expect(stats.slices).toEqual(duck.slices);
      // (ink_fraction > 0.15 is nearly MNIST's stroke = thick: the rule repeats that slice.)
      expect(stats.slices.find((s) => s.id === 'rule:1')?.repeats).not.toBeNull();
      expect(stats.slices.filter((s) => s.id.startsWith('meta:ink_fraction:bin')).length).toBe(10);
      // Each kind of scan ran: the rules' sums, the repeats' intersections, the order statistics.
      for (const what of [/AS n_0/, /AS j0/, /quantilesExact/])
        expect(
          sql.some((q) => what.test(q)),
          String(what),
        ).toBe(true);

      await cluster.query(1, 'SYSTEM FLUSH LOGS');
      const sent = (
        await cluster.query(
          1,
          `SELECT query, result_rows FROM system.query_log WHERE type = 2 AND is_initial_query = 0 AND query LIKE '%by_shard_rules_local%' FORMAT JSONEachRow`,
        )
      ).map((q) => ({ query: String(q.query), rows: Number(q.result_rows) }));
      expect(counts[1]).toBe(5000);
      for (const what of [/n_0/, /j0/, /quantilesExact/])
        expect(sent.some((q) => what.test(q.query), String(what))).toBe(true);
      // No query made the shard send its rows: at most 10 labels by 10 predictions a group, the
      // rules' and repeats' sums one row a label or none, the order statistics one row.
      for (const q of sent) expect(q.rows, q.query).toBeLessThanOrEqual(100);
    },
  );

  it(
    'random rules over hostile names and values count what the native engine counts',
    { timeout: 180_000 },
    async () => {
      const csv = writeFuzzCsv(dir, 11, 300);
      const body = readFileSync(csv, 'utf8');
      const header = await (await openDuckdb(csv)).columns();
      const cols = header.map((c) => `${clickhouseIdent(c)} String`).join(', ');
      await cluster.query(0, `CREATE TABLE fuzz (${cols}) ENGINE = Log`);
      await cluster.query(0, 'INSERT INTO fuzz FORMAT CSVWithNames', body);
      const r = rng(104729);
      const rules = Array.from({ length: 80 }, () => randomRule(r));
      const native = await nativeCounts(dir, csv, rules);
      const { engine, sql } = recording(
        await openClickhouse({ url: cluster.url(0), table: 'fuzz' }),
      );
      expect(await engine.columns()).toEqual(header);
      const stats = await computeSummary(
        engine,
        planColumns(header, 'examples'),
        rules.map((expression, id) => ({ id, name: `r${id}`, expression })),
      );
      rules.forEach((rule, k) =>
        expect(stats.slices.find((s) => s.id === `rule:${k}`)?.size, rule).toBe(native[k]),
      );
      // Every value is a literal in ClickHouse's quoting: none is left outside its quotes.
      for (const text of sql) {
        const { outside } = outsideQuotes(text, 'clickhouse');
        for (const h of INJECTIONS) expect(outside).not.toContain(h);
      }
    },
  );

  it(
    "--sample N draws a seeded uniform sample from both shards to browse; the figures stay the summary's",
    { timeout: 300_000 },
    async () => {
      const csv = join(DATASETS, 'mnist_test/mnist_test.csv');
      expect(await load(csv, 'sampled')).toEqual([5000, 5000]);
      const native = await nativeReport(csv, join(dir, 'sampled-native.headroom'));
      const summarizeSample = (project: string, seed: string) => {
        const r = summarize('sampled', project, '--sample', '500', '--seed', seed, '--json');
        expect(r.err).toBe('');
        expect(r.code).toBe(0);
        return JSON.parse(r.out) as { rows: number; sampleRows: number; summaryId: number };
      };
      const project = join(dir, 'sampled.headroom');
      expect(summarizeSample(project, '7')).toMatchObject({
        rows: 10000,
        sampleRows: 500,
        summaryId: 1,
      });
      const ids = sampleIds(project);
      expect(new Set(ids).size).toBe(500);
      const byId = new Map(readSimpleCsv(csv).map((r) => [r.id as string, r]));
      for (const id of ids) expect(byId.has(id)).toBe(true);
      // Drawn from both shards (ids 0-4999 on the first, 5000-9999 on the second), about half
      // each: binomial(500, 1/2) has a standard deviation of 11.
      const first = ids.filter((id) => Number(id) < 5000).length;
      expect(first).toBeGreaterThan(250 - 6 * 11);
      expect(first).toBeLessThan(250 + 6 * 11);

      // The examples browser (the service's examples.*) works on the sample, with the file's values.
      const service = createService();
      try {
        const call = async (method: string, input: unknown) => {
          const env = await service.dispatch(method as never, input as never);
          if (!env.ok) throw new Error(env.error.message);
          return env.value as unknown;
        };
        await call('project.open', { path: project });
        expect(await call('examples.count', {})).toEqual({ total: 500 });
        const page = (await call('examples.page', { limit: 1000 })) as ExamplePage;
        expect(page.rows.map((r) => r.id).sort()).toEqual([...ids].sort());
        for (const row of page.rows) {
          const file = byId.get(row.id) as Record<string, string>;
          expect([row.label, row.prediction, row.meta.stroke], row.id).toEqual([
            file.label,
            file.prediction,
            file.stroke,
          ]);
        }
        const errors = (await call('examples.count', { filter: { outcome: 'errors' } })) as {
          total: number;
        };
        expect(errors.total).toBe(
          ids.filter((id) => byId.get(id)?.label !== byId.get(id)?.prediction).length,
        );
        const confusion = (await call('examples.confusion', {})) as Confusion;
        const cells = confusion.counts.flat().reduce((a, b) => a + b, 0);
        expect(cells).toBe(500);
        const one = ids[0] as string;
        const detail = (await call('examples.get', { id: one })) as ExampleDetail;
        expect([detail.row.label, detail.row.prediction]).toEqual([
          byId.get(one)?.label,
          byId.get(one)?.prediction,
        ]);
      } finally {
        service.close();
      }
      // The report is the summary's, of all 10,000 rows: never the sample's.
      expectSameReport(await serviceReport(project), native, 'mnist (ClickHouse, with a sample)');
      // Seeded: the same seed draws the same rows, another seed others.
      const again = join(dir, 'sampled-again.headroom');
      summarizeSample(again, '7');
      expect(sampleIds(again)).toEqual(ids);
      const other = join(dir, 'sampled-other.headroom');
      summarizeSample(other, '8');
      expect(sampleIds(other)).not.toEqual(ids);
    },
  );

  it(
    '--run-column NAME=COLUMN through the Distributed table: the run:NAME baselines of the native project',
    { timeout: 300_000 },
    async () => {
      const { both, native } = await mnistWithRunB(dir);
      await load(both, 'withb');
      const project = join(dir, 'withb.headroom');
      const r = summarize('withb', project, '--run-column', 'b=prediction_b');
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      await expectSameWithRunB(project, native, 'mnist (ClickHouse)');
    },
  );

  it("refuses a source column named like the grouped scans' results (ending in __g), naming it", async () => {
    const csv = join(dir, 'clash.csv');
    const rows = Array.from({ length: 40 }, (_v, i) =>
      [`e${i}`, i % 3 ? 'cat' : 'dog', i % 4 ? 'cat' : 'dog', i % 2 ? 'phone' : 'tablet'].join(','),
    );
    writeFileSync(csv, `${['id,label,prediction,v__g', ...rows].join('\n')}\n`);
    await load(csv, 'clash');
    const r = summarize('clash', join(dir, 'clash.headroom'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('column "v__g"');
    expect(r.err).toContain('names ending in "__g"');
  });

  it('names the server and its answer when the table does not exist', () => {
    const r = summarize('no_such_table', join(dir, 'x.headroom'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/ClickHouse at http:\/\/127\.0\.0\.1:\d+ answered 404: .*no_such_table/);
  });
});
