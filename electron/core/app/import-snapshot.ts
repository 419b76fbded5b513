import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { closeProjectDb, openProjectDb } from '../db/project-file.ts';

/**
 * A copy of a project taken just before an import into it, so the import screen's "Discard" can
 * put the project back exactly as it was. Copies go through SQLite's backup API (never a file
 * copy of a live database), beside the project (same disk, a folder the user can write).
 */
export async function takeSnapshot(project: string): Promise<string> {
  const abs = resolve(project);
  const db = openProjectDb(abs, { readonly: true }); // validates it is a project first
  const dest = `${abs}.before-import-${randomBytes(4).toString('hex')}`;
  try {
    await db.backup(dest);
  } catch (err) {
    rmSync(dest, { force: true });
    throw err;
  } finally {
    closeProjectDb(db);
  }
  return dest;
}

/** Writes the snapshot back over the project (closed by the caller), then removes it. */
export async function restoreSnapshot(snapshot: string, project: string): Promise<void> {
  const src = new Database(snapshot, { readonly: true, fileMustExist: true });
  try {
    await src.backup(resolve(project));
  } finally {
    src.close();
  }
  dropSnapshotFile(snapshot);
}

export function dropSnapshotFile(snapshot: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(snapshot + suffix, { force: true });
}
