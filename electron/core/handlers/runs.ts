import { compareRuns } from '../analysis/compare-runs.ts';
import { HeadroomError, quote } from '../errors.ts';
import { current, type HandlerGroup, type ServiceState } from './state.ts';

export function runHandlers(state: ServiceState): HandlerGroup<'runs.list' | 'runs.compare'> {
  return {
    async 'runs.list'() {
      const runs = current(state)
        .db.prepare<[], { id: number; name: string }>('SELECT id, name FROM runs ORDER BY id')
        .all();
      return { runs };
    },
    async 'runs.compare'({ a, b, labels }) {
      const p = current(state);
      const set = labels ?? 'original';
      if (a === b)
        throw new HeadroomError('INVALID_INPUT', `Compare two different runs (${quote(a)} twice).`);
      return compareRuns(p.index(a, set), p.index(b, set), p.path);
    },
  };
}
