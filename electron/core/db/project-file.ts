import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { HeadroomError } from '../errors.ts';
import type { SchemaUpgrade } from '../../../shared/project.ts';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations.ts';
import { networkFilesystem } from './network-filesystem.ts';

/** "HDRM": written to the SQLite header so a foreign database is never mistaken for a project. */
export const APPLICATION_ID = 0x4844524d;
export const PROJECT_EXTENSION = '.headroom';
const SQLITE_MAGIC = 'SQLite format 3\0';
/** Projects up to this size get PRAGMA quick_check on open (about 0.1 s at this size). */
const QUICK_CHECK_MAX_BYTES = 32 * 1024 * 1024;

export interface OpenOptions {
  /** Create the file when it does not exist (it must not exist when true and `mustBeNew`). */
  create?: boolean;
  /** Open read-only; by default an existing project is opened read-only when it is not writable. */
  readonly?: boolean;
  /** How to tell a network filesystem (tests fake it); networkFilesystem by default. */
  filesystem?: (folder: string) => string | null;
  /** Hears, before it starts, of an upgrade that rewrites data in full (a long wait). */
  onUpgrade?: (u: SchemaUpgrade) => void;
}

/**
 * Whether this process may write the project: the file itself, and its folder (WAL mode creates
 * the -wal and -shm files beside it). Root passes; file modes bind everybody else. Two access()
 * calls: cheap enough to ask before every write (writeTx).
 */
export function projectWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    accessSync(dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A read-only connection to a project this process cannot write (reliability-tests.md D-05).
 * SQLite reads a WAL-mode file read-only only when its -shm exists or can be created; in a
 * read-only folder without one, the project is read from a private in-memory copy instead (marked
 * as a rollback-journal file so the copy needs no -shm). A non-empty -wal there holds changes that
 * cannot be read without its -shm: refused with a clear message rather than shown stale.
 */
function openReadOnly(path: string): Db {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
    return db;
  } catch (err) {
    db.close();
    const code = String((err as { code?: unknown }).code ?? '');
    if (!code.startsWith('SQLITE_READONLY') && !code.startsWith('SQLITE_CANTOPEN')) throw err;
  }
  const wal = `${path}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) {
    throw new HeadroomError(
      'READ_ONLY',
      `${path}: cannot be opened read-only: it has changes in ${wal} that only a process allowed to write in its folder can read. Open it where you can write (or copy the folder). The files were not changed.`,
    );
  }
  const bytes = readFileSync(path);
  // Header bytes 18-19 = 2 mark WAL mode; 1 (rollback journal) lets the in-memory copy be read.
  if (bytes.length >= 20) bytes.fill(1, 18, 20);
  return new Database(bytes, { readonly: true });
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

function applyPragmas(db: Db, readonly: boolean, network: boolean): void {
  db.pragma(`cache_size = -${CACHE_KIB}`);
  if (!readonly) applyJournal(db, network);
  db.pragma('foreign_keys = ON');
}

function applyJournal(db: Db, network: boolean): void {
  // WAL locally; a rollback journal on network filesystems, where WAL is unsafe (D-15).
  db.pragma(`journal_mode = ${network ? 'DELETE' : 'WAL'}`);
  // FULL: an acknowledged edit survives a power cut (reliability-tests.md D-03).
  db.pragma('synchronous = FULL');
}

/**
 * Puts back the project's journal and sync settings on a connection that changed them for a bulk
 * load (outside a transaction), so the file is left as any other project file.
 */
export function restoreJournal(db: Db, path: string, options: OpenOptions = {}): void {
  applyJournal(db, (options.filesystem ?? networkFilesystem)(dirname(path)) !== null);
}

/**
 * Every pending migration in one transaction: a kill leaves the old schema or the newest. When one
 * rewrites data in full, `onUpgrade` hears of it first.
 */
function migrate(db: Db, onUpgrade?: (u: SchemaUpgrade) => void): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = MIGRATIONS.filter((m) => m.version > current);
  if (pending.length === 0) return;
  const rewrites = pending.flatMap((m) => (m.rewrites ? [m.rewrites] : []));
  if (onUpgrade && current > 0 && rewrites.length > 0) {
    onUpgrade({
      path: db.name,
      from: current,
      to: (pending[pending.length - 1] as Migration).version,
      bytes: statSync(db.name).size,
      rewrites,
    });
  }
  // A table rebuild drops a table others refer to: foreign keys off (only outside a transaction),
  // every reference checked before the commit, and on again whatever happens.
  const keysOff = pending.some((m) => m.foreignKeysOff);
  if (keysOff) db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const m of pending) {
        if (m.version === 1) db.pragma(`application_id = ${APPLICATION_ID}`);
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
      }
      if (keysOff) {
        const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[];
        if (broken.length > 0) {
          const first = broken[0] as { table: string; parent: string };
          throw new HeadroomError(
            'NOT_A_PROJECT',
            `${db.name}: the upgrade to schema ${pending[pending.length - 1]?.version} found ${broken.length} rows of ${first.table} referring to missing rows of ${first.parent}; the file was not changed.`,
          );
        }
      }
    }).immediate();
  } finally {
    if (keysOff) db.pragma('foreign_keys = ON');
  }
}

/** Opens (or creates) a project file with the project's pragmas, migrated to the current schema. */
export function openProjectDb(path: string, options: OpenOptions = {}): Db {
  const exists = existsSync(path);
  if (!exists && !options.create) {
    throw new HeadroomError('NOT_FOUND', `${path}: project not found.`);
  }
  if (exists) validateProjectFile(path);
  const readonly = options.readonly ?? (exists && !projectWritable(path));
  let db: Db;
  try {
    db = readonly ? openReadOnly(path) : new Database(path, { fileMustExist: exists });
  } catch (err) {
    if (err instanceof HeadroomError) throw err;
    if (!exists && (err as { code?: string }).code === 'SQLITE_CANTOPEN') {
      throw new HeadroomError(
        'READ_ONLY',
        `${dirname(path)}: cannot create a project in this folder (no permission to write in it).`,
        { cause: err },
      );
    }
    const why =
      (err as { code?: string }).code === 'SQLITE_CANTOPEN'
        ? 'permission denied or not a file'
        : (err as Error).message;
    throw new HeadroomError('UNREADABLE', `${path}: cannot open (${why}).`, {
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
    applyPragmas(db, readonly, (options.filesystem ?? networkFilesystem)(dirname(path)) !== null);
    if (!readonly) migrate(db, options.onUpgrade);
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

/**
 * Runs `fn` in a BEGIN IMMEDIATE transaction (no deferred read->write upgrade, no BUSY_SNAPSHOT).
 * A project made read-only while open (chmod of the file or its folder) still takes writes
 * through the connection opened before (they would land in its -wal unnoticed): so the
 * permissions are asked first, and the write is refused with READ_ONLY, nothing written.
 */
export function writeTx<T>(db: Db, fn: () => T): T {
  if (!db.readonly && !db.memory && !projectWritable(db.name)) {
    throw new HeadroomError(
      'READ_ONLY',
      `${db.name}: the project is read-only now (no permission to write the file or its folder any more): the change was not saved. Everything saved before is kept.`,
    );
  }
  return db.transaction(fn).immediate();
}
