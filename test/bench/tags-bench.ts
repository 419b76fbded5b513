// npm run bench:tags [-- --rows N]: the tag paths of issue #16 on the generated files (1M examples,
// 20 tag sets with about 2M rows by default), each step in a fresh process: the tag file imported
// into a project that has the examples, then through the service on the opened project: tag 100k
// examples by id (durable: committed with synchronous = FULL before the call returns), undo, redo,
// untag the same 100k. Same-run baselines: better-sqlite3 alone inserting the file's (tag_id, pos)
// pairs in one transaction, and 100k pairs in one durable transaction. Prints medians of BENCH_RUNS
// runs (default 3), the ratios to the baselines and the peak RSS of each process. A benchmark, not
// a test: it never fails on speed. BENCH_PROF=DIR writes a --cpu-prof of every step there.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { findShared } from '../shared-dir.ts';

function rowsArg(argv: readonly string[]): number {
  const at = argv.indexOf('--rows');
  const rows = Number(at >= 0 ? argv[at + 1] : 1_000_000);
  if (!Number.isInteger(rows) || rows < 1) {
    console.error('bench:tags: --rows takes a whole number of examples');
    process.exit(2);
  }
  return rows;
}
const ROWS = rowsArg(process.argv.slice(2));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PROF = process.env.BENCH_PROF ? resolve(process.env.BENCH_PROF) : null;
const REPO = resolve(import.meta.dirname, '../..');
const ONCE = join(REPO, 'test/bench/tags-once.ts');
const dataDir = join(REPO, '.bench', `gen-${ROWS}`);
const examples = join(dataDir, 'examples.csv');
const tags = join(dataDir, 'tags.csv');
const base = join(REPO, '.bench', `tags-base-${ROWS}.headroom`);
const work = join(REPO, '.bench', 'tags-work');

if (!existsSync(examples) || !existsSync(tags)) {
  mkdirSync(dataDir, { recursive: true });
  const gen = join(findShared(), 'tools/gen-predictions.mjs');
  console.log(`generating ${ROWS} rows with ${gen} ...`);
  execFileSync(process.execPath, [gen, dataDir, String(ROWS)], { stdio: 'inherit' });
}
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
if (PROF) mkdirSync(PROF, { recursive: true });

function once<T>(args: string[]): T {
  const flags = PROF ? ['--cpu-prof', `--cpu-prof-dir=${PROF}`] : [];
  const r = spawnSync(process.execPath, [...flags, ONCE, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`tags-once ${args.join(' ')} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as T;
}

if (!existsSync(base)) {
  console.log(`importing ${examples} into ${base} (once; kept for the next runs) ...`);
  const r = spawnSync(
    process.execPath,
    [join(REPO, 'test/bench/import-once.ts'), examples, `${base}.tmp`],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (r.status !== 0) throw new Error('the examples import failed');
  copyFileSync(`${base}.tmp`, base);
  rmSync(`${base}.tmp`, { force: true });
}

interface Imported {
  ms: number;
  cpu: number;
  rows: number;
  maxRssMb: number;
}
interface Edited {
  applyMs: number;
  undoMs: number;
  redoMs: number;
  removeMs: number;
  reportMs: number;
  cpu: Record<'apply' | 'undo' | 'redo' | 'remove' | 'report', number>;
  added: number;
  removed: number;
  maxRssMb: number;
}
const imports: Imported[] = [];
const edits: Edited[] = [];
const baseImports: Imported[] = [];
const baseEdits: { ms: number; cpu: number; maxRssMb: number }[] = [];
for (let run = 0; run < RUNS; run++) {
  const project = join(work, `tags-${run}.headroom`);
  copyFileSync(base, project);
  imports.push(once<Imported>(['import', tags, project]));
  edits.push(once<Edited>(['edit', project, String(ROWS)]));
  baseImports.push(once<Imported>(['baseline-import', tags, join(work, `plain-${run}.db`)]));
  baseEdits.push(once(['baseline-edit', join(work, `plain-edit-${run}.db`), String(ROWS)]));
  rmSync(project, { force: true });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
const rows = imports[0]?.rows ?? 0;
const plain = {
  import: median(baseImports.map((b) => b.ms)),
  importCpu: median(baseImports.map((b) => b.cpu)),
  edit: median(baseEdits.map((b) => b.ms)),
  editCpu: median(baseEdits.map((b) => b.cpu)),
};

console.log(
  `bench:tags: ${ROWS.toLocaleString('en-US')} examples, tag file of ${rows.toLocaleString('en-US')} rows; median of ${RUNS} run(s), each step in its own process`,
);
console.log(
  `  baseline (better-sqlite3 alone): the ${rows.toLocaleString('en-US')} (tag_id, pos) pairs in one transaction ${ms(plain.import)} (CPU ${ms(plain.importCpu)}); 100k pairs, durable ${ms(plain.edit)} (CPU ${ms(plain.editCpu)})`,
);
console.log(
  `  ${'step'.padEnd(34)} ${'wall'.padStart(10)} ${'vs base'.padStart(8)} ${'CPU'.padStart(10)} ${'vs base'.padStart(8)}  peak RSS`,
);
const line = (
  what: string,
  wall: number,
  cpu: number,
  vs: { wall: number; cpu: number },
  rss: number,
  goal: string,
) =>
  console.log(
    `  ${what.padEnd(34)} ${ms(wall).padStart(10)} ${ratio(wall, vs.wall).padStart(8)} ${ms(cpu).padStart(10)} ${ratio(cpu, vs.cpu).padStart(8)}  ${rss.toFixed(0)} MB${goal ? `  (goal: ${goal})` : ''}`,
  );
const importVs = { wall: plain.import, cpu: plain.importCpu };
const editVs = { wall: plain.edit, cpu: plain.editCpu };
const editRss = Math.max(...edits.map((e) => e.maxRssMb));
line(
  'tag-file import',
  median(imports.map((i) => i.ms)),
  median(imports.map((i) => i.cpu)),
  importVs,
  Math.max(...imports.map((i) => i.maxRssMb)),
  '<= 2 s, RSS <= 300 MB',
);
const edit = (what: string, key: 'apply' | 'undo' | 'redo' | 'remove', goal = '') =>
  line(
    what,
    median(edits.map((e) => e[`${key}Ms`])),
    median(edits.map((e) => e.cpu[key])),
    editVs,
    editRss,
    goal,
  );
edit('tag 100k examples by id, durable', 'apply', '<= 100 ms');
edit('undo (untags the 100k)', 'undo');
edit('redo', 'redo');
edit('untag the 100k by id, durable', 'remove');
console.log(
  `  report right after the edits: ${ms(median(edits.map((e) => e.reportMs)))}; added ${edits[0]?.added}, removed ${edits[0]?.removed}; the edit process's peak RSS includes opening the project and its first report`,
);
console.log(
  `  baselines' peak RSS: ${Math.max(...baseImports.map((b) => b.maxRssMb)).toFixed(0)} MB (import), ${Math.max(...baseEdits.map((b) => b.maxRssMb)).toFixed(0)} MB (edit); load average now ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`,
);
if (PROF) console.log(`  CPU profiles in ${PROF}`);
