import type { Database } from 'better-sqlite3';
import type { ExampleFilter, ExampleSort } from '../../../shared/examples.ts';
import type { LabelSet, Report } from '../../../shared/report.ts';
import {
  buildIndex,
  loadRuleSlices,
  loadTagSlices,
  pickRun,
  type AnalysisIndex,
} from '../analysis/analysis-index.ts';
import { clearBit, count, emptyBits, setBit, type Bits } from '../analysis/bitset.ts';
import { hasCurrentCopy, loadCachedIndex, saveCachedIndex } from '../analysis/index-cache.ts';
import { loadPositiveScores, loadVoteShares } from '../analysis/class-data.ts';
import { scoreOrder } from '../analysis/average-precision.ts';
import type { PositiveScores } from '../analysis/metric.ts';
import { loadWeights, type StatsCache } from '../analysis/report.ts';
import { loadBaselineSettings } from '../analysis/baseline-settings.ts';
import {
  buildReferenceReport,
  type BaselineCache,
  type ReportOptions,
} from '../analysis/report-reference.ts';
import { dataVersion } from '../db/data-version.ts';
import { closeProjectDb, openProjectDb, writeTx, type OpenOptions } from '../db/project-file.ts';
import { buildColumns, type ExampleColumns } from '../examples/columns.ts';
import { filterBits } from '../examples/filter.ts';
import { buildSortOrder, isPerRunSort, type SortOrder } from '../examples/sort.ts';
import {
  buildSummaryReport,
  isSummaryProject,
  refuseWithoutExamples,
  summarySlices,
} from '../summaries/summary-store.ts';
import type { SliceList } from '../analysis/find-slice.ts';
import { beginSession, endSession } from './session.ts';

/** A tag as the index's slices name it ("tag:<id>"). */
export interface TagRef {
  id: number;
  name: string;
}

/** The filter's bits and their count, for one data version and one filter. */
interface FilterHit {
  sig: string;
  bits: Bits;
  total: number;
}

/** One run and label set in memory: its index and what the screens derived from it. */
interface View {
  index: AnalysisIndex;
  /** The errors browser's typed columns, built on first need. */
  columns: ExampleColumns | null;
  /** The last filter asked for (paging through it asks again and again). */
  lastFilter: FilterHit | null;
  /**
   * Slice stats of the report and the baselines counted per slice (other runs, majority), valid
   * for one data version and this index.
   */
  reportStats: {
    version: number;
    index: AnalysisIndex;
    stats: StatsCache;
    baselines: BaselineCache;
  } | null;
  /** The run's p(C) and score order per positive class, for one data version (threshold, AP). */
  positive: { version: number; byClass: Map<string, PositiveOrder> } | null;
  /** Sort orders by label, prediction or confidence (they depend on the run). */
  sorts: Map<ExampleSort['key'], SortOrder>;
}

/** An index's view before anything is derived from it. */
function emptyView(index: AnalysisIndex): View {
  return {
    index,
    columns: null,
    lastFilter: null,
    reportStats: null,
    positive: null,
    sorts: new Map(),
  };
}

/** A run's probability of a positive class and its positions by score, descending. */
interface PositiveOrder {
  scores: PositiveScores;
  order: Int32Array;
}

/** SQL-found positions (a rule, a text search) kept: a handful of recent ones, not every one typed. */
const SQL_FILTERS_KEPT = 16;

/**
 * The project open in a service: its connection, its analysis indexes (built, loaded from the
 * saved copy, patched by tag and rule edits, saved at close) and the caches derived from them.
 * Everything in memory is checked against `meta.data_version`: when another process wrote, it
 * is dropped and rebuilt on the next use.
 */
export class OpenProject {
  readonly path: string;
  readonly db: Database;
  /** The project's data_version the indexes reflect. */
  private knownVersion: number;
  /** The indexes were patched in memory since they were saved. */
  private dirty = false;
  /** By "runId|labels", in the order they were first asked for. */
  private readonly views = new Map<string, View>();
  /** Orders that do not depend on the run (id, a metadata column). */
  private readonly fileSorts = new Map<ExampleSort['key'], SortOrder>();
  /** Positions found by SQL, by "rule|run|expression" or "text|needle". */
  private readonly sqlFilters = new Map<string, { version: number; bits: Bits }>();

  private constructor(path: string, db: Database) {
    this.path = path;
    this.db = db;
    beginSession(db, path);
    this.knownVersion = dataVersion(db);
  }

  /** Opens the project file at an absolute path (validated and migrated by openProjectDb). */
  static open(path: string, options: Pick<OpenOptions, 'onUpgrade'> = {}): OpenProject {
    return new OpenProject(path, openProjectDb(path, options));
  }

  /** The data version everything held in memory reflects. */
  get version(): number {
    return this.knownVersion;
  }

  /** The run's index: from memory, else the saved copy when current, else rebuilt (and saved). */
  index(run?: string, labels: LabelSet = 'original'): AnalysisIndex {
    return this.viewFor(run, labels).index;
  }

  /**
   * The slices a user can name in a run: the newest summary run's on a summary project (its
   * sample, if any, is for browsing only), else the run's index.
   */
  sliceList(run?: string, labels: LabelSet = 'original'): SliceList {
    if (isSummaryProject(this.db)) return { slices: summarySlices(this.db) };
    return this.index(run, labels);
  }

  /** The index and the typed columns of a run and label set (built once, then from memory). */
  view(
    run: string | undefined,
    labels: LabelSet | undefined,
  ): { index: AnalysisIndex; cols: () => ExampleColumns } {
    const view = this.viewFor(run, labels ?? 'original');
    // Built on first need only: plain paging and bitset filters never need the typed columns.
    const cols = () => (view.columns ??= buildColumns(this.db, view.index));
    return { index: view.index, cols };
  }

  /** The filter's bits and their count, reused while the data version and the filter stay. */
  matching(
    index: AnalysisIndex,
    cols: () => ExampleColumns,
    filter: ExampleFilter,
  ): { bits: Bits; total: number } {
    const view = this.viewOf(index);
    const sig = `${this.knownVersion}|${JSON.stringify(filter)}`;
    if (view.lastFilter?.sig === sig) return view.lastFilter;
    const bits = filterBits(this, index, cols, filter);
    view.lastFilter = { sig, bits, total: count(bits) };
    return view.lastFilter;
  }

  /** The order for a sort key, built once per run and label set (or per project) and kept. */
  sortOrder(index: AnalysisIndex, cols: () => ExampleColumns, sort: ExampleSort): SortOrder {
    if (sort.key === 'pos') return { perm: null, rankOf: null };
    const cache = isPerRunSort(sort.key) ? this.viewOf(index).sorts : this.fileSorts;
    let order = cache.get(sort.key);
    if (!order) {
      order = buildSortOrder(this.db, index, cols, sort.key);
      cache.set(sort.key, order);
    }
    return order;
  }

  /** Positions found by SQL (a rule, a text search), kept until the data version moves on. */
  sqlBits(key: string, n: number, positions: () => Iterable<number>): Bits {
    const hit = this.sqlFilters.get(key);
    if (hit?.version === this.knownVersion) return hit.bits;
    const bits = emptyBits(n);
    for (const pos of positions()) setBit(bits, pos);
    const old = [...this.sqlFilters.keys()];
    for (const k of old.slice(0, Math.max(0, old.length - (SQL_FILTERS_KEPT - 1)))) {
      this.sqlFilters.delete(k);
    }
    this.sqlFilters.set(key, { version: this.knownVersion, bits });
    return bits;
  }

  /**
   * The report of a run and labels. Slice stats and the counted baselines (another run's, the
   * majority class's) are kept per index and data version, so a settings edit (which changes no
   * data) or another reference re-ranks in a millisecond or two instead of counting.
   */
  report(run: string | undefined, labels: LabelSet, options: ReportOptions = {}): Report {
    // A summary project reports its stored statistics (docs/summaries.md), sample or not.
    if (isSummaryProject(this.db))
      return buildSummaryReport(
        this.db,
        loadWeights(this.db),
        this.path,
        loadBaselineSettings(this.db),
        options,
      );
    const view = this.viewFor(run, labels);
    const index = view.index;
    let hit = view.reportStats;
    if (!hit || hit.version !== this.knownVersion || hit.index !== index) {
      hit = { version: this.knownVersion, index, stats: new Map(), baselines: new Map() };
      view.reportStats = hit;
    }
    const runNames = this.db
      .prepare<[], { name: string }>('SELECT name FROM runs ORDER BY id')
      .all()
      .map((r) => r.name);
    const settings = loadBaselineSettings(this.db);
    return buildReferenceReport(
      {
        index,
        cols: this.view(run, labels).cols,
        weights: loadWeights(this.db),
        project: this.path,
        cache: hit.stats,
        baselines: hit.baselines,
        runNames,
        otherRun: (name) => ({ name, ...this.view(name, labels) }),
        savedReference: settings.reference,
        targets: settings.targets,
        requirements: settings.requirements,
        voteShares: (cls) => loadVoteShares(this.db, index.n, cls),
        positiveScores: (cls) => this.positiveScores(run, labels, cls),
      },
      options,
    );
  }

  /** A run's p(cls) and its score order, kept per view and data version (a slider asks often). */
  private positiveScores(run: string | undefined, labels: LabelSet, cls: string): PositiveOrder {
    const view = this.viewFor(run, labels);
    if (view.positive?.version !== this.knownVersion) {
      view.positive = { version: this.knownVersion, byClass: new Map() };
    }
    let hit = view.positive.byClass.get(cls);
    if (!hit) {
      const { index, cols } = this.view(run, labels);
      const scores = loadPositiveScores(this.db, index.run.id, index.n, cols().classes, cls);
      hit = { scores, order: scoreOrder(scores.p) };
      view.positive.byClass.set(cls, hit);
    }
    return hit;
  }

  /**
   * Members per live tag id from an index in memory (membership is the same for every run), or
   * undefined when none is current.
   */
  tagCounts(): Map<number, number> | undefined {
    if (dataVersion(this.db) !== this.knownVersion) return undefined;
    const first = this.views.values().next().value;
    if (!first) return undefined;
    return new Map(
      first.index.slices
        .filter((s) => s.kind === 'tag')
        .map((s) => [Number(s.id.slice(4)), count(s.bits)] as const),
    );
  }

  /** Keeps every index in step with a tag edit, so the table needs no rebuild. */
  patchTag(tag: TagRef, add: ArrayLike<number>, remove: ArrayLike<number>): void {
    for (const { index } of this.views.values()) {
      let slice = index.slices.find((s) => s.id === `tag:${tag.id}`);
      if (!slice) {
        slice = { id: `tag:${tag.id}`, kind: 'tag', name: tag.name, bits: emptyBits(index.n) };
        index.slices.push(slice);
      }
      for (let i = 0; i < add.length; i++) setBit(slice.bits, add[i] as number);
      for (let i = 0; i < remove.length; i++) clearBit(slice.bits, remove[i] as number);
    }
  }

  renameTag(tag: TagRef): void {
    for (const { index } of this.views.values()) {
      const s = index.slices.find((x) => x.id === `tag:${tag.id}`);
      if (s) s.name = tag.name;
    }
  }

  /** Reads every tag slice again (a merge, a delete, a restore, an undo of one). */
  reloadTags(): void {
    for (const { index } of this.views.values()) {
      index.slices = index.slices
        .filter((s) => s.kind !== 'tag')
        .concat(loadTagSlices(this.db, index.n));
    }
  }

  /** Reads every rule slice again (a rule added or deleted). */
  reloadRules(): void {
    for (const { index } of this.views.values()) {
      index.slices = index.slices
        .filter((s) => s.kind !== 'rule')
        .concat(loadRuleSlices(this.db, index.n, index.run.id));
    }
  }

  /** After an edit of ours that bumped data_version and patched the indexes in memory. */
  edited(): void {
    const version = dataVersion(this.db);
    if (version !== this.knownVersion + 1) this.forget(); // someone else wrote in between
    this.knownVersion = version;
    this.dirty = this.views.size > 0;
  }

  /**
   * Forgets what is derived from the data: everything (another process wrote, an import), or
   * only the corrected labels' (a verdict changes no original label).
   */
  forget(only?: 'corrected'): void {
    for (const [key, view] of [...this.views]) {
      if (!only || view.index.labels === only) this.views.delete(key);
    }
    if (only) return;
    this.fileSorts.clear();
    this.sqlFilters.clear();
  }

  /**
   * The same project opened again read-only (its file or folder was made read-only while open).
   * Closing this write connection first moves every acknowledged change from the -wal into the
   * file (its descriptor was opened for writing, so it still can), so the read-only reopen sees
   * them and nothing acknowledged is lost. What is held in memory carries over when the data did
   * not change in between. Throws when the reopen fails.
   */
  reopenReadOnly(): OpenProject {
    this.dirty = false; // the saved index copy cannot be written any more; it is only a cache
    this.close();
    const reopened = new OpenProject(this.path, openProjectDb(this.path, { readonly: true }));
    if (reopened.knownVersion === this.knownVersion) {
      for (const [key, view] of this.views) reopened.views.set(key, view);
      for (const [key, order] of this.fileSorts) reopened.fileSorts.set(key, order);
      for (const [key, hit] of this.sqlFilters) reopened.sqlFilters.set(key, hit);
    }
    return reopened;
  }

  /** Saves patched indexes so the next open is fast, then closes the project. */
  close(): void {
    if (this.dirty) this.save([...this.views.values()].map((v) => v.index));
    endSession(this.db);
    closeProjectDb(this.db);
  }

  /** The project's data_version; what memory holds is dropped when another process wrote. */
  private currentVersion(): number {
    const version = dataVersion(this.db);
    if (version !== this.knownVersion) {
      // Another process changed the project: what we hold in memory is stale.
      this.forget();
      this.knownVersion = version;
      this.dirty = false;
    }
    return version;
  }

  private newView(index: AnalysisIndex): View {
    const view = emptyView(index);
    this.views.set(`${index.run.id}|${index.labels}`, view);
    return view;
  }

  /**
   * A run's index on its original labels when it is in memory or saved and current; null
   * otherwise (it is never built from rows here). Info reads exact figures from it (info.ts).
   */
  indexAtHand(runId: number): AnalysisIndex | null {
    const version = this.currentVersion();
    const held = this.views.get(`${runId}|original`);
    if (held) return held.index;
    const index = loadCachedIndex(this.db, runId, 'original', version);
    return index ? this.newView(index).index : null;
  }

  private viewFor(run: string | undefined, labels: LabelSet): View {
    const version = this.currentVersion();
    // A summary project has no examples of its own: only a --sample can be browsed.
    refuseWithoutExamples(this.db);
    // Keyed by the run's id: the default run asked for by name or by omission is one index.
    const runId = pickRun(this.db, run).id;
    const key = `${runId}|${labels}`;
    const held = this.views.get(key);
    if (held) return held;
    let index = loadCachedIndex(this.db, runId, labels, version) ?? undefined;
    if (!index) {
      index = buildIndex(this.db, run, labels);
      this.save([index]);
    }
    return this.newView(index);
  }

  /** The view an index handed out by this project belongs to. */
  private viewOf(index: AnalysisIndex): View {
    const key = `${index.run.id}|${index.labels}`;
    let view = this.views.get(key);
    if (!view || view.index !== index) {
      // An index dropped since it was handed out (another process wrote meanwhile): its caches
      // live only as long as this call.
      view = emptyView(index);
    }
    return view;
  }

  private save(indexes: AnalysisIndex[]): void {
    if (this.db.readonly) return;
    try {
      writeTx(this.db, () => {
        // Only when nobody changed the project behind our back.
        if (dataVersion(this.db) !== this.knownVersion) return;
        for (const index of indexes) {
          // A copy still current (only tags changed since it was saved) is not written again.
          if (!hasCurrentCopy(this.db, index, this.knownVersion))
            saveCachedIndex(this.db, index, this.knownVersion);
        }
      });
    } catch {
      // A cache is an optimisation: failing to save it (disk full, busy) loses nothing.
    }
  }
}
