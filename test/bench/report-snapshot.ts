// Snapshot of the CLI's outputs on every shared dataset, for refactors that must not change
// behaviour: run it before and after, then `diff -r BEFORE AFTER`.
//
//   node test/bench/report-snapshot.ts OUT_DIR [--only NAME]
//
// Each dataset file is imported into a fresh temp project through the real CLI (a child process),
// then the report (json, table, md, csv), info, suspects, examples, discover and compare outputs
// are written to OUT_DIR/<file>/<step>.txt with the exit code and stderr. A few edits (a tag, a
// rule, an entered HLP, a weight, a share) are made and the report is written again, so the
// index's patch paths are covered too. The temp folder's absolute path is masked as <TMP>.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findShared } from '../shared-dir.ts';

const REPO = resolve(import.meta.dirname, '../..');
const BIN = join(REPO, 'bin/headroom.mjs');
const DATASETS = join(findShared(), 'datasets');

const FILES: [string, string][] = [
  ['cifar10_test', 'cifar10_test.csv'],
  ['cifar10_test', 'cifar10_test.jsonl'],
  ['cifar10_test', 'cifar10_test.parquet'],
  ['cifar100_test', 'cifar100_test.csv'],
  ['imagenet_val', 'imagenet_val.csv'],
  ['imdb_test', 'imdb_test.csv'],
  ['mnist_test', 'mnist_test.csv'],
  ['news20_test', 'news20_test.csv'],
  ['chaosnli', 'chaosnli_snli_mnli.csv'],
];

const [outArg, ...rest] = process.argv.slice(2);
if (!outArg) {
  console.error('usage: node test/bench/report-snapshot.ts OUT_DIR [--only NAME]');
  process.exit(2);
}
const only = rest[0] === '--only' ? rest[1] : undefined;
const out = resolve(outArg);
const tmp = mkdtempSync(join(tmpdir(), 'headroom-snapshot-'));

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const mask = (s: string) => s.split(tmp).join('<TMP>');
  return { code: r.status ?? -1, stdout: mask(r.stdout), stderr: mask(r.stderr) };
}

try {
  for (const [folder, file] of FILES) {
    if (only && !file.startsWith(only)) continue;
    const dir = join(out, file);
    mkdirSync(dir, { recursive: true });
    const project = join(tmp, `${file}.headroom`);
    const source = join(DATASETS, folder, file);
    let step = 0;
    const run = (name: string, args: string[]) => {
      const r = cli(args);
      const command = args.join(' ').split(tmp).join('<TMP>');
      const text = `$ headroom ${command}\nexit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
      writeFileSync(join(dir, `${String(++step).padStart(2, '0')}-${name}.txt`), text);
      return r;
    };
    const t = performance.now();
    run('import', ['import', source, '--project', project, '--json']);
    run('info', ['info', project, '--json']);
    for (const format of ['json', 'table', 'md', 'csv']) {
      run(`report-${format}`, ['report', project, '--format', format]);
    }
    run('suspects', ['suspects', project, '--top', '40', '--format', 'json']);
    const errors = run('examples-errors', [
      'examples',
      project,
      '--errors',
      '--sort',
      'confidence:desc',
      '--limit',
      '40',
      '--format',
      'json',
    ]);
    run('examples-confusion', ['examples', project, '--confusion']);
    run('discover', ['discover', project, '--top', '10', '--format', 'json']);
    run('run-b', ['import', source, '--project', project, '--as', 'run', '--run', 'b', '--json']);
    const info = JSON.parse(cli(['info', project, '--json']).stdout) as {
      runs: { name: string; classes: string[] | null }[];
      columns: { name: string; kind: string }[];
    };
    const [a, b] = info.runs;
    if (a && b) run('compare', ['compare', project, a.name, b.name, '--format', 'json']);
    const ids = (JSON.parse(errors.stdout || '{"rows":[]}') as { rows?: { id: string }[] }).rows
      ?.slice(0, 5)
      .map((r) => r.id);
    if (ids?.length) run('tag', ['tag', project, 'snapshot-tag', '--ids', ids.join(',')]);
    const cls = a?.classes?.[0];
    if (cls) {
      run('hlp', ['hlp', 'set', project, `label = ${cls}`, '0.97', '--source', 'snapshot']);
      run('weight', ['weight', project, `label = ${cls}`, '--ease', '2', '--importance', '0.5']);
      run('share', ['share', 'set', project, `label = ${cls}`, '15%']);
    }
    const meta = info.columns.find((c) => c.kind === 'categorical');
    if (meta)
      run('rule', ['rule', 'add', project, 'snapshot-rule', `\`${meta.name}\` is not null`]);
    run('tags', ['tags', project, 'list']);
    run('rules', ['rule', 'list', project]);
    run('report-after-edits', ['report', project, '--format', 'json']);
    run('report-run-b', ['report', project, '--run', 'b', '--format', 'csv']);
    run('examples-tagged', ['examples', project, '--untagged', '--limit', '20', '--format', 'csv']);
    console.log(`${file}: ${step} outputs in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
