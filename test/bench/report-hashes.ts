// The figures must not move when the import or the tags get faster: SHA-256 of `headroom report
// --format json` and `--format table` for every shared dataset imported fresh, and for the 1M
// generated project (examples + tags, as bench:drop builds it).
//
//   node test/bench/report-hashes.ts            compare with test/bench/report-hashes.json
//   node test/bench/report-hashes.ts --write    record the current engine's hashes there
//   node test/bench/report-hashes.ts --no-1m    skip the 1M project (the datasets only)
//
// Each import runs through the real CLI in a child process into a fresh temp project; the temp
// folder's path is masked before hashing. Exits 1 and names every report that differs.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findShared } from '../shared-dir.ts';

const REPO = resolve(import.meta.dirname, '../..');
const BIN = join(REPO, 'bin/headroom.mjs');
const SHARED = findShared();
const DATASETS = join(SHARED, 'datasets');
const RECORD = join(import.meta.dirname, 'report-hashes.json');

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

const args = process.argv.slice(2);
const write = args.includes('--write');
const with1m = !args.includes('--no-1m');
const tmp = mkdtempSync(join(tmpdir(), 'headroom-hashes-'));

function cli(cliArgs: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...cliArgs], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.status !== 0) throw new Error(`headroom ${cliArgs.join(' ')} failed:\n${r.stderr}`);
  return r.stdout.split(tmp).join('<TMP>');
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

function reportHashes(project: string): Record<string, string> {
  return {
    json: sha(cli(['report', project, '--format', 'json'])),
    table: sha(cli(['report', project, '--format', 'table'])),
  };
}

const hashes: Record<string, Record<string, string>> = {};
try {
  for (const [folder, file] of FILES) {
    const project = join(tmp, `${file}.headroom`);
    cli(['import', join(DATASETS, folder, file), '--project', project]);
    hashes[file] = reportHashes(project);
    console.log(`${file}: ${JSON.stringify(hashes[file])}`);
  }
  if (with1m) {
    const dir = join(REPO, '.bench', 'gen-1000000');
    if (!existsSync(join(dir, 'examples.csv')) || !existsSync(join(dir, 'tags.csv'))) {
      mkdirSync(dir, { recursive: true });
      const gen = join(SHARED, 'tools/gen-predictions.mjs');
      execFileSync(process.execPath, [gen, dir, '1000000'], { stdio: 'inherit' });
    }
    const project = join(tmp, 'gen-1m.headroom');
    cli(['import', join(dir, 'examples.csv'), '--project', project]);
    cli(['import', join(dir, 'tags.csv'), '--project', project, '--as', 'tags']);
    hashes['gen-1000000'] = reportHashes(project);
    console.log(`gen-1000000: ${JSON.stringify(hashes['gen-1000000'])}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

if (write) {
  writeFileSync(RECORD, JSON.stringify(hashes, null, 2) + '\n');
  console.log(`recorded ${Object.keys(hashes).length} projects in ${RECORD}`);
} else {
  const recorded = JSON.parse(readFileSync(RECORD, 'utf8')) as Record<
    string,
    Record<string, string>
  >;
  const differ: string[] = [];
  for (const [name, h] of Object.entries(hashes)) {
    const was = Object.hasOwn(recorded, name) ? recorded[name] : undefined;
    if (!was) differ.push(`${name}: not recorded`);
    else
      for (const [format, value] of Object.entries(h))
        if (was[format] !== value) differ.push(`${name} ${format}: ${was[format]} -> ${value}`);
  }
  if (differ.length) {
    console.error(`reports differ from ${RECORD}:\n  ${differ.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`all ${Object.keys(hashes).length} projects' reports match ${RECORD}`);
}
