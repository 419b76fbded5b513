import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Decision, DecisionVerdict } from '../../../../shared/decisions.ts';
import { formatPoints, formatPValue } from '../../../../shared/format.ts';
import { useApi } from '../../api/context.tsx';
import { BackToDashboard } from '../../components/BackToDashboard.tsx';
import { NameDialog } from '../../components/NameDialog.tsx';
import { LabelsPicker } from '../../components/ViewPickers.tsx';
import { useUi } from '../../stores/ui.ts';
import { pct } from '../dashboard/format.ts';
import { MemoButtons } from './MemoButtons.tsx';
import { useDecisions } from './use-decisions.ts';
import './decisions.css';

/** The verdict in words (its colour only repeats them). */
const VERDICT_WORDS: Record<DecisionVerdict, string> = {
  improved: 'improved',
  worse: 'worse',
  unchanged: 'unchanged',
  closed: 'closed',
};

function Verdict({ d }: { d: Decision }) {
  const v = d.verdict;
  return (
    <span
      className={`verdict verdict-${v ?? 'none'}`}
      title={
        v === 'closed'
          ? `Closed${d.closed_at ? ` ${d.closed_at.slice(0, 10)}` : ''}${d.closed_why ? `: ${d.closed_why}` : ''}`
          : 'Improved or worse: the paired 95% interval of the change excludes 0 (analysis.md section 6)'
      }
    >
      {v === null ? 'no run to compare' : VERDICT_WORDS[v]}
    </span>
  );
}

/** "71.2% → 80.4%": a figure then and now. */
function ThenNow({
  then,
  now,
  digits = 1,
}: {
  then: number | null;
  now: number | null | undefined;
  digits?: number;
}) {
  return (
    <>
      {pct(then, digits)} → {now === undefined ? '–' : pct(now, digits)}
    </>
  );
}

/** One decision: its slice, who and why, then versus now, the verdict, and Close. */
function DecisionRow({ d, onClose }: { d: Decision; onClose(d: Decision): void }) {
  const c = d.change ?? null;
  return (
    <tr data-decision={d.id} data-slice-name={d.slice}>
      <td>{d.id}</td>
      <td>
        <strong>{d.slice}</strong>
        <div className="note">
          {d.at.slice(0, 10)} in {d.then.run}
          {d.due ? `, due ${d.due}` : ''}
        </div>
      </td>
      <td>{d.owner}</td>
      <td className="why">{d.why}</td>
      <td className="num" title="Accuracy then (the decision's run) and now">
        <ThenNow then={d.then.accuracy} now={d.now?.accuracy} />
      </td>
      <td
        className={`num ${(c?.diff ?? 0) < 0 ? 'negative' : ''}`}
        title={
          c
            ? `Now − then on the ${c.n.toLocaleString('en-US')} examples both runs predicted; ${c.now_only} right only now, ${c.then_only} right only then`
            : 'No paired examples to compare'
        }
      >
        {formatPoints(c?.diff)}
        {c?.diff_ci && (
          <div className="note">
            95% CI {formatPoints(c.diff_ci[0])} to {formatPoints(c.diff_ci[1])}
          </div>
        )}
      </td>
      <td className="num" title="McNemar's exact test on the paired examples">
        {formatPValue(c?.p)}
      </td>
      <td className="num" title={`Gap to the reference (${d.then.reference}) then and now`}>
        <ThenNow then={d.then.gap} now={d.now?.gap} />
      </td>
      <td className="num" title="Expected gain (entered) and the potential gain then">
        {pct(d.expected_gain ?? null, 2)}
        <div className="note">potential {pct(d.then.potential_gain, 2)}</div>
      </td>
      <td>
        <Verdict d={d} />
      </td>
      <td>
        {d.status === 'open' ? (
          <button type="button" onClick={() => onClose(d)} aria-label={`Close decision ${d.id}`}>
            Close…
          </button>
        ) : (
          <span className="note">{d.status === 'dropped' ? 'superseded' : 'closed'}</span>
        )}
      </td>
    </tr>
  );
}

/**
 * The decisions log (issue #17): each decision's slice then (its run when decided) and now (the
 * run picked here, by default the latest), the paired change, and a verdict in words and colour.
 * Escape goes back to the dashboard.
 */
export function DecisionsScreen() {
  const api = useApi();
  const projectPath = useUi((s) => s.projectPath);
  const [run, setRun] = useState<string | undefined>(undefined);
  const [closing, setClosing] = useState<Decision | null>(null);
  const runs = useQuery({
    queryKey: ['runs', projectPath],
    queryFn: () => api.call('runs.list', {}),
  });
  const list = useDecisions(run);
  const names = runs.data?.runs.map((r) => r.name) ?? [];
  const decisions = list.data?.decisions ?? [];
  const open = decisions.filter((d) => d.status === 'open').length;
  return (
    <main className="decisions">
      <header className="bar">
        <h1>Decisions</h1>
        <BackToDashboard />
        <label title="The run each decision's slice is looked at in now">
          Now{' '}
          <select
            aria-label="Run now"
            value={run ?? list.data?.run ?? ''}
            onChange={(e) => setRun(e.target.value)}
          >
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <LabelsPicker />
        <MemoButtons run={run ?? list.data?.run ?? undefined} />
      </header>
      {list.isPending ? (
        <p className="status">Reading the decisions…</p>
      ) : list.isError ? (
        <p className="error">{list.error.message}</p>
      ) : decisions.length === 0 ? (
        <p className="empty">
          No decision yet. On the dashboard, press ◇ on a slice&apos;s row (or focus the row and
          press d) to record who works on it, why, and the gain expected; this screen then shows the
          slice then and in each later run.
        </p>
      ) : (
        <>
          <p className="note" role="status">
            {decisions.length} decision{decisions.length === 1 ? '' : 's'}, {open} open; now ={' '}
            {list.data.run ?? 'no run'}. Improved or worse: the paired 95% interval of the accuracy
            change excludes 0.
          </p>
          <table className="decisions-table">
            <thead>
              <tr>
                <th>#</th>
                <th>Slice</th>
                <th>Owner</th>
                <th>Why</th>
                <th>Accuracy then → now</th>
                <th>Change (points)</th>
                <th>McNemar p</th>
                <th>Gap then → now</th>
                <th>Expected gain</th>
                <th>Verdict</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {decisions.map((d) => (
                <DecisionRow key={d.id} d={d} onClose={setClosing} />
              ))}
            </tbody>
          </table>
        </>
      )}
      {closing && (
        <NameDialog
          title={`Close decision ${closing.id} on ${closing.slice}`}
          label="Why close it"
          action="Close decision"
          onSave={async (why) => {
            await api.call('decisions.close', { id: closing.id, why });
            setClosing(null);
          }}
          onClose={() => setClosing(null)}
        >
          <p className="note">
            The log keeps the decision; closing adds an event and it no longer marks the slice.
          </p>
        </NameDialog>
      )}
    </main>
  );
}
