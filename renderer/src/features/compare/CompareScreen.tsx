import { useQuery } from '@tanstack/react-query';
import { createColumnHelper, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { SliceComparison } from '../../../../shared/compare.ts';
import { BackToDashboard } from '../../components/BackToDashboard.tsx';
import { formatPoints, formatPValue } from '../../../../shared/format.ts';
import { useApi } from '../../api/context.tsx';
import { saveFile } from '../../api/save-file.ts';
import { SliceRowsTable } from '../../components/SliceRowsTable.tsx';
import { LabelsPicker } from '../../components/ViewPickers.tsx';
import { useUi } from '../../stores/ui.ts';
import { IntervalBar } from '../dashboard/IntervalBar.tsx';
import { pct } from '../dashboard/format.ts';

const col = createColumnHelper<SliceComparison>();

type Only = 'a-right-b-wrong' | 'a-wrong-b-right';

function columns(
  scale: number,
  open: (s: SliceComparison, only?: Only) => void,
  exportCsv: (s: SliceComparison) => void,
) {
  return [
    col.accessor('name', {
      header: 'Slice',
      cell: (c) =>
        c.row.original.kind === 'overall' ? (
          c.getValue()
        ) : (
          <span className="slice-name">
            <button
              type="button"
              className="link"
              title="Show this slice's examples in run B"
              onClick={() => open(c.row.original)}
            >
              {c.getValue()}
            </button>
            <span className="kind">{c.row.original.kind}</span>
          </span>
        ),
    }),
    col.accessor('n', { header: 'n', cell: (c) => c.getValue().toLocaleString('en-US') }),
    col.accessor('accuracy_a', { header: 'A', cell: (c) => pct(c.getValue()) }),
    col.accessor('accuracy_b', { header: 'B', cell: (c) => pct(c.getValue()) }),
    col.accessor('diff', {
      header: 'B − A (points)',
      cell: (c) => {
        const s = c.row.original;
        return (
          <span
            className={(c.getValue() ?? 0) < 0 ? 'negative' : ''}
            title={
              s.diff_ci
                ? `95% CI ${formatPoints(s.diff_ci[0])} to ${formatPoints(s.diff_ci[1])}`
                : ''
            }
          >
            {formatPoints(c.getValue())}{' '}
            <IntervalBar value={c.getValue()} ci={s.diff_ci} min={-scale} max={scale} origin={0} />
          </span>
        );
      },
    }),
    col.accessor('a_only', {
      header: 'A only',
      cell: (c) => (
        <button
          type="button"
          className="link"
          disabled={c.getValue() === 0}
          aria-label={`A right, B wrong: ${c.getValue()}`}
          title="Examples run A gets right and run B wrong: open them, A's prediction beside B's"
          onClick={() => open(c.row.original, 'a-right-b-wrong')}
        >
          {c.getValue().toLocaleString('en-US')}
        </button>
      ),
    }),
    col.accessor('b_only', {
      header: 'B only',
      cell: (c) => (
        <button
          type="button"
          className="link"
          disabled={c.getValue() === 0}
          aria-label={`A wrong, B right: ${c.getValue()}`}
          title="Examples run B gets right and run A wrong: open them, A's prediction beside B's"
          onClick={() => open(c.row.original, 'a-wrong-b-right')}
        >
          {c.getValue().toLocaleString('en-US')}
        </button>
      ),
    }),
    col.accessor('p_holm', {
      header: 'p (Holm)',
      cell: (c) => (
        <span title={`McNemar exact p ${formatPValue(c.row.original.p)} before Holm's correction`}>
          {formatPValue(c.getValue())}
        </span>
      ),
    }),
    col.display({
      id: 'note',
      header: '',
      cell: (c) =>
        c.row.original.regression ? (
          <span className="regression">regression</span>
        ) : c.row.original.improvement ? (
          <span className="improvement">improvement</span>
        ) : null,
    }),
    col.display({
      id: 'export',
      header: '',
      cell: (c) =>
        c.row.original.a_only > 0 ? (
          <button
            type="button"
            aria-label="Export A right, B wrong as CSV"
            title="Save the examples A gets right and B wrong as CSV (both predictions)"
            onClick={() => exportCsv(c.row.original)}
          >
            CSV
          </button>
        ) : null,
    }),
  ];
}

/**
 * Two runs on the same examples, slice by slice (analysis.md section 6): where the new run (B) is
 * significantly worse than the baseline (A) comes first. Escape goes back to the dashboard.
 */
export function CompareScreen() {
  const api = useApi();
  const { projectPath, labels, compare, setCompare, setRun, openExamples } = useUi();
  const runs = useQuery({
    queryKey: ['runs', projectPath],
    queryFn: () => api.call('runs.list', {}),
  });
  const names = runs.data?.runs.map((r) => r.name) ?? [];
  const a = compare?.a ?? names[0];
  const b = compare?.b ?? names[1];
  const ready = a !== undefined && b !== undefined && a !== b;
  const c = useQuery({
    queryKey: ['compare', projectPath, a, b, labels],
    queryFn: () => api.call('runs.compare', { a: a as string, b: b as string, labels }),
    enabled: ready,
  });
  const data = useMemo(() => (c.data ? [c.data.overall, ...c.data.slices] : []), [c.data]);
  const scale = useMemo(() => {
    // Slices too small to conclude (n < 30) have intervals that would squash every other bar.
    const ends = data
      .filter((s) => s.n >= 30)
      .flatMap((s) => (s.diff_ci ? s.diff_ci.map(Math.abs) : []));
    return Math.min(1, Math.max(0.01, ...ends));
  }, [data]);
  const open = (s: SliceComparison, only?: Only) => {
    if (b) setRun(b);
    const slice = s.kind === 'overall' ? {} : { slice: s.id };
    openExamples(only && a ? { ...slice, compare: { run: a, only } } : slice);
  };
  const [notice, setNotice] = useState<string | null>(null);
  const exportCsv = async (s: SliceComparison) => {
    if (!a || !b) return;
    try {
      const input = {
        run: b,
        labels,
        filter: {
          ...(s.kind === 'overall' ? {} : { slice: s.id }),
          compare: { run: a, only: 'a-right-b-wrong' as const },
        },
      };
      const file = await api.call('examples.export', input);
      const what = `${file.rows.toLocaleString('en-US')} examples`;
      const done = await saveFile(
        file,
        (path) => api.call('examples.export', { ...input, path }),
        what,
      );
      if (done !== null) setNotice(done);
    } catch (err) {
      setNotice(`Not exported: ${(err as Error).message}`);
    }
  };
  const table = useReactTable({
    data,
    // open and exportCsv change with the runs and labels only
    columns: useMemo(() => columns(scale, open, (s) => void exportCsv(s)), [scale, a, b, labels]),
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.id,
  });
  const pick = (which: 'a' | 'b', name: string) =>
    setCompare({ a: which === 'a' ? name : (a ?? name), b: which === 'b' ? name : (b ?? name) });
  const regressions = c.data?.slices.filter((s) => s.regression).length ?? 0;
  return (
    <main className="compare">
      <header className="bar">
        <h1>Compare runs</h1>
        <BackToDashboard />
        {(['a', 'b'] as const).map((which) => (
          <label key={which}>
            {which === 'a' ? 'A (baseline)' : 'B (new)'}{' '}
            <select
              aria-label={which === 'a' ? 'Run A' : 'Run B'}
              value={(which === 'a' ? a : b) ?? ''}
              onChange={(e) => pick(which, e.target.value)}
            >
              {names.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        ))}
        <LabelsPicker />
      </header>
      {names.length < 2 ? (
        <p className="empty">
          Comparing needs two runs of the same examples: import another run (Ctrl+I) first.
        </p>
      ) : !ready ? (
        <p className="empty">Pick two different runs.</p>
      ) : c.isPending ? (
        <p className="status">Comparing…</p>
      ) : c.isError ? (
        <p className="error">{c.error.message}</p>
      ) : (
        <>
          <p className={regressions > 0 ? 'warning' : 'note'} role="status">
            {regressions === 0
              ? `No slice is significantly worse in ${b} than in ${a}`
              : `${regressions} slice${regressions === 1 ? ' is' : 's are'} significantly worse in ${b} than in ${a}`}{' '}
            (McNemar's exact test, Holm-corrected p &lt; 0.05, over the{' '}
            {c.data.overall.n.toLocaleString('en-US')} examples both runs predicted).
          </p>
          {notice && (
            <p className="notice" aria-live="polite">
              {notice}
            </p>
          )}
          <SliceRowsTable
            table={table}
            className="slices compare-table"
            rowClass={(s, i) => [
              i === 0 ? 'overall' : '',
              s.regression ? 'regressed' : '',
              s.n < 30 ? 'muted' : '', // too few examples to conclude (analysis.md section 3)
            ]}
          />
        </>
      )}
    </main>
  );
}
