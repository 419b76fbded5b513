import { create } from 'zustand';
import { useRunView } from './view.ts';

/**
 * The dashboard's decision threshold (analysis.md 8.1): a positive class and a threshold on its
 * probability, for one project and run. Another project or run starts without one.
 */
interface ThresholdState {
  /** The project and run it was set for. */
  scope: string | null;
  positive: string | null;
  /** null: the file's predictions (only average precision is added). */
  threshold: number | null;
  set(scope: string, positive: string | null, threshold: number | null): void;
}

export const useThresholdStore = create<ThresholdState>((set) => ({
  scope: null,
  positive: null,
  threshold: null,
  set: (scope, positive, threshold) => set({ scope, positive, threshold }),
}));

/** The scope of the threshold: the project and the run. */
export function useThresholdScope(): string {
  const view = useRunView();
  return JSON.stringify([view.projectPath, view.run ?? '']);
}

/**
 * The report's `positive`/`threshold` arguments and the query-key suffix for them (empty when
 * none is set, so the report's key and call stay as they were).
 */
export function useThresholdArgs(): {
  args: { positive?: string; threshold?: number };
  key: { positive: string; threshold: number | null }[];
} {
  const scope = useThresholdScope();
  const { positive, threshold, scope: setFor } = useThresholdStore();
  if (setFor !== scope || positive === null) return { args: {}, key: [] };
  return {
    args: { positive, ...(threshold !== null ? { threshold } : {}) },
    key: [{ positive, threshold }],
  };
}
