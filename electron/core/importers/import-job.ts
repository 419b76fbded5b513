import type { Database } from 'better-sqlite3';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import type { ImportProgress, ImportRequest, ImportSummary } from '../../../shared/imports.ts';
import type { SchemaUpgrade } from '../../../shared/project.ts';
import type { ImportKind } from '../../../shared/roles.ts';
import { saveIndexForImport } from '../analysis/index-cache.ts';
import { bumpDataVersion, dataVersion } from '../db/data-version.ts';
import { closeProjectDb, openProjectDb, restoreJournal } from '../db/project-file.ts';
import { HeadroomError, quote } from '../errors.ts';
import { planColumns } from './detect-roles.ts';
import { formatOf, openSource } from './open-source.ts';
import type { RowReject, RecordBatch } from './types.ts';
import { createExamplesWriter, DuplicateIds, type IdCheck } from './write-examples.ts';
import { createHumansWriter, createRunWriter, createVerdictsWriter } from './write-linked.ts';
import type { RowWriterFault } from './row-writer-worker.ts';
import { syncFile, syncFolder } from './sync-file.ts';
import { createTagsWriter } from './write-tags.ts';
import type { ImportWriter, WriterContext } from './writer.ts';

/** Rows read before typing metadata columns (numbers or strings). */
const TYPE_SAMPLE_ROWS = 10_000;
/** Rejects kept in the summary; all of them go to the project's import log. */
const SUMMARY_REJECTS = 50;
const PROGRESS_EVERY_MS = 250;
/**
 * The import's page cache: a quarter of the file's size, within 16-256 MiB. It holds the id index
 * while rows go in: ids in no particular order (hashes, UUIDs) land all over it, and an index
 * larger than the cache turns each insert into page reads and writes. Measured on 3M rows with
 * random hex ids: 62 s with 16 MiB (18 s of it system time), 47 s with 171 MiB; ids in file
 * order gain nothing (10M rows: 76 vs 79 s) and pay the cache's memory.
 */
function importCacheKib(fileBytes: number): number {
  return Math.min(256 * 1024, Math.max(16 * 1024, Math.round(fileBytes / 4 / 1024)));
}

/** The main connection's page cache while the row writer thread writes the rows (KiB). */
const FINISH_CACHE_KIB = 2048;

export interface ImportHooks {
  jobId?: string;
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /** Hears of an upgrade of an old project before it starts (openProjectDb's onUpgrade). */
  onUpgrade?: (u: SchemaUpgrade) => void;
  /**
   * Whether a new project's rows go through the row writer thread; by default when the file is
   * thought to hold at least THREAD_MIN_ROWS rows. Tests set it to compare the two ways.
   */
  rowsThread?: boolean;
  /** Tests only: the row writer thread misbehaves this way. */
  rowsThreadFault?: RowWriterFault;
}

/**
 * The fewest rows (as guessed from the file's size) for which a new project's rows are written by
 * the row writer thread: starting it costs tens of milliseconds, and it gains half the time of
 * binding the rows.
 */
export const THREAD_MIN_ROWS = 20_000;

/**
 * The rows a file is thought to hold from the rows and bytes read so far, a tenth over (rows vary
 * in length); undefined when nothing was read. A guess for sizing buffers, never a limit.
 */
export function expectedRows(
  exhausted: boolean,
  rows: number,
  bytesRead: number,
  totalBytes: number,
): number | undefined {
  if (exhausted) return rows;
  if (rows === 0 || bytesRead <= 0 || totalBytes <= 0) return undefined;
  return Math.ceil((totalBytes / bytesRead) * rows * 1.1);
}

function partialPath(project: string): string {
  return `${project}.importing`;
}

function removeDbFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}

/**
 * Bulk-load settings of the import's own connection (it lives only for the import).
 * - Foreign keys off: every writer takes its positions from the project's own examples, and the
 *   check was a lookup into examples per prediction row (a third of a 1M-row import's time).
 * - A new project is built in a partial file renamed into place at the end (a failed or killed
 *   import deletes it), so its all-or-nothing comes from the rename, not from a journal: the
 *   rollback journal stays in memory and nothing is synced until the file is complete
 *   (syncFile before the rename). WAL would write every page twice (the log, then the file).
 */
function bulkLoadPragmas(db: Database, isNew: boolean, fileBytes: number): void {
  db.pragma(`cache_size = -${importCacheKib(fileBytes)}`);
  db.pragma('foreign_keys = OFF');
  if (isNew) {
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
  }
}

function defaultKind(db: Database, req: ImportRequest): ImportKind {
  if (req.kind) return req.kind;
  const n = (db.prepare('SELECT COUNT(*) AS n FROM examples').get() as { n: number }).n;
  if (n === 0) return 'examples';
  if (req.name) return 'run';
  throw new HeadroomError(
    'CONFLICT',
    `the project already has ${n} examples. To add a model's predictions use --run NAME; for human annotations --as humans; for tags --as tags.`,
  );
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new HeadroomError('CANCELLED', 'The import was cancelled; nothing was imported.');
}

/**
 * Imports a file into a project, all or nothing: one write transaction on an existing project, or
 * a new file built beside the target and renamed into place. A failed, killed or cancelled import
 * leaves the project exactly as it was.
 */
export async function runImport(
  req: ImportRequest,
  hooks: ImportHooks = {},
): Promise<ImportSummary> {
  const started = Date.now();
  try {
    return await importWithIdCheck(req, hooks, 'at the end', started);
  } catch (err) {
    if (!(err instanceof DuplicateIds)) throw err;
    // Nothing of the first pass is left (its transaction or partial file is gone): read the file
    // again with the id index in place, which rejects each repeated id on its own line.
    const { onProgress } = hooks;
    const again = onProgress && ((p: ImportProgress) => onProgress({ ...p, again: true }));
    return importWithIdCheck(req, { ...hooks, onProgress: again }, 'checked', started);
  }
}

/**
 * One pass of runImport with the given id check (write-examples.ts IdCheck; other kinds of import
 * ignore it). `at the end` throws DuplicateIds when the file repeats an id. Tests compare the two.
 */
export async function importWithIdCheck(
  req: ImportRequest,
  hooks: ImportHooks,
  ids: IdCheck,
  started = Date.now(),
): Promise<ImportSummary> {
  const passStarted = Date.now();
  const project = resolve(req.project);
  const file = resolve(req.file);
  const format = formatOf(file, req.format);
  const isNew = !existsSync(project);
  if (isNew && req.kind && req.kind !== 'examples') {
    throw new HeadroomError(
      'NOT_FOUND',
      `${project}: project not found (a new project starts with an examples import).`,
    );
  }
  const dbPath = isNew ? partialPath(project) : project;
  if (isNew) removeDbFiles(dbPath); // a leftover of a killed import

  const source = await openSource(file, format, req.encoding);
  let db: Database | null = null;
  let inTx = false;
  let writer: ImportWriter | null = null;
  try {
    db = openProjectDb(dbPath, {
      create: isNew,
      ...(hooks.onUpgrade ? { onUpgrade: hooks.onUpgrade } : {}),
    });
    bulkLoadPragmas(db, isNew, source.totalBytes);
    const kind = defaultKind(db, req);
    const plans = planColumns(source.header, kind, req.map ?? {});
    const name = req.name ?? (kind === 'humans' ? 'humans' : basename(file, extname(file)));

    // Buffer the first rows: examples imports type their metadata columns from them.
    const iterator = source.batches()[Symbol.asyncIterator]();
    const buffered: RecordBatch[] = [];
    let bufferedRows = 0;
    let bufferedBytes = 0;
    let exhausted = false;
    while (kind === 'examples' && bufferedRows < TYPE_SAMPLE_ROWS) {
      checkAborted(hooks.signal);
      const next = await iterator.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      buffered.push(next.value);
      bufferedRows += next.value.rows.length;
      bufferedBytes = next.value.bytesRead;
    }

    const now = new Date().toISOString();
    db.exec('BEGIN IMMEDIATE');
    inTx = true;
    const importId = Number(
      db
        .prepare(
          `INSERT INTO imports (kind, file, file_size, format, mapping, rows_read, rows_imported, rows_rejected, started_at, finished_at)
           VALUES (?, ?, ?, ?, '{}', 0, 0, 0, ?, ?)`,
        )
        .run(kind, file, source.totalBytes, format, now, now).lastInsertRowid,
    );
    if (isNew) {
      const setMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
      setMeta.run('created_at', now);
      setMeta.run('media_root', dirname(file));
    }
    const guessedRows = expectedRows(exhausted, bufferedRows, bufferedBytes, source.totalBytes);
    const threaded =
      isNew &&
      ids === 'at the end' &&
      (hooks.rowsThread ?? (guessedRows !== undefined && guessedRows >= THREAD_MIN_ROWS));
    const ctx: WriterContext = {
      db,
      importId,
      name,
      now,
      expectedRows: guessedRows,
      ...(threaded
        ? {
            rowsThread: {
              path: dbPath,
              cacheKib: importCacheKib(source.totalBytes),
              ...(hooks.rowsThreadFault ? { fault: hooks.rowsThreadFault } : {}),
            },
          }
        : {}),
    };
    writer =
      kind === 'examples'
        ? createExamplesWriter(
            ctx,
            plans,
            buffered.flatMap((b) => b.rows).slice(0, TYPE_SAMPLE_ROWS),
            ids,
          )
        : kind === 'run'
          ? createRunWriter(ctx, plans)
          : kind === 'humans'
            ? createHumansWriter(ctx, plans)
            : kind === 'tags'
              ? createTagsWriter(ctx, plans)
              : createVerdictsWriter(ctx, plans);

    const rows = writer;
    if (rows.thread) {
      // The thread writes on its own connection: what this one wrote (the import's record, the
      // metadata columns, the run) is committed first; finish runs in a transaction of its own.
      // A new project's all-or-nothing is its rename, whatever the transactions.
      db.exec('COMMIT');
      inTx = false;
      // This connection now writes only the import's end (the columns, the saved index): the
      // thread's connection gets the large page cache, and the two never hold one each.
      db.pragma(`cache_size = -${FINISH_CACHE_KIB}`);
      rows.thread.begin();
    }
    const insertReject = db.prepare(
      'INSERT INTO import_rejects (import_id, seq, line, column_name, reason) VALUES (?, ?, ?, ?, ?)',
    );
    const rejects: RowReject[] = [];
    let rejected = 0;
    let imported = 0;
    let bytes = 0;
    let lastProgress = 0;
    const reject = (r: RowReject) => {
      if (rows.thread) rows.thread.logReject({ seq: rejected, ...r, column: r.column ?? null });
      else insertReject.run(importId, rejected, r.line, r.column, r.reason);
      if (rejects.length < SUMMARY_REJECTS) rejects.push(r);
      rejected++;
    };
    const progress = (force: boolean, finishing = false) => {
      const t = Date.now();
      if (!hooks.onProgress || (!force && t - lastProgress < PROGRESS_EVERY_MS)) return;
      lastProgress = t;
      const elapsedMs = t - passStarted;
      hooks.onProgress({
        jobId: hooks.jobId ?? '',
        rows: imported,
        rejected,
        bytes,
        totalBytes: source.totalBytes,
        rowsPerSec: elapsedMs > 0 ? Math.round((imported * 1000) / elapsedMs) : 0,
        elapsedMs,
        ...(finishing ? { finishing } : {}),
      });
    };
    const consume = (batch: RecordBatch) => {
      const batchRejects: RowReject[] = batch.rejects.slice();
      for (let i = 0; i < batch.rows.length; i++) {
        const line = batch.lines[i] as number;
        const err = rows.write(batch.rows[i] as (string | null)[], line);
        if (err) batchRejects.push({ line, column: err.column, reason: err.reason });
        else imported++;
      }
      const late = rows.flush?.() ?? [];
      imported -= late.length;
      batchRejects.push(...late);
      // The log reads in file order.
      batchRejects.sort((a, b) => a.line - b.line);
      for (const r of batchRejects) reject(r);
      bytes = batch.bytesRead;
    };

    for (const batch of buffered.splice(0)) {
      consume(batch);
      await rows.thread?.drain();
    }
    progress(true);
    while (!exhausted) {
      checkAborted(hooks.signal);
      const next = await iterator.next();
      if (next.done) break;
      consume(next.value);
      await rows.thread?.drain();
      progress(false);
    }
    checkAborted(hooks.signal);
    const rowsRead = imported + rejected;
    if (rowsRead === 0)
      throw new HeadroomError('NO_ROWS', `${file}: the file has a header but no rows.`);
    if (imported === 0) {
      throw new HeadroomError(
        'NOTHING_IMPORTED',
        `${file}: every row was rejected (${rejected}); the first: line ${rejects[0]?.line}${rejects[0]?.column ? `, column ${quote(rejects[0].column)}` : ''}: ${rejects[0]?.reason}.`,
      );
    }
    if (req.strict && rejected > 0) {
      const first = rejects
        .slice(0, 5)
        .map((r) => `line ${r.line}${r.column ? `, column ${quote(r.column)}` : ''}: ${r.reason}`)
        .join('; ');
      throw new HeadroomError(
        'STRICT_REJECTS',
        `${file}: ${rejected} rows would be rejected, and --strict refuses any (${first}). Nothing was imported.`,
      );
    }
    progress(true, true);
    if (rows.thread) {
      await rows.thread.end();
      db.exec('BEGIN IMMEDIATE');
      inTx = true;
    }
    const done = rows.finish();
    db.prepare(
      'UPDATE imports SET mapping = ?, rows_read = ?, rows_imported = ?, rows_rejected = ?, finished_at = ? WHERE id = ?',
    ).run(
      JSON.stringify(done.mapping),
      rowsRead,
      imported,
      rejected,
      new Date().toISOString(),
      importId,
    );
    const previousVersion = dataVersion(db);
    const version = bumpDataVersion(db);
    // In this transaction, so the saved index matches data_version and a failed import leaves none.
    saveIndexForImport(db, kind, previousVersion, version, done.index, done.prepared);
    checkAborted(hooks.signal);
    db.exec('COMMIT');
    inTx = false;
    if (isNew) restoreJournal(db, dbPath);
    progress(true);
    closeProjectDb(db);
    db = null;
    await rows.thread?.closed(); // its rows synced meanwhile
    if (isNew) {
      syncFile(dbPath); // the bulk load wrote without syncing
      renameSync(dbPath, project);
      syncFolder(project);
    }
    const elapsedMs = Date.now() - started;
    return {
      importId,
      project,
      kind,
      file,
      format,
      name: kind === 'tags' || kind === 'verdicts' ? null : name,
      rowsRead,
      rowsImported: imported,
      rowsRejected: rejected,
      rejects,
      mapping: done.mapping,
      examplesWithout: done.examplesWithout,
      notes: done.notes,
      elapsedMs,
      rowsPerSec: elapsedMs > 0 ? Math.round((imported * 1000) / elapsedMs) : imported,
    };
  } catch (err) {
    await writer?.thread?.abort();
    if (db) {
      if (inTx && db.inTransaction) db.exec('ROLLBACK');
      db.close();
    }
    if (isNew) removeDbFiles(dbPath);
    throw err;
  } finally {
    await source.close();
  }
}
