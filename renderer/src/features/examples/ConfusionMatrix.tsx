import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { ExampleFilter } from '../../../../shared/examples.ts';
import { useApi } from '../../api/context.tsx';
import { useUi } from '../../stores/ui.ts';
import { useRunView } from '../../stores/view.ts';

const MAX_CLASSES = 40;

/** The filter without its confusion-matrix cell (the matrix shows every cell). */
function withoutCell(filter: ExampleFilter): ExampleFilter {
  return Object.fromEntries(
    Object.entries(filter).filter(([k]) => k !== 'given' && k !== 'predicted'),
  ) as ExampleFilter;
}

/**
 * Given class (rows) against predicted class (columns) for the current run and filter, with
 * counts or row-normalised rates; a click filters the table to that cell.
 */
export function ConfusionMatrix({ onPick }: { onPick(): void }) {
  const api = useApi();
  const { filter, setFilter } = useUi();
  const runView = useRunView();
  const rest = withoutCell(filter);
  const m = useQuery({
    queryKey: ['confusion', ...runView.key, rest],
    queryFn: () => api.call('examples.confusion', { ...runView.args, filter: rest }),
  });
  const [order, setOrder] = useState<'name' | 'errors'>('errors');
  const [rates, setRates] = useState(true);
  const view = useMemo(() => {
    if (!m.data) return null;
    const { classes, counts } = m.data;
    const rowTotal = counts.map((r) => r.reduce((a, b) => a + b, 0));
    const errors = counts.map((r, i) => (rowTotal[i] as number) - (r[i] as number));
    let idx = classes.map((_, i) => i);
    if (order === 'errors')
      idx.sort((a, b) => (errors[b] as number) - (errors[a] as number) || a - b);
    const hidden = Math.max(0, idx.length - MAX_CLASSES);
    idx = idx.slice(0, MAX_CLASSES);
    return { classes, counts, rowTotal, idx, hidden };
  }, [m.data, order]);
  if (m.isPending) return <p className="status">Counting…</p>;
  if (m.isError) return <p className="error">{m.error.message}</p>;
  if (!view || view.classes.length === 0) return <p className="status">No predictions to count.</p>;
  const pick = (g: string, p: string) => {
    setFilter({ ...rest, given: g, predicted: p });
    onPick();
  };
  return (
    <div className="confusion">
      <div className="bar">
        <label>
          Order{' '}
          <select value={order} onChange={(e) => setOrder(e.target.value as 'name' | 'errors')}>
            <option value="errors">most errors first</option>
            <option value="name">by name</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={rates} onChange={(e) => setRates(e.target.checked)} /> row
          rates
        </label>
        {view.hidden > 0 && (
          <span className="muted">
            showing the {MAX_CLASSES} classes with most errors of {view.classes.length}
          </span>
        )}
      </div>
      <table aria-label="Confusion matrix">
        <thead>
          <tr>
            <th scope="col">given ↓ predicted →</th>
            {view.idx.map((j) => (
              <th key={j} scope="col">
                {view.classes[j]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.idx.map((i) => (
            <tr key={i}>
              <th scope="row">{view.classes[i]}</th>
              {view.idx.map((j) => {
                const c = view.counts[i]?.[j] ?? 0;
                const total = view.rowTotal[i] as number;
                const rate = total > 0 ? c / total : 0;
                const diag = i === j;
                return (
                  <td key={j} className={diag ? 'diag' : undefined}>
                    <button
                      type="button"
                      disabled={c === 0}
                      style={{ ['--rate' as string]: String(rate) }}
                      title={`${c.toLocaleString('en-US')} given "${view.classes[i]}", predicted "${view.classes[j]}" (${(rate * 100).toFixed(1)}% of the row)`}
                      onClick={() => pick(view.classes[i] as string, view.classes[j] as string)}
                    >
                      {rates
                        ? c === 0
                          ? ''
                          : `${(rate * 100).toFixed(rate < 0.1 ? 1 : 0)}%`
                        : c || ''}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
