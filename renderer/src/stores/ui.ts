import { create } from 'zustand';
import type { SliceKind } from '../../../shared/report.ts';

/** UI state only; everything from the engine lives in the query cache. */
interface UiState {
  projectPath: string | null;
  kinds: Record<SliceKind, boolean>;
  labels: 'original' | 'corrected';
  setProject(path: string | null): void;
  toggleKind(kind: SliceKind): void;
  setLabels(labels: 'original' | 'corrected'): void;
}

export const useUi = create<UiState>((set) => ({
  projectPath: null,
  kinds: { metadata: true, class: true, tag: true, rule: true },
  labels: 'original',
  setProject: (projectPath) => set({ projectPath }),
  toggleKind: (kind) => set((s) => ({ kinds: { ...s.kinds, [kind]: !s.kinds[kind] } })),
  setLabels: (labels) => set({ labels }),
}));
