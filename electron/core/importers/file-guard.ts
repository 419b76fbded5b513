import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { HeadroomError } from '../errors.ts';

/** An input file opened for reading, with what it looked like when opened. */
export interface GuardedFile {
  readonly path: string;
  readonly handle: FileHandle;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
  readonly dev: number;
}

function kindOf(s: Stats): string {
  if (s.isDirectory()) return 'a directory';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function fsError(path: string, err: unknown): HeadroomError {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new HeadroomError('NOT_FOUND', `${path}: file not found.`);
    case 'EACCES':
    case 'EPERM':
      return new HeadroomError('UNREADABLE', `${path}: permission denied.`);
    case 'ELOOP':
      return new HeadroomError('NOT_A_FILE', `${path}: too many levels of symbolic links.`);
    case 'ENAMETOOLONG':
      return new HeadroomError('NOT_FOUND', `${path.slice(0, 80)}…: file name too long.`);
    case 'EISDIR':
      return new HeadroomError('NOT_A_FILE', `${path}: is a directory, not a file.`);
    default:
      return new HeadroomError(
        'UNREADABLE',
        `${path}: cannot read (${code ?? (err as Error).message}).`,
        { cause: err },
      );
  }
}

/**
 * Opens a regular file for reading without ever blocking on a FIFO or device: stat first, open
 * non-blocking, then fstat the descriptor to be sure it is the same regular file.
 */
export async function openGuarded(path: string): Promise<GuardedFile> {
  let before: Stats;
  try {
    before = await stat(path);
  } catch (err) {
    throw fsError(path, err);
  }
  if (!before.isFile()) throw new HeadroomError('NOT_A_FILE', `${path}: is ${kindOf(before)}.`);
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw fsError(path, err);
  }
  const s = await handle.stat();
  if (!s.isFile() || s.ino !== before.ino || s.dev !== before.dev) {
    await handle.close();
    throw new HeadroomError('FILE_CHANGED', `${path}: the file was replaced while it was opened.`);
  }
  if (s.size === 0) {
    await handle.close();
    throw new HeadroomError('EMPTY_FILE', `${path}: the file is empty.`);
  }
  return { path, handle, size: s.size, mtimeMs: s.mtimeMs, ino: s.ino, dev: s.dev };
}

/** Throws FILE_CHANGED when the file was truncated, appended to, rewritten or renamed over. */
export async function assertUnchanged(file: GuardedFile): Promise<void> {
  const now = await file.handle.stat();
  let atPath: Stats | null = null;
  try {
    atPath = await stat(file.path);
  } catch {
    atPath = null;
  }
  if (
    now.size !== file.size ||
    now.mtimeMs !== file.mtimeMs ||
    atPath === null ||
    atPath.ino !== file.ino ||
    atPath.dev !== file.dev
  ) {
    throw new HeadroomError(
      'FILE_CHANGED',
      `${file.path}: the file changed during import (it was modified, truncated, replaced or moved). Nothing was imported; try again once it is complete.`,
    );
  }
}

/**
 * Reads the file in chunks up to the size it had when opened; a short read means it was truncated.
 * Checks for changes at the end (and the caller may check in between).
 */
export async function* readChunks(
  file: GuardedFile,
  chunkSize = 1 << 20,
): AsyncGenerator<Uint8Array> {
  let offset = 0;
  while (offset < file.size) {
    const want = Math.min(chunkSize, file.size - offset);
    const buf = new Uint8Array(want);
    let got = 0;
    while (got < want) {
      const { bytesRead } = await file.handle.read(buf, got, want - got, offset + got);
      if (bytesRead === 0) {
        throw new HeadroomError(
          'FILE_CHANGED',
          `${file.path}: the file became shorter during import (truncated at byte ${offset + got} of ${file.size}). Nothing was imported.`,
        );
      }
      got += bytesRead;
    }
    offset += want;
    yield buf;
  }
  await assertUnchanged(file);
}
