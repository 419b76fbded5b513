import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS, REPO, sha256, tempDir } from '../helpers.ts';

const dir = tempDir();
const BIN = join(REPO, 'bin/headroom.mjs');

/** Runs the real `headroom` command in a child process, as a user would. */
function headroom(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('headroom CLI', () => {
  const project = join(dir, 'c10.headroom');

  it('imports CIFAR-10 and shows the roles and accuracy', () => {
    const r = headroom(
      'import',
      join(DATASETS, 'cifar10_test/cifar10_test.csv'),
      '--project',
      project,
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Imported 10,000 of 10,000 rows/);
    expect(r.out).toMatch(/mturk_checked\s+ignore\s+\[answer key: never an input\]/);
  });

  it('info --json reports rows, roles, runs and humans', () => {
    const r = headroom('info', project, '--json');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.out);
    expect(info.examples).toBe(10_000);
    expect(info.runs[0].accuracy).toBeCloseTo(0.9294, 10);
    expect(info.humans[0].n).toBe(10_000);
    expect(info.columns.find((c: { name: string }) => c.name === 'label').role).toBe('label');
    expect(headroom('info', project).out).toMatch(/accuracy 92\.94%/);
  });

  it('adds a second run with --run and tags with --as tags', () => {
    const jsonl = join(DATASETS, 'cifar10_test/cifar10_test.jsonl');
    const r = headroom('import', jsonl, '--project', project, '--run', 'from-jsonl', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).kind).toBe('run');
    const info = JSON.parse(headroom('info', project, '--json').out);
    expect(info.runs.map((x: { name: string }) => x.name)).toEqual(['cifar10_test', 'from-jsonl']);
  });

  it('fails with a clear message, exit 1, and the project unchanged', () => {
    const before = sha256(project);
    const r = headroom('import', join(dir, 'missing.csv'), '--project', project, '--run', 'x');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/missing\.csv: file not found/);
    const r2 = headroom('import', dir, '--project', project, '--run', 'x', '--format', 'csv');
    expect(r2.code).toBe(1);
    expect(r2.err).toMatch(/is a directory/);
    expect(sha256(project)).toBe(before);
  });

  it('bad usage exits 2 with the usage text', () => {
    const r = headroom('import', 'x.csv');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/needs --project/);
    expect(headroom('frobnicate').code).toBe(2);
    expect(headroom('import', 'x.csv', '--project', 'p', '--map', 'nonsense=x').code).toBe(1);
  });
});
