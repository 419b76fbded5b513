import type { Database } from 'better-sqlite3';
import type {
  EventName,
  EventPayload,
  MethodArgs,
  MethodName,
  MethodOutput,
} from '../../../shared/contract.ts';
import { buildIndex, type AnalysisIndex } from '../analysis/analysis-index.ts';
import { HeadroomError } from '../errors.ts';
import type { JobRegistry } from '../jobs.ts';

export type EmitFn = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface OpenProject {
  path: string;
  db: Database;
  /** The derived analysis index per run name ('' = the default run), built on first use. */
  indexes: Map<string, AnalysisIndex>;
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

export function indexFor(p: OpenProject, run?: string): AnalysisIndex {
  const key = run ?? '';
  let index = p.indexes.get(key);
  if (!index) {
    index = buildIndex(p.db, run);
    p.indexes.set(key, index);
  }
  return index;
}
