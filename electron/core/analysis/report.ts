import type { Database } from 'better-sqlite3';
import type { Report, SliceFigures } from '../../../shared/report.ts';
import type { AnalysisIndex } from './analysis-index.ts';
import {
  count,
  countAnd,
  countAnd3,
  countAnd4,
  sliceCounts,
  sumAnd3,
  type Bits,
} from './bitset.ts';
import {
  DEFAULT_WEIGHTS,
  computeFigures,
  isRedundant,
  type SliceStats,
  type SliceWeights,
  type Totals,
} from './figures.ts';
import { binaryMoments } from './intervals.ts';
import { findRepeats, orderWithRepeats } from './redundant-slices.ts';

/** Correctness and human moments of one slice, from popcounts (or sums) over the index. */
export function sliceStats(index: AnalysisIndex, s: Bits): SliceStats {
  const R = index.inRun;
  const h0 = index.human;
  if (index.correctBits && h0?.binary && h0.ones) {
    const [n, x, hn, hx] = sliceCounts(s, R, index.correctBits, h0.has, h0.ones);
    return {
      correct: binaryMoments(n, x),
      human: binaryMoments(hn, hx),
    };
  }
  let correct;
  if (index.correctBits) {
    const n = countAnd(s, R);
    const x = countAnd3(s, R, index.correctBits);
    correct = binaryMoments(n, x);
  } else {
    correct = sumAnd3(s, R, R, index.correctVals as Float64Array);
  }
  let human = null;
  const h = index.human;
  if (h) {
    if (h.binary && h.ones) {
      const hn = countAnd3(s, R, h.has);
      const hx = countAnd4(s, R, h.has, h.ones);
      human = binaryMoments(hn, hx);
    } else {
      human = sumAnd3(s, R, h.has, h.values);
    }
  }
  return { correct, human };
}

export function totalsOf(index: AnalysisIndex, overall: SliceStats): Totals {
  return {
    n: overall.correct.n,
    errors: overall.correct.n - overall.correct.sum,
    binaryCorrect: index.correctBits !== null,
    binaryHuman: index.human?.binary ?? false,
    humanSource: index.human?.source ?? '',
  };
}

/** Ease, importance, entered HLP and entered share per slice id. */
export function loadWeights(db: Database): Map<string, SliceWeights> {
  const rows = db
    .prepare<
      [],
      {
        slice_id: string;
        ease: number;
        importance: number;
        hlp: number | null;
        hlp_n: number | null;
        hlp_source: string | null;
        share: number | null;
      }
    >('SELECT slice_id, ease, importance, hlp, hlp_n, hlp_source, share FROM slice_settings')
    .all();
  return new Map(
    rows.map((r) => [
      r.slice_id,
      {
        ease: r.ease,
        importance: r.importance,
        hlp:
          r.hlp === null ? null : { value: r.hlp, n: r.hlp_n, source: r.hlp_source ?? 'entered' },
        share: r.share,
      },
    ]),
  );
}

/**
 * Slice stats by slice id, valid for one index at one data version. Settings (HLP, ease,
 * importance) do not change them: a settings edit re-ranks without counting again.
 */
export type StatsCache = Map<string, { size: number; stats: SliceStats }>;

/** One slice's counted statistics, from the index (bitsets) or from a summary project. */
export interface CountedSlice {
  id: string;
  kind: SliceFigures['kind'];
  name: string;
  /** Examples in the slice (in the run or not). */
  size: number;
  stats: SliceStats;
}

/**
 * The ranked table from counted statistics: overall first, then every slice by priority
 * (analysis.md sections 2-4). Empty slices and slices redundant with all examples (99% or more of
 * the run) are left out; a slice repeating another (`repeats`: Jaccard of members >= 0.99, known
 * where the members are) carries `redundant_with` and follows the slice it repeats instead of
 * being ranked. The one home of the ranking for the native index and summary projects.
 */
export function rankSlices(
  overallStats: SliceStats,
  totals: Totals,
  counted: readonly CountedSlice[],
  weights: Map<string, SliceWeights>,
  repeats: Map<string, string> = new Map(),
): { overall: SliceFigures; slices: SliceFigures[] } {
  const overall: SliceFigures = {
    id: 'overall',
    kind: 'overall',
    name: 'all examples',
    ...computeFigures(overallStats, totals, weights.get('overall') ?? DEFAULT_WEIGHTS),
  };
  const figures = counted
    .filter((s) => s.size > 0 && !isRedundant(s.stats.correct.n, totals.n))
    .map((s): SliceFigures => {
      const repeated = repeats.get(s.id);
      return {
        id: s.id,
        kind: s.kind,
        name: s.name,
        ...computeFigures(s.stats, totals, weights.get(s.id) ?? DEFAULT_WEIGHTS),
        ...(repeated === undefined ? {} : { redundant_with: repeated }),
      };
    });
  return { overall, slices: orderWithRepeats(figures) };
}

/** The slices that repeat another (findRepeats), kept with the stats cache they were found for. */
const repeatsOf = new WeakMap<StatsCache, Map<string, string>>();

/** The ranked table of an index (rankSlices over its bitsets' counts). */
export function buildReport(
  index: AnalysisIndex,
  weights: Map<string, SliceWeights>,
  project: string,
  cache: StatsCache = new Map(),
): Report {
  const cached = (id: string, bits: Bits) => {
    let hit = cache.get(id);
    if (!hit) cache.set(id, (hit = { size: count(bits), stats: sliceStats(index, bits) }));
    return hit;
  };
  const overallStats = cached('overall', index.inRun).stats;
  const totals = totalsOf(index, overallStats);
  const counted = index.slices.map((s): CountedSlice => {
    const hit = cached(s.id, s.bits);
    return { id: s.id, kind: s.kind, name: s.name, size: hit.size, stats: hit.stats };
  });
  const kept = index.slices.filter((s) => {
    const hit = cached(s.id, s.bits);
    return hit.size > 0 && !isRedundant(hit.stats.correct.n, totals.n);
  });
  // The repeats follow from the slices' members only: found once per stats cache (one index at
  // one data version), as the counts are.
  let repeats = repeatsOf.get(cache);
  if (!repeats) {
    repeats = findRepeats(
      kept.map((s) => ({ id: s.id, kind: s.kind, bits: s.bits, size: cached(s.id, s.bits).size })),
    );
    repeatsOf.set(cache, repeats);
  }
  const { overall, slices } = rankSlices(overallStats, totals, counted, weights, repeats);
  return { project, run: index.run.name, labels: index.labels, overall, slices };
}
