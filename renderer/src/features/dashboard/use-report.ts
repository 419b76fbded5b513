import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApi } from '../../api/context.tsx';
import { useRunView } from '../../stores/view.ts';

/**
 * The headroom report of the chosen run, labels, metric, reference and threshold (shared by the
 * dashboard and the filters).
 */
export function useReport() {
  const api = useApi();
  const view = useRunView();
  return useQuery({
    queryKey: ['report', ...view.reportKey],
    queryFn: () => api.call('slices.report', view.reportArgs),
    // While a new threshold is counted, the table (and the slider) stay on screen.
    placeholderData: view.positive !== undefined ? keepPreviousData : undefined,
  });
}
