/**
 * The decisions log (issue #17): what the leads decided about a slice, kept in decision_events
 * (append-only: a decision is closed or superseded by a new event, never edited), each with a
 * snapshot of the slice's figures at that moment; and "then versus now", a decision's slice in a
 * later run with the paired change of its accuracy (compare-runs.ts).
 */
import type { Database } from 'better-sqlite3';
import type { SliceComparison } from '../../../shared/compare.ts';
import {
  decisionFiguresSchema,
  type Decision,
  type DecisionFigures,
  type DecisionMark,
  type DecisionVerdict,
} from '../../../shared/decisions.ts';
import type { LabelSet, Report, SliceFigures } from '../../../shared/report.ts';
import { HeadroomError } from '../errors.ts';

/** The settings that produced a snapshot's figures (kept with them, for the record). */
export interface FigureSettings {
  labels: LabelSet;
  hlp_source: string | null;
  hlp_entered: boolean;
  hlp_n: number | null;
  share: number;
  share_entered: boolean;
  ease: number;
  importance: number;
}

/** A slice's figures as a decision records them: accuracy against the HLP. */
export function decisionFigures(run: string, s: SliceFigures): DecisionFigures {
  return {
    run,
    metric: 'accuracy',
    reference: 'hlp',
    n: s.n,
    accuracy: s.accuracy,
    accuracy_ci: s.accuracy_ci,
    reference_value: s.hlp,
    gap: s.gap,
    gap_ci: s.gap_ci,
    potential_gain: s.potential_gain,
  };
}

/** The figures of the slice with this id in the report (the overall row for "overall"). */
export function sliceOfReport(report: Report, id: string): SliceFigures | null {
  if (id === 'overall') return report.overall;
  return report.slices.find((s) => s.id === id) ?? null;
}

export interface NewDecision {
  report: Report;
  slice: SliceFigures;
  owner: string;
  why: string;
  due: string | null;
  expectedGain: number | null;
}

/** Appends a decision with its snapshot; returns its id. */
export function addDecision(db: Database, d: NewDecision): number {
  const s = d.slice;
  const settings: FigureSettings = {
    labels: d.report.labels,
    hlp_source: s.hlp_source,
    hlp_entered: s.hlp_entered,
    hlp_n: s.hlp_n,
    share: s.share,
    share_entered: s.share_entered,
    ease: s.ease,
    importance: s.importance,
  };
  const snapshot = JSON.stringify({ figures: decisionFigures(d.report.run, s), settings });
  const r = db
    .prepare(
      `INSERT INTO decision_events (kind, slice_id, slice_name, owner, why, due, expected_gain,
         snapshot, created_at) VALUES ('decide', ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(s.id, s.name, d.owner, d.why, d.due, d.expectedGain, snapshot, new Date().toISOString());
  return Number(r.lastInsertRowid);
}

interface EventRow {
  id: number;
  kind: 'decide' | 'close';
  decision: number | null;
  slice_id: string;
  slice_name: string;
  owner: string | null;
  why: string | null;
  due: string | null;
  expected_gain: number | null;
  snapshot: string | null;
  created_at: string;
}

/** A decision as the log holds it, before it is looked at in a run. */
export interface DecisionRecord {
  id: number;
  sliceId: string;
  slice: string;
  owner: string;
  why: string;
  due: string | null;
  expectedGain: number | null;
  at: string;
  then: DecisionFigures;
  /** 'done' when closed, 'dropped' when a later decision on the slice superseded it. */
  status: 'open' | 'done' | 'dropped';
  closedAt: string | null;
  closedWhy: string | null;
}

/** Every decision, oldest first, its status derived from the later events. */
export function readDecisions(db: Database): DecisionRecord[] {
  const rows = db.prepare<[], EventRow>('SELECT * FROM decision_events ORDER BY id').all();
  const out: DecisionRecord[] = [];
  const byId = new Map<number, DecisionRecord>();
  const openBySlice = new Map<string, DecisionRecord>();
  for (const r of rows) {
    if (r.kind === 'close') {
      const d = byId.get(r.decision as number);
      if (d && d.status === 'open') {
        d.status = 'done';
        d.closedAt = r.created_at;
        d.closedWhy = r.why;
        openBySlice.delete(d.sliceId);
      }
      continue;
    }
    const earlier = openBySlice.get(r.slice_id);
    if (earlier) {
      earlier.status = 'dropped';
      earlier.closedAt = r.created_at;
      earlier.closedWhy = `superseded by decision ${r.id}`;
    }
    const snapshot = JSON.parse(r.snapshot as string) as { figures: unknown };
    const d: DecisionRecord = {
      id: r.id,
      sliceId: r.slice_id,
      slice: r.slice_name,
      owner: r.owner ?? '',
      why: r.why ?? '',
      due: r.due,
      expectedGain: r.expected_gain,
      at: r.created_at,
      then: decisionFiguresSchema.parse(snapshot.figures),
      status: 'open',
      closedAt: null,
      closedWhy: null,
    };
    out.push(d);
    byId.set(d.id, d);
    openBySlice.set(d.sliceId, d);
  }
  return out;
}

/** Closes an open decision with a 'close' event: NOT_FOUND, or CONFLICT when already closed. */
export function closeDecision(db: Database, id: number, why: string | null): DecisionRecord {
  return db
    .transaction(() => {
      const d = readDecisions(db).find((x) => x.id === id);
      if (!d) throw new HeadroomError('NOT_FOUND', `No decision ${id}.`);
      if (d.status !== 'open') {
        throw new HeadroomError(
          'CONFLICT',
          `Decision ${id} is already ${d.status === 'done' ? 'closed' : 'superseded'} (${d.closedAt}).`,
        );
      }
      db.prepare(
        `INSERT INTO decision_events (kind, decision, slice_id, slice_name, why, created_at)
         VALUES ('close', ?, ?, ?, ?, ?)`,
      ).run(id, d.sliceId, d.slice, why, new Date().toISOString());
      return d;
    })
    .immediate();
}

/**
 * How the slice moved: closed (closed or superseded), improved (the paired interval of the
 * accuracy change wholly above 0), worse (wholly below), unchanged (otherwise); null when there
 * is no paired change to judge.
 */
export function verdictOf(
  status: DecisionRecord['status'],
  change: SliceComparison | null,
): DecisionVerdict | null {
  if (status !== 'open') return 'closed';
  const ci = change?.diff_ci;
  if (!ci) return null;
  if (ci[0] > 0) return 'improved';
  if (ci[1] < 0) return 'worse';
  return 'unchanged';
}

/** What a decision is, without figures: the dashboard's mark, and the head of thenVersusNow. */
export function decisionMark(d: DecisionRecord): DecisionMark {
  return {
    id: String(d.id),
    slice: d.slice,
    owner: d.owner,
    why: d.why,
    status: d.status,
    at: d.at,
  };
}

/**
 * A decision then versus now: `now` is the report of the run it is looked at in, `change` the
 * compare-runs row of its slice (run then = A, run now = B), both null for a closed decision.
 */
export function thenVersusNow(
  d: DecisionRecord,
  now: Report | null,
  change: SliceComparison | null,
): Decision {
  const slice = now ? sliceOfReport(now, d.sliceId) : null;
  return {
    ...decisionMark(d),
    then: d.then,
    now: now && slice ? decisionFigures(now.run, slice) : null,
    verdict: verdictOf(d.status, change),
    due: d.due,
    expected_gain: d.expectedGain,
    change:
      change && now
        ? {
            run_then: d.then.run,
            run_now: now.run,
            n: change.n,
            accuracy_then: change.accuracy_a,
            accuracy_now: change.accuracy_b,
            diff: change.diff,
            diff_ci: change.diff_ci,
            then_only: change.a_only,
            now_only: change.b_only,
            p: change.p,
          }
        : null,
    closed_at: d.closedAt,
    closed_why: d.closedWhy,
  };
}
