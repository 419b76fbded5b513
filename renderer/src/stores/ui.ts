import { create } from 'zustand';
import type { SliceKind } from '../../../shared/report.ts';

/** UI state only; everything from the engine lives in the query cache. */
export type Screen = 'dashboard' | 'review';

interface UiState {
  projectPath: string | null;
  screen: Screen;
  reviewer: string;
  setScreen(screen: Screen): void;
  setReviewer(name: string): void;
  kinds: Record<SliceKind, boolean>;
  labels: 'original' | 'corrected';
  setProject(path: string | null): void;
  toggleKind(kind: SliceKind): void;
  setLabels(labels: 'original' | 'corrected'): void;
}

export const useUi = create<UiState>((set) => ({
  projectPath: null,
  screen: 'dashboard',
  reviewer: localStorage.getItem('headroom.reviewer') ?? '',
  setScreen: (screen) => set({ screen }),
  setReviewer: (reviewer) => {
    localStorage.setItem('headroom.reviewer', reviewer);
    set({ reviewer });
  },
  kinds: { metadata: true, class: true, tag: true, rule: true },
  labels: 'original',
  setProject: (projectPath) => set({ projectPath }),
  toggleKind: (kind) => set((s) => ({ kinds: { ...s.kinds, [kind]: !s.kinds[kind] } })),
  setLabels: (labels) => set({ labels }),
}));
