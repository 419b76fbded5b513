import { isAbsolute } from 'node:path';
import type { ErrorCode } from '../../shared/errors.ts';
import { HeadroomError } from './errors.ts';
import { writeFileAtomic } from './write-file-atomic.ts';

/** Why a file could not be written, as the contract's error codes. */
const SAVE_ERRORS: Record<string, ErrorCode> = {
  ENOENT: 'NOT_FOUND',
  ENOTDIR: 'NOT_FOUND',
  EISDIR: 'NOT_A_FILE',
  EACCES: 'READ_ONLY',
  EPERM: 'READ_ONLY',
  EROFS: 'READ_ONLY',
  ENOSPC: 'DISK_FULL',
};

/**
 * Writes an export (the table, the memo) where the desktop app's save dialog chose: `path` must be
 * absolute; the file is replaced whole or not at all. `what` names it in the error ("the table").
 */
export function saveExport(path: string, text: string, what: string): void {
  if (!isAbsolute(path) || path.includes('\0')) {
    throw new HeadroomError('INVALID_INPUT', `The export path must be absolute: "${path}".`);
  }
  try {
    writeFileAtomic(path, text);
  } catch (err) {
    const errno = (err as NodeJS.ErrnoException).code ?? '';
    const code = (Object.hasOwn(SAVE_ERRORS, errno) ? SAVE_ERRORS[errno] : undefined) ?? 'INTERNAL';
    throw new HeadroomError(code, `Could not save ${what} to ${path} (${errno || err}).`);
  }
}
