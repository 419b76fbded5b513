import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  statfsSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeProjectDb, openProjectDb } from '../../electron/core/db/project-file.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import { dumpHash, integrity } from '../db-dump.ts';
import { SHARED, headroomCli, sha256, tempDir } from '../helpers.ts';
import { recordFigure } from './figures.ts';
import { IS_ROOT } from './privileged.ts';

/**
 * Reliability D-04: the project on a 2 MiB tmpfs that fills up. Decided outcome: the import or
 * edit that hits the full disk fails with DISK_FULL and a clear message; the project is as before
 * (integrity ok, same dump); the engine keeps working; the same change succeeds once space is
 * freed. A new project that does not fit leaves no file behind.
 */
const dir = tempDir('headroom-full-');
const mnt = join(dir, 'small');
mkdirSync(mnt);
let mounted = false;
if (IS_ROOT) {
  mounted =
    spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt], { stdio: 'ignore' })
      .status === 0;
}
afterAll(() => {
  if (mounted) execFileSync('umount', [mnt]);
});

/** Fills the filesystem of `folder` with a filler file until fewer than `leave` bytes are free. */
function fill(folder: string, leave: number): string {
  const path = join(folder, 'filler.bin');
  const fd = openSync(path, 'a');
  const block = Buffer.alloc(4096, 1);
  try {
    for (;;) {
      const s = statfsSync(folder);
      if (s.bavail * s.bsize < leave) break;
      writeSync(fd, block);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  return path;
}

describe.skipIf(!mounted)('disk full on a 2 MiB tmpfs (D-04)', () => {
  const gen = spawnSync(process.execPath, [join(SHARED, 'tools/gen-predictions.mjs'), dir, '1500']);
  const examples = join(dir, 'examples.csv');
  const project = join(mnt, 'p.headroom');
  const service = createService();
  afterAll(() => service.close());
  const steps: string[] = [];

  it('a new project that does not fit: DISK_FULL, and no file left behind', async () => {
    expect(gen.status).toBe(0);
    const filler = fill(mnt, 64 * 1024);
    const env = await service.dispatch('imports.run', { project, file: examples });
    expect(env.ok).toBe(false);
    if (!env.ok) {
      expect(env.error.code, env.error.message).toBe('DISK_FULL');
      expect(env.error.message).toMatch(/disk is full/);
    }
    expect(readdirSync(mnt)).toEqual(['filler.bin']);
    rmSync(filler);
    steps.push('new project');
  });

  it('an import into a project on a full disk: DISK_FULL, project unchanged, retry works', async () => {
    const first = await service.dispatch('imports.run', { project, file: examples });
    expect(first.ok, JSON.stringify(first)).toBe(true);
    const before = dumpHash(project);
    const filler = fill(mnt, 48 * 1024);
    const run = { project, file: examples, kind: 'run', name: 'second' } as const;
    const env = await service.dispatch('imports.run', run);
    expect(env.ok).toBe(false);
    if (!env.ok) expect(env.error.code, env.error.message).toBe('DISK_FULL');
    expect(integrity(project)).toEqual({ integrity: 'ok', foreignKeys: 0 });
    expect(dumpHash(project)).toBe(before);
    rmSync(filler);
    const retry = await service.dispatch('imports.run', run);
    expect(retry.ok, JSON.stringify(retry)).toBe(true);
    expect(dumpHash(project)).not.toBe(before);
    steps.push('import');
  });

  it('a --run into an existing project (real CLI), too full for the -shm file: DISK_FULL, project unchanged', () => {
    const before = dumpHash(project);
    // As a project is between sessions: no -wal or -shm (dumpHash's read-only connection leaves
    // them; the engine's close removes them).
    closeProjectDb(openProjectDb(project));
    expect(readdirSync(mnt)).toEqual(['p.headroom']);
    const bytes = sha256(project);
    // Less than the 32 KiB page of the WAL index: the connection cannot even set up its -shm.
    const filler = fill(mnt, 8 * 1024);
    const args = ['import', examples, '--project', project, '--run', 'third'];
    const r = headroomCli(dir, ...args);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toMatch(/The disk is full: the change was not saved/);
    expect(r.err).not.toMatch(/I\/O error/);
    expect(sha256(project)).toBe(bytes);
    rmSync(filler);
    expect(integrity(project)).toEqual({ integrity: 'ok', foreignKeys: 0 });
    expect(dumpHash(project)).toBe(before);
    const retry = headroomCli(dir, ...args);
    expect(retry.code, retry.err).toBe(0);
    expect(dumpHash(project)).not.toBe(before);
    steps.push('--run (CLI)');
  });

  it('a bulk tag on a full disk: DISK_FULL, nothing half-applied, the engine goes on, retry works', async () => {
    const opened = await service.dispatch('project.open', { path: project });
    expect(opened.ok).toBe(true);
    const report = await service.dispatch('slices.report', {});
    expect(report.ok).toBe(true);
    const ids = Array.from({ length: 1500 }, (_, i) => String(i + 1));
    const before = dumpHash(project);
    const filler = fill(mnt, 1);
    let failed = 0;
    for (let i = 0; i < 20; i++) {
      const env = await service.dispatch('tags.apply', { tag: `bulk-${i}`, ids });
      if (env.ok) continue;
      expect(env.error.code, env.error.message).toBe('DISK_FULL');
      failed++;
    }
    expect(failed).toBeGreaterThan(0);
    expect((await service.dispatch('slices.report', {})).ok).toBe(true);
    const tags = await service.dispatch('tags.list', {});
    expect(tags.ok).toBe(true);
    // Every tag is whole or absent: all 1500 members, never part of them.
    if (tags.ok) {
      for (const t of (tags.value as { tags: { name: string; n: number }[] }).tags) {
        expect(t.n, t.name).toBe(1500);
      }
    }
    rmSync(filler);
    const retry = await service.dispatch('tags.apply', { tag: 'after-space-freed', ids });
    expect(retry.ok, JSON.stringify(retry)).toBe(true);
    await service.dispatch('project.close', {});
    expect(existsSync(`${project}-wal`)).toBe(false);
    expect(integrity(project)).toEqual({ integrity: 'ok', foreignKeys: 0 });
    expect(dumpHash(project)).not.toBe(before);
    steps.push(`bulk tag (${failed}/20 refused while full)`);
    recordFigure(
      'disk-full',
      `${steps.length}/4 cases: DISK_FULL, project intact, retry ok (${steps.join(', ')})`,
    );
  });
});
