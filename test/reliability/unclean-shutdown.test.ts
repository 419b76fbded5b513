import Database from 'better-sqlite3';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createService } from '../../electron/core/handlers/service.ts';
import { DATASETS, REPO, ok, tempDir } from '../helpers.ts';
import { WatchedChild } from '../watched-child.ts';
import { recordFigure } from './figures.ts';

const DRIVER = join(REPO, 'test/fixtures/edit-driver.ts');
const dir = tempDir('headroom-unclean-');
const project = join(dir, 'mnist.headroom');

const sessionRows = () => {
  const db = new Database(project, { readonly: true });
  try {
    return db
      .prepare<[], { key: string }>("SELECT key FROM meta WHERE key LIKE 'session:%'")
      .all()
      .map((r) => r.key);
  } finally {
    db.close();
  }
};

/** Opens the project in a fresh service; returns its notices and the tags it has. */
async function openAndLook() {
  const s = createService();
  try {
    await ok(s.dispatch('project.open', { path: project }));
    const { notices } = await ok<{ notices: string[] }>(s.dispatch('project.notices', {}));
    const { tags } = await ok<{ tags: { name: string; n: number }[] }>(s.dispatch('tags.list', {}));
    return { notices, tags };
  } finally {
    s.close();
  }
}

/** L-06: after a kill the next open says the project was not closed cleanly, once. */
describe('unclean-shutdown notice (L-06)', () => {
  it('a killed editor is reported on the next open with the last save time; a clean close is not', async () => {
    const importer = createService();
    await ok(
      importer.dispatch('imports.run', {
        project,
        file: join(DATASETS, 'mnist_test/mnist_test.csv'),
      }),
    );
    importer.close();
    expect(sessionRows()).toEqual([]);
    expect((await openAndLook()).notices).toEqual([]);
    expect(sessionRows()).toEqual([]); // a clean close removes its row

    // Another process edits the project and is killed after a few acknowledged edits.
    const child = new WatchedChild([DRIVER, project, '3', '1000000', 'u']);
    await child.waitFor((l) => l.startsWith('ack '), 5);
    // While it runs, opening the project elsewhere is no sign of trouble.
    expect((await openAndLook()).notices).toEqual([]);
    await child.killAfter();
    expect(sessionRows()).toHaveLength(1); // the killed process's

    const after = await openAndLook();
    expect(after.notices).toEqual([
      expect.stringMatching(
        /^Headroom was not closed cleanly .*last saved change: \d{4}-\d\d-\d\d \d\d:\d\d UTC/,
      ),
    ]);
    // What it acknowledged before the kill is there.
    expect(after.tags.reduce((n, t) => n + t.n, 0)).toBeGreaterThanOrEqual(1);
    expect((await openAndLook()).notices).toEqual([]); // said once
    expect(sessionRows()).toEqual([]);
    recordFigure(
      'unclean-shutdown',
      'SIGKILLed editor reported once on the next open, with its last save time',
    );
  });

  it("leaves other machines' sessions alone and drops its own leftovers silently", async () => {
    const db = new Database(project);
    const other = 'session:other-box:4242:abcd1234:opened_at';
    const mine = `session:${hostname()}:${process.pid}:deadbeef:opened_at`;
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?), (?, ?)').run(other, 'x', mine, 'x');
    db.close();
    expect((await openAndLook()).notices).toEqual([]);
    expect(sessionRows()).toEqual([other]);
  });
});
