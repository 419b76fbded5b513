// npm run bench:cli: how fast the `headroom` command starts (#16: --help <= 150 ms, info on the
// CIFAR-10 project <= 300 ms with node directly). Times `--help`, `info` and `report` run with node
// directly through bin/headroom.mjs, from the TypeScript sources (HEADROOM_CLI=sources) and from
// the bundle (out/cli, rebuilt here first), beside `node -e 0` measured in the
// same run. Each figure is the median of BENCH_RUNS (default 5) runs, the variants interleaved so
// a busy machine slows them alike. A benchmark, not a test: it prints figures and never fails on
// speed. The CIFAR-10 project is imported once into .bench/ (the answer-key columns ignored).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildCli } from '../../electron/launcher/cli-build.ts';
import { findShared } from '../shared-dir.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const REPO = resolve(import.meta.dirname, '../..');
const BIN = join(REPO, 'bin/headroom.mjs');
const CSV = join(findShared(), 'datasets/cifar10_test/cifar10_test.csv');
const benchDir = join(REPO, '.bench');
const project = join(benchDir, 'cli-cifar10.headroom');

function run(env: Record<string, string>, args: string[]): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, {
    cwd: benchDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

mkdirSync(benchDir, { recursive: true });
if (!existsSync(project)) {
  const header = (readFileSync(CSV, 'utf8').split('\n', 1)[0] ?? '').split(',');
  const ignore = header.filter((c) => /^(mturk_|label_error_confirmed$|corrected_label$)/.test(c));
  run({ HEADROOM_CLI: 'sources' }, [
    BIN,
    'import',
    CSV,
    '--project',
    project,
    ...ignore.flatMap((c) => ['--map', `ignore=${c}`]),
  ]);
}

// The bundle, built now from the current sources (as npm run build:cli does): bin/headroom.mjs
// uses it by default since its stamp matches every source file.
console.log('Building the CLI bundle (out/cli)…');
await buildCli(REPO);

const commands: [string, string[]][] = [
  ['--help', ['--help']],
  ['info', ['info', project]],
  ['report', ['report', project]],
];
const times = new Map<string, number[]>();
const add = (key: string, ms: number) => times.set(key, [...(times.get(key) ?? []), ms]);
for (let i = 0; i < RUNS; i++) {
  add('node -e 0', run({}, ['-e', '0']));
  for (const [name, args] of commands) {
    add(`sources ${name}`, run({ HEADROOM_CLI: 'sources' }, [BIN, ...args]));
    add(`bundle ${name}`, run({ HEADROOM_CLI: '' }, [BIN, ...args]));
  }
}

const base = median(times.get('node -e 0') ?? []);
const f = (ms: number) => `${ms.toFixed(0).padStart(5)} ms`;
console.log(`headroom start, node ${process.version}, median of ${RUNS} (wall time)`);
console.log(`node -e 0                ${f(base)}`);
console.log('command    sources     bundle   bundle/sources  bundle/node-e-0  bundle - node -e 0');
for (const [name] of commands) {
  const src = median(times.get(`sources ${name}`) ?? []);
  const bun = median(times.get(`bundle ${name}`) ?? []);
  console.log(
    `${name.padEnd(8)} ${f(src)}  ${f(bun)}   ${(bun / src).toFixed(2).padStart(13)}  ${(bun / base).toFixed(2).padStart(15)}  ${f(bun - base).padStart(18)}`,
  );
}
console.log(`goals (#16): --help <= 150 ms, info <= 300 ms (CIFAR-10 project, ${project})`);
