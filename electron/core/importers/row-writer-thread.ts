import { Worker } from 'node:worker_threads';
import type { LoggedReject, RowsMessage } from './row-batches.ts';
import type {
  FromRowWriter,
  RowWriterInput,
  ThreadError,
  ToRowWriter,
} from './row-writer-worker.ts';
import { workerExecArgv, workerScript } from './worker-scripts.ts';

/**
 * Batches in flight to the row writer before the import waits for it: enough to keep it busy,
 * few enough that a slower writer holds a few batches of rows in memory, never the file.
 */
const MAX_IN_FLIGHT = 3;

function errorFrom(e: ThreadError): Error {
  return Object.assign(new Error(e.message), e.code ? { code: e.code } : {});
}

/**
 * The thread's young generation: it allocates little that lives (a batch's parameters, the rows'
 * values), and V8's default (three 16 MB semi-spaces) would count in the import's peak memory.
 */
const YOUNG_GENERATION_MB = 4;

/** Row writer threads started and not yet exited (tests check none is left behind). */
const live = new Set<Worker>();
export function liveRowWriters(): number {
  return live.size;
}

/**
 * The main side of the row writer thread (row-writer-worker.ts). `send` posts a batch; `drain`
 * waits while too many are in flight; `end` has the thread commit and close; `closed` waits for it
 * to sync the file and exit; `abort` stops it.
 * A failure of the thread (SQLite's error, with its code; a crash) is thrown by the next call.
 */
export class RowWriterThread {
  private readonly worker: Worker;
  private inFlight = 0;
  private failure: Error | null = null;
  private finished = false;
  private exited = false;
  private wake: (() => void) | null = null;
  private rejects: LoggedReject[] = [];
  private syncError: Error | null = null;

  constructor(input: RowWriterInput) {
    this.worker = new Worker(workerScript('row-writer-worker'), {
      workerData: input,
      execArgv: workerExecArgv(),
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    live.add(this.worker);
    this.worker.on('message', (m: FromRowWriter) => {
      if (m.type === 'ack') this.inFlight--;
      else if (m.type === 'done') this.finished = true;
      else if (m.type === 'synced') this.syncError = m.error && errorFrom(m.error);
      else this.fail(errorFrom(m));
      this.notify();
    });
    this.worker.on('error', (err: Error) =>
      this.fail(new Error(`the row writer thread failed: ${err.message}`, { cause: err })),
    );
    this.worker.on('exit', (code: number) => {
      this.exited = true;
      live.delete(this.worker);
      if (!this.finished) this.fail(new Error(`the row writer thread stopped (exit code ${code})`));
      this.notify();
    });
  }

  private fail(err: Error): void {
    this.failure ??= err;
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  /** Resolves at the thread's next message or exit. */
  private next(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  /** Logs a rejected row with the next batch (the main connection does not write meanwhile). */
  logReject(r: LoggedReject): void {
    this.rejects.push(r);
  }

  send(m: Omit<RowsMessage, 'type' | 'rejects'>, transfer: ArrayBuffer[]): void {
    this.check();
    const message: ToRowWriter = { type: 'rows', ...m, rejects: this.rejects };
    this.rejects = [];
    this.worker.postMessage(message, transfer);
    this.inFlight++;
  }

  /** Waits while more than MAX_IN_FLIGHT batches are unwritten. */
  async drain(): Promise<void> {
    this.check();
    while (this.inFlight > MAX_IN_FLIGHT && !this.failure && !this.exited) await this.next();
    this.check();
  }

  /** The last rejects, then the thread commits the rows and closes its connection. */
  async end(): Promise<void> {
    if (this.rejects.length > 0) this.send({ base: 0, n: 0, columns: [], hasHuman: null }, []);
    this.check();
    this.worker.postMessage({ type: 'end' } satisfies ToRowWriter);
    while (!this.finished && !this.failure && !this.exited) await this.next();
    this.check();
  }

  /**
   * After end: waits for the thread to sync the file and exit (it syncs while the import ends);
   * throws if the sync failed.
   */
  async closed(): Promise<void> {
    if (!this.exited) await new Promise((resolve) => this.worker.once('exit', resolve));
    if (this.syncError) throw this.syncError;
  }

  /** Stops the thread (its transaction is rolled back with it); resolves once it has exited. */
  async abort(): Promise<void> {
    this.fail(new Error('the import stopped'));
    if (!this.exited) await this.worker.terminate();
  }
}
