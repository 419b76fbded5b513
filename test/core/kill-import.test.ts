import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dumpHash, integrity } from '../db-dump.ts';
import { REPO, SHARED, rng, tempDir } from '../helpers.ts';
import { recordFigure } from '../reliability/figures.ts';

/**
 * Reliability D-01: SIGKILL the real importer at random moments; the project must reopen with
 * integrity ok and hold either the old or the new content, never a mix.
 */
const KILLS = Number(process.env.HEADROOM_KILLS ?? 20);
const dir = tempDir('headroom-kill-');
const BIN = join(REPO, 'bin/headroom.mjs');

function gen(rows: number): { examples: string; tags: string } {
  const r = spawnSync(process.execPath, [
    join(SHARED, 'tools/gen-predictions.mjs'),
    dir,
    String(rows),
  ]);
  expect(r.status).toBe(0);
  return { examples: join(dir, 'examples.csv'), tags: join(dir, 'tags.csv') };
}

function importSync(args: string[]): number {
  const t = Date.now();
  const r = spawnSync(process.execPath, [BIN, 'import', ...args], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return Date.now() - t;
}

/** Runs an import and kills it after `ms`; resolves when the process is gone. */
function importKilled(args: string[], ms: number): Promise<void> {
  return new Promise((resolveDone) => {
    const child = spawn(process.execPath, [BIN, 'import', ...args], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      resolveDone();
    });
  });
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
    const duration = importSync([tags, '--project', ref, '--as', 'tags']);
    const newHash = dumpHash(ref);
    expect(newHash).not.toBe(oldHash);

    const random = rng(seed);
    const outcomes = { old: 0, new: 0 };
    for (let i = 0; i < KILLS; i++) {
      const p = join(dir, `kill-${i}.headroom`);
      copyFileSync(base, p);
      const at = 50 + Math.floor(random() * duration * 1.2);
      await importKilled([tags, '--project', p, '--as', 'tags'], at);
      expect(integrity(p), `kill ${i} at ${at} ms`).toEqual({ integrity: 'ok', foreignKeys: 0 });
      const h = dumpHash(p);
      expect([oldHash, newHash], `kill ${i} at ${at} ms`).toContain(h);
      outcomes[h === oldHash ? 'old' : 'new']++;
    }
    recordFigure(
      'kill-during-import',
      `${KILLS}/${KILLS} all-or-nothing (${outcomes.old} old, ${outcomes.new} new; import takes ${duration} ms)`,
    );
  });

  it('kills while creating a new project: no project, or the whole project', async () => {
    const ref = join(dir, 'new-ref.headroom');
    const duration = importSync([examples, '--project', ref]);
    const full = dumpHash(ref);
    const random = rng(seed + 1);
    const rounds = Math.max(5, Math.floor(KILLS / 2));
    let whole = 0;
    for (let i = 0; i < rounds; i++) {
      const p = join(dir, `new-${i}.headroom`);
      await importKilled([examples, '--project', p], 50 + Math.floor(random() * duration));
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
