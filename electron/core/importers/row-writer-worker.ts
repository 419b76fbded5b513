/**
 * The row writer thread of a new project's first import (row-writer-thread.ts starts it): it
 * opens the partial project file on its own connection and writes the rows it is sent, in one
 * transaction, while the main thread parses the file and gathers the analysis index.
 *
 * Protocol: workerData is RowWriterInput. For every `rows` message the thread writes the rows
 * (row-batches.ts RowsWriter) and posts `ack`; on `end` it builds the id index, commits, closes
 * and posts `done` (a repeated id: `error` with code DUPLICATE_IDS), then syncs the file and posts
 * `synced`. Any
 * failure is posted as `error` with SQLite's code (a full disk stays DISK_FULL to the user) and
 * the thread writes nothing more; the main side then deletes the partial file.
 */
import Database from 'better-sqlite3';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createExamplesIdIndex } from '../db/migrations/015-examples-id-index.ts';
import { DUPLICATE_IDS, RowsWriter, type RowsLayout, type RowsMessage } from './row-batches.ts';
import { syncFile } from './sync-file.ts';

export interface RowWriterInput {
  /** The partial project file (the main connection has committed the schema and the run). */
  path: string;
  layout: RowsLayout;
  importId: number;
  /** The connection's page cache, KiB. */
  cacheKib: number;
  /** Tests only: misbehave this way at the first batch. */
  fault?: RowWriterFault;
}

/**
 * A full disk (SQLite's SQLITE_FULL), the thread exiting, an exception nobody catches, or the
 * sync after the commit failing.
 */
export type RowWriterFault = 'full' | 'exit' | 'throw' | 'sync';

function injectFault(fault: RowWriterFault): void {
  switch (fault) {
    case 'full':
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    case 'exit':
      process.exit(3);
      return;
    case 'throw':
      throw new Error('injected uncaught exception');
    case 'sync':
      return; // at the sync
  }
}

export type ToRowWriter = RowsMessage | { type: 'end' };

export type FromRowWriter =
  | { type: 'ack' }
  | { type: 'done' }
  | { type: 'synced'; error: ThreadError | null }
  | ({ type: 'error' } & ThreadError);

export interface ThreadError {
  message: string;
  code: string | null;
}

function errorOf(err: unknown): ThreadError {
  const code = (err as { code?: unknown } | null)?.code;
  return {
    message: err instanceof Error ? err.message : String(err),
    code: typeof code === 'string' ? code : null,
  };
}

function run(): void {
  const port = parentPort;
  if (isMainThread || !port) throw new Error('row-writer-worker.ts runs as a worker thread');
  const input = workerData as RowWriterInput;
  const post = (m: FromRowWriter) => port.postMessage(m);
  let db: Database.Database | null = null;
  let writer: RowsWriter | null = null;
  let failed = false;
  const fail = (err: unknown) => {
    failed = true;
    post({ type: 'error', ...errorOf(err) });
    try {
      db?.close(); // an open transaction is rolled back
    } catch {
      // closing after a failure: the main side deletes the file anyway
    }
    db = null;
    port.close();
  };
  try {
    db = new Database(input.path);
    // The same bulk-load settings as the main connection (import-job.ts bulkLoadPragmas): a new
    // project's all-or-nothing is its rename, so nothing is journalled to disk or synced here.
    db.pragma(`cache_size = -${input.cacheKib}`);
    db.pragma('foreign_keys = OFF');
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
    db.exec('BEGIN IMMEDIATE');
    writer = new RowsWriter(db, input.layout, input.importId);
  } catch (err) {
    fail(err);
    return;
  }
  port.on('message', (m: ToRowWriter) => {
    if (failed || !db || !writer) return;
    // An exception nobody catches (outside the try): the worker's 'error' event on the main side.
    if (input.fault === 'throw') injectFault(input.fault);
    try {
      if (m.type === 'rows') {
        if (input.fault) injectFault(input.fault);
        writer.write(m);
        post({ type: 'ack' });
      } else {
        // The id index, built once from sorted ids (write-examples.ts IdCheck 'at the end').
        try {
          createExamplesIdIndex(db);
        } catch (err) {
          if ((err as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
          throw Object.assign(new Error('the file has duplicate ids'), { code: DUPLICATE_IDS });
        }
        db.exec('COMMIT');
        db.close();
        db = null;
        post({ type: 'done' });
        // The rows to the disk while the main thread ends the import (its own sync then has
        // little left to write). A failure is told: a later sync may not report it again.
        try {
          if (input.fault === 'sync')
            throw Object.assign(new Error('injected sync failure'), { code: 'EIO' });
          syncFile(input.path);
          post({ type: 'synced', error: null });
        } catch (err) {
          post({ type: 'synced', error: errorOf(err) });
        }
        port.close();
      }
    } catch (err) {
      fail(err);
    }
  });
}

run();
