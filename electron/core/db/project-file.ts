import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { HeadroomError } from '../errors.ts';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.ts';

/** "HDRM": written to the SQLite header so a foreign database is never mistaken for a project. */
export const APPLICATION_ID = 0x4844524d;
export const PROJECT_EXTENSION = '.headroom';
const SQLITE_MAGIC = 'SQLite format 3\0';
/** Projects up to this size get PRAGMA quick_check on open (about 0.1 s at this size). */
const QUICK_CHECK_MAX_BYTES = 32 * 1024 * 1024;

export interface OpenOptions {
  /** Create the file when it does not exist (it must not exist when true and `mustBeNew`). */
  create?: boolean;
  readonly?: boolean;
}

/** What the first 100 bytes of a file say, read without letting SQLite touch it. */
function readHeader(path: string): { appId: number; userVersion: number } {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(100);
    const n = readSync(fd, buf, 0, 100, 0);
    if (n < 100 || buf.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
      throw new HeadroomError(
        'NOT_A_PROJECT',
        `${path}: not a Headroom project (not an SQLite database). The file was not changed.`,
      );
    }
    return { userVersion: buf.readUInt32BE(60), appId: buf.readUInt32BE(68) };
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks an existing file before SQLite opens it for writing, so that a foreign, corrupt or newer
 * file is refused and left byte-for-byte unchanged.
 */
export function validateProjectFile(path: string): void {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new HeadroomError('NOT_FOUND', `${path}: project not found.`);
  }
  if (!st.isFile()) throw new HeadroomError('NOT_A_FILE', `${path}: is not a file.`);
  const { appId, userVersion } = readHeader(path);
  if (appId !== APPLICATION_ID) {
    throw new HeadroomError(
      'NOT_A_PROJECT',
      `${path}: an SQLite database, but not a Headroom project (application_id ${appId}). The file was not changed.`,
    );
  }
  if (userVersion > SCHEMA_VERSION) {
    throw new HeadroomError(
      'PROJECT_TOO_NEW',
      `${path}: made by a newer Headroom (schema ${userVersion}; this version reads up to ${SCHEMA_VERSION}). Update Headroom to open it. The file was not changed.`,
    );
  }
}

/** Page cache of an open project: keeps the id index hot for lookups by example id. */
const CACHE_KIB = 32 * 1024;

function applyPragmas(db: Db, readonly: boolean): void {
  db.pragma(`cache_size = -${CACHE_KIB}`);
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    // FULL: an acknowledged edit survives a power cut (reliability-tests.md D-03).
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      if (m.version === 1) db.pragma(`application_id = ${APPLICATION_ID}`);
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}

/** Opens (or creates) a project file with the project's pragmas, migrated to the current schema. */
export function openProjectDb(path: string, options: OpenOptions = {}): Db {
  const exists = existsSync(path);
  if (!exists && !options.create) {
    throw new HeadroomError('NOT_FOUND', `${path}: project not found.`);
  }
  if (exists) validateProjectFile(path);
  const readonly = options.readonly ?? false;
  let db: Db;
  try {
    db = new Database(path, { readonly, fileMustExist: exists });
  } catch (err) {
    throw new HeadroomError('UNREADABLE', `${path}: cannot open (${(err as Error).message}).`, {
      cause: err,
    });
  }
  try {
    db.pragma('busy_timeout = 5000');
    // Read-only check first: nothing has been written to a damaged file when it is refused.
    // It reads the whole file, so large projects skip it (damage there surfaces as SQLITE_CORRUPT
    // on first use, with the same message) to keep opening fast.
    if (exists && statSync(path).size <= QUICK_CHECK_MAX_BYTES) {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') {
        throw new HeadroomError(
          'NOT_A_PROJECT',
          `${path}: the project is damaged (${String(check)}). The file was not changed.`,
        );
      }
    }
    applyPragmas(db, readonly);
    if (!readonly) migrate(db);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof HeadroomError) throw err;
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new HeadroomError('NOT_A_PROJECT', `${path}: the project is damaged (${code}).`, {
        cause: err,
      });
    }
    throw err;
  }
}

/** Checkpoints the WAL into the main file and closes; no -wal/-shm remain after a clean close. */
export function closeProjectDb(db: Db): void {
  if (!db.open) return;
  if (!db.readonly) {
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // a busy checkpoint is not fatal: the WAL is replayed on the next open
    }
  }
  db.close();
}

/** Runs `fn` in a BEGIN IMMEDIATE transaction (no deferred read->write upgrade, no BUSY_SNAPSHOT). */
export function writeTx<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}
