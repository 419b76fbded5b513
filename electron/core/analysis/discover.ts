import type { AnalysisIndex } from './analysis-index.ts';
import { andBits, count, type Bits } from './bitset.ts';
import { DEFAULT_WEIGHTS, computeFigures, isRedundant, type SliceWeights } from './figures.ts';
import { sliceStats, totalsOf } from './report.ts';
import type { SliceDef } from './slice-defs.ts';

/** SliceLine's defaults (analysis.md section 4). */
export const DISCOVER_DEFAULTS = {
  alpha: 0.95,
  minSupport: 32,
  maxLevel: 3,
  top: 20,
  beam: 50,
  by: 'score' as 'score' | 'gain',
};

export interface DiscoverOptions {
  alpha: number;
  minSupport: number;
  maxLevel: number;
  top: number;
  /** How many of the best conjunctions of one level are extended by another predicate. */
  beam: number;
  /** Rank by SliceLine's score, or by potential gain against HLP (slices without HLP last). */
  by: 'score' | 'gain';
}

export interface DiscoveredSlice {
  /** The metadata slices whose intersection it is (ids and names as the report gives them). */
  predicates: { id: string; name: string }[];
  name: string;
  /** Examples of the run in it, and how many the model gets wrong (graded runs: 1 − score). */
  n: number;
  errors: number;
  error_rate: number;
  /** SliceLine's score: α · (error_rate / ē − 1) − (1 − α) · (N / n − 1). */
  score: number;
  /**
   * max(HLP − accuracy, 0) × share, null without HLP: computed as the report computes it, so a
   * single predicate's entered HLP and share count here as on the dashboard.
   */
  potential_gain: number | null;
}

interface Candidate {
  defs: SliceDef[];
  columns: string[];
  bits: Bits;
  n: number;
  errors: number;
  score: number;
  gain: number | null;
}

/** The metadata column a slice id belongs to ("meta:device=phone", "meta:snr_db:bin3"). */
export function columnOf(id: string, columns: readonly string[]): string | null {
  let best: string | null = null;
  for (const c of columns) {
    const p = `meta:${c}`;
    if ((id.startsWith(`${p}=`) || id.startsWith(`${p}:bin`)) && c.length > (best?.length ?? -1)) {
      best = c;
    }
  }
  return best;
}

/**
 * Discovered slices: conjunctions of up to `maxLevel` metadata predicates (from different
 * columns) whose error rate most exceeds the run's, weighed by size, as SliceLine scores them,
 * found level by level from the best `beam` of the level before. Proposals only: nothing is saved.
 */
export function discoverSlices(
  index: AnalysisIndex,
  metaColumns: readonly string[],
  options: Partial<DiscoverOptions> = {},
  weights: ReadonlyMap<string, SliceWeights> = new Map(),
): { overallErrorRate: number; slices: DiscoveredSlice[] } {
  const o = { ...DISCOVER_DEFAULTS, ...options };
  const total = sliceStats(index, index.inRun);
  const totals = totalsOf(index, total);
  const N = total.correct.n;
  const errorRate = N > 0 ? (N - total.correct.sum) / N : 0;
  if (N === 0 || errorRate === 0) return { overallErrorRate: errorRate, slices: [] };
  const measure = (defs: SliceDef[], columns: string[], bits: Bits): Candidate | null => {
    const s = sliceStats(index, bits);
    const n = s.correct.n;
    if (n < o.minSupport) return null;
    const errors = n - s.correct.sum;
    const score = o.alpha * (errors / n / errorRate - 1) - (1 - o.alpha) * (N / n - 1);
    // A single predicate is the report's slice: its entered HLP and share apply.
    const w = defs.length === 1 ? weights.get((defs[0] as SliceDef).id) : undefined;
    const gain = computeFigures(s, totals, w ?? DEFAULT_WEIGHTS).potential_gain;
    return { defs, columns, bits, n, errors, score, gain };
  };
  const base: Candidate[] = [];
  for (const def of index.slices) {
    if (def.kind !== 'metadata') continue;
    const column = columnOf(def.id, metaColumns);
    if (column === null) continue;
    const c = measure([def], [column], andBits(def.bits, index.inRun));
    // Redundant with all examples: neither a proposal nor a useful part of one.
    if (c && !isRedundant(c.n, N)) base.push(c);
  }
  const all: Candidate[] = [...base];
  let level = base;
  const seen = new Set(base.map((c) => key(c.defs)));
  for (let depth = 2; depth <= o.maxLevel && level.length > 0; depth++) {
    const parents = [...level].sort((a, b) => b.score - a.score).slice(0, o.beam);
    const next: Candidate[] = [];
    for (const parent of parents) {
      for (const b of base) {
        const column = b.columns[0] as string;
        if (parent.columns.includes(column)) continue;
        const defs = [...parent.defs, b.defs[0] as SliceDef].sort((x, y) => (x.id < y.id ? -1 : 1));
        const k = key(defs);
        if (seen.has(k)) continue;
        seen.add(k);
        // A conjunction can only be smaller than both parts: skip what cannot reach min support.
        if (Math.min(parent.n, b.n) < o.minSupport) continue;
        const bits = andBits(parent.bits, b.bits);
        if (count(bits) < o.minSupport) continue;
        const c = measure(defs, [...parent.columns, column], bits);
        if (c) next.push(c);
      }
    }
    all.push(...next);
    level = next;
  }
  // Propose a conjunction only where it beats each of its parts and leaves out at least 5% of
  // each (else it is the same slice in more words): simpler slices first.
  const byKey = new Map(all.map((c) => [key(c.defs), c]));
  const beats = (c: Candidate, part: Candidate | undefined) =>
    part === undefined || (c.score > part.score && c.n <= 0.95 * part.n);
  const useful = all.filter(
    (c) =>
      c.score > 0 &&
      (c.defs.length === 1 ||
        c.defs.every((_, i) => beats(c, byKey.get(key(c.defs.filter((_, j) => j !== i)))))),
  );
  useful.sort((a, b) =>
    o.by === 'gain'
      ? (b.gain ?? -1) - (a.gain ?? -1) || b.score - a.score
      : b.score - a.score || a.defs.length - b.defs.length,
  );
  return {
    overallErrorRate: errorRate,
    slices: useful.slice(0, o.top).map((c) => ({
      predicates: c.defs.map((d) => ({ id: d.id, name: d.name })),
      name: c.defs.map((d) => d.name).join(' and '),
      n: c.n,
      errors: c.errors,
      error_rate: c.errors / c.n,
      score: c.score,
      potential_gain: c.gain,
    })),
  };
}

function key(defs: SliceDef[]): string {
  return defs
    .map((d) => d.id)
    .sort()
    .join('\u0000');
}
