// npm run bench:drop [-- --rows N]: the cold path a new user meets, from the CSV files to the ranked
// report, timed in one run for Headroom (the CLI as a user runs it: import, tags, report) and for
// the peers doing the same aggregation: pandas and DuckDB (when python3 has them; otherwise the
// line says it skipped) and SQLite's own `.import` of the examples file alone. A benchmark, not a
// test: it prints figures and ratios and never fails on speed. BENCH_RUNS (default 3) sets the
// number of runs each figure is the median of (1 from 5M rows up). With --rows 10000000 it is the
// 10M-row check of #16: it also prints the files' sizes, the project file's size, the peak RSS of
// every step and the time from the files to the first table. Each round also measures the floor
// of any import that stores these rows in one SQLite file through better-sqlite3 (write-floor.ts:
// SQLite's own writing plus the binding of the values, with no parsing at all), and prints the
// ratios of the import, sqlite3 .import and pandas to it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findShared } from '../shared-dir.ts';

/** `--rows N` (or N alone, as before): the number of generated examples. */
function rowsArg(argv: readonly string[]): number {
  const at = argv.indexOf('--rows');
  const text = at >= 0 ? argv[at + 1] : argv.find((a) => /^\d+$/.test(a));
  const rows = Number(text ?? 1_000_000);
  if (!Number.isInteger(rows) || rows < 1) {
    console.error(`bench:drop: --rows takes a whole number of examples (got ${text})`);
    process.exit(2);
  }
  return rows;
}
const ROWS = rowsArg(process.argv.slice(2));
const RUNS = Number(process.env.BENCH_RUNS ?? (ROWS >= 5_000_000 ? 1 : 3));
const REPO = resolve(import.meta.dirname, '../..');
const GEN = join(findShared(), 'tools/gen-predictions.mjs');
const dataDir = join(REPO, '.bench', `gen-${ROWS}`);
const examples = join(dataDir, 'examples.csv');
const tags = join(dataDir, 'tags.csv');
const work = join(REPO, '.bench', 'drop-work');

if (!existsSync(examples) || !existsSync(tags)) {
  mkdirSync(dataDir, { recursive: true });
  console.log(`generating ${ROWS} rows with ${GEN} ...`);
  execFileSync(process.execPath, [GEN, dataDir, String(ROWS)], { stdio: 'inherit' });
}
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

interface Step {
  seconds: number;
  /** Peak resident set size in MB, when /usr/bin/time can tell. */
  rssMb: number | null;
  /**
   * CPU seconds (user + system) of the command and its children, when /usr/bin/time can tell: on
   * a shared, loaded machine wall times swing tenfold, CPU time much less.
   */
  cpuSeconds: number | null;
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Runs a command, wall-timed; with GNU time, also its peak RSS. Throws with stderr on failure. */
function timed(cmd: string, args: string[]): Step {
  const t = performance.now();
  const r = TIME
    ? spawnSync(TIME, ['-f', '__rss_kb=%M __cpu=%U+%S', cmd, ...args], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      })
    : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
  const m = /__rss_kb=(\d+)/.exec(r.stderr ?? '');
  const c = /__cpu=([\d.]+)\+([\d.]+)/.exec(r.stderr ?? '');
  return {
    seconds,
    rssMb: m ? Number(m[1]) / 1024 : null,
    cpuSeconds: c ? Number(c[1]) + Number(c[2]) : null,
  };
}

const CLI = join(REPO, 'bin/headroom.mjs');

function headroom(run: number): {
  total: number;
  steps: Record<string, Step>;
  projectMb: number;
} {
  const project = join(work, `drop-${run}.headroom`);
  const steps: Record<string, Step> = {};
  steps['import examples'] = timed(process.execPath, [
    CLI,
    'import',
    examples,
    '--project',
    project,
  ]);
  steps['import tags'] = timed(process.execPath, [
    CLI,
    'import',
    tags,
    '--project',
    project,
    '--as',
    'tags',
  ]);
  steps['first report'] = timed(process.execPath, [CLI, 'report', project, '--format', 'json']);
  steps['warm report'] = timed(process.execPath, [CLI, 'report', project, '--format', 'json']);
  const total =
    (steps['import examples'] as Step).seconds +
    (steps['import tags'] as Step).seconds +
    (steps['first report'] as Step).seconds;
  return { total, steps, projectMb: statSync(project).size / 1e6 };
}

// The same aggregation in pandas and DuckDB: per-slice n, accuracy and human agreement for the
// categorical columns, the classes, ten quantile bins of each numeric column and the 20 tag sets,
// ranked by max(hlp - accuracy, 0) x share.
const PANDAS = `
import sys, pandas as pd
ex = pd.read_csv(sys.argv[1]); tg = pd.read_csv(sys.argv[2])
ex['correct'] = (ex['prediction'] == ex['label']).astype('int8')
ex['human'] = (ex['human_label'] == ex['label']).astype('int8')
N = len(ex); parts = []
def agg(key, name):
    g = ex.groupby(key, observed=True).agg(n=('correct', 'size'), acc=('correct', 'mean'), hlp=('human', 'mean'))
    g.index = [f'{name} = {v}' for v in g.index]; parts.append(g)
for c in ['device', 'region', 'source', 'label']: agg(c, c)
for c in ['snr_db', 'length']: agg(pd.qcut(ex[c], 10, duplicates='drop'), c)
m = tg.merge(ex[['id', 'correct', 'human']], left_on='example_id', right_on='id')
g = m.groupby('tag').agg(n=('correct', 'size'), acc=('correct', 'mean'), hlp=('human', 'mean'))
g.index = [f'tag = {v}' for v in g.index]; parts.append(g)
t = pd.concat(parts); t['gain'] = (t['hlp'] - t['acc']).clip(lower=0) * t['n'] / N
print(len(t.sort_values('gain', ascending=False)))
`;

const DUCKDB = `
import sys, duckdb
con = duckdb.connect()
con.execute(f"create table ex as select *, (prediction = label)::int as correct, (human_label = label)::int as human from read_csv_auto('{sys.argv[1]}')")
con.execute(f"create table tg as select * from read_csv_auto('{sys.argv[2]}')")
q = []
for c in ['device', 'region', 'source', 'label']:
    q.append(f"select '{c} = ' || {c} as slice, count(*) n, avg(correct) acc, avg(human) hlp from ex group by {c}")
for c in ['snr_db', 'length']:
    q.append(f"select '{c} bin ' || b as slice, count(*) n, avg(correct) acc, avg(human) hlp from (select *, ntile(10) over (order by {c}) b from ex) group by b")
q.append("select 'tag = ' || tag, count(*), avg(correct), avg(human) from tg join ex on tg.example_id = ex.id group by tag")
rows = con.execute("select *, greatest(hlp - acc, 0) * n / (select count(*) from ex) gain from (" + " union all ".join(q) + ") order by gain desc").fetchall()
print(len(rows))
`;

function pythonHas(module: string): boolean {
  return spawnSync('python3', ['-c', `import ${module}`], { encoding: 'utf8' }).status === 0;
}

/** The command that runs a peer once, or why it is skipped. */
function peer(module: string, script: string): { cmd: string; args: string[] } | string {
  if (!pythonHas(module)) return `skipped: python3 has no ${module} (pip install ${module})`;
  const file = join(work, `peer_${module}.py`); // not pandas.py: it would shadow the module
  writeFileSync(file, script);
  return { cmd: 'python3', args: [file, examples, tags] };
}

function sqliteImport(): ((round: number) => { cmd: string; args: string[] }) | string {
  if (spawnSync('sqlite3', ['-version']).status !== 0)
    return 'skipped: sqlite3 is not installed (apt-get install sqlite3)';
  return (round) => ({
    cmd: 'sqlite3',
    args: [join(work, `sqlite-${round}.db`), '-cmd', '.mode csv', `.import ${examples} examples`],
  });
}

/** write-floor.ts's figures: what SQLite and better-sqlite3 alone take to store these rows. */
interface Floor {
  rows: number;
  values: number;
  sqliteS: number;
  bindS: number;
  floorS: number;
}

/** The floor of a one-writer import of round `run`'s project (write-floor.ts, a fresh process). */
function writeFloor(run: number): Floor {
  const out = execFileSync(
    process.execPath,
    [
      join(REPO, 'test/bench/write-floor.ts'),
      join(work, `drop-${run}.headroom`),
      join(work, `floor-${run}.db`),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  return JSON.parse(out) as Floor;
}

const median = (xs: number[]): number =>
  [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
/** The median CPU time of steps, as text ("CPU 12.3 s"), or '' when unknown. */
const cpuOf = (xs: Step[]): string => {
  const c = xs.map((x) => x.cpuSeconds).filter((x): x is number => x !== null);
  return c.length === xs.length && c.length > 0 ? `, CPU ${median(c).toFixed(2)} s` : '';
};
const cpuMedian = (xs: Step[]): number | null => {
  const c = xs.map((x) => x.cpuSeconds).filter((x): x is number => x !== null);
  return c.length === xs.length && c.length > 0 ? median(c) : null;
};
const maxRss = (xs: Step[]): string => {
  const r = xs.map((x) => x.rssMb).filter((x): x is number => x !== null);
  return r.length ? `${Math.max(...r).toFixed(0)} MB` : 'unknown';
};

// Rounds: each runs Headroom and every peer once, back to back, so a ratio compares runs made under
// the same conditions (this machine's speed drifts 1.5-2x within minutes, CPU time too).
const pandasCmd = peer('pandas', PANDAS);
const duckdbCmd = peer('duckdb', DUCKDB);
const sqliteCmd = sqliteImport();
const ours: ReturnType<typeof headroom>[] = [];
const floors: Floor[] = [];
const runs: Record<'pandas' | 'duckdb' | 'sqlite', Step[]> = { pandas: [], duckdb: [], sqlite: [] };
for (let i = 0; i < RUNS; i++) {
  ours.push(headroom(i));
  floors.push(writeFloor(i));
  if (typeof pandasCmd !== 'string') runs.pandas.push(timed(pandasCmd.cmd, pandasCmd.args));
  if (typeof duckdbCmd !== 'string') runs.duckdb.push(timed(duckdbCmd.cmd, duckdbCmd.args));
  if (typeof sqliteCmd !== 'string') {
    const c = sqliteCmd(i);
    runs.sqlite.push(timed(c.cmd, c.args));
  }
}
const pandas = typeof pandasCmd === 'string' ? pandasCmd : runs.pandas;
const duckdb = typeof duckdbCmd === 'string' ? duckdbCmd : runs.duckdb;
const sqlite = typeof sqliteCmd === 'string' ? sqliteCmd : runs.sqlite;

const mb = (path: string): string => `${(statSync(path).size / 1e6).toFixed(0)} MB`;
console.log(
  `files: ${dataDir} (${ROWS.toLocaleString('en-US')} examples: examples.csv ${mb(examples)}, tags.csv ${mb(tags)}); medians of ${RUNS}`,
);
console.log(
  `  headroom project file: ${median(ours.map((o) => o.projectMb)).toFixed(0)} MB; peak RSS of any step: ${maxRss(ours.flatMap((o) => Object.values(o.steps)))}`,
);
const oursTotal = median(ours.map((o) => o.total));
for (const name of Object.keys(ours[0]?.steps ?? {})) {
  const s = ours.map((o) => o.steps[name] as Step);
  console.log(
    `  headroom ${name}: ${median(s.map((x) => x.seconds)).toFixed(2)} s${cpuOf(s)}, peak RSS ${maxRss(s)}`,
  );
}
console.log(
  `headroom files -> first table (import, tags, first report): ${oursTotal.toFixed(2)} s`,
);
const oursImportSteps = ours.map((o) => o.steps['import examples'] as Step);
const oursImport = median(oursImportSteps.map((x) => x.seconds));
const oursCpu = cpuMedian(
  ours.flatMap((o) =>
    ['import examples', 'import tags', 'first report'].every((k) => o.steps[k]?.cpuSeconds != null)
      ? [
          {
            seconds: o.total,
            rssMb: null,
            cpuSeconds: ['import examples', 'import tags', 'first report'].reduce(
              (sum, k) => sum + ((o.steps[k] as Step).cpuSeconds as number),
              0,
            ),
          },
        ]
      : [],
  ),
);
if (oursCpu !== null) console.log(`headroom files -> first table, CPU: ${oursCpu.toFixed(2)} s`);
const oursImportCpu = cpuMedian(oursImportSteps);
const totals = ours.map((o) => o.total);
const imports = oursImportSteps.map((x) => x.seconds);
for (const [name, r, against, againstCpu, what, ourRounds] of [
  ['pandas read_csv + groupby', pandas, oursTotal, oursCpu, 'file -> report', totals],
  ['duckdb read_csv + group by', duckdb, oursTotal, oursCpu, 'file -> report', totals],
  ['sqlite3 .import (examples only)', sqlite, oursImport, oursImportCpu, 'import alone', imports],
] as const) {
  if (typeof r === 'string') {
    console.log(`${name}: ${r}`);
    continue;
  }
  const s = median(r.map((x) => x.seconds));
  const cpu = cpuMedian(r);
  const cpuRatio =
    cpu !== null && againstCpu !== null && cpu > 0
      ? `; CPU ${cpu.toFixed(2)} s, CPU ratio ${(againstCpu / cpu).toFixed(2)}`
      : '';
  const perRound = median(r.map((x, i) => (ourRounds[i] as number) / x.seconds));
  console.log(
    `${name}: ${s.toFixed(2)} s, peak RSS ${maxRss(r)}; ratio headroom/${name.split(' ')[0]} (${what}): ${(against / s).toFixed(2)} (of medians), ${perRound.toFixed(2)} (median of the rounds' ratios)${cpuRatio}`,
  );
}
// The floor: no import that stores these rows in one SQLite file through better-sqlite3 can take
// less, whatever its parser (the import's bound is the slower of its two threads).
const floor = {
  sqliteS: median(floors.map((f) => f.sqliteS)),
  bindS: median(floors.map((f) => f.bindS)),
  floorS: median(floors.map((f) => f.floorS)),
};
const against = (r: Step[] | string, what: string): string =>
  typeof r === 'string'
    ? ''
    : `; floor/${what} ${median(floors.map((f, i) => f.floorS / (r[i] as Step).seconds)).toFixed(2)}`;
console.log(
  `floor of a one-writer import (test/bench/write-floor.ts: SQLite writing these rows and the id index ${floor.sqliteS.toFixed(2)} s + better-sqlite3 binding their ${(floors[0]?.values ?? 0).toLocaleString('en-US')} values ${floor.bindS.toFixed(2)} s, no parsing): ${floor.floorS.toFixed(2)} s; headroom import/floor ${median(imports.map((x, i) => x / (floors[i] as Floor).floorS)).toFixed(2)}${against(sqlite, 'sqlite3 .import')}${against(pandas, 'pandas (file -> report)')}`,
);
console.log(
  'goals: headroom <= pandas (ratio <= 1.0), stretch <= 2x duckdb; import alone <= 1.5x sqlite3 .import',
);
rmSync(work, { recursive: true, force: true });
