/**
 * The Parquet decoder, run in a worker thread by parquet-source.ts so a hostile file (a decoder
 * bug, an unhandled rejection, a decompression bomb, an endless loop) can only take this thread
 * down, never the process.
 *
 * Protocol: the main side passes WorkerInput as workerData. The worker reads the footer and posts
 * `header`; then, for every `next` it receives, it posts one `batch` (at most batchRows rows) or
 * `done` at the end. It decodes one row group at a time, and only when asked, so memory stays
 * bounded by one row group however slow the consumer is. Any failure is posted as `error` (and
 * anything not caught here crashes the worker, which the main side also turns into an error).
 *
 * How values become cell text: parquet-values.ts.
 */
import { read } from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, ColumnData, Compressors, DecodedArray, FileMetaData } from 'hyparquet';
import { compressors as baseCompressors } from 'hyparquet-compressors';
import { quote } from '../errors.ts';
import { MAX_LINE_CHARS } from './limits.ts';
import { Bad, convert, kindOf, PARSERS, readableSchema } from './parquet-values.ts';
import { CodedError, type WorkerErrorCode } from './parquet-worker-error.ts';
import type { RowReject } from './types.ts';

export interface WorkerInput {
  /** A descriptor of the already opened, checked file (owned by the main side). */
  fd: number;
  /** The file's size when it was opened: reads never go past it. */
  size: number;
  batchRows: number;
  /** The largest uncompressed page accepted (a decompression bomb guard). */
  maxPageBytes: number;
  /** Tests only: misbehave this way when the first batch is asked for. */
  fault?: WorkerFault;
}

export type WorkerFault = 'throw' | 'reject' | 'exit' | 'hang' | 'oom';

/** Misbehaves as asked (tests of the main side's defences). */
function injectFault(fault: WorkerFault): void {
  switch (fault) {
    case 'throw':
      setImmediate(() => {
        throw new Error('injected uncaught exception');
      });
      return;
    case 'reject':
      void Promise.reject(new Error('injected unhandled rejection'));
      return;
    case 'exit':
      process.exit(3);
      return;
    case 'hang':
      for (;;);
    case 'oom': {
      const hog: string[][] = [];
      for (let i = 0; ; i++) hog.push(new Array<string>(1e5).fill(`x${i}`));
    }
  }
}

export interface ToWorker {
  type: 'next';
}

export type FromWorker =
  | { type: 'header'; header: string[]; rows: number }
  | {
      type: 'batch';
      rows: (string | null)[][];
      lines: number[];
      rejects: RowReject[];
      bytesRead: number;
      /** The batch ends a row group (the main side checks the file is unchanged). */
      groupEnd: boolean;
    }
  | { type: 'done' }
  | { type: 'error'; code: WorkerErrorCode; reason: string };

// ---------------------------------------------------------------------------------------------
// Reading

function fail(reason: string): never {
  throw new CodedError('BAD_FORMAT', reason);
}

function readAt(fd: number, buf: Uint8Array, off: number, len: number, pos: number) {
  return new Promise<number>((resolve, reject) => {
    read(fd, buf, off, len, pos, (err, n) =>
      err ? reject(new CodedError('UNREADABLE', err.code ?? err.message)) : resolve(n),
    );
  });
}

/**
 * The file as an AsyncBuffer over the main side's descriptor: positional reads, never past the
 * size it had when opened. A range that runs past the end is cut there (as Arrow does: some old
 * writers overstate column chunk sizes); one that starts outside the file is an error.
 */
function fileBuffer(fd: number, size: number): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start: number, to: number = size): Promise<ArrayBuffer> {
      if (!Number.isSafeInteger(start) || !Number.isSafeInteger(to) || start < 0 || start > to) {
        fail(`the metadata points outside the file (bytes ${start} to ${to} of ${size})`);
      }
      if (start > size)
        fail(`the metadata points past the end of the file (byte ${start} of ${size})`);
      const end = Math.min(to, size);
      const buf = new Uint8Array(end - start);
      let got = 0;
      while (got < buf.length) {
        const n = await readAt(fd, buf, got, buf.length - got, start + got);
        if (n === 0) {
          throw new CodedError(
            'FILE_CHANGED',
            `the file became shorter during import (no data at byte ${start + got} of ${size})`,
          );
        }
        got += n;
      }
      return buf.buffer;
    },
  };
}

/** hyparquet-compressors with a cap on the claimed page size and support for empty pages. */
function guardedCompressors(maxPageBytes: number): Compressors {
  const out: Compressors = {};
  for (const [codec, fn] of Object.entries(baseCompressors) as [
    keyof Compressors,
    NonNullable<Compressors[keyof Compressors]>,
  ][]) {
    out[codec] = (input: Uint8Array, outputLength: number) => {
      if (!Number.isSafeInteger(outputLength) || outputLength < 0) {
        fail(`a ${codec} page has an invalid uncompressed size (${outputLength})`);
      }
      if (outputLength > maxPageBytes) {
        fail(
          `a ${codec} page claims ${outputLength} bytes uncompressed (the limit is ${maxPageBytes})`,
        );
      }
      // A data page v2 whose values are all null has no value bytes at all (some writers do not
      // compress the empty section): hyparquet would hand the codec zero bytes.
      if (input.length === 0 && outputLength === 0) return new Uint8Array(0);
      return fn(input, outputLength);
    };
  }
  return out;
}

async function checkMagic(file: AsyncBuffer, size: number): Promise<void> {
  if (size < 12) fail(`too short for Parquet (${size} bytes)`);
  const head = new Uint8Array(await file.slice(0, 4));
  const tail = new Uint8Array(await file.slice(size - 4, size));
  const text = (b: Uint8Array) => String.fromCharCode(...b);
  if (text(tail) === 'PARE') fail('encrypted Parquet files are not supported');
  if (text(head) !== 'PAR1') fail('it does not start with the Parquet marker PAR1');
  if (text(tail) !== 'PAR1') fail('it does not end with the Parquet marker PAR1: truncated?');
}

function toCount(v: bigint | number | undefined, what: string): number {
  const n = typeof v === 'bigint' ? Number(v) : (v ?? NaN);
  if (!Number.isSafeInteger(n) || n < 0) fail(`${what} is not a valid count (${String(v)})`);
  return n;
}

interface Group {
  rows: number;
  start: number;
  bytes: number;
}

/** One column's decoded pieces for a row group, read in row order. */
class Cursor {
  pieces: DecodedArray[];
  idx = 0;
  base = 0;
  constructor(pieces: DecodedArray[]) {
    this.pieces = pieces;
  }
  /** The value at row `i` of the group; rows must be asked in increasing order. */
  at(i: number): unknown {
    for (;;) {
      const p = this.pieces[this.idx];
      if (p === undefined) return undefined;
      if (i < this.base + p.length) return p[i - this.base];
      this.base += p.length;
      this.idx++;
    }
  }
}

async function run(port: NonNullable<typeof parentPort>, input: WorkerInput): Promise<void> {
  const waiting: (() => void)[] = [];
  let asked = 0;
  port.on('message', (m: ToWorker) => {
    if (m.type !== 'next') return;
    const w = waiting.shift();
    if (w) w();
    else asked++;
  });
  const next = () =>
    new Promise<void>((resolve) => {
      if (asked > 0) {
        asked--;
        resolve();
      } else waiting.push(resolve);
    });
  const post = (m: FromWorker) => port.postMessage(m);

  const { size, batchRows, fault } = input;
  const file = fileBuffer(input.fd, size);
  await checkMagic(file, size);
  const original: FileMetaData = await parquetMetadataAsync(file, {
    parsers: PARSERS,
    geoparquet: false,
  });
  const metadata: FileMetaData = { ...original, schema: readableSchema(original.schema) };
  const columns = parquetSchema(original).children.map((node) => ({
    name: node.element.name,
    kind: kindOf(node),
  }));
  if (columns.length === 0) fail('it has no columns');

  const totalRows = toCount(metadata.num_rows, 'the row count');
  const groups: Group[] = [];
  let start = 0;
  let bytes = 0;
  metadata.row_groups.forEach((rg, g) => {
    const rows = toCount(rg.num_rows, `the row count of row group ${g + 1}`);
    let b = 0;
    for (const c of rg.columns) b += Number(c.meta_data?.total_compressed_size ?? 0n);
    if (!Number.isFinite(b) || b < 0) b = 0;
    groups.push({ rows, start, bytes });
    start += rows;
    bytes += b;
  });
  if (start !== totalRows) {
    fail(`the row groups hold ${start} rows but the footer says ${totalRows}`);
  }
  const totalGroupBytes = bytes;
  const bytesAt = (groupIdx: number, rowInGroup: number): number => {
    const g = groups[groupIdx] as Group;
    const end =
      groupIdx + 1 < groups.length ? (groups[groupIdx + 1] as Group).bytes : totalGroupBytes;
    const frac = g.rows > 0 ? rowInGroup / g.rows : 1;
    const b = g.bytes + (end - g.bytes) * frac;
    return totalGroupBytes > 0 ? Math.floor((b / totalGroupBytes) * size) : 0;
  };
  let lastGroup = -1;
  groups.forEach((g, i) => {
    if (g.rows > 0) lastGroup = i;
  });

  post({ type: 'header', header: columns.map((c) => c.name), rows: totalRows });

  const compressors = guardedCompressors(input.maxPageBytes);
  if (fault) {
    await next();
    injectFault(fault);
    await new Promise<void>(() => undefined); // the fault ends the worker, or the timeout does
  }
  let bytesRead = 0;
  for (let gi = 0; gi < groups.length; gi++) {
    const group = groups[gi] as Group;
    if (group.rows === 0) continue;
    await next();
    // Decode the whole row group, column by column (hyparquet's onChunk gives column pieces).
    const pieces = new Map<string, { start: number; data: DecodedArray }[]>();
    await parquetRead({
      file,
      metadata,
      compressors,
      parsers: PARSERS,
      utf8: false,
      geoparquet: false,
      rowStart: group.start,
      rowEnd: group.start + group.rows,
      onChunk: (chunk: ColumnData) => {
        let list = pieces.get(chunk.columnName);
        if (!list) pieces.set(chunk.columnName, (list = []));
        list.push({ start: chunk.rowStart, data: chunk.columnData });
      },
    });
    const cursors = columns.map(({ name }) => {
      const list = (pieces.get(name) ?? []).sort((a, b) => a.start - b.start);
      let expected = group.start;
      for (const p of list) {
        if (p.start !== expected) break;
        expected += p.data.length;
      }
      if (expected !== group.start + group.rows) {
        fail(
          `column ${quote(name)} has ${expected - group.start} values in row group ${gi + 1}, which has ${group.rows} rows`,
        );
      }
      return new Cursor(list.map((p) => p.data));
    });
    pieces.clear();

    for (let from = 0; from < group.rows; from += batchRows) {
      if (from > 0) await next();
      const to = Math.min(group.rows, from + batchRows);
      const rows: (string | null)[][] = [];
      const lines: number[] = [];
      const rejects: RowReject[] = [];
      for (let i = from; i < to; i++) {
        const line = group.start + i + 1;
        const row = new Array<string | null>(columns.length);
        let bad: RowReject | null = null;
        let chars = 0;
        for (let c = 0; c < columns.length; c++) {
          const col = columns[c] as (typeof columns)[number];
          const v = convert((cursors[c] as Cursor).at(i), col.kind);
          if (v instanceof Bad) {
            bad ??= { line, column: col.name, reason: v.reason };
            continue;
          }
          if (v !== null) chars += v.length;
          row[c] = v;
        }
        if (chars > MAX_LINE_CHARS) {
          bad ??= {
            line,
            column: null,
            reason: `row of ${chars.toLocaleString('en-US')} characters is longer than the limit of ${MAX_LINE_CHARS.toLocaleString('en-US')} for one line`,
          };
        }
        if (bad) rejects.push(bad);
        else {
          rows.push(row);
          lines.push(line);
        }
      }
      const groupEnd = to === group.rows;
      bytesRead = Math.max(
        bytesRead,
        Math.min(size, gi === lastGroup && groupEnd ? size : bytesAt(gi, to)),
      );
      post({ type: 'batch', rows, lines, rejects, bytesRead, groupEnd });
    }
  }
  await next();
  post({ type: 'done' });
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  run(port, workerData as WorkerInput).catch((err: unknown) => {
    const code = err instanceof CodedError ? err.code : 'BAD_FORMAT';
    const reason = err instanceof Error ? err.message : String(err);
    port.postMessage({ type: 'error', code, reason } satisfies FromWorker);
  });
}
