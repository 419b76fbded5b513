import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { REPO, SHARED, sha256, tempDir } from '../helpers.ts';
import { WatchedChild } from '../watched-child.ts';
import { recordFigure } from './figures.ts';
import { CAN_SWITCH_USER, headroomAsNobody } from './privileged.ts';

/**
 * Reliability D-05: a project the user may not write, opened by the real CLI as the unprivileged
 * user nobody (root ignores file modes). Decided outcome: it opens read-only (info and report
 * work), every edit is refused with READ_ONLY and a clear message (never a raw SQLITE_READONLY),
 * and the project's bytes are unchanged.
 */
describe.skipIf(!CAN_SWITCH_USER)('read-only project, as user nobody (D-05)', () => {
  const dir = tempDir('headroom-ro-');
  chmodSync(dir, 0o755);
  const gen = spawnSync(process.execPath, [join(SHARED, 'tools/gen-predictions.mjs'), dir, '800']);
  expect(gen.status).toBe(0);
  const base = join(dir, 'base.headroom');
  const ready = runImport({ project: base, file: join(dir, 'examples.csv') });

  /** A folder holding a copy of the project, with the given modes. */
  function place(name: string, fileMode: number, dirMode: number): string {
    const d = join(dir, name);
    mkdirSync(d);
    const p = join(d, 'p.headroom');
    copyFileSync(base, p);
    chmodSync(p, fileMode);
    chmodSync(d, dirMode);
    return p;
  }

  const outcomes: string[] = [];

  function checkReadOnly(p: string, what: string): void {
    const before = sha256(p);
    const info = headroomAsNobody(dir, 'info', p, '--json');
    expect(info.err, what).toBe('');
    expect(info.code, what).toBe(0);
    expect(JSON.parse(info.out).examples, what).toBe(800);
    const report = headroomAsNobody(dir, 'report', p, '--format', 'json');
    expect(report.code, `${what}: ${report.err}`).toBe(0);
    expect(JSON.parse(report.out).overall.n).toBe(800);
    const tag = headroomAsNobody(dir, 'tag', p, 'seen', '--ids', '1,2');
    expect(tag.code, what).toBe(1);
    expect(tag.err, what).toMatch(/open read-only .*not saved/);
    expect(tag.err, what).not.toMatch(/attempt to write a readonly database/);
    const imp = headroomAsNobody(
      dir,
      'import',
      join(dir, 'tags.csv'),
      '--project',
      p,
      '--as',
      'tags',
    );
    expect(imp.code, what).toBe(1);
    expect(imp.err, what).toMatch(/open read-only .*not saved/);
    const verdict = headroomAsNobody(dir, 'review', 'verdict', p, '1', 'correct');
    expect(verdict.code, what).toBe(1);
    expect(verdict.err, what).toMatch(/read-only/);
    expect(sha256(p), `${what}: bytes unchanged`).toBe(before);
    outcomes.push(what);
  }

  it('a 0444 file in a writable folder opens read-only', async () => {
    await ready;
    checkReadOnly(place('file-ro', 0o444, 0o777), 'file 0444');
  });

  it('a writable file in a read-only folder (WAL project, no -shm) opens read-only', async () => {
    await ready;
    const p = place('dir-ro', 0o666, 0o555);
    checkReadOnly(p, 'folder 0555, WAL header, no -shm');
    expect(readdirSync(join(dir, 'dir-ro'))).toEqual(['p.headroom']);
    // A new project in that folder: refused, naming the folder.
    const fresh = headroomAsNobody(
      dir,
      'import',
      join(dir, 'examples.csv'),
      '--project',
      join(dir, 'dir-ro', 'new.headroom'),
    );
    expect(fresh.code).toBe(1);
    expect(fresh.err).toMatch(
      /dir-ro: cannot create a project in this folder \(no permission to write in it\)/,
    );
    expect(readdirSync(join(dir, 'dir-ro'))).toEqual(['p.headroom']);
  });

  it('a project with un-checkpointed changes in a read-only folder: read with them, or refused clearly', async () => {
    await ready;
    // A writer killed after its commit leaves the change in -wal (and -shm).
    const d = join(dir, 'wal-ro');
    mkdirSync(d);
    const p = join(d, 'p.headroom');
    copyFileSync(base, p);
    const child = new WatchedChild([
      join(REPO, 'test/fixtures/edit-driver.ts'),
      p,
      '7',
      '1000000',
      'w',
    ]);
    await child.waitFor((l) => l.startsWith('ack '), 5);
    await child.killAfter();
    expect(existsSync(`${p}-wal`)).toBe(true);
    for (const f of readdirSync(d)) chmodSync(join(d, f), 0o644);
    chmodSync(d, 0o555);
    const before = sha256(p);
    const info = headroomAsNobody(dir, 'info', p, '--json');
    if (info.code === 0) {
      expect(JSON.parse(info.out).tags.length).toBeGreaterThan(0); // the acked tags are seen
      outcomes.push('-wal present: read with its changes');
    } else {
      expect(info.code).toBe(1);
      expect(info.err).toMatch(/cannot be opened read-only: it has changes in .*-wal/);
      outcomes.push('-wal present: refused clearly');
    }
    expect(sha256(p)).toBe(before);
    recordFigure(
      'read-only-project',
      `${outcomes.length}/3 cases decided (${outcomes.join('; ')})`,
    );
  });
});
