import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { integrity } from '../db-dump.ts';
import { generatePredictions, REPO, rng, tempDir } from '../helpers.ts';
import { recordFigure } from '../reliability/figures.ts';
import { isTagged } from '../tag-members.ts';
import { WatchedChild } from '../watched-child.ts';

/**
 * Reliability D-02 / L-01: every edit acknowledged before a SIGKILL is in the project after it,
 * and the project is intact. The driver prints an ack only after the service call returned. Each
 * kill comes after a random number of acks (and a random few milliseconds), never at a fixed
 * time after the spawn: a busy machine only makes the driver slower.
 */
const KILLS = Number(process.env.HEADROOM_EDIT_KILLS ?? 10);
const dir = tempDir('headroom-kill-edits-');
const DRIVER = join(REPO, 'test/fixtures/edit-driver.ts');

const isAck = (l: string) => /^ack (tag|verdict) \S+ \S+$/.test(l);
const isErr = (l: string) => /^err \w+$/.test(l);

/** Starts the edit driver on `project` (edits until killed). */
function editor(project: string, seed: number, prefix = ''): WatchedChild {
  return new WatchedChild([DRIVER, project, String(seed), '100000', prefix]);
}

/** The driver's complete ack and err lines. */
const said = (child: WatchedChild) => child.lines.filter((l) => isAck(l) || isErr(l));

describe('kill during tagging and review (D-02)', () => {
  it(
    `${KILLS} kills: every acknowledged edit survives`,
    { timeout: 60_000 + KILLS * 15_000 },
    async () => {
      generatePredictions(dir, 5000);
      const base = join(dir, 'base.headroom');
      await runImport({ project: base, file: join(dir, 'examples.csv') });
      const random = rng(Number(process.env.HEADROOM_KILL_SEED ?? 11));
      let totalAcks = 0;
      for (let k = 0; k < KILLS; k++) {
        const p = join(dir, `edits-${k}.headroom`);
        copyFileSync(base, p);
        const child = editor(p, k + 1);
        const target = 1 + Math.floor(random() * 60);
        await child.waitFor(isAck, target);
        await child.killAfter(Math.floor(random() * 20));
        const acks = said(child);
        expect(acks.filter(isAck).length).toBeGreaterThanOrEqual(target);
        totalAcks += acks.length;
        expect(integrity(p)).toEqual({ integrity: 'ok', foreignKeys: 0 });
        const db = new Database(p, { readonly: true });
        const hasVerdict = db.prepare(
          'SELECT 1 FROM verdicts v JOIN examples e ON e.pos = v.pos WHERE e.id = ? AND v.corrected_label = ?',
        );
        expect(acks.filter((l) => l.startsWith('err'))).toEqual([]);
        for (const line of acks) {
          const [, what, a, b] = line.split(' ') as [string, string, string, string];
          const found = what === 'tag' ? isTagged(db, a, b) : hasVerdict.get(a, b) !== undefined;
          expect(found, `kill ${k}: ${line}`).toBe(true);
        }
        db.close();
      }
      recordFigure(
        'kill-during-edits',
        `${KILLS}/${KILLS} kept every acknowledged tag and verdict (${totalAcks} acks checked)`,
      );
    },
  );

  it('two processes edit one project at once: no BUSY surfaces, every ack is kept (D-06)', async () => {
    const p = join(dir, 'two-writers.headroom');
    copyFileSync(join(dir, 'base.headroom'), p);
    const writers = [editor(p, 101, 'a'), editor(p, 202, 'b')] as const;
    // Both are editing once each has acknowledged one edit; from then on each must get 20 to 50
    // more acknowledged while the other keeps writing, and then both are killed.
    await Promise.all(writers.map((w) => w.waitFor(isAck)));
    const random = rng(Number(process.env.HEADROOM_KILL_SEED ?? 13));
    await Promise.all(
      writers.map((w) => w.waitFor(isAck, w.count(isAck) + 20 + Math.floor(random() * 30))),
    );
    await Promise.all(writers.map((w) => w.killAfter(Math.floor(random() * 20))));
    const [a, b] = writers.map(said) as [string[], string[]];
    expect([...a, ...b].filter((l) => l.startsWith('err'))).toEqual([]);
    expect(a.length).toBeGreaterThan(10);
    expect(b.length).toBeGreaterThan(10);
    expect(integrity(p)).toEqual({ integrity: 'ok', foreignKeys: 0 });
    const db = new Database(p, { readonly: true });
    const verdict = db.prepare(
      'SELECT 1 FROM verdicts v JOIN examples e ON e.pos = v.pos WHERE e.id = ? AND v.corrected_label = ?',
    );
    for (const line of [...a, ...b]) {
      const [, what, x, y] = line.split(' ') as [string, string, string, string];
      expect(what === 'tag' ? isTagged(db, x, y) : verdict.get(x, y) !== undefined, line).toBe(
        true,
      );
    }
    db.close();
    recordFigure(
      'two-writers',
      `${a.length} + ${b.length} acknowledged edits kept, 0 BUSY or BUSY_SNAPSHOT errors`,
    );
  });
});
