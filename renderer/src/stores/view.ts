import { useThreshold } from './threshold.ts';
import { useUi } from './ui.ts';

/**
 * The run and label set every view of the engine is computed on, as call arguments and as a
 * query-key prefix (so a change of either refetches everything that depends on it). The slice
 * figures also follow the metric, the reference and the decision threshold (reportArgs,
 * reportKey): every screen that shows them, and the export, asks with the same settings, so a
 * figure reads the same everywhere.
 */
export function useRunView() {
  const projectPath = useUi((s) => s.projectPath);
  const run = useUi((s) => s.run);
  const labels = useUi((s) => s.labels);
  const metric = useUi((s) => s.metric);
  const reference = useUi((s) => s.reference);
  const { positive, threshold } = useThreshold();
  const args = run === undefined ? { labels } : { run, labels };
  /** The decision threshold's arguments (none when no positive class is set). */
  const thresholdArgs = {
    ...(positive !== undefined ? { positive } : {}),
    ...(threshold !== undefined ? { threshold } : {}),
  };
  const reportArgs = {
    ...args,
    ...(metric !== undefined ? { metric } : {}),
    ...(reference !== undefined ? { reference } : {}),
    ...thresholdArgs,
  };
  const key = [projectPath, run ?? '', labels] as const;
  /** The threshold's part of a query key. */
  const thresholdKey = [positive ?? '', threshold ?? ''] as const;
  return {
    projectPath,
    run,
    labels,
    metric,
    reference,
    positive,
    threshold,
    args,
    key,
    reportArgs,
    thresholdArgs,
    thresholdKey,
    /** The report's query key: ['report', ...reportKey]. */
    reportKey: [...key, metric ?? '', reference ?? '', ...thresholdKey] as const,
    /** The report is the project's default one (what a settings edit answers with). */
    isDefaultReport: metric === undefined && reference === undefined && positive === undefined,
  };
}
