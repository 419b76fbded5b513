import { useQuery } from '@tanstack/react-query';
import { useApi } from '../api/context.tsx';
import { useUi } from '../stores/ui.ts';
import type { LabelSet } from '../../../shared/report.ts';

/** The model run every figure is computed for (the project's first run until one is picked). */
export function RunPicker({ current }: { current?: string | undefined }) {
  const api = useApi();
  const { projectPath, run, setRun } = useUi();
  const list = useQuery({
    queryKey: ['runs', projectPath],
    queryFn: () => api.call('runs.list', {}),
  });
  const runs = list.data?.runs.map((r) => r.name) ?? (current ? [current] : []);
  return (
    <label title="The model run the figures are computed for">
      Run{' '}
      <select
        aria-label="Run"
        value={run ?? current ?? runs[0] ?? ''}
        onChange={(e) => setRun(e.target.value)}
      >
        {runs.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Original labels, or the labels after review (verdicts). */
export function LabelsPicker() {
  const { labels, setLabels } = useUi();
  return (
    <label title="Figures on the labels as imported, or as corrected by review">
      Labels{' '}
      <select
        aria-label="Labels"
        value={labels}
        onChange={(e) => setLabels(e.target.value as LabelSet)}
      >
        <option value="original">original</option>
        <option value="corrected">corrected</option>
      </select>
    </label>
  );
}
