import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context.tsx';
import { useUi } from '../../stores/ui.ts';

/** The counts a numeric column may be cut into (analysis.md 4); "default" is 10. */
const COUNTS = Array.from({ length: 19 }, (_v, i) => i + 2);

/**
 * The bin count of a numeric column, in its group's head: a select of 2..20 and "default". A
 * change is one step of the settings undo history (Ctrl+Z takes it back).
 */
export function BinCountControl({ column }: { column: string }) {
  const api = useApi();
  const qc = useQueryClient();
  const projectPath = useUi((s) => s.projectPath);
  const counts = useQuery({
    queryKey: ['binCounts', projectPath],
    queryFn: () => api.call('slices.binCounts', {}),
  });
  const set = useMutation({
    mutationFn: (bins: number | null) => api.call('slices.bins', { column, bins }),
    onSettled: () => {
      for (const key of ['report', 'settingsHistory', 'binCounts'])
        void qc.invalidateQueries({ queryKey: [key] });
    },
  });
  const current = counts.data?.counts.find((c) => c.column === column)?.bins ?? null;
  return (
    <label className="bin-count" title="Quantile bins of this column (default 10: deciles)">
      bins{' '}
      <select
        aria-label={`Bins of ${column}`}
        value={current === null ? 'default' : String(current)}
        disabled={counts.isPending || set.isPending}
        onChange={(e) => set.mutate(e.target.value === 'default' ? null : Number(e.target.value))}
      >
        <option value="default">default (10)</option>
        {COUNTS.map((n) => (
          <option key={n} value={String(n)}>
            {n}
          </option>
        ))}
      </select>
      {set.isError && (
        <span role="alert" className="error">
          {' '}
          Not changed: {set.error.message}
        </span>
      )}
    </label>
  );
}
