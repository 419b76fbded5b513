import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';
import { findShared } from './shared-dir.ts';

/** The shared folder (see shared-dir.ts): the real datasets and corpora. */
export const SHARED = findShared();
export const DATASETS = join(SHARED, 'datasets');
export const REPO = resolve(import.meta.dirname, '..');

/** A fresh temp folder, removed after the file's tests. */
export function tempDir(prefix = 'headroom-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A small RFC 4180 reader for tests, independent of the product's parser (no embedded newlines). */
export function readSimpleCsv(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const split = (line: string): string[] => {
    const out: string[] = [];
    let cur = '';
    let q = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (q) {
        if (c === '"' && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (c === '"') q = false;
        else cur += c;
      } else if (c === '"') q = true;
      else if (c === ',') {
        out.push(cur);
        cur = '';
      } else cur += c;
    }
    out.push(cur);
    return out;
  };
  const header = split(lines[0] as string);
  return lines.slice(1).map((l) => {
    const f = split(l);
    return Object.fromEntries(header.map((h, i) => [h, f[i] ?? '']));
  });
}

export { rng } from './rng.ts';

/** The value of a successful envelope; throws with the message of a failed one. */
export async function ok<T>(
  p: Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>,
): Promise<T> {
  const env = await p;
  if (!env.ok) throw new Error(env.error?.message);
  return env.value as T;
}

/** Runs the real `headroom` command in a child process, as a user would. */
export function headroomCli(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/headroom.mjs'), ...args], {
    encoding: 'utf8',
    cwd,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/**
 * Writes ../shared/tools/gen-predictions.mjs's files into `dir` (examples.csv, tags.csv: `rows`
 * examples, deterministic); throws with its stderr if it fails.
 */
export function generatePredictions(dir: string, rows: number): void {
  const r = spawnSync(
    process.execPath,
    [join(SHARED, 'tools/gen-predictions.mjs'), dir, String(rows)],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`gen-predictions.mjs ${rows} failed: ${r.stderr}`);
}
