import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openClickhouse } from '../../electron/core/summaries/clickhouse-engine.ts';
import { openDuckdb } from '../../electron/core/summaries/duckdb-engine.ts';
import type { SqlEngine } from '../../electron/core/summaries/sql-engine.ts';
import { tempDir } from '../helpers.ts';
import { rng } from '../rng.ts';
import { ClickhouseCluster, clickhouseMissing } from './clickhouse-cluster.ts';

/**
 * SqlEngine.orderStatistics: the numeric bins' edges (docs/summaries.md) read in one pass by the
 * engine's exact discrete quantiles must be exactly the order statistics x_(r) that the native
 * engine cuts at (slice-defs.ts numericSlices). The oracle is the values sorted here in JS.
 */

interface Case {
  group: string;
  /** The column's text, '' for a value the importer leaves empty (NULL). */
  values: string[];
}

/** Columns with ties, negatives, decimals and empty values, of sizes 1 to 4,001. */
function cases(): Case[] {
  const r = rng(20261204);
  const sizes = [1, 2, 3, 7, 10, 11, 97, 1000, 4001];
  return sizes.map((size, i) => {
    const values = Array.from({ length: size }, () => {
      const u = r();
      if (u < 0.1) return '';
      // Heavy ties on some columns, spread decimals on the others.
      return i % 2 === 0 ? String(Math.floor(r() * 5) - 2) : (r() * 2000 - 1000).toFixed(3);
    });
    return { group: `g${i}`, values };
  });
}

/** Every rank for a short column; for a longer one, every bin edge floor(k·N/B), B = 2..20, and the last. */
function ranksOf(count: number): number[] {
  if (count <= 100) return Array.from({ length: count }, (_, r) => r);
  const ranks = new Set<number>([count - 1]);
  for (let b = 2; b <= 20; b++) for (let k = 0; k < b; k++) ranks.add(Math.floor((k * count) / b));
  return [...ranks].sort((a, b) => a - b);
}

function writeCsv(path: string, all: Case[]): void {
  const lines = ['id,grp,x'];
  let id = 0;
  for (const c of all) for (const v of c.values) lines.push(`${id++},${c.group},${v}`);
  writeFileSync(path, lines.join('\n') + '\n');
}

async function expectOrderStatistics(engine: SqlEngine, all: Case[]): Promise<void> {
  const x = engine.number(engine.ident('x'));
  const grp = engine.text(engine.ident('grp'));
  let checked = 0;
  for (const c of all) {
    const sorted = c.values
      .filter((v) => v !== '')
      .map(Number)
      .sort((a, b) => a - b);
    if (sorted.length === 0) continue;
    const ranks = ranksOf(sorted.length);
    const params: string[] = [];
    const where = `${grp} = ${engine.rules.value(c.group, params)}`;
    const row = (
      await engine.query(
        `SELECT ${engine.orderStatistics(x, ranks, sorted.length)} AS q FROM ${engine.from} WHERE ${where}`,
        params,
      )
    )[0];
    const got = (row?.q as unknown[]).map(Number);
    expect(
      got,
      `${c.group}: ${sorted.length} values, ranks ${ranks.slice(0, 8).join(', ')}…`,
    ).toEqual(ranks.map((r) => sorted[r]));
    checked += ranks.length;
  }
  expect(checked).toBeGreaterThan(200);
}

describe('orderStatistics reads the exact order statistics in one pass', () => {
  const dir = tempDir('headroom-order-statistics-');
  const all = cases();
  const csv = join(dir, 'values.csv');
  writeCsv(csv, all);

  it('DuckDB (quantile_disc) equals the sorted values at every rank', async () => {
    const engine = await openDuckdb(csv);
    try {
      await expectOrderStatistics(engine, all);
    } finally {
      await engine.close();
    }
  });

  describe.skipIf(clickhouseMissing() !== null)('ClickHouse', () => {
    let cluster: ClickhouseCluster;
    beforeAll(async () => {
      cluster = await ClickhouseCluster.start(join(dir, 'cluster'));
    }, 90_000);
    afterAll(async () => {
      await cluster?.stop();
    });

    it(
      'quantilesExact through a 2-shard Distributed table equals the sorted values at every rank',
      { timeout: 120_000 },
      async () => {
        // Each case's values split across both shards: the shards' states are merged.
        const rows = all.flatMap((c) => c.values.map((v, i) => ({ c, v, shard: i % 2 })));
        for (const shard of [0, 1]) {
          await cluster.query(
            shard,
            'CREATE TABLE xs_local (id String, grp String, x String) ENGINE = Log',
          );
          const body = rows
            .filter((r) => r.shard === shard)
            .map((r, i) => `${shard}-${i},${r.c.group},${r.v}`)
            .join('\n');
          await cluster.query(shard, 'INSERT INTO xs_local FORMAT CSV', `${body}\n`);
        }
        await cluster.query(
          0,
          'CREATE TABLE xs AS xs_local ENGINE = Distributed(two_shards, default, xs_local)',
        );
        const engine = await openClickhouse({ url: cluster.url(0), table: 'xs' });
        await expectOrderStatistics(engine, all);
      },
    );
  });
});
