import { Worker } from 'node:worker_threads';
import { HeadroomError } from '../errors.ts';
import { assertUnchanged, openGuarded, type GuardedFile } from './file-guard.ts';
import { checkHeader } from './header.ts';
import { workerExecArgv, workerScript } from './worker-scripts.ts';
import type { FromWorker, ToWorker, WorkerFault, WorkerInput } from './parquet-worker.ts';
import type { RecordBatch, RecordSource } from './types.ts';

export interface ParquetOptions {
  /** Rows per batch (default 10,000). */
  batchRows?: number;
  /** How long the decoder may go without answering before it is stopped (default 60 s). */
  timeoutMs?: number;
  /** The decoder's JS heap limit in MB (default 2048): a row group is decoded whole. */
  maxHeapMb?: number;
  /** Tests only: make the worker misbehave when the first batch is asked for. */
  testFault?: WorkerFault;
}

const DEFAULT_BATCH_ROWS = 10_000;
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_HEAP_MB = 2048;
/** No legitimate page comes near this; a claimed size above it is a decompression bomb. */
const MAX_PAGE_BYTES = 512 * 1024 * 1024;

/** Decoder workers started and not yet exited (tests check none is left behind). */
const live = new Set<Worker>();
export function liveParquetWorkers(): number {
  return live.size;
}

function positiveInt(v: number | undefined, fallback: number): number {
  return v !== undefined && Number.isFinite(v) && v >= 1 ? Math.floor(v) : fallback;
}

function badFormat(path: string, reason: string): HeadroomError {
  const r = reason.length > 300 ? `${reason.slice(0, 300)}…` : reason;
  return new HeadroomError('BAD_FORMAT', `${path}: not a readable Parquet file (${r}).`);
}

/**
 * The decoder in its worker, seen as a queue of messages. The first failure (an error message, a
 * crash, running out of heap, an exit, a timeout) is kept, stops the worker, and is thrown by every
 * later receive().
 */
function startDecoder(
  file: GuardedFile,
  batchRows: number,
  timeoutMs: number,
  maxHeapMb: number,
  fault: WorkerFault | undefined,
) {
  const input: WorkerInput = {
    fd: file.handle.fd,
    size: file.size,
    batchRows,
    maxPageBytes: MAX_PAGE_BYTES,
    ...(fault ? { fault } : {}),
  };
  const worker = new Worker(workerScript('parquet-worker'), {
    workerData: input,
    execArgv: workerExecArgv(),
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
  });
  live.add(worker);
  // Idle, the worker never keeps the process alive; it is ref'd only while we wait for it.
  worker.unref();

  const inbox: FromWorker[] = [];
  let failure: HeadroomError | null = null;
  let stopping = false;
  let exited = false;
  let waiter: { resolve: (m: FromWorker) => void; reject: (e: HeadroomError) => void } | null =
    null;

  function fail(err: HeadroomError): void {
    if (failure) return;
    failure = err;
    inbox.length = 0;
    if (!exited) void worker.terminate();
    const w = waiter;
    waiter = null;
    w?.reject(err);
  }

  worker.on('message', (m: FromWorker) => {
    if (failure) return;
    if (m.type === 'error') {
      fail(
        m.code === 'FILE_CHANGED'
          ? new HeadroomError(
              'FILE_CHANGED',
              `${file.path}: the file changed during import (${m.reason}). Nothing was imported; try again once it is complete.`,
            )
          : m.code === 'UNREADABLE'
            ? new HeadroomError('UNREADABLE', `${file.path}: cannot read (${m.reason}).`)
            : badFormat(file.path, m.reason),
      );
      return;
    }
    const w = waiter;
    waiter = null;
    if (w) w.resolve(m);
    else inbox.push(m);
  });
  worker.on('error', (err: Error & { code?: string }) => {
    fail(
      badFormat(
        file.path,
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `decoding needed more than ${maxHeapMb} MB of memory: a row group is too large, or the file is corrupt`
          : `the decoder crashed: ${err.message}`,
      ),
    );
  });
  worker.on('messageerror', (err: Error) => {
    fail(badFormat(file.path, `a message from the decoder was unreadable: ${err.message}`));
  });
  worker.on('exit', (code: number) => {
    exited = true;
    live.delete(worker);
    if (!stopping) fail(badFormat(file.path, `the decoder stopped (exit code ${code})`));
  });

  return {
    send(m: ToWorker): void {
      if (!failure && !exited) worker.postMessage(m);
    },
    receive(): Promise<FromWorker> {
      const m = inbox.shift();
      if (m) return Promise.resolve(m);
      if (failure) return Promise.reject(failure);
      return new Promise<FromWorker>((resolve, reject) => {
        worker.ref();
        const timer = setTimeout(() => {
          fail(
            badFormat(
              file.path,
              `the decoder did not answer for ${timeoutMs / 1000} s and was stopped`,
            ),
          );
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          worker.unref();
        };
        waiter = {
          resolve: (msg) => {
            done();
            resolve(msg);
          },
          reject: (err) => {
            done();
            reject(err);
          },
        };
      });
    },
    /** Stops the worker (idempotent); resolves once it has exited. */
    async stop(reason: HeadroomError): Promise<void> {
      stopping = true;
      fail(reason);
      if (!exited) await worker.terminate();
    },
  };
}

/** A changed file explains any decoding failure better than the decoder's own message. */
async function explain(file: GuardedFile, err: unknown): Promise<unknown> {
  if (!(err instanceof HeadroomError) || err.code !== 'BAD_FORMAT') return err;
  try {
    await assertUnchanged(file);
  } catch (changed) {
    if (changed instanceof HeadroomError && changed.code === 'FILE_CHANGED') return changed;
  }
  return err;
}

/**
 * A Parquet file as a RecordSource. Decoding runs in a worker thread (parquet-worker.ts), one row
 * group at a time and one batch per request, so a hostile file gives BAD_FORMAT (never a crash or a
 * hang) and memory stays bounded by one decoded row group. Nested columns stay in the header, and
 * each record with a non-null nested value is rejected (see parquet-worker.ts for every type).
 */
export async function openParquetSource(
  path: string,
  options: ParquetOptions = {},
): Promise<RecordSource> {
  const batchRows = positiveInt(options.batchRows, DEFAULT_BATCH_ROWS);
  const timeoutMs = positiveInt(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const maxHeapMb = positiveInt(options.maxHeapMb, DEFAULT_MAX_HEAP_MB);
  const file = await openGuarded(path);
  const closing = new HeadroomError('CANCELLED', `${path}: the import was closed.`);

  let decoder: ReturnType<typeof startDecoder>;
  let header: string[];
  try {
    decoder = startDecoder(file, batchRows, timeoutMs, maxHeapMb, options.testFault);
  } catch (err) {
    await file.handle.close().catch(() => undefined);
    throw err;
  }
  try {
    let first: FromWorker;
    try {
      first = await decoder.receive();
    } catch (err) {
      throw await explain(file, err);
    }
    if (first.type !== 'header')
      throw badFormat(path, `unexpected "${first.type}" before the schema`);
    header = first.header;
    checkHeader(path, header);
  } catch (err) {
    await decoder.stop(closing);
    await file.handle.close().catch(() => undefined);
    throw err;
  }

  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      await decoder.stop(closing);
      await file.handle.close().catch(() => undefined);
    })();
    return closed;
  };

  let started = false;
  return {
    header,
    totalBytes: file.size,
    async *batches(): AsyncGenerator<RecordBatch> {
      if (started) throw new Error('parquet source: batches() can only be iterated once');
      started = true;
      try {
        let bytesRead = 0;
        decoder.send({ type: 'next' });
        for (;;) {
          let m: FromWorker;
          try {
            m = await decoder.receive();
          } catch (err) {
            throw await explain(file, err);
          }
          if (m.type === 'done') {
            await assertUnchanged(file);
            return;
          }
          if (m.type !== 'batch') throw badFormat(path, `unexpected "${m.type}" message`);
          // Ask for the next batch now: the worker decodes it while this one is consumed.
          decoder.send({ type: 'next' });
          if (m.groupEnd) await assertUnchanged(file);
          bytesRead = Math.min(file.size, Math.max(bytesRead, m.bytesRead));
          yield { rows: m.rows, lines: m.lines, rejects: m.rejects, bytesRead };
          if (closed) throw closing;
        }
      } finally {
        await close();
      }
    },
    close,
  };
}
