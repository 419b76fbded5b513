import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { ExampleFilter } from '../../../../shared/examples.ts';
import { useApi } from '../../api/context.tsx';
import { useUi } from '../../stores/ui.ts';
import { useRunView } from '../../stores/view.ts';
import { pct } from '../dashboard/format.ts';

const MAX_CLASSES = 40;

type Order = 'errors' | 'f1' | 'name';

function without(filter: ExampleFilter, keys: string[]): ExampleFilter {
  return Object.fromEntries(
    Object.entries(filter).filter(([k]) => !keys.includes(k)),
  ) as ExampleFilter;
}

/**
 * Given class (rows) against predicted class (columns) for the current run and filter, with
 * counts or row-normalised rates, and each class's n, recall, precision and F1; a click on a cell
 * filters the table to it.
 */
export function ConfusionMatrix({ onPick }: { onPick(): void }) {
  const api = useApi();
  const { filter, setFilter } = useUi();
  const runView = useRunView();
  // The matrix shows every cell: the filter without its cell.
  const rest = without(filter, ['given', 'predicted']);
  const m = useQuery({
    queryKey: ['confusion', ...runView.key, rest],
    queryFn: () => api.call('examples.confusion', { ...runView.args, filter: rest }),
  });
  // Recall, precision and F1 of "errors only" would all be 0: the figures leave the outcome out.
  const figuresFilter = without(rest, ['outcome']);
  const outcomeSet = rest.outcome !== undefined;
  const f = useQuery({
    queryKey: ['confusion', ...runView.key, figuresFilter],
    queryFn: () => api.call('examples.confusion', { ...runView.args, filter: figuresFilter }),
    enabled: outcomeSet,
  });
  const figures = outcomeSet ? f.data : m.data;
  const [order, setOrder] = useState<Order>('errors');
  const [rates, setRates] = useState(true);
  const view = useMemo(() => {
    if (!m.data) return null;
    const { classes, counts } = m.data;
    const byClass = new Map(figures?.perClass.map((c) => [c.class, c]));
    const perClass = classes.map((c) => byClass.get(c));
    const rowTotal = counts.map((r) => r.reduce((a, b) => a + b, 0));
    const errors = counts.map((r, i) => (rowTotal[i] as number) - (r[i] as number));
    let idx = classes.map((_, i) => i);
    if (order === 'errors')
      idx.sort((a, b) => (errors[b] as number) - (errors[a] as number) || a - b);
    else if (order === 'f1') {
      const f1 = (i: number) => perClass[i]?.f1 ?? Infinity; // unknown F1 last
      idx.sort((a, b) => f1(a) - f1(b) || a - b);
    }
    const hidden = Math.max(0, idx.length - MAX_CLASSES);
    idx = idx.slice(0, MAX_CLASSES);
    return { classes, counts, rowTotal, perClass, idx, hidden };
  }, [m.data, figures, order]);
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
          <select value={order} onChange={(e) => setOrder(e.target.value as Order)}>
            <option value="errors">most errors first</option>
            <option value="f1">lowest F1 first</option>
            <option value="name">by name</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={rates} onChange={(e) => setRates(e.target.checked)} /> row
          rates
        </label>
        {outcomeSet && (
          <span className="muted">
            recall, precision and F1: over the filter without its outcome
          </span>
        )}
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
            <th scope="col" className="figure first" title="Examples given the class">
              n
            </th>
            <th
              scope="col"
              className="figure"
              title="Of the examples given the class, predicted it"
            >
              recall
            </th>
            <th
              scope="col"
              className="figure"
              title="Of the examples predicted as the class, given it"
            >
              precision
            </th>
            <th scope="col" className="figure">
              F1
            </th>
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
                      {c === 0 ? (
                        ''
                      ) : rates ? (
                        <>
                          {`${(rate * 100).toFixed(rate < 0.1 ? 1 : 0)}%`}
                          <small className="count">{c.toLocaleString('en-US')}</small>
                        </>
                      ) : (
                        c.toLocaleString('en-US')
                      )}
                    </button>
                  </td>
                );
              })}
              <td className="figure first">{view.perClass[i]?.n.toLocaleString('en-US')}</td>
              <td className="figure">{pct(view.perClass[i]?.recall)}</td>
              <td className="figure">{pct(view.perClass[i]?.precision)}</td>
              <td className="figure">{pct(view.perClass[i]?.f1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
