import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/core/db/migrations.ts';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { dumpHash, integrity } from '../db-dump.ts';
import { REPO, SHARED, rng, tempDir } from '../helpers.ts';
import { WatchedChild } from '../watched-child.ts';
import { membersByTag } from '../tag-members.ts';
import { recordFigure } from './figures.ts';

/**
 * Reliability D-11: SIGKILL the real CLI while it upgrades an old-schema project. Each migration
 * runs in one transaction with its user_version bump, so after any kill the project is the old
 * schema with the old content or the new schema with the same content, never a mix. Each kill
 * comes a random delay after the CLI's own "ready" line (test/fixtures/cli-driver.ts: engine
 * loaded, project not yet opened), spread over the time a whole run takes after that line.
 */
const KILLS = Number(process.env.HEADROOM_MIGRATION_KILLS ?? 20);
const dir = tempDir('headroom-kill-migration-');
const DRIVER = join(REPO, 'test/fixtures/cli-driver.ts');
const isReady = (line: string) => line === 'ready';
const OLD_VERSION = 3;

/** The schema before migration 014 (tag member sets): its version and the table it replaced. */
const BEFORE_SETS = MIGRATIONS[MIGRATIONS.length - 2]?.version as number;

/**
 * Undoes migration 014 in place: every tag's member set back to one tag_members row per member (as
 * migration 001 made them), the sets dropped, user_version the one before.
 */
function undoMemberSets(db: Database.Database): void {
  expect(MIGRATIONS[MIGRATIONS.length - 1]?.version, 'undo the newer migrations first').toBe(14);
  const members = membersByTag(db);
  db.transaction(() => {
    db.exec(`
      CREATE TABLE tag_members (
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        pos INTEGER NOT NULL REFERENCES examples(pos),
        PRIMARY KEY (tag_id, pos)
      ) STRICT, WITHOUT ROWID;
      DROP TABLE tag_member_sets;
    `);
    const insert = db.prepare('INSERT INTO tag_members (tag_id, pos) VALUES (?, ?)');
    for (const [tag, positions] of members) for (const p of positions) insert.run(tag, p);
  })();
  db.pragma(`user_version = ${BEFORE_SETS}`);
}

/**
 * Turns a current project into a schema-3 one: undoes migration 14 (tag member sets), 13 to 8,
 * 7 (the settings history), 6 (the entered share), 5 (the tag history) and 4 (the review log). A
 * new migration must be undone here too (guard below).
 */
function downgrade(path: string): void {
  expect(SCHEMA_VERSION, 'undo the newer migrations in downgrade()').toBe(14);
  const db = new Database(path);
  undoMemberSets(db);
  db.exec(`
    -- 013's per-class and paired counts of summary runs; 012 adds columns to summary_slices,
    -- dropped with it below.
    DROP TABLE summary_run_pairs;
    DROP TABLE summary_class_stats;
    DROP TABLE bin_counts;
    DROP TABLE summary_slices;
    DROP TABLE summary_runs;
    DROP TRIGGER decision_events_append_only_update;
    DROP TRIGGER decision_events_append_only_delete;
    DROP TABLE decision_events;
    DROP TABLE targets;
    DROP TABLE requirements;
    DROP TABLE report_reference;
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

/** Runs `headroom info` on `path`; returns the milliseconds from its "ready" line to its exit. */
async function infoTimed(path: string): Promise<number> {
  const child = new WatchedChild([DRIVER, 'info', path]);
  await child.waitFor(isReady);
  const t = performance.now();
  await child.exited;
  expect(child.process.exitCode, child.stderrText).toBe(0);
  return Math.round(performance.now() - t);
}

/** Runs `headroom info` on `path` and SIGKILLs it `ms` after its "ready" line. */
async function infoKilled(path: string, ms: number): Promise<void> {
  const child = new WatchedChild([DRIVER, 'info', path]);
  await child.waitFor(isReady);
  await child.killAfter(ms);
}

describe('kill during schema migration (D-11)', () => {
  // Each kill costs a process start and two dumps; the timeout only guards against a hang.
  it(
    `${KILLS} kills while an old project is upgraded: old or new schema, content kept`,
    { timeout: 60_000 + KILLS * 15_000 },
    async () => {
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
      const duration = await infoTimed(ref);
      const newHash = dumpHash(ref);
      expect(schemaState(ref)).toEqual({ version: SCHEMA_VERSION, verdicts: 1, triggers: 2 });

      const random = rng(Number(process.env.HEADROOM_KILL_SEED ?? 7));
      const seen = { old: 0, new: 0 };
      for (let i = 0; i < KILLS; i++) {
        const p = join(dir, `kill-${i}.headroom`);
        copyFileSync(old, p);
        const at = Math.floor(random() * duration * 1.1);
        await infoKilled(p, at);
        expect(integrity(p), `kill ${i} ${at} ms after ready`).toEqual({
          integrity: 'ok',
          foreignKeys: 0,
        });
        const s = schemaState(p);
        if (s.version === OLD_VERSION) {
          expect(s, `kill ${i} ${at} ms after ready`).toEqual({
            version: OLD_VERSION,
            verdicts: 0,
            triggers: 0,
          });
          expect(dumpHash(p)).toBe(oldHash);
          seen.old++;
        } else {
          expect(s, `kill ${i} ${at} ms after ready`).toEqual({
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
        `${KILLS}/${KILLS} old or new schema, never a mix (${seen.old} old, ${seen.new} upgraded; killed 0-${Math.round(duration * 1.1)} ms after the CLI's ready line; the run takes ${duration} ms after it)`,
      );
    },
  );
});

/**
 * Migration 014 turns each tag's member rows into one set: SIGKILL while it does so on a project
 * with 20 tag sets (about 200k members). After any kill the project is the old schema with its rows
 * or the new one with the same members as sets, never a mix and never members lost.
 */
describe('kill during the tag member sets migration (014)', () => {
  const KILLS_014 = Number(process.env.HEADROOM_MIGRATION_KILLS ?? 12);
  it(
    `${KILLS_014} kills while tag rows become sets: old rows or new sets, members kept`,
    { timeout: 120_000 + KILLS_014 * 15_000 },
    async () => {
      const data = join(dir, 'tags-data');
      mkdirSync(data, { recursive: true });
      const gen = spawnSync(process.execPath, [
        join(SHARED, 'tools/gen-predictions.mjs'),
        data,
        '100000',
      ]);
      expect(gen.status).toBe(0);
      const old = join(dir, 'tags-old.headroom');
      await runImport({ project: old, file: join(data, 'examples.csv') });
      await runImport({ project: old, file: join(data, 'tags.csv'), kind: 'tags' });
      const current = new Database(old);
      const members = membersByTag(current);
      undoMemberSets(current);
      current.close();
      const rows = [...members.values()].reduce((a, m) => a + m.length, 0);
      expect(rows).toBeGreaterThan(150_000);
      const tables = (path: string) => {
        const db = new Database(path, { readonly: true });
        try {
          return {
            version: db.pragma('user_version', { simple: true }) as number,
            tables: db
              .prepare<[], string>(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'tag_member%' ORDER BY name",
              )
              .pluck()
              .all(),
          };
        } finally {
          db.close();
        }
      };
      const oldHash = dumpHash(old);
      expect(tables(old)).toEqual({ version: BEFORE_SETS, tables: ['tag_members'] });

      const ref = join(dir, 'tags-ref.headroom');
      copyFileSync(old, ref);
      const duration = await infoTimed(ref);
      const newHash = dumpHash(ref);
      expect(tables(ref)).toEqual({ version: SCHEMA_VERSION, tables: ['tag_member_sets'] });
      const upgraded = new Database(ref, { readonly: true });
      expect(membersByTag(upgraded)).toEqual(members);
      upgraded.close();

      const random = rng(Number(process.env.HEADROOM_KILL_SEED ?? 14));
      const seen = { old: 0, new: 0 };
      for (let i = 0; i < KILLS_014; i++) {
        const p = join(dir, `tags-kill-${i}.headroom`);
        copyFileSync(old, p);
        const at = Math.floor(random() * duration * 1.1);
        await infoKilled(p, at);
        const why = `kill ${i} ${at} ms after ready`;
        expect(integrity(p), why).toEqual({ integrity: 'ok', foreignKeys: 0 });
        if (tables(p).version === BEFORE_SETS) {
          expect(tables(p), why).toEqual({ version: BEFORE_SETS, tables: ['tag_members'] });
          expect(dumpHash(p), why).toBe(oldHash);
          seen.old++;
        } else {
          expect(tables(p), why).toEqual({ version: SCHEMA_VERSION, tables: ['tag_member_sets'] });
          expect(dumpHash(p), why).toBe(newHash);
          seen.new++;
        }
      }
      recordFigure(
        'kill-during-migration-014',
        `${KILLS_014}/${KILLS_014} old rows or new sets, never a mix (${seen.old} old, ${seen.new} upgraded; ${rows} members; killed 0-${Math.round(duration * 1.1)} ms after the CLI's ready line; the run takes ${duration} ms after it)`,
      );
    },
  );
});
