import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APPLICATION_ID,
  closeProjectDb,
  openProjectDb,
} from '../../electron/core/db/project-file.ts';
import { SCHEMA_VERSION } from '../../electron/core/db/migrations.ts';
import { HeadroomError } from '../../electron/core/errors.ts';
import { sha256, tempDir } from '../helpers.ts';

const dir = tempDir();

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HeadroomError);
    return (err as HeadroomError).code;
  }
  throw new Error('expected an error');
}

describe('project file', () => {
  it('is created with the pragmas of the guide (D-14) and the current schema', () => {
    const path = join(dir, 'new.headroom');
    const db = openProjectDb(path, { create: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    closeProjectDb(db);
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(existsSync(`${path}-shm`)).toBe(false);
  });

  it('reopens an existing project without migrating twice', () => {
    const path = join(dir, 'again.headroom');
    closeProjectDb(openProjectDb(path, { create: true }));
    const db = openProjectDb(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(
      db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'examples'").get(),
    ).toEqual({ n: 1 });
    closeProjectDb(db);
  });

  it('refuses a missing project unless asked to create one', () => {
    expect(codeOf(() => openProjectDb(join(dir, 'missing.headroom')))).toBe('NOT_FOUND');
  });

  const foreign: [string, (path: string) => void, string][] = [
    ['a text file', (p) => writeFileSync(p, 'id,label\n1,cat\n'), 'NOT_A_PROJECT'],
    ['a short file', (p) => writeFileSync(p, 'SQLite'), 'NOT_A_PROJECT'],
    [
      'another application’s SQLite database',
      (p) => {
        const db = new Database(p);
        db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
        db.close();
      },
      'NOT_A_PROJECT',
    ],
    [
      'a project from a newer Headroom',
      (p) => {
        const db = new Database(p);
        db.pragma(`application_id = ${APPLICATION_ID}`);
        db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
        db.exec('CREATE TABLE future (x)');
        db.close();
      },
      'PROJECT_TOO_NEW',
    ],
    [
      'a truncated project',
      (p) => {
        const src = join(dir, 'full-for-truncate.headroom');
        const db = openProjectDb(src, { create: true });
        db.exec("INSERT INTO meta VALUES ('x', 'y')");
        closeProjectDb(db);
        const bytes = readFileSync(src);
        writeFileSync(p, bytes.subarray(0, 4096 + 100));
      },
      'NOT_A_PROJECT',
    ],
    [
      'a project with flipped bytes',
      (p) => {
        const src = join(dir, 'full-for-flip.headroom');
        const db = openProjectDb(src, { create: true });
        closeProjectDb(db);
        const bytes = readFileSync(src);
        for (let i = 4096; i < bytes.length; i += 7) bytes[i] = (bytes[i] as number) ^ 0xff;
        writeFileSync(p, bytes);
      },
      'NOT_A_PROJECT',
    ],
  ];
  for (const [what, make, code] of foreign) {
    it(`refuses ${what} and leaves it byte-for-byte unchanged (D-10)`, () => {
      const path = join(dir, `foreign-${what.replace(/\W+/g, '-')}.headroom`);
      make(path);
      const before = sha256(path);
      expect(codeOf(() => openProjectDb(path))).toBe(code);
      expect(sha256(path)).toBe(before);
      expect(existsSync(`${path}-wal`)).toBe(false);
    });
  }

  it('copies through the backup API give an identical project (D-09)', async () => {
    const path = join(dir, 'backup-src.headroom');
    const db = openProjectDb(path, { create: true });
    db.exec("INSERT INTO meta VALUES ('note', 'in the WAL only')");
    const copy = join(dir, 'backup-copy.headroom');
    await db.backup(copy);
    copyFileSync(path, join(dir, 'raw-copy.headroom'));
    const c = openProjectDb(copy);
    expect(c.prepare("SELECT value FROM meta WHERE key = 'note'").get()).toEqual({
      value: 'in the WAL only',
    });
    closeProjectDb(c);
    closeProjectDb(db);
  });
});
