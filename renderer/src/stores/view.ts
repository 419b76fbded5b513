import { useUi } from './ui.ts';

/**
 * The run and label set every view of the engine is computed on, as call arguments and as a
 * query-key prefix (so a change of either refetches everything that depends on it).
 */
export function useRunView() {
  const projectPath = useUi((s) => s.projectPath);
  const run = useUi((s) => s.run);
  const labels = useUi((s) => s.labels);
  const args = run === undefined ? { labels } : { run, labels };
  return { projectPath, run, labels, args, key: [projectPath, run ?? '', labels] as const };
}
