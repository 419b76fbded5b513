import type {
  EventName,
  EventPayload,
  MethodArgs,
  MethodInput,
  MethodName,
  MethodOutput,
} from '../../../shared/contract.ts';
import type { HeldImports } from '../app/held-imports.ts';
import { addRecent } from '../app/recent.ts';
import { projectWritable } from '../db/project-file.ts';
import { HeadroomError } from '../errors.ts';
import type { JobRegistry } from '../jobs.ts';
import type { OpenProject } from '../project/open-project.ts';

export type EmitFn = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** A typed call back into the service (validated like any other call). */
export type CallFn = <M extends MethodName>(
  method: M,
  input: MethodInput<M>,
) => Promise<MethodOutput<M>>;

/** What every handler group shares: the open project, jobs, imports, and the event channel. */
export interface ServiceState {
  emit: EmitFn;
  /** The service itself, for a method made of others (app.openSample). */
  call: CallFn;
  jobs: JobRegistry;
  /** Imports of this session that may still be discarded. */
  imports: HeldImports;
  open: OpenProject | null;
  /** The app's folder (recent projects, the sample), or null when nothing is recorded. */
  configDir: string | null;
}

export type HandlerGroup<M extends MethodName> = {
  [K in M]: (input: MethodArgs<K>) => Promise<MethodOutput<K>>;
};

export function current(state: ServiceState): OpenProject {
  if (!state.open) throw new HeadroomError('NO_PROJECT', 'No project is open.');
  return state.open;
}

/** Closes the project if it is the one open (before deleting or restoring its file). */
export function closeIfOpen(state: ServiceState, path: string): void {
  if (state.open?.path === path) {
    state.open.close();
    state.open = null;
  }
}

/** Opening a project, or importing into one, makes it the most recent (start screen, menu). */
export function noteRecent(state: ServiceState, path: string): void {
  if (!state.configDir) return;
  try {
    addRecent(state.configDir, path);
  } catch {
    // an unwritable config folder must not fail the open or the import itself
    return;
  }
  state.emit('app.recentChanged', {});
}

/**
 * Follows the permissions of the open project: once this process may no longer write it (its
 * file or folder made read-only while open), the project is opened again read-only, as it would
 * be opened now, so that every edit is answered READ_ONLY and the notices say so. Returns whether
 * it switched. A reopen that fails leaves no project open, and rethrows.
 */
export function followPermissions(state: ServiceState): boolean {
  const p = state.open;
  if (!p || p.db.readonly || projectWritable(p.path)) return false;
  state.open = null;
  state.open = p.reopenReadOnly();
  state.emit('project.changed', { path: p.path, what: 'all' });
  return true;
}
