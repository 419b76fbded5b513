import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { DiscoveredSliceInfo } from '../../../../shared/discover.ts';
import { BackToDashboard } from '../../components/BackToDashboard.tsx';
import { useApi } from '../../api/context.tsx';
import { NameDialog } from '../../components/NameDialog.tsx';
import { RunPicker } from '../../components/ViewPickers.tsx';
import { useUi } from '../../stores/ui.ts';
import { useRunView } from '../../stores/view.ts';
import { pct } from '../dashboard/format.ts';

/**
 * Discovered slices (analysis.md section 4): conjunctions of up to three metadata values where
 * the model errs most, as proposals. A proposal's examples open in the errors browser; "Keep as
 * tag" saves it. Escape goes back to the dashboard.
 */
export function DiscoverScreen() {
  const api = useApi();
  const view = useRunView();
  const { openExamples } = useUi();
  const [by, setBy] = useState<'score' | 'gain'>('score');
  const [keeping, setKeeping] = useState<DiscoveredSliceInfo | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const d = useQuery({
    queryKey: ['discover', ...view.key, by],
    queryFn: () => api.call('slices.discover', { ...view.args, by }),
  });
  const filterOf = (s: DiscoveredSliceInfo) => ({ alsoIn: s.predicates.map((p) => p.id) });
  return (
    <main className="discover">
      <header className="bar">
        <h1>Discover slices</h1>
        <BackToDashboard />
        <RunPicker current={d.data?.run} />
        <label>
          Rank by{' '}
          <select
            aria-label="Rank by"
            value={by}
            onChange={(e) => setBy(e.target.value as 'score' | 'gain')}
          >
            <option value="score">error above the run (SliceLine score)</option>
            <option value="gain">potential gain against HLP</option>
          </select>
        </label>
      </header>
      <p className="note">
        Slices of up to three metadata values (from different columns) where the model errs more
        than on the whole run, weighed by size; at least 32 examples each. Proposals only: nothing
        is saved until you keep one as a tag.
      </p>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {d.isPending ? (
        <p className="status">Searching…</p>
      ) : d.isError ? (
        <p className="error">{d.error.message}</p>
      ) : d.data.slices.length === 0 ? (
        <p className="empty">
          No slice is worse than the run as a whole by enough to propose (the run&apos;s error rate
          is {pct(d.data.overall_error_rate)}).
        </p>
      ) : (
        <table className="slices discovered" aria-label="Discovered slices">
          <thead>
            <tr>
              <th>Slice</th>
              <th>n</th>
              <th>Error rate</th>
              <th title="SliceLine's score: how far the error rate exceeds the run's, weighed by size">
                Score
              </th>
              <th>Potential gain</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {d.data.slices.map((s) => (
              <tr key={s.name} data-discovered={s.name}>
                <td>{s.name}</td>
                <td>{s.n.toLocaleString('en-US')}</td>
                <td>
                  {pct(s.error_rate)}{' '}
                  <span className="note">vs {pct(d.data.overall_error_rate)}</span>
                </td>
                <td>{s.score.toFixed(3)}</td>
                <td>{pct(s.potential_gain, 2)}</td>
                <td className="actions">
                  <button type="button" onClick={() => openExamples(filterOf(s))}>
                    Examples
                  </button>
                  <button type="button" onClick={() => setKeeping(s)}>
                    Keep as tag…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {keeping && (
        <NameDialog
          title="Keep the slice as a tag"
          label="Tag name"
          action="Tag"
          initial={keeping.name.slice(0, 100)}
          onSave={async (name) => {
            const r = await api.call('tags.apply', {
              tag: name,
              filter: filterOf(keeping),
              ...view.args,
            });
            setNotice(`Tagged ${r.added.toLocaleString('en-US')} examples as "${r.tag}"`);
            setKeeping(null);
          }}
          onClose={() => setKeeping(null)}
        >
          <p>
            {keeping.n.toLocaleString('en-US')} examples: {keeping.name}
          </p>
        </NameDialog>
      )}
    </main>
  );
}
