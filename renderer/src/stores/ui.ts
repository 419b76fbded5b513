import { create } from 'zustand';
import type { ExampleFilter, ExampleSort } from '../../../shared/examples.ts';
import type { Reference } from '../../../shared/baselines.ts';
import type { SchemaUpgrade } from '../../../shared/project.ts';
import type { LabelSet, SliceKind } from '../../../shared/report.ts';

/** UI state only; everything from the engine lives in the query cache. */
export type Screen = 'dashboard' | 'examples' | 'review' | 'compare' | 'discover' | 'decisions';

interface UiState {
  projectPath: string | null;
  screen: Screen;
  reviewer: string;
  setScreen(screen: Screen): void;
  setReviewer(name: string): void;
  kinds: Record<SliceKind, boolean>;
  labels: LabelSet;
  /** The runs of the compare screen (null: the project's first two). */
  compare: { a: string; b: string } | null;
  setCompare(compare: { a: string; b: string } | null): void;
  /** The dashboard's chart: potential gain bars, or gap against share. */
  chart: 'gain' | 'scatter';
  setChart(chart: 'gain' | 'scatter'): void;
  /** The run analysed; undefined = the project's first run. */
  run: string | undefined;
  setRun(run: string | undefined): void;
  /** The metric of every slice figure (analysis.md 8.1); undefined = accuracy. */
  metric: string | undefined;
  setMetric(metric: string | undefined): void;
  /** What the gap is measured against (8.3); undefined = the project's default. */
  reference: Reference | undefined;
  setReference(reference: Reference | undefined): void;
  setProject(path: string | null): void;
  toggleKind(kind: SliceKind): void;
  setLabels(labels: LabelSet): void;
  /** The errors browser: its filter, sort and the example shown in the detail pane. */
  filter: ExampleFilter;
  sort: ExampleSort;
  currentId: string | null;
  setFilter(filter: ExampleFilter): void;
  setSort(sort: ExampleSort): void;
  setCurrent(id: string | null): void;
  /** Opens the errors browser on a filter (a slice clicked on the dashboard). */
  openExamples(filter: ExampleFilter): void;
  // start and import screens
  /** The import screen's file, and the project it goes into (null: a new project). */
  importing: { file: string; into: string | null } | null;
  startImport(importing: { file: string; into: string | null }): void;
  setImporting(importing: { file: string; into: string | null } | null): void;
  /** A one-line message for the user (a failed open, a renderer reload). */
  notice: string | null;
  setNotice(notice: string | null): void;
  /**
   * An old project file's upgrade (the engine's project.upgrading event): told while it runs,
   * then, once its project is open, as done until dismissed. A failed open's notice ends it.
   */
  upgrade: { info: SchemaUpgrade; done: boolean } | null;
  setUpgrade(upgrade: { info: SchemaUpgrade; done: boolean } | null): void;
}

/** The errors browser opens on the model's errors (the filter bar shows it; "all" is one click). */
const ERRORS_FIRST: ExampleFilter = { outcome: 'errors' };

export const useUi = create<UiState>((set) => ({
  projectPath: null,
  screen: 'dashboard',
  // Read where a page exists; a module test under Node has no localStorage.
  reviewer: globalThis.localStorage?.getItem('headroom.reviewer') ?? '',
  setScreen: (screen) => set({ screen }),
  setReviewer: (reviewer) => {
    localStorage.setItem('headroom.reviewer', reviewer);
    set({ reviewer });
  },
  kinds: { metadata: true, class: true, tag: true, rule: true },
  labels: 'original',
  compare: null,
  setCompare: (compare) => set({ compare }),
  chart: 'gain',
  setChart: (chart) => set({ chart }),
  run: undefined,
  setRun: (run) => set({ run }),
  metric: undefined,
  setMetric: (metric) => set({ metric }),
  reference: undefined,
  setReference: (reference) => set({ reference }),
  setProject: (projectPath) =>
    set((s) => ({
      projectPath,
      upgrade:
        s.upgrade && projectPath !== null && s.upgrade.info.path === projectPath
          ? { ...s.upgrade, done: true }
          : null,
      filter: ERRORS_FIRST,
      currentId: null,
      run: undefined,
      compare: null,
      metric: undefined,
      reference: undefined,
    })),
  toggleKind: (kind) => set((s) => ({ kinds: { ...s.kinds, [kind]: !s.kinds[kind] } })),
  setLabels: (labels) => set({ labels }),
  filter: ERRORS_FIRST,
  sort: { key: 'pos', dir: 'asc' },
  currentId: null,
  setFilter: (filter) => set({ filter }),
  setSort: (sort) => set({ sort }),
  setCurrent: (currentId) => set({ currentId }),
  openExamples: (filter) => set({ filter, screen: 'examples', currentId: null }),
  // start and import screens
  importing: null,
  startImport: (importing) => set({ importing, notice: null }),
  setImporting: (importing) => set({ importing }),
  notice: null,
  setNotice: (notice) => set(notice === null ? { notice } : { notice, upgrade: null }),
  upgrade: null,
  setUpgrade: (upgrade) => set({ upgrade }),
}));
