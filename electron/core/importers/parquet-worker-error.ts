// The Parquet decoder's failures with a code for the main side (parquet-source.ts).

export type WorkerErrorCode = 'BAD_FORMAT' | 'FILE_CHANGED' | 'UNREADABLE';

/** A failure with a code for the main side (anything else is BAD_FORMAT). */
export class CodedError extends Error {
  code: WorkerErrorCode;
  constructor(code: WorkerErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
