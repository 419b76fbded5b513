import { addVerdict, currentVerdicts, undoVerdict } from '../review/verdicts.ts';
import { positionsOfIds } from '../tags/tags.ts';
import type { OpenProject } from '../project/open-project.ts';
import { current, type HandlerGroup, type ServiceState } from './state.ts';

/** A verdict changes only the corrected-label indexes; the original ones stay valid. */
function afterVerdict(state: ServiceState, p: OpenProject): void {
  p.forget('corrected');
  p.edited();
  state.emit('project.changed', { path: p.path, what: 'all' });
}

export function reviewHandlers(
  state: ServiceState,
): HandlerGroup<'review.verdict' | 'review.undo' | 'review.current'> {
  return {
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
