import type {
  EventName,
  EventPayload,
  MethodArgs,
  MethodName,
  MethodOutput,
} from '../../../shared/contract.ts';
import { HeadroomError } from '../errors.ts';
import type { JobRegistry } from '../jobs.ts';
import type { OpenProject } from '../project/open-project.ts';

export type EmitFn = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

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
