// npm run test:reliability   every reliability test at CI's bounded counts; one line per group
// npm run test:faults        the kill tests at higher counts (>= 50 kills during import)
// npm run test:reliability:loaded   the same as test:reliability beside two CPU-bound processes
//                                   (--hog N: N busy loops, test/reliability/cpu-hog.ts)
//
// Runs vitest on the files of docs/reliability.md's groups, then prints one line per group: the
// figure the test recorded (test/reliability/figures.ts), or else how many of its tests passed.
// Files other developers own (test/media/*, test/e2e/xss.test.ts) are picked up when they exist.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startCpuHogs } from './cpu-hog.ts';

const REPO = join(import.meta.dirname, '../..');
const faults = process.argv.includes('--faults');
const hogArg = process.argv.indexOf('--hog');
const hogCount = hogArg === -1 ? 0 : Number(process.argv[hogArg + 1]);
if (!Number.isInteger(hogCount) || hogCount < 0) {
  console.error('run.ts: --hog takes a whole number of CPU-bound processes');
  process.exit(2);
}

interface Group {
  name: string;
  rows: string;
  files: string[];
  /** Only tests whose full name matches (default: every test of the files). */
  tests?: RegExp;
}

const media = existsSync(join(REPO, 'test/media'))
  ? readdirSync(join(REPO, 'test/media'))
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => `test/media/${f}`)
  : [];

const GROUPS: Group[] = [
  { name: 'kill-during-import', rows: 'D-01', files: ['test/core/kill-import.test.ts'] },
  { name: 'kill-creating-project', rows: 'D-01', files: ['test/core/kill-import.test.ts'] },
  { name: 'kill-during-edits', rows: 'D-02 L-01', files: ['test/core/kill-edits.test.ts'] },
  {
    name: 'kill-during-migration',
    rows: 'D-11',
    files: ['test/reliability/kill-migration.test.ts'],
  },
  ...(faults
    ? []
    : [
        { name: 'two-writers', rows: 'D-06', files: ['test/core/kill-edits.test.ts'] },
        { name: 'disk-full', rows: 'D-04', files: ['test/reliability/disk-full.test.ts'] },
        {
          name: 'network-filesystem',
          rows: 'D-15',
          files: ['test/core/network-filesystem.test.ts'],
        },
        {
          name: 'unclean-shutdown',
          rows: 'L-06',
          files: ['test/reliability/unclean-shutdown.test.ts'],
        },
        {
          name: 'read-only-project',
          rows: 'D-05',
          files: ['test/reliability/read-only-project.test.ts'],
        },
        {
          name: 'pragmas-backup-foreign-files',
          rows: 'D-03 D-09 D-10 D-13 D-14',
          files: ['test/core/project-file.test.ts'],
        },
        {
          name: 'worker-crash-isolation',
          rows: 'D-08',
          files: ['test/core/parquet-source.test.ts'],
          tests: /worker|heap/,
        },
        { name: 'csv-spectrum', rows: 'I-01', files: ['test/core/csv-parser.test.ts'] },
        { name: 'bad-input-catalogue', rows: 'I-02', files: ['test/core/bad-inputs.test.ts'] },
        {
          name: 'encodings',
          rows: 'I-10',
          files: ['test/core/bad-inputs.test.ts'],
          tests: /UTF|Latin|Shift-JIS|BOM|encoding/i,
        },
        {
          name: 'json-test-suite',
          rows: 'I-03',
          files: ['test/reliability/json-test-suite.test.ts'],
        },
        {
          name: 'hostile-input',
          rows: 'I-02',
          files: ['test/reliability/hostile-input.test.ts'],
        },
        { name: 'parquet-testing', rows: 'I-04', files: ['test/core/parquet-source.test.ts'] },
        {
          name: 'file-changes-and-cancel',
          rows: 'I-07 I-06',
          files: ['test/core/import-file-changes.test.ts'],
        },
        {
          name: 'unreadable-paths',
          rows: 'I-08',
          files: ['test/reliability/unreadable-paths.test.ts'],
        },
        {
          name: 'csv-formula-injection',
          rows: 'I-11',
          files: ['test/reliability/csv-export.test.ts'],
        },
        { name: 'review-log', rows: 'L-02 L-03', files: ['test/review/verdicts.test.ts'] },
        {
          name: 'window-options',
          rows: 'S-01',
          files: ['test/electron/main-logic.test.ts'],
          tests: /window options/,
        },
        {
          name: 'banned-patterns',
          rows: 'S-02 S-16',
          files: ['test/reliability/banned-patterns.test.ts'],
        },
        { name: 'csp', rows: 'S-04', files: ['test/reliability/csp.test.ts'] },
        {
          name: 'app-protocol',
          rows: 'S-04b',
          files: ['test/electron/main-logic.test.ts'],
          tests: /app:\/\/ protocol/,
        },
        {
          name: 'navigation-guards',
          rows: 'S-05',
          files: ['test/electron/main-logic.test.ts'],
          tests: /navigation, window\.open/,
        },
        {
          name: 'ipc-senders-and-permissions',
          rows: 'S-06 S-07',
          files: ['test/electron/main-logic.test.ts'],
          tests: /IPC sender checks/,
        },
        {
          name: 'electron-boundary',
          rows: 'S-06 S-07 S-09',
          files: ['test/reliability/electron-boundary.test.ts'],
        },
        {
          name: 'ipc-validation-fuzz',
          rows: 'S-08',
          files: [
            'test/reliability/ipc-fuzz.test.ts',
            'test/contract/contract.test.ts',
            'test/electron/data-host.test.ts',
          ],
        },
        { name: 'media-traversal', rows: 'S-10 I-09', files: media },
        { name: 'xss-corpus', rows: 'S-14', files: ['test/e2e/xss.test.ts'] },
        {
          name: 'browser-mode-guard',
          rows: 'S-15 (browser mode)',
          files: ['test/server/browser-server.test.ts'],
        },
        // Round 2 (issue #13): what the hostile probe found.
        {
          name: 'prototype-keys',
          rows: 'R2-1',
          files: ['test/reliability/prototype-keys.test.ts'],
        },
        { name: 'wide-files', rows: 'R2-3', files: ['test/reliability/wide-files.test.ts'] },
        {
          name: 'probability-columns',
          rows: 'R2-5',
          files: ['test/reliability/probability-columns.test.ts'],
        },
        {
          name: 'request-bodies',
          rows: 'R2-7 R2-8',
          files: ['test/server/request-body.test.ts'],
        },
        {
          name: 'read-only-while-open',
          rows: 'R2-9',
          files: ['test/reliability/read-only-while-open.test.ts'],
        },
        {
          name: 't-quantiles-and-variance',
          rows: 'R2-12',
          files: ['test/core/intervals.test.ts'],
        },
        {
          name: 'layers',
          rows: 'house',
          files: [
            'test/reliability/lint-layers.test.ts',
            'test/reliability/type-layers.test.ts',
            'test/core/layers.test.ts',
          ],
        },
      ]),
];

const files = [...new Set(GROUPS.flatMap((g) => g.files))].filter((f) => existsSync(join(REPO, f)));
const work = mkdtempSync(join(tmpdir(), 'headroom-reliability-'));
const figuresFile = join(work, 'figures.txt');
const jsonFile = join(work, 'vitest.json');
const env: NodeJS.ProcessEnv = { ...process.env, HEADROOM_FIGURES: figuresFile };
if (faults) {
  env.HEADROOM_KILLS ??= '50';
  env.HEADROOM_EDIT_KILLS ??= '30';
  env.HEADROOM_MIGRATION_KILLS ??= '50';
}
const started = Date.now();
const hogs = startCpuHogs(hogCount);
if (hogCount > 0)
  console.log(`cpu-hog: ${hogCount} busy loops started (pids ${hogs.pids.join(', ')})`);
const vitest = spawn(
  process.execPath,
  [
    join(REPO, 'node_modules/vitest/vitest.mjs'),
    'run',
    ...files,
    ...(faults ? ['-t', 'kill|two processes'] : []),
    '--reporter=dot',
    '--reporter=json',
    `--outputFile.json=${jsonFile}`,
  ],
  { cwd: REPO, env, stdio: ['ignore', 'inherit', 'inherit'] },
);
// Ctrl+C or a SIGTERM: stop vitest and the hogs (by pid), then leave.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    hogs.stop();
    vitest.kill(signal);
    rmSync(work, { recursive: true, force: true });
    process.exit(130);
  });
}
const vitestStatus = await new Promise<number | null>((resolve) => vitest.on('close', resolve));
const hogCpu = hogs.cpuSeconds();
hogs.stop();
if (hogCount > 0) {
  const wall = (Date.now() - started) / 1000;
  console.log(
    `cpu-hog: ${hogCount} busy loops stopped (pids ${hogs.pids.join(', ')}); they used ${hogCpu?.toFixed(0) ?? '?'} CPU s in ${wall.toFixed(0)} s`,
  );
}

interface Assertion {
  fullName: string;
  status: string;
}
const results: { name: string; assertionResults: Assertion[] }[] = existsSync(jsonFile)
  ? JSON.parse(readFileSync(jsonFile, 'utf8')).testResults
  : [];
const figures = new Map<string, string>();
if (existsSync(figuresFile)) {
  for (const line of readFileSync(figuresFile, 'utf8').split('\n')) {
    const i = line.indexOf(': ');
    if (i > 0) figures.set(line.slice(0, i), line.slice(i + 2));
  }
}

console.log(
  `\nReliability groups (${faults ? 'fault counts' : 'CI counts'}${hogCount ? `, beside ${hogCount} CPU-bound processes` : ''}; docs/reliability.md):`,
);
let failedGroups = 0;
for (const g of GROUPS) {
  const present = g.files.filter((f) => existsSync(join(REPO, f)));
  if (present.length === 0) {
    console.log(`${g.name}: not here yet (${g.files.join(', ') || 'no file'}; ${g.rows})`);
    continue;
  }
  const tests = results
    .filter((r) => present.includes(relative(REPO, r.name)))
    .flatMap((r) => r.assertionResults)
    .filter((a) => !g.tests || g.tests.test(a.fullName));
  const passed = tests.filter((a) => a.status === 'passed').length;
  const failed = tests.filter((a) => a.status === 'failed').length;
  const skipped = tests.length - passed - failed;
  if (failed > 0) failedGroups++;
  const figure = figures.get(g.name);
  const counts = `${passed}/${tests.length} tests passed${skipped ? `, ${skipped} skipped` : ''}`;
  const status = failed > 0 ? `FAILED (${counts})` : (figure ?? counts);
  console.log(`${g.name}: ${status}`);
}
const all = results.flatMap((r) => r.assertionResults);
console.log(
  `reliability: ${all.filter((a) => a.status === 'passed').length} passed, ${all.filter((a) => a.status === 'failed').length} failed (${Math.round((Date.now() - started) / 1000)} s)`,
);
rmSync(work, { recursive: true, force: true });
process.exit(vitestStatus === 0 && failedGroups === 0 ? 0 : 1);
