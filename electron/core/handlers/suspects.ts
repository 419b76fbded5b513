import { hasBit, type Bits } from '../analysis/bitset.ts';
import { HeadroomError, quote } from '../errors.ts';
import { rankSuspects } from '../review/suspects.ts';
import { currentVerdicts } from '../review/verdicts.ts';
import { current, type HandlerGroup, type ServiceState } from './state.ts';

export function suspectHandlers(state: ServiceState): HandlerGroup<'suspects.list'> {
  return {
    async 'suspects.list'({ run, source, top, unreviewed, slice }) {
      const p = current(state);
      const done = unreviewed ? currentVerdicts(p.db) : null;
      let inSlice: Bits | null = null;
      if (slice !== undefined) {
        const def = p.index(run).slices.find((s) => s.id === slice || s.name === slice);
        if (!def) throw new HeadroomError('NOT_FOUND', `No slice ${quote(slice)}.`);
        inSlice = def.bits;
      }
      // Ask for enough to fill `top` after the reviewed ones are left out (all of them for a slice).
      const want = top === undefined || inSlice ? undefined : top + (done?.size ?? 0);
      const r = rankSuspects(p.db, {
        ...(run ? { run } : {}),
        ...(source ? { source } : {}),
        ...(want !== undefined ? { top: want } : {}),
      });
      let suspects = done ? r.suspects.filter((s) => !done.has(s.pos)) : r.suspects;
      if (inSlice) {
        const bits = inSlice;
        suspects = suspects.filter((s) => hasBit(bits, s.pos));
      }
      if (top !== undefined) suspects = suspects.slice(0, top);
      return { source: r.source, suspects };
    },
  };
}
