import { z } from 'zod';

/**
 * Stable error codes that travel in `{ok: false, error: {code, message}}`. Scripts and the UI may
 * branch on them, so never rename one; add new ones at the end.
 */
export const ERROR_CODES = [
  'INVALID_INPUT', // a contract input failed validation
  'NOT_FOUND', // a file, project, run, tag or job that does not exist
  'NOT_A_FILE', // a directory, FIFO, device or other non-regular file
  'UNREADABLE', // permission denied or another read error
  'EMPTY_FILE', // zero bytes, or nothing but a BOM / whitespace
  'NO_ROWS', // a header and no data rows
  'FILE_CHANGED', // the file changed while it was being read
  'BAD_ENCODING', // invalid UTF-8/UTF-16, or an unknown encoding name
  'BAD_HEADER', // duplicate, empty or unusable column names
  'BAD_FORMAT', // the file is not valid CSV / JSONL / Parquet
  'BAD_MAPPING', // a column-role mapping that is missing, unknown or contradictory
  'UNSUPPORTED_FORMAT', // a file extension we do not import
  'STRICT_REJECTS', // --strict and the import had rejected rows
  'NOTHING_IMPORTED', // every row was rejected
  'NOT_A_PROJECT', // not SQLite, or not a Headroom project
  'PROJECT_TOO_NEW', // written by a newer Headroom
  'PROJECT_EXISTS', // creating a project where a file already is
  'NO_PROJECT', // a method that needs an open project was called without one
  'CONFLICT', // a name already taken, an import into a project that does not fit
  'CANCELLED', // the user cancelled a job
  'DISK_FULL',
  'READ_ONLY',
  'BUSY', // the project is locked by another writer
  'INTERNAL', // a bug: the message says what happened
  'BAD_RULE', // a rule expression with a syntax error or an unknown column
  'HOST_EXITED', // the data engine's process ended before answering (it is restarted)
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const errorInfoSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
});
export type ErrorInfo = z.infer<typeof errorInfoSchema>;
