/** One record left out of an import, and why. `line` is 1-based (the header is line 1 in CSV). */
export interface RowReject {
  line: number;
  /** The column's name when the problem is in one column, else null. */
  column: string | null;
  reason: string;
}

/**
 * A batch of parsed records. Every value is the text of the cell exactly as in the file (numbers in
 * JSONL and Parquet are turned into their shortest exact decimal text), or null where the format
 * says "no value" (JSON null or missing key, Parquet null). CSV gives "" for an empty cell.
 */
export interface RecordBatch {
  rows: (string | null)[][];
  /** The line (CSV, JSONL) or 1-based row number (Parquet) each row starts on. */
  lines: number[];
  rejects: RowReject[];
  /** Bytes of the file consumed so far, for progress. */
  bytesRead: number;
}

/** A parsed file: its header, then batches of records. File-level problems throw HeadroomError. */
export interface RecordSource {
  readonly header: readonly string[];
  readonly totalBytes: number;
  batches(): AsyncIterable<RecordBatch>;
  close(): Promise<void>;
}
