import { create } from 'zustand';
import { useUi } from './ui.ts';

/**
 * The dashboard's decision threshold (analysis.md 8.1): a positive class and a threshold on its
 * probability, for one project and run. Another project or run starts without one. The report
 * shown reads it through useRunView (view.ts), its one home with the run, metric and reference.
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
  const projectPath = useUi((s) => s.projectPath);
  const run = useUi((s) => s.run);
  return JSON.stringify([projectPath, run ?? '']);
}

/**
 * The positive class and threshold set for the current project and run (undefined: none; a
 * positive class without a threshold keeps the file's predictions).
 */
export function useThreshold(): { positive?: string; threshold?: number } {
  const scope = useThresholdScope();
  const positive = useThresholdStore((s) => (s.scope === scope ? s.positive : null));
  const threshold = useThresholdStore((s) => (s.scope === scope ? s.threshold : null));
  if (positive === null) return {};
  return { positive, ...(threshold !== null ? { threshold } : {}) };
}
