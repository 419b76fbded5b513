// npm run bench:import [-- ROWS]: imports a generated file (1M rows by default) and compares with
// SQLite's own CSV importer on the same file, in the same run. A benchmark, not a test: it prints
// figures and ratios and never fails on speed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findShared } from '../shared-dir.ts';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const REPO = resolve(import.meta.dirname, '../..');
const GEN = join(findShared(), 'tools/gen-predictions.mjs');
const dataDir = join(REPO, '.bench', `gen-${ROWS}`);
const examples = join(dataDir, 'examples.csv');

if (!existsSync(examples)) {
  mkdirSync(dataDir, { recursive: true });
  console.log(`generating ${ROWS} rows with ${GEN} ...`);
  execFileSync(process.execPath, [GEN, dataDir, String(ROWS)], { stdio: 'inherit' });
}
const sizeMb = statSync(examples).size / 1e6;
const work = join(REPO, '.bench', 'work');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

function ours(): { ms: number; rows: number; maxRssMb: number } {
  const project = join(work, `bench-${Date.now()}.headroom`);
  const r = spawnSync(
    process.execPath,
    [join(REPO, 'test/bench/import-once.ts'), examples, project],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string);
}

function sqliteImport(): number | null {
  const which = spawnSync('sqlite3', ['-version'], { encoding: 'utf8' });
  if (which.status !== 0) return null;
  const db = join(work, `sqlite-${Date.now()}.db`);
  const t = performance.now();
  const r = spawnSync('sqlite3', [db, '-cmd', '.mode csv', `.import ${examples} examples`], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return performance.now() - t;
}

const runs = Number(process.env.BENCH_RUNS ?? 3);
const a: { ms: number; rows: number; maxRssMb: number }[] = [];
const b: number[] = [];
for (let i = 0; i < runs; i++) {
  a.push(ours());
  const s = sqliteImport();
  if (s !== null) b.push(s);
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
const oursMs = median(a.map((x) => x.ms));
const rss = Math.max(...a.map((x) => x.maxRssMb));
console.log(`file: ${examples} (${ROWS.toLocaleString('en-US')} rows, ${sizeMb.toFixed(1)} MB)`);
console.log(
  `headroom import: ${(oursMs / 1000).toFixed(2)} s (median of ${runs}), ${Math.round((ROWS * 1000) / oursMs).toLocaleString('en-US')} rows/s, ${(sizeMb / (oursMs / 1000)).toFixed(1)} MB/s, peak RSS ${rss.toFixed(0)} MB (target <= 300 MB)`,
);
if (b.length > 0) {
  const sq = median(b);
  console.log(
    `sqlite3 .import: ${(sq / 1000).toFixed(2)} s (median of ${runs}), ${Math.round((ROWS * 1000) / sq).toLocaleString('en-US')} rows/s`,
  );
  console.log(`ratio headroom/sqlite3: ${(oursMs / sq).toFixed(2)} (target <= 1.0)`);
} else {
  console.log('sqlite3 is not installed: no baseline (apt-get install sqlite3)');
}
rmSync(work, { recursive: true, force: true });
