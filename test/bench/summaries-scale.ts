// node test/bench/summaries-scale.ts [ROWS]: summarize at scale (issue #19, acceptance 3). A
// 2-shard ClickHouse cluster (test/summaries/clickhouse-cluster.ts) generates ROWS rows (default
// 100M) with numbers() inside the servers, half on each shard; `headroom summarize` runs through
// the Distributed table and its overall n and accuracy are checked against a direct aggregate.
// Prints the time and the CLI's peak RSS (GNU time): the statistics come back, not the rows.
// A benchmark, not a test: it prints figures and fails only when the figures disagree.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ClickhouseCluster, clickhouseMissing } from '../summaries/clickhouse-cluster.ts';

const ROWS = Number(process.argv[2] ?? 100_000_000);
const REPO = resolve(import.meta.dirname, '../..');
const missing = clickhouseMissing();
if (missing) {
  console.log(`skipped: ${missing}`);
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'headroom-scale-'));
const cluster = await ClickhouseCluster.start(join(dir, 'cluster'));
// Killed (a timeout, Ctrl-C): the servers are stopped by pid, not left running.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void cluster.stop().finally(() => process.exit(130));
  });
}
try {
  const half = Math.ceil(ROWS / 2);
  const t0 = performance.now();
  for (const i of [0, 1]) {
    const from = i * half;
    const count = Math.min(half, ROWS - from);
    await cluster.query(
      i,
      `CREATE TABLE big_local ENGINE = Log AS SELECT toString(number + ${from}) AS id,
        concat('c', toString(intHash32(number + ${from}) % 10)) AS label,
        if(intHash32((number + ${from}) * 7) % 10 < 8, concat('c', toString(intHash32(number + ${from}) % 10)), concat('c', toString(intHash32((number + ${from}) * 3) % 10))) AS prediction,
        concat('d', toString(intHash32((number + ${from}) * 11) % 5)) AS device,
        toString(intHash32((number + ${from}) * 17) % 10 < 9) AS human_agree
        FROM numbers(${count})`,
    );
  }
  await cluster.query(
    0,
    'CREATE TABLE big AS big_local ENGINE = Distributed(two_shards, default, big_local)',
  );
  console.log(
    `generated ${ROWS.toLocaleString('en-US')} rows on 2 shards in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const project = join(dir, 'big.headroom');
  const t1 = performance.now();
  const r = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      'RSS_KB %M',
      process.execPath,
      join(REPO, 'bin/headroom.mjs'),
      'summarize',
      '--engine',
      'clickhouse',
      '--url',
      cluster.url(0),
      '--table',
      'big',
      '--project',
      project,
      '--json',
    ],
    { encoding: 'utf8' },
  );
  const seconds = (performance.now() - t1) / 1000;
  if (r.status !== 0) throw new Error(`summarize failed: ${r.stderr}`);
  const rss = Number(/RSS_KB (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  const report = spawnSync(
    process.execPath,
    [join(REPO, 'bin/headroom.mjs'), 'report', project, '--format', 'json'],
    { encoding: 'utf8' },
  );
  const overall = (
    JSON.parse(report.stdout) as { overall: { n: number; accuracy: number; hlp: number } }
  ).overall;
  const direct = (
    await cluster.query(
      0,
      'SELECT count() AS n, sum(label = prediction) AS right, sum(toFloat64(human_agree)) AS agree FROM big FORMAT JSONEachRow',
    )
  )[0] as { n: string; right: string; agree: number };
  const n = Number(direct.n);
  const ok =
    overall.n === n &&
    Math.abs(overall.accuracy - Number(direct.right) / n) <= 1e-12 &&
    Math.abs(overall.hlp - direct.agree / n) <= 1e-12;
  console.log(
    `summarize --engine clickhouse, ${n.toLocaleString('en-US')} rows through the Distributed table: ${seconds.toFixed(1)} s, CLI peak RSS ${(rss / 1024).toFixed(0)} MB; overall n ${overall.n}, accuracy ${overall.accuracy} (direct ${Number(direct.right) / n}), HLP ${overall.hlp} (direct ${direct.agree / n}): ${ok ? 'equal' : 'DIFFERENT'}`,
  );
  if (!ok) process.exitCode = 1;
} finally {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
