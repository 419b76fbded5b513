import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context.tsx';
import { useThresholdArgs } from '../../stores/threshold.ts';
import { useRunView } from '../../stores/view.ts';

/**
 * The headroom report of the chosen run, labels, metric and reference (shared by the dashboard
 * and the filters).
 */
export function useReport() {
  const api = useApi();
  const view = useRunView();
  // The decision threshold (ThresholdControl): none leaves the key and the call as they were.
  const t = useThresholdArgs();
  return useQuery({
    queryKey: ['report', ...view.reportKey, ...t.key],
    queryFn: () => api.call('slices.report', { ...view.reportArgs, ...t.args }),
    // While a new threshold is counted, the table (and the slider) stay on screen.
    placeholderData: t.key.length ? keepPreviousData : undefined,
  });
}
