import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpHash, integrity } from '../db-dump.ts';
import { REPO, SHARED, rng, tempDir } from '../helpers.ts';
import { recordFigure } from '../reliability/figures.ts';
import { WatchedChild } from '../watched-child.ts';

/**
 * Reliability D-01: SIGKILL the real importer at random moments; the project must reopen with
 * integrity ok and hold either the old or the new content, never a mix. Each kill follows one of
 * the importer's own lines (test/fixtures/cli-driver.ts): "ready" (engine loaded, project not yet
 * touched) or its k-th "progress" line (every 250 ms while rows are written, and once after the
 * COMMIT), k random over the lines a whole import prints, plus a random 0-250 ms.
 */
const KILLS = Number(process.env.HEADROOM_KILLS ?? 20);
const dir = tempDir('headroom-kill-');
const BIN = join(REPO, 'bin/headroom.mjs');
const DRIVER = join(REPO, 'test/fixtures/cli-driver.ts');
/** The importer's steps: its "ready" line, then one "progress" line per progress event. */
const isStep = (line: string) => line === 'ready' || line.startsWith('progress ');
const PROGRESS_EVERY_MS = 250;

function gen(rows: number): { examples: string; tags: string } {
  const r = spawnSync(process.execPath, [
    join(SHARED, 'tools/gen-predictions.mjs'),
    dir,
    String(rows),
  ]);
  expect(r.status).toBe(0);
  return { examples: join(dir, 'examples.csv'), tags: join(dir, 'tags.csv') };
}

function importSync(args: string[]): void {
  const r = spawnSync(process.execPath, [BIN, 'import', ...args], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

/** Runs a whole import; returns how many steps (isStep lines) it printed. */
async function importSteps(args: string[]): Promise<number> {
  const child = new WatchedChild([DRIVER, 'import', ...args]);
  await child.exited;
  expect(child.stderrText).toBe('');
  expect(child.process.exitCode).toBe(0);
  return child.count(isStep);
}

/**
 * Runs an import and SIGKILLs it `ms` after its step number `step` (0: "ready"); resolves when it
 * is gone. An import that ends before that step (this run printed fewer) is not killed.
 */
async function importKilled(args: string[], step: number, ms: number): Promise<void> {
  const child = new WatchedChild([DRIVER, 'import', ...args]);
  try {
    await child.waitFor(isStep, step + 1);
  } catch {
    expect(child.process.exitCode, child.stderrText).toBe(0);
  }
  await child.killAfter(ms);
}

describe('kill during import (D-01)', () => {
  const { examples, tags } = gen(40_000);
  const base = join(dir, 'base.headroom');
  const seed = Number(process.env.HEADROOM_KILL_SEED ?? Date.now() % 100_000);

  // Each kill costs a process start and two dumps; the timeout only guards against a hang.
  const timeout = 60_000 + KILLS * 15_000;

  it(
    `${KILLS} kills into an existing project: old or new content, never a mix (seed ${seed})`,
    { timeout },
    async () => {
      importSync([examples, '--project', base]);
      const oldHash = dumpHash(base);
      const ref = join(dir, 'ref.headroom');
      copyFileSync(base, ref);
      const steps = await importSteps([tags, '--project', ref, '--as', 'tags']);
      const newHash = dumpHash(ref);
      expect(newHash).not.toBe(oldHash);

      const random = rng(seed);
      const outcomes = { old: 0, new: 0 };
      for (let i = 0; i < KILLS; i++) {
        const p = join(dir, `kill-${i}.headroom`);
        copyFileSync(base, p);
        const step = Math.floor(random() * steps);
        const ms = Math.floor(random() * PROGRESS_EVERY_MS);
        const at = `kill ${i}: ${ms} ms after step ${step}`;
        await importKilled([tags, '--project', p, '--as', 'tags'], step, ms);
        expect(integrity(p), at).toEqual({ integrity: 'ok', foreignKeys: 0 });
        const h = dumpHash(p);
        expect([oldHash, newHash], at).toContain(h);
        outcomes[h === oldHash ? 'old' : 'new']++;
      }
      recordFigure(
        'kill-during-import',
        `${KILLS}/${KILLS} all-or-nothing (${outcomes.old} old, ${outcomes.new} new; killed 0-${PROGRESS_EVERY_MS} ms after one of the importer's ${steps} ready and progress lines)`,
      );
    },
  );

  it(
    'kills while creating a new project: no project, or the whole project',
    { timeout },
    async () => {
      const ref = join(dir, 'new-ref.headroom');
      const steps = await importSteps([examples, '--project', ref]);
      const full = dumpHash(ref);
      const random = rng(seed + 1);
      const rounds = Math.max(5, Math.floor(KILLS / 2));
      let whole = 0;
      for (let i = 0; i < rounds; i++) {
        const p = join(dir, `new-${i}.headroom`);
        const step = Math.floor(random() * steps);
        await importKilled(
          [examples, '--project', p],
          step,
          Math.floor(random() * PROGRESS_EVERY_MS),
        );
        if (existsSync(p)) {
          expect(integrity(p)).toEqual({ integrity: 'ok', foreignKeys: 0 });
          expect(dumpHash(p)).toBe(full);
          whole++;
        }
      }
      recordFigure(
        'kill-creating-project',
        `${rounds}/${rounds} no project or the whole project (${rounds - whole} none, ${whole} whole)`,
      );
    },
  );
});
