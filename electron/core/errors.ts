import type { ErrorCode, ErrorInfo } from '../../shared/errors.ts';

/** An error the user should see as it is: the message says what went wrong and where. */
export class HeadroomError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HeadroomError';
    this.code = code;
  }
}

/** Maps anything thrown to the wire shape; unknown errors become INTERNAL with their message. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof HeadroomError) return { code: err.code, message: err.message };
  // SQLite's extended codes (SQLITE_READONLY_DIRECTORY, SQLITE_BUSY_SNAPSHOT, ...) map with
  // their primary code.
  const raw = (err as { code?: unknown } | null)?.code;
  const sqliteCode = typeof raw === 'string' ? raw.replace(/^(SQLITE_[A-Z]+)_[A-Z_]+$/, '$1') : raw;
  // SQLITE_IOERR_SHMSIZE: SQLite could not grow the -shm file of a WAL project, which on a full
  // disk is the first write an existing project's connection makes ("disk I/O error" otherwise).
  if (sqliteCode === 'SQLITE_FULL' || raw === 'SQLITE_IOERR_SHMSIZE' || raw === 'ENOSPC')
    return {
      code: 'DISK_FULL',
      message: 'The disk is full: the change was not saved and the project is as it was.',
    };
  if (sqliteCode === 'SQLITE_READONLY')
    return {
      code: 'READ_ONLY',
      message:
        'The project is open read-only (no permission to write it or its folder): the change was not saved.',
    };
  if (sqliteCode === 'SQLITE_CORRUPT' || sqliteCode === 'SQLITE_NOTADB')
    return {
      code: 'NOT_A_PROJECT',
      message: 'The project file is damaged (SQLite reports corruption).',
    };
  if (sqliteCode === 'SQLITE_BUSY')
    return { code: 'BUSY', message: 'The project is busy: another process is writing to it.' };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}

/** User text longer than this is cut when an error message quotes it. */
export const QUOTE_MAX_CHARS = 200;

/**
 * User text (a column name, a value, an id, a class, a rule) as an error message quotes it: in
 * double quotes with control characters, quotes and a byte-order mark escaped as JSON writes them,
 * and, when longer than QUOTE_MAX_CHARS, cut with an ellipsis and its original length, so a 50 MB
 * header name never ends up in a message, a log or a dialog whole.
 */
export function quote(text: string): string {
  const json = (t: string) => JSON.stringify(t).replace(/\uFEFF/g, '\\ufeff');
  if (text.length <= QUOTE_MAX_CHARS) return json(text);
  let cut = QUOTE_MAX_CHARS;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--; // never split a surrogate pair
  const shown = json(text.slice(0, cut));
  return `${shown.slice(0, -1)}…" (${text.length.toLocaleString('en-US')} characters)`;
}
