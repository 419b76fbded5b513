// npm run bench:import [-- ROWS]: imports a generated file (1M rows by default) and compares with
// SQLite's own CSV importer on the same file, in the same run. A benchmark, not a test: it prints
// figures and ratios and never fails on speed.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createInterface } from 'node:readline';
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

/**
 * The same file with each id replaced by a hash of it (16 hex digits), as exports keyed by hashes
 * or UUIDs have: ids in no particular order, the case the id index built after the load is for.
 */
const hashed = join(dataDir, 'examples-hashed-ids.csv');
if (!existsSync(hashed)) {
  const out = createWriteStream(hashed);
  let first = true;
  for await (const line of createInterface({ input: createReadStream(examples) })) {
    if (first || line === '') out.write(`${line}\n`);
    else {
      const comma = line.indexOf(',');
      const id = createHash('sha1').update(line.slice(0, comma)).digest('hex').slice(0, 16);
      out.write(`${id}${line.slice(comma)}\n`);
    }
    first = false;
  }
  await new Promise((done) => out.end(done));
}

function ours(
  file = examples,
  extra: string[] = [],
): { ms: number; rows: number; maxRssMb: number } {
  const project = join(work, `bench-${Date.now()}.headroom`);
  const r = spawnSync(
    process.execPath,
    [join(REPO, 'test/bench/import-once.ts'), file, project, ...extra],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  rmSync(project, { force: true });
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
  console.log(`ratio headroom/sqlite3: ${(oursMs / sq).toFixed(2)} (goal <= 1.5, issue #16)`);
} else {
  console.log('sqlite3 is not installed: no baseline (apt-get install sqlite3)');
}
// Hashed ids: the id index built once after the load (runImport) vs kept while rows go in.
const atEnd: number[] = [];
const perRow: number[] = [];
for (let i = 0; i < runs; i++) {
  atEnd.push(ours(hashed).ms);
  perRow.push(ours(hashed, ['--ids', 'checked']).ms);
}
console.log(
  `hashed ids (${hashed}): headroom import ${(median(atEnd) / 1000).toFixed(2)} s; with the id index kept while rows go in (before migration 015) ${(median(perRow) / 1000).toFixed(2)} s; ratio ${(median(perRow) / median(atEnd)).toFixed(2)}`,
);
rmSync(work, { recursive: true, force: true });
