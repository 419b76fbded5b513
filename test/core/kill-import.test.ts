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
 * integrity ok and hold either the old or the new content, never a mix. The moments are random
 * delays after the importer's own "ready" line (engine loaded, project not yet touched; see
 * test/fixtures/cli-driver.ts), spread over the time a full import takes after that line.
 */
const KILLS = Number(process.env.HEADROOM_KILLS ?? 20);
const dir = tempDir('headroom-kill-');
const BIN = join(REPO, 'bin/headroom.mjs');
const DRIVER = join(REPO, 'test/fixtures/cli-driver.ts');
const isReady = (line: string) => line === 'ready';

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

/** Runs a whole import; returns the milliseconds from the importer's "ready" line to its exit. */
async function importTimed(args: string[]): Promise<number> {
  const child = new WatchedChild([DRIVER, 'import', ...args]);
  await child.waitFor(isReady);
  const t = performance.now();
  await child.exited;
  expect(child.stderrText).toBe('');
  expect(child.process.exitCode).toBe(0);
  return Math.round(performance.now() - t);
}

/** Runs an import and SIGKILLs it `ms` after its "ready" line; resolves when it is gone. */
async function importKilled(args: string[], ms: number): Promise<void> {
  const child = new WatchedChild([DRIVER, 'import', ...args]);
  await child.waitFor(isReady);
  await child.killAfter(ms);
}

describe('kill during import (D-01)', () => {
  const { examples, tags } = gen(40_000);
  const base = join(dir, 'base.headroom');
  const seed = Number(process.env.HEADROOM_KILL_SEED ?? Date.now() % 100_000);

  it(`${KILLS} kills into an existing project: old or new content, never a mix (seed ${seed})`, async () => {
    importSync([examples, '--project', base]);
    const oldHash = dumpHash(base);
    const ref = join(dir, 'ref.headroom');
    copyFileSync(base, ref);
    const duration = await importTimed([tags, '--project', ref, '--as', 'tags']);
    const newHash = dumpHash(ref);
    expect(newHash).not.toBe(oldHash);

    const random = rng(seed);
    const outcomes = { old: 0, new: 0 };
    for (let i = 0; i < KILLS; i++) {
      const p = join(dir, `kill-${i}.headroom`);
      copyFileSync(base, p);
      const at = Math.floor(random() * duration * 1.2);
      await importKilled([tags, '--project', p, '--as', 'tags'], at);
      expect(integrity(p), `kill ${i} ${at} ms after ready`).toEqual({
        integrity: 'ok',
        foreignKeys: 0,
      });
      const h = dumpHash(p);
      expect([oldHash, newHash], `kill ${i} ${at} ms after ready`).toContain(h);
      outcomes[h === oldHash ? 'old' : 'new']++;
    }
    recordFigure(
      'kill-during-import',
      `${KILLS}/${KILLS} all-or-nothing (${outcomes.old} old, ${outcomes.new} new; killed 0-${Math.round(duration * 1.2)} ms after the importer's ready line; import takes ${duration} ms after it)`,
    );
  });

  it('kills while creating a new project: no project, or the whole project', async () => {
    const ref = join(dir, 'new-ref.headroom');
    const duration = await importTimed([examples, '--project', ref]);
    const full = dumpHash(ref);
    const random = rng(seed + 1);
    const rounds = Math.max(5, Math.floor(KILLS / 2));
    let whole = 0;
    for (let i = 0; i < rounds; i++) {
      const p = join(dir, `new-${i}.headroom`);
      await importKilled([examples, '--project', p], Math.floor(random() * duration * 1.1));
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
  });
});
