import type { Database } from 'better-sqlite3';
import type {
  EventName,
  EventPayload,
  MethodArgs,
  MethodName,
  MethodOutput,
} from '../../../shared/contract.ts';
import { buildIndex, pickRun, type AnalysisIndex } from '../analysis/analysis-index.ts';
import { loadCachedIndex, saveCachedIndex } from '../analysis/index-cache.ts';
import { dataVersion } from '../db/data-version.ts';
import { closeProjectDb, openProjectDb, projectWritable, writeTx } from '../db/project-file.ts';
import { HeadroomError } from '../errors.ts';
import type { JobRegistry } from '../jobs.ts';
import { beginSession, endSession } from '../project/session.ts';

export type EmitFn = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface OpenProject {
  path: string;
  db: Database;
  /** The derived analysis index per "runId|labels", built on first use. */
  indexes: Map<string, AnalysisIndex>;
  /** The project's data_version the indexes reflect. */
  knownVersion: number;
  /** The indexes were patched in memory since they were saved. */
  dirty: boolean;
  /**
   * Other derived, memory-only data keyed like the indexes ("run|labels|what"): the errors
   * browser's columns and sort orders. Dropped whenever the indexes are.
   */
  derived: Map<string, unknown>;
}

export function openedProject(path: string, db: Database): OpenProject {
  beginSession(db, path);
  return {
    path,
    db,
    indexes: new Map(),
    knownVersion: dataVersion(db),
    dirty: false,
    derived: new Map(),
  };
}

/** Forgets everything derived from the data (another process wrote, or labels changed). */
export function dropDerived(p: OpenProject, onlyCorrected = false): void {
  for (const map of [p.indexes, p.derived] as Map<string, unknown>[]) {
    for (const key of [...map.keys()]) {
      if (!onlyCorrected || key.includes('|corrected')) map.delete(key);
    }
  }
}

/** What every handler group shares: the open project, jobs, and the event channel. */
export interface ServiceState {
  emit: EmitFn;
  jobs: JobRegistry;
  open: OpenProject | null;
}

export type HandlerGroup<M extends MethodName> = {
  [K in M]: (input: MethodArgs<K>) => Promise<MethodOutput<K>>;
};

export function current(state: ServiceState): OpenProject {
  if (!state.open) throw new HeadroomError('NO_PROJECT', 'No project is open.');
  return state.open;
}

/** The run's index: from memory, else the saved copy when current, else rebuilt (and saved). */
export function indexFor(
  p: OpenProject,
  run?: string,
  labels: 'original' | 'corrected' = 'original',
): AnalysisIndex {
  const version = dataVersion(p.db);
  if (version !== p.knownVersion) {
    // Another process changed the project: what we hold in memory is stale.
    dropDerived(p);
    p.knownVersion = version;
    p.dirty = false;
  }
  // Keyed by the run's id: the default run asked for by name or by omission is one index.
  const runId = pickRun(p.db, run).id;
  const key = `${runId}|${labels}`;
  let index = p.indexes.get(key);
  if (index) return index;
  index = loadCachedIndex(p.db, runId, labels, version) ?? undefined;
  if (!index) {
    index = buildIndex(p.db, run, labels);
    saveIndexes(p, [index]);
  }
  p.indexes.set(key, index);
  return index;
}

function saveIndexes(p: OpenProject, indexes: AnalysisIndex[]): void {
  if (p.db.readonly) return;
  try {
    writeTx(p.db, () => {
      // Only when nobody changed the project behind our back.
      if (dataVersion(p.db) !== p.knownVersion) return;
      for (const index of indexes) saveCachedIndex(p.db, index, p.knownVersion);
    });
  } catch {
    // A cache is an optimisation: failing to save it (disk full, busy) loses nothing.
  }
}

/** After an edit of ours that bumped data_version and patched the indexes in memory. */
export function editedInPlace(p: OpenProject): void {
  const version = dataVersion(p.db);
  if (version !== p.knownVersion + 1) dropDerived(p); // someone else wrote in between
  p.knownVersion = version;
  p.dirty = p.indexes.size > 0;
}

/**
 * Follows the permissions of the open project: once this process may no longer write it (its
 * file or folder made read-only while open), the project is opened again read-only, as it would
 * be opened now, so that every edit is answered READ_ONLY and the notices say so. Closing the
 * write connection first moves every acknowledged change from the -wal into the file (the
 * connection's file descriptor was opened for writing, so it still can), so a read-only reopen
 * sees them and nothing acknowledged is lost. What was derived in memory is kept. Returns whether
 * it switched. A reopen that fails leaves no project open, and rethrows.
 */
export function followPermissions(state: ServiceState): boolean {
  const p = state.open;
  if (!p || p.db.readonly || projectWritable(p.path)) return false;
  p.dirty = false; // the saved index copy cannot be written any more; it is only a cache
  closeProject(p);
  state.open = null;
  const reopened = openedProject(p.path, openProjectDb(p.path, { readonly: true }));
  state.open =
    reopened.knownVersion === p.knownVersion
      ? { ...reopened, indexes: p.indexes, derived: p.derived }
      : reopened;
  state.emit('project.changed', { path: p.path, what: 'all' });
  return true;
}

/** Saves patched indexes so the next open is fast, then closes the project. */
export function closeProject(p: OpenProject): void {
  if (p.dirty) saveIndexes(p, [...p.indexes.values()]);
  endSession(p.db);
  closeProjectDb(p.db);
}
