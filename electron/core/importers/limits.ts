import { HeadroomError } from '../errors.ts';

/**
 * The size limits every reader applies (CSV, JSON Lines, Parquet), in characters of decoded text
 * (UTF-16 code units: one per byte for ASCII).
 *
 * A line (a CSV record, a JSON line, a Parquet row: all its cells together) is held whole while it
 * is parsed, as a string, its pieces and its cells, then written to SQLite: 64 Mi characters keeps
 * that under about half a gigabyte at worst, far from V8's largest string (2^29 - 24 characters) and
 * SQLite's largest value (10^9 bytes), while no prediction file has a reason to come near it (a
 * line that long is a JSON array or a binary file given as JSON Lines, or an unclosed quote). A line
 * over it stops the import: the reader cannot skip it without holding it.
 */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

/**
 * One cell: 32 Mi characters, room for a long document in an `input` column (a 20 MiB field is in
 * the bad-input catalogue and imports), half a line, so a line at the limit still has room for its
 * other cells. A cell over it rejects its row, which names the line and the column.
 */
export const MAX_FIELD_CHARS = 32 * 1024 * 1024;

/**
 * Nesting of arrays and objects in a JSON line. Headroom's rows are flat (a nested value rejects
 * its row anyway), so this is far above anything useful, and far below the depth at which
 * JSON.parse with a reviver runs out of stack (between 1,000 and 5,000 on Node 22's default stack).
 */
export const MAX_JSON_DEPTH = 128;

const MI = 1024 * 1024;

/** A line longer than MAX_LINE_CHARS: the file is refused (BAD_FORMAT). */
export function lineTooLong(path: string, line: number): HeadroomError {
  return new HeadroomError(
    'BAD_FORMAT',
    `${path}: line ${line} is longer than ${MAX_LINE_CHARS / MI} Mi characters (the limit for one line, ${MAX_LINE_CHARS.toLocaleString('en-US')}). Is it the right file (a JSON array, a binary file, an unclosed quote)?`,
  );
}

/** The reason a row is rejected when a cell is longer than MAX_FIELD_CHARS. */
export function fieldTooLongReason(length: number): string {
  return `value of ${length.toLocaleString('en-US')} characters is longer than the limit of ${MAX_FIELD_CHARS / MI} Mi characters (${MAX_FIELD_CHARS.toLocaleString('en-US')}) for one value`;
}
