import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, watch } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../electron/core/db/migrations.ts';
import { EXAMPLES_ID_INDEX } from '../../electron/core/db/migrations/015-examples-id-index.ts';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { dumpHash, integrity } from '../db-dump.ts';
import { generatePredictions, REPO, SHARED, rng, tempDir } from '../helpers.ts';
import { WatchedChild } from '../watched-child.ts';
import { membersByTag } from '../tag-members.ts';
import {
  BEFORE_ID_INDEX,
  BEFORE_SETS,
  ID_AUTOINDEX,
  examplesIndexes,
  undoExamplesIdIndex,
  undoMemberSets,
} from '../db/undo-migrations.ts';
import { recordFigure } from './figures.ts';

/**
 * Reliability D-11: SIGKILL the real CLI while it upgrades an old-schema project. Each migration
 * runs in one transaction with its user_version bump, so after any kill the project is the old
 * schema with the old content or the new schema with the same content, never a mix. Each kill
 * comes a random delay after the CLI opened the project (infoOpened: the project's -shm file
 * appears), spread over the time a whole run takes from there.
 */
const KILLS = Number(process.env.HEADROOM_MIGRATION_KILLS ?? 20);
const dir = tempDir('headroom-kill-migration-');
const DRIVER = join(REPO, 'test/fixtures/cli-driver.ts');
const OLD_VERSION = 3;

/**
 * Turns a current project into a schema-3 one: undoes migration 15 (examples id index), 14 (tag
 * member sets), 13 to 8,
 * 7 (the settings history), 6 (the entered share), 5 (the tag history) and 4 (the review log). A
 * new migration must be undone here too (guard below).
 */
function downgrade(path: string): void {
  expect(SCHEMA_VERSION, 'undo the newer migrations in downgrade()').toBe(15);
  const db = new Database(path);
  undoExamplesIdIndex(db);
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

/**
 * Starts `headroom info` on `path` and resolves once the CLI has opened the project: when the
 * project's -shm file appears (SQLite makes it on a connection's first read of a WAL file, before
 * the checks and the upgrade; a clean close removes it). A kill timed from there falls in the
 * upgrade, not in loading the engine, which takes about half of a run after the CLI's "ready" line
 * (test/fixtures/cli-driver.ts).
 */
async function infoOpened(path: string): Promise<WatchedChild> {
  const shm = `${basename(path)}-shm`;
  let opened = () => {};
  const open = new Promise<void>((resolve) => (opened = resolve));
  const watcher = watch(dirname(path), (_event, name) => {
    if (name === shm) opened();
  });
  try {
    const child = new WatchedChild([DRIVER, 'info', path]);
    const exited = child.exited.then(() => {
      throw new Error(`headroom info exited before opening ${path}: ${child.stderrText}`);
    });
    await Promise.race([open, exited]);
    exited.catch(() => {});
    return child;
  } finally {
    watcher.close();
  }
}

/** Runs `headroom info` on `path`; returns the milliseconds from opening the project to its exit. */
async function infoTimed(path: string): Promise<number> {
  const child = await infoOpened(path);
  const t = performance.now();
  await child.exited;
  expect(child.process.exitCode, child.stderrText).toBe(0);
  return Math.round(performance.now() - t);
}

/**
 * Runs `headroom info` on `path` and SIGKILLs it `ms` after it opened the project; false when it
 * had finished by then (a delay past the end of the run, or a run faster than the measured one).
 */
async function infoKilled(path: string, ms: number): Promise<boolean> {
  const child = await infoOpened(path);
  await child.killAfter(ms);
  return child.process.signalCode === 'SIGKILL';
}

/**
 * The delay of kill `i` of `kills` after the CLI opened the project: one random moment in each of
 * `kills` equal slices of 0 to 1.1 times the run, so every part of the run is hit (the checks, the
 * migration, its commit, what follows) whatever the seed; a pure random draw of 12 can miss the
 * last tenth, where the commit is.
 */
function killDelay(i: number, kills: number, duration: number, random: () => number): number {
  return Math.floor(((i + random()) / kills) * duration * 1.1);
}

/**
 * Kills `kills` copies of `old` (files PREFIX-i.headroom), each `headroom info` at killDelay after
 * it opened the project; after each, the copy must pass the integrity and foreign-key checks and
 * `check` says (asserting what each side must hold) whether it is the old schema or the upgraded one.
 */
async function killCopies(
  old: string,
  prefix: string,
  kills: number,
  duration: number,
  seed: number,
  check: (path: string, why: string) => 'old' | 'new',
): Promise<{ old: number; new: number; finished: number }> {
  const random = rng(Number(process.env.HEADROOM_KILL_SEED ?? seed));
  const seen = { old: 0, new: 0, finished: 0 };
  for (let i = 0; i < kills; i++) {
    const p = join(dir, `${prefix}-${i}.headroom`);
    copyFileSync(old, p);
    const at = killDelay(i, kills, duration, random);
    if (!(await infoKilled(p, at))) seen.finished++;
    const why = `kill ${i} ${at} ms after the project was opened`;
    expect(integrity(p), why).toEqual({ integrity: 'ok', foreignKeys: 0 });
    seen[check(p, why)]++;
  }
  return seen;
}

let taggedData: string | null = null;
/**
 * Imports a generated 100k-row file and its 20 tag sets (about 200k members) into a new project at
 * `path`: predictions, human labels and tags all refer to examples. The files are generated once.
 */
async function taggedProject(path: string): Promise<void> {
  if (taggedData === null) {
    const data = join(dir, 'tagged-data');
    mkdirSync(data, { recursive: true });
    const gen = spawnSync(process.execPath, [
      join(SHARED, 'tools/gen-predictions.mjs'),
      data,
      '100000',
    ]);
    expect(gen.status).toBe(0);
    taggedData = data;
  }
  await runImport({ project: path, file: join(taggedData, 'examples.csv') });
  await runImport({ project: path, file: join(taggedData, 'tags.csv'), kind: 'tags' });
}

describe('kill during schema migration (D-11)', () => {
  // Each kill costs a process start and two dumps; the timeout only guards against a hang.
  it(
    `${KILLS} kills while an old project is upgraded: old or new schema, content kept`,
    { timeout: 60_000 + KILLS * 15_000 },
    async () => {
      expect(SCHEMA_VERSION).toBeGreaterThan(OLD_VERSION);
      generatePredictions(dir, 20000);
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

      const seen = await killCopies(old, 'kill', KILLS, duration, 7, (p, why) => {
        const s = schemaState(p);
        if (s.version === OLD_VERSION) {
          expect(s, why).toEqual({ version: OLD_VERSION, verdicts: 0, triggers: 0 });
          expect(dumpHash(p), why).toBe(oldHash);
          return 'old';
        }
        expect(s, why).toEqual({ version: SCHEMA_VERSION, verdicts: 1, triggers: 2 });
        expect(dumpHash(p), why).toBe(newHash);
        return 'new';
      });
      recordFigure(
        'kill-during-migration',
        `${KILLS}/${KILLS} old or new schema, never a mix (${seen.old} old, ${seen.new} upgraded of which ${seen.finished} finished before their kill; killed 0-${Math.round(duration * 1.1)} ms after the CLI opened the project; the run takes ${duration} ms from there)`,
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
      const old = join(dir, 'tags-old.headroom');
      await taggedProject(old);
      const current = new Database(old);
      const members = membersByTag(current);
      undoExamplesIdIndex(current);
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

      const seen = await killCopies(old, 'tags-kill', KILLS_014, duration, 14, (p, why) => {
        if (tables(p).version === BEFORE_SETS) {
          expect(tables(p), why).toEqual({ version: BEFORE_SETS, tables: ['tag_members'] });
          expect(dumpHash(p), why).toBe(oldHash);
          return 'old';
        }
        expect(tables(p), why).toEqual({ version: SCHEMA_VERSION, tables: ['tag_member_sets'] });
        expect(dumpHash(p), why).toBe(newHash);
        return 'new';
      });
      recordFigure(
        'kill-during-migration-014',
        `${KILLS_014}/${KILLS_014} old rows or new sets, never a mix (${seen.old} old, ${seen.new} upgraded of which ${seen.finished} finished before their kill; ${rows} members; killed 0-${Math.round(duration * 1.1)} ms after the CLI opened the project; the run takes ${duration} ms from there)`,
      );
    },
  );
});

/**
 * Migration 015 rebuilds examples (a new table, every row copied, the old one dropped, the new one
 * renamed) with foreign keys off: SIGKILL while it does so on a 100k-row project whose predictions,
 * human labels and tags refer to examples. Kills are timed from the moment the CLI opened the
 * project (infoOpened), so they fall in the upgrade. After any kill the project is the old schema
 * (the id column's autoindex) or the new one (the examples_id index), the same rows either way,
 * and every reference holds.
 */
describe('kill during the examples id index migration (015)', () => {
  const KILLS_015 = Number(process.env.HEADROOM_MIGRATION_KILLS ?? 12);
  it(
    `${KILLS_015} kills while examples is rebuilt: the old unique column or the new index, rows kept`,
    { timeout: 120_000 + KILLS_015 * 15_000 },
    async () => {
      const old = join(dir, 'ids-old.headroom');
      await taggedProject(old);
      const current = new Database(old);
      undoExamplesIdIndex(current);
      current.close();
      /** The version, the indexes of examples and every statement of the schema. */
      const schema = (path: string) => {
        const db = new Database(path, { readonly: true });
        try {
          return {
            version: db.pragma('user_version', { simple: true }) as number,
            indexes: examplesIndexes(db),
            statements: db
              .prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name')
              .all(),
          };
        } finally {
          db.close();
        }
      };
      const counts = (path: string) => {
        const db = new Database(path, { readonly: true });
        try {
          const count = (table: string) =>
            db.prepare<[], number>(`SELECT COUNT(*) FROM ${table}`).pluck().get();
          return {
            examples: count('examples'),
            predictions: count('predictions'),
            tags: count('tag_member_sets'),
          };
        } finally {
          db.close();
        }
      };
      const oldSchema = schema(old);
      const oldHash = dumpHash(old);
      expect(oldSchema.version).toBe(BEFORE_ID_INDEX);
      expect(oldSchema.indexes).toEqual([ID_AUTOINDEX]);
      expect(counts(old)).toEqual({ examples: 100_000, predictions: 100_000, tags: 20 });

      const ref = join(dir, 'ids-ref.headroom');
      copyFileSync(old, ref);
      const duration = await infoTimed(ref);
      const newSchema = schema(ref);
      const newHash = dumpHash(ref);
      expect(newSchema.version).toBe(SCHEMA_VERSION);
      expect(newSchema.indexes).toEqual([EXAMPLES_ID_INDEX]);
      // The rebuild changes the schema, never the content.
      expect(newHash).toBe(oldHash);
      expect(integrity(ref)).toEqual({ integrity: 'ok', foreignKeys: 0 });

      const seen = await killCopies(old, 'ids-kill', KILLS_015, duration, 15, (p, why) => {
        const s = schema(p);
        expect(s, why).toEqual(s.version === BEFORE_ID_INDEX ? oldSchema : newSchema);
        expect(dumpHash(p), why).toBe(oldHash);
        return s.version === BEFORE_ID_INDEX ? 'old' : 'new';
      });
      recordFigure(
        'kill-during-migration-015',
        `${KILLS_015}/${KILLS_015} old unique column or new id index, never a mix, rows kept (${seen.old} old, ${seen.new} upgraded of which ${seen.finished} finished before their kill; 100,000 examples with predictions, human labels and 20 tag sets; killed 0-${Math.round(duration * 1.1)} ms after the CLI opened the project; the run takes ${duration} ms from there)`,
      );
    },
  );
});
