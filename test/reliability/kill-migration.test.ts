import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../electron/core/db/migrations.ts';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { dumpHash, integrity } from '../db-dump.ts';
import { REPO, SHARED, rng, tempDir } from '../helpers.ts';
import { recordFigure } from './figures.ts';

/**
 * Reliability D-11: SIGKILL the real CLI while it upgrades an old-schema project. Each migration
 * runs in one transaction with its user_version bump, so after any kill the project is the old
 * schema with the old content or the new schema with the same content, never a mix.
 */
const KILLS = Number(process.env.HEADROOM_MIGRATION_KILLS ?? 20);
const dir = tempDir('headroom-kill-migration-');
const BIN = join(REPO, 'bin/headroom.mjs');
const OLD_VERSION = 3;

/**
 * Turns a current project into a schema-3 one: undoes migration 7 (the settings history), 6 (the
 * entered share), 5 (the tag history) and 4 (the review log). A new migration must be undone here too (guard below).
 */
function downgrade(path: string): void {
  expect(SCHEMA_VERSION, 'undo the newer migrations in downgrade()').toBe(7);
  const db = new Database(path);
  db.exec(`
    DROP INDEX settings_ops_state;
    DROP TABLE settings_ops;
    ALTER TABLE slice_settings DROP COLUMN share;
    DROP INDEX tag_ops_state;
    DROP TABLE tag_ops;
    ALTER TABLE tags DROP COLUMN undone;
    DROP TRIGGER verdicts_append_only_update;
    DROP TRIGGER verdicts_append_only_delete;
    DROP TABLE verdicts;
  `);
  db.pragma(`user_version = ${OLD_VERSION}`);
  db.close();
}

function schemaState(path: string): { version: number; verdicts: number; triggers: number } {
  const db = new Database(path, { readonly: true });
  try {
    const count = (type: string, like: string) =>
      (
        db
          .prepare('SELECT COUNT(*) AS n FROM sqlite_master WHERE type = ? AND name LIKE ?')
          .get(type, like) as { n: number }
      ).n;
    return {
      version: db.pragma('user_version', { simple: true }) as number,
      verdicts: count('table', 'verdicts'),
      triggers: count('trigger', 'verdicts_append_only_%'),
    };
  } finally {
    db.close();
  }
}

function infoKilled(path: string, ms: number): Promise<void> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, 'info', path], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => {
      clearTimeout(timer);
      done();
    });
  });
}

describe('kill during schema migration (D-11)', () => {
  it(`${KILLS} kills while an old project is upgraded: old or new schema, content kept`, async () => {
    expect(SCHEMA_VERSION).toBeGreaterThan(OLD_VERSION);
    const gen = spawnSync(process.execPath, [
      join(SHARED, 'tools/gen-predictions.mjs'),
      dir,
      '20000',
    ]);
    expect(gen.status).toBe(0);
    const old = join(dir, 'old.headroom');
    await runImport({ project: old, file: join(dir, 'examples.csv') });
    downgrade(old);
    const oldHash = dumpHash(old);
    expect(schemaState(old)).toEqual({ version: OLD_VERSION, verdicts: 0, triggers: 0 });

    const ref = join(dir, 'ref.headroom');
    copyFileSync(old, ref);
    const t = Date.now();
    const r = spawnSync(process.execPath, [BIN, 'info', ref], { encoding: 'utf8' });
    const duration = Date.now() - t;
    expect(r.status, r.stderr).toBe(0);
    const newHash = dumpHash(ref);
    expect(schemaState(ref)).toEqual({ version: SCHEMA_VERSION, verdicts: 1, triggers: 2 });

    const random = rng(Number(process.env.HEADROOM_KILL_SEED ?? 7));
    const seen = { old: 0, new: 0 };
    for (let i = 0; i < KILLS; i++) {
      const p = join(dir, `kill-${i}.headroom`);
      copyFileSync(old, p);
      // Node starts and loads the engine in the first half; the upgrade happens near the end.
      const at = Math.floor(duration * (0.5 + random() * 0.6));
      await infoKilled(p, at);
      expect(integrity(p), `kill ${i} at ${at} ms`).toEqual({ integrity: 'ok', foreignKeys: 0 });
      const s = schemaState(p);
      if (s.version === OLD_VERSION) {
        expect(s, `kill ${i} at ${at} ms`).toEqual({
          version: OLD_VERSION,
          verdicts: 0,
          triggers: 0,
        });
        expect(dumpHash(p)).toBe(oldHash);
        seen.old++;
      } else {
        expect(s, `kill ${i} at ${at} ms`).toEqual({
          version: SCHEMA_VERSION,
          verdicts: 1,
          triggers: 2,
        });
        expect(dumpHash(p)).toBe(newHash);
        seen.new++;
      }
    }
    recordFigure(
      'kill-during-migration',
      `${KILLS}/${KILLS} old or new schema, never a mix (${seen.old} old, ${seen.new} upgraded; upgrade run takes ${duration} ms)`,
    );
  });
});
