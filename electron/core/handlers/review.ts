import { hasBit, type Bits } from '../analysis/bitset.ts';
import { HeadroomError, quote } from '../errors.ts';
import { rankSuspects } from '../review/suspects.ts';
import { addVerdict, currentVerdicts, undoVerdict } from '../review/verdicts.ts';
import { positionsOfIds } from '../tags/tags.ts';
import {
  current,
  dropDerived,
  editedInPlace,
  indexFor,
  type HandlerGroup,
  type OpenProject,
  type ServiceState,
} from './state.ts';

/** A verdict changes only the corrected-label indexes; the original ones stay valid. */
function afterVerdict(state: ServiceState, p: OpenProject): void {
  dropDerived(p, true);
  editedInPlace(p);
  state.emit('project.changed', { path: p.path, what: 'all' });
}

export function reviewHandlers(
  state: ServiceState,
): HandlerGroup<'suspects.list' | 'review.verdict' | 'review.undo' | 'review.current'> {
  return {
    async 'suspects.list'({ run, source, top, unreviewed, slice }) {
      const p = current(state);
      const done = unreviewed ? currentVerdicts(p.db) : null;
      let inSlice: Bits | null = null;
      if (slice !== undefined) {
        const def = indexFor(p, run).slices.find((s) => s.id === slice || s.name === slice);
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
    async 'review.verdict'({ id, verdict, correctedLabel, reviewer }) {
      const p = current(state);
      const [pos] = positionsOfIds(p.db, [id]);
      const verdictId = addVerdict(p.db, {
        pos: pos as number,
        verdict,
        correctedLabel: correctedLabel ?? null,
        reviewer: reviewer ?? null,
      });
      afterVerdict(state, p);
      return { verdictId };
    },
    async 'review.undo'({ verdictId, reviewer }) {
      const p = current(state);
      const r = undoVerdict(p.db, verdictId, reviewer ?? null);
      afterVerdict(state, p);
      return r;
    },
    async 'review.current'() {
      const p = current(state);
      const rows = p.db
        .prepare<[], { pos: number; id: string; label: string }>(
          'SELECT e.pos, e.id, e.label FROM examples e WHERE e.pos IN (SELECT pos FROM verdicts)',
        )
        .all();
      const byPos = new Map(rows.map((r) => [r.pos, r]));
      const verdicts = [...currentVerdicts(p.db).values()].map((v) => ({
        verdictId: v.verdictId,
        id: byPos.get(v.pos)?.id ?? '',
        label: byPos.get(v.pos)?.label ?? '',
        verdict: v.verdict,
        correctedLabel: v.correctedLabel,
        reviewer: v.reviewer,
        at: v.at,
      }));
      return { verdicts };
    },
  };
}
