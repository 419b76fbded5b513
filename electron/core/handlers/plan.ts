import { findSlice } from '../analysis/find-slice.ts';
import { sliceOfReport } from '../analysis/decisions-log.ts';
import { planSampleSize } from '../analysis/sample-size.ts';
import { HeadroomError } from '../errors.ts';
import { current, type HandlerGroup, type ServiceState } from './state.ts';

export function planHandlers(state: ServiceState): HandlerGroup<'plan.slice'> {
  return {
    async 'plan.slice'({ slice, figure, halfWidth, assurance, run, labels }) {
      const p = current(state);
      const set = labels ?? 'original';
      const ref = findSlice(p.sliceList(run, set), slice);
      const figures = sliceOfReport(p.report(run, set), ref.id);
      if (!figures) throw new HeadroomError('NOT_FOUND', `No figures for the slice "${ref.name}".`);
      return planSampleSize({
        slice: figures,
        figure,
        half_width: halfWidth ?? null,
        ...(assurance !== undefined ? { assurance } : {}),
      });
    },
  };
}
