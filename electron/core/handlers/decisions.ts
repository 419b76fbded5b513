import type { SliceComparison } from '../../../shared/compare.ts';
import type { LabelSet } from '../../../shared/report.ts';
import { compareRuns } from '../analysis/compare-runs.ts';
import {
  addDecision,
  closeDecision,
  decisionMark,
  readDecisions,
  sliceOfReport,
  thenVersusNow,
  type DecisionRecord,
} from '../analysis/decisions-log.ts';
import { findSlice } from '../analysis/find-slice.ts';
import { loadBaselineSettings } from '../analysis/baseline-settings.ts';
import type { Decision } from '../../../shared/decisions.ts';
import { HeadroomError } from '../errors.ts';
import type { OpenProject } from '../project/open-project.ts';
import { isSummaryProject, summaryRunName } from '../summaries/summary-store.ts';
import { current, type HandlerGroup, type ServiceState } from './state.ts';

/**
 * The run decisions are taken and looked at in, and the memo describes, by default: the latest one
 * imported, unless it is the project's reference (run:NAME, a baseline the gaps are measured
 * against: an older system imported last), then the latest other run.
 */
export function latestRun(p: OpenProject): string | undefined {
  // A summary project's run is its newest summary (a --sample's run is for browsing only).
  if (isSummaryProject(p.db)) return summaryRunName(p.db) ?? undefined;
  const reference = loadBaselineSettings(p.db).reference;
  const baseline = reference?.startsWith('run:') ? reference.slice(4) : null;
  const names = p.db.prepare<[], string>('SELECT name FROM runs ORDER BY id DESC').pluck().all();
  return names.find((n) => n !== baseline) ?? names[0];
}

/**
 * Every decision then versus now in `run` (default: the latest): open decisions get the
 * slice's figures now and the paired change since their run (compare-runs.ts).
 */
export function decisionsNow(
  p: OpenProject,
  run: string | undefined,
  labels: LabelSet,
): { run: string | null; decisions: Decision[] } {
  const records = readDecisions(p.db);
  const runNow = run ?? latestRun(p);
  if (runNow === undefined) {
    return { run: null, decisions: records.map((d) => thenVersusNow(d, null, null)) };
  }
  const report = p.report(runNow, labels);
  // A summary project has no paired examples: then versus now, without a paired change.
  const nowIndex = isSummaryProject(p.db) ? null : p.index(runNow, labels);
  const comparisons = new Map<string, SliceComparison[] | null>();
  const changeOf = (d: DecisionRecord): SliceComparison | null => {
    if (nowIndex === null) return null;
    if (!comparisons.has(d.then.run)) {
      let rows: SliceComparison[] | null = null;
      try {
        const c = compareRuns(p.index(d.then.run, labels), nowIndex, p.path);
        rows = [c.overall, ...c.slices];
      } catch (err) {
        // The decision's run is gone or graded (no right/wrong): no paired change to show.
        if (!(err instanceof HeadroomError)) throw err;
      }
      comparisons.set(d.then.run, rows);
    }
    return comparisons.get(d.then.run)?.find((r) => r.id === d.sliceId) ?? null;
  };
  return {
    run: report.run,
    decisions: records.map((d) =>
      d.status === 'open' ? thenVersusNow(d, report, changeOf(d)) : thenVersusNow(d, null, null),
    ),
  };
}

export function decisionHandlers(
  state: ServiceState,
): HandlerGroup<'decisions.add' | 'decisions.list' | 'decisions.open' | 'decisions.close'> {
  return {
    async 'decisions.add'({ slice, owner, why, due, expectedGain, run, labels }) {
      const p = current(state);
      const runThen = run ?? latestRun(p);
      if (runThen === undefined) {
        throw new HeadroomError(
          'INVALID_INPUT',
          'The project has no run: import predictions first.',
        );
      }
      const set = labels ?? 'original';
      const ref = findSlice(p.sliceList(runThen, set), slice);
      const report = p.report(runThen, set);
      const figures = sliceOfReport(report, ref.id);
      if (!figures) throw new HeadroomError('NOT_FOUND', `No figures for the slice "${ref.name}".`);
      const id = addDecision(p.db, {
        report,
        slice: figures,
        owner,
        why,
        due: due ?? null,
        expectedGain: expectedGain ?? null,
      });
      state.emit('project.changed', { path: p.path, what: 'decisions' });
      const added = readDecisions(p.db).find((d) => d.id === id) as DecisionRecord;
      return { decision: thenVersusNow(added, null, null) };
    },
    async 'decisions.list'({ run, labels }) {
      return decisionsNow(current(state), run, labels ?? 'original');
    },
    async 'decisions.open'() {
      const open = readDecisions(current(state).db).filter((d) => d.status === 'open');
      return { decisions: open.map(decisionMark) };
    },
    async 'decisions.close'({ id, why }) {
      const p = current(state);
      const d = closeDecision(p.db, Number(id), why ?? null);
      state.emit('project.changed', { path: p.path, what: 'decisions' });
      return { id: String(d.id), slice: d.slice };
    },
  };
}
