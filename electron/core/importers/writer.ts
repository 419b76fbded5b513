import type { Database } from 'better-sqlite3';
import type { ColumnMapping } from '../../../shared/imports.ts';
import type { IndexColumns } from '../analysis/analysis-index.ts';
import type { PreparedIndex } from '../analysis/index-cache.ts';
import type { LoggedReject } from './row-batches.ts';
import type { RowError } from './row-parts.ts';
import type { RowWriterFault } from './row-writer-worker.ts';
import type { RowReject } from './types.ts';
import { normalizeClassName } from './values.ts';

/**
 * What every kind of import writes rows through; all inside the import's one transaction, except
 * the rows a `thread` writes.
 */
export interface ImportWriter {
  /** Writes one row, or says why it was rejected (nothing of a rejected row is written). */
  write(row: readonly (string | null)[], line: number): RowError | null;
  /**
   * Writes rows a writer buffered; returns those rejected only then (duplicate ids). Called after
   * every batch and before finish.
   */
  flush?(): RowReject[];
  /** After the last row: derived facts (classes, distinct counts), notes for the summary. */
  finish(): {
    mapping: ColumnMapping[];
    examplesWithout: number;
    notes: string[];
    /** The run's index columns gathered while the rows went in (the first import only). */
    index?: IndexColumns;
    /** The same index built and serialized while the row writer thread finished. */
    prepared?: PreparedIndex;
  };
  /**
   * Rows written by the row writer thread on its own connection (a new project's first import,
   * WriterContext.rowsThread): the import commits what it wrote before the first row and starts
   * the thread (begin), lets it catch up between batches (drain), logs rejected rows through it
   * (the main connection does not write meanwhile), and has it commit before finish, which runs
   * in a transaction of its own (end), and waits for it to sync the rows before the file's own sync
   * (closed). abort stops it on any failure.
   */
  thread?: RowsThreadControl;
}

export interface RowsThreadControl {
  begin(): void;
  drain(): Promise<void>;
  logReject(r: LoggedReject): void;
  end(): Promise<void>;
  /** After end: the thread has synced the rows to the disk and exited. */
  closed(): Promise<void>;
  abort(): Promise<void>;
}

export interface WriterContext {
  db: Database;
  importId: number;
  /** The run's or human set's name. */
  name: string;
  now: string;
  /**
   * How many rows the file is thought to hold: its size over the bytes of its first rows (a
   * guess, for sizing buffers; never a limit).
   */
  expectedRows?: number;
  /**
   * A new project's first import with ids checked at the end: its rows may go through the row
   * writer thread, which opens `path` itself (the partial file; no other connection writes it).
   */
  rowsThread?: { path: string; cacheKib: number; fault?: RowWriterFault };
}

/** Resolves class keys from column suffixes (p_comp_sys_mac) to class names (comp.sys.mac). */
export function resolveClasses(db: Database, keys: readonly string[], runId?: number): string[] {
  const known = new Map<string, string>();
  const rows = db
    .prepare<[], { c: string }>('SELECT DISTINCT label AS c FROM examples')
    .all()
    .concat(
      runId === undefined
        ? []
        : db
            .prepare<[number], { c: string }>(
              'SELECT DISTINCT prediction AS c FROM predictions WHERE run_id = ? AND prediction IS NOT NULL',
            )
            .all(runId),
    );
  for (const r of rows)
    if (!known.has(normalizeClassName(r.c))) known.set(normalizeClassName(r.c), r.c);
  return keys.map((k) => known.get(normalizeClassName(k)) ?? k);
}
