import { useUi } from './ui.ts';

/**
 * The run and label set every view of the engine is computed on, as call arguments and as a
 * query-key prefix (so a change of either refetches everything that depends on it). The slice
 * figures also follow the metric and the reference (reportArgs, reportKey): every screen that
 * shows them asks with the same settings, so a figure reads the same everywhere.
 */
export function useRunView() {
  const projectPath = useUi((s) => s.projectPath);
  const run = useUi((s) => s.run);
  const labels = useUi((s) => s.labels);
  const metric = useUi((s) => s.metric);
  const reference = useUi((s) => s.reference);
  const args = run === undefined ? { labels } : { run, labels };
  const reportArgs = {
    ...args,
    ...(metric !== undefined ? { metric } : {}),
    ...(reference !== undefined ? { reference } : {}),
  };
  const key = [projectPath, run ?? '', labels] as const;
  return {
    projectPath,
    run,
    labels,
    metric,
    reference,
    args,
    key,
    reportArgs,
    /** The report's query key: ['report', ...reportKey]. */
    reportKey: [...key, metric ?? '', reference ?? ''] as const,
    /** The report is the project's default one (what a settings edit answers with). */
    isDefaultReport: metric === undefined && reference === undefined,
  };
}
