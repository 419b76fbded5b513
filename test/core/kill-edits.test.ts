import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { integrity } from '../db-dump.ts';
import { REPO, SHARED, rng, tempDir } from '../helpers.ts';
import { recordFigure } from '../reliability/figures.ts';

/**
 * Reliability D-02 / L-01: every edit acknowledged before a SIGKILL is in the project after it,
 * and the project is intact. The driver prints an ack only after the service call returned.
 */
const KILLS = Number(process.env.HEADROOM_EDIT_KILLS ?? 10);
const dir = tempDir('headroom-kill-edits-');
const DRIVER = join(REPO, 'test/fixtures/edit-driver.ts');

function runAndKill(project: string, seed: number, ms: number, prefix = ''): Promise<string[]> {
  return new Promise((resolveDone) => {
    const child = spawn(process.execPath, [DRIVER, project, String(seed), '100000', prefix], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      // A line cut by the kill is not an ack.
      resolveDone(
        out
          .split('\n')
          .filter(
            (l) => (l.startsWith('ack ') && l.split(' ').length === 4) || /^err \w+$/.test(l),
          ),
      );
    });
  });
}

describe('kill during tagging and review (D-02)', () => {
  it(`${KILLS} kills: every acknowledged edit survives`, async () => {
    const r = spawnSync(process.execPath, [join(SHARED, 'tools/gen-predictions.mjs'), dir, '5000']);
    expect(r.status).toBe(0);
    const base = join(dir, 'base.headroom');
    await runImport({ project: base, file: join(dir, 'examples.csv') });
    const random = rng(Number(process.env.HEADROOM_KILL_SEED ?? 11));
    let totalAcks = 0;
    for (let k = 0; k < KILLS; k++) {
      const p = join(dir, `edits-${k}.headroom`);
      copyFileSync(base, p);
      const acks = await runAndKill(p, k + 1, 600 + Math.floor(random() * 1500));
      totalAcks += acks.length;
      expect(integrity(p)).toEqual({ integrity: 'ok', foreignKeys: 0 });
      const db = new Database(p, { readonly: true });
      const hasTag = db.prepare(
        'SELECT 1 FROM tag_members m JOIN tags t ON t.id = m.tag_id JOIN examples e ON e.pos = m.pos WHERE t.name = ? AND e.id = ?',
      );
      const hasVerdict = db.prepare(
        'SELECT 1 FROM verdicts v JOIN examples e ON e.pos = v.pos WHERE e.id = ? AND v.corrected_label = ?',
      );
      expect(acks.filter((l) => l.startsWith('err'))).toEqual([]);
      for (const line of acks) {
        const [, what, a, b] = line.split(' ') as [string, string, string, string];
        const found = what === 'tag' ? hasTag.get(a, b) : hasVerdict.get(a, b);
        expect(found, `kill ${k}: ${line}`).toBeDefined();
      }
      db.close();
    }
    expect(totalAcks).toBeGreaterThan(KILLS);
    recordFigure(
      'kill-during-edits',
      `${KILLS}/${KILLS} kept every acknowledged tag and verdict (${totalAcks} acks checked)`,
    );
  });

  it('two processes edit one project at once: no BUSY surfaces, every ack is kept (D-06)', async () => {
    const p = join(dir, 'two-writers.headroom');
    copyFileSync(join(dir, 'base.headroom'), p);
    const [a, b] = await Promise.all([
      runAndKill(p, 101, 2500, 'a'),
      runAndKill(p, 202, 2500, 'b'),
    ]);
    expect([...a, ...b].filter((l) => l.startsWith('err'))).toEqual([]);
    expect(a.length).toBeGreaterThan(10);
    expect(b.length).toBeGreaterThan(10);
    expect(integrity(p)).toEqual({ integrity: 'ok', foreignKeys: 0 });
    const db = new Database(p, { readonly: true });
    const tagged = db.prepare(
      'SELECT 1 FROM tag_members m JOIN tags t ON t.id = m.tag_id JOIN examples e ON e.pos = m.pos WHERE t.name = ? AND e.id = ?',
    );
    const verdict = db.prepare(
      'SELECT 1 FROM verdicts v JOIN examples e ON e.pos = v.pos WHERE e.id = ? AND v.corrected_label = ?',
    );
    for (const line of [...a, ...b]) {
      const [, what, x, y] = line.split(' ') as [string, string, string, string];
      expect(what === 'tag' ? tagged.get(x, y) : verdict.get(x, y), line).toBeDefined();
    }
    db.close();
    recordFigure(
      'two-writers',
      `${a.length} + ${b.length} acknowledged edits kept, 0 BUSY or BUSY_SNAPSHOT errors`,
    );
  });
});
