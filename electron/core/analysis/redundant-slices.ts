import type { SliceFigures, SliceKind } from '../../../shared/report.ts';
import { countAnd, xorCountExceeds, type Bits } from './bitset.ts';
import { compareSlices } from './figures.ts';

/**
 * Two slices whose members agree to this Jaccard index or more are the same slice in other words
 * ("human_majority = cat" and "label = cat"): one is kept, the other repeats it (analysis.md 4).
 */
export const REDUNDANT_JACCARD = 0.99;

/** Which slice of a repeating pair is kept: the more basic source first (analysis.md 4). */
const KEEP_ORDER: Record<SliceKind, number> = { class: 0, metadata: 1, tag: 2, rule: 3 };

/** Words of bitsets compared at most in the search for near copies (about a second's work). */
const NEAR_BUDGET = 200_000_000;

/** FNV-1a over a bitset's words. */
function hashBits(b: Bits): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
  return h >>> 0;
}

function sameBits(a: Bits, b: Bits): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export interface SliceMembers {
  id: string;
  kind: SliceKind;
  bits: Bits;
  /** |bits|. */
  size: number;
}

/** |a ∩ b| / |a ∪ b| from the sizes and the intersection. */
export function jaccard(sizeA: number, sizeB: number, both: number): number {
  const union = sizeA + sizeB - both;
  return union === 0 ? 1 : both / union;
}

/**
 * The slices that repeat another: id -> the id of the slice kept in its place. `slices` is in
 * source order (the index's order). The kept slice of a pair is the one of the more basic kind
 * (class, metadata, tag, rule), then the one earlier in source order; a slice repeats the first kept
 * slice (in that order) it matches, so a chain of near-copies collapses under one slice.
 *
 * Cheap: identical sets are grouped by a hash of their words; then, as J(A, B) ≤ min(|A|, |B|) /
 * max(|A|, |B|), only distinct sets whose sizes are within a factor of 0.99 of each other are
 * compared (a sliding window over them sorted by size), within a bounded amount of work.
 */
export function findRepeats(slices: SliceMembers[]): Map<string, string> {
  // Identical member sets first, by a hash of their words (one pass): a wide file's columns that
  // repeat each other give thousands of equal slices, and only one of each set is compared below.
  const matches = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    let la = matches.get(a);
    if (!la) matches.set(a, (la = []));
    la.push(b);
    let lb = matches.get(b);
    if (!lb) matches.set(b, (lb = []));
    lb.push(a);
  };
  const classes = new Map<number, SliceMembers[][]>();
  const distinct: SliceMembers[] = [];
  for (const s of slices) {
    if (s.size === 0) continue;
    const h = hashBits(s.bits);
    let buckets = classes.get(h);
    if (!buckets) classes.set(h, (buckets = []));
    const same = buckets.find((c) => sameBits((c[0] as SliceMembers).bits, s.bits));
    if (same) {
      for (const t of same) link(t.id, s.id);
      same.push(s);
    } else {
      buckets.push([s]);
      distinct.push(s);
    }
  }
  // Near copies among the distinct sets, through a window over the sizes; the work is bounded
  // (NEAR_BUDGET words compared), so a hostile file of thousands of equal-sized slices cannot
  // stall the report (analysis.md 4: past the bound only identical sets are found).
  const members = new Map<string, SliceMembers[]>();
  for (const bucket of classes.values()) {
    for (const c of bucket) members.set((c[0] as SliceMembers).id, c);
  }
  const bySize = distinct.sort((a, b) => a.size - b.size);
  let budget = NEAR_BUDGET;
  outer: for (let i = 0; i < bySize.length; i++) {
    const a = bySize[i] as SliceMembers;
    for (let j = i + 1; j < bySize.length; j++) {
      const b = bySize[j] as SliceMembers;
      if (a.size < REDUNDANT_JACCARD * b.size) break;
      budget -= a.bits.length;
      if (budget < 0) break outer;
      // Most pairs differ early: J = (S - D) / (S + D) with S = |A| + |B| and D = |A △ B|, so past
      // D = S (1 - r) / (1 + r) the pair is below r for certain (+1 against rounding) and the
      // count stops after a few words; the rest are decided by the exact Jaccard as before.
      const differ = ((a.size + b.size) * (1 - REDUNDANT_JACCARD)) / (1 + REDUNDANT_JACCARD) + 1;
      if (xorCountExceeds(a.bits, b.bits, differ)) continue;
      if (jaccard(a.size, b.size, countAnd(a.bits, b.bits)) < REDUNDANT_JACCARD) continue;
      for (const x of members.get(a.id) ?? [a]) {
        for (const y of members.get(b.id) ?? [b]) link(x.id, y.id);
      }
    }
  }
  return keepRepeats(slices, matches);
}

/** A slice as findRepeatsBy sees it: its members are counted by the caller. */
export interface SliceSize {
  id: string;
  kind: SliceKind;
  size: number;
}

/**
 * The pairs whose Jaccard index may reach REDUNDANT_JACCARD: J(A, B) ≤ min(|A|, |B|) / max(|A|,
 * |B|), so a sliding window over the slices sorted by size (empty slices left out).
 */
export function repeatCandidates<S extends SliceSize>(slices: readonly S[]): [S, S][] {
  const bySize = [...slices].sort((a, b) => a.size - b.size);
  const pairs: [S, S][] = [];
  for (let i = 0; i < bySize.length; i++) {
    const a = bySize[i] as S;
    if (a.size === 0) continue;
    for (let j = i + 1; j < bySize.length; j++) {
      const b = bySize[j] as S;
      if (a.size < REDUNDANT_JACCARD * b.size) break;
      pairs.push([a, b]);
    }
  }
  return pairs;
}

/**
 * findRepeats with the intersection |A ∩ B| of a candidate pair given by `both` (an engine's
 * counts for a summary project, where no bitsets exist).
 */
export function findRepeatsBy<S extends SliceSize>(
  slices: readonly S[],
  both: (a: S, b: S) => number,
): Map<string, string> {
  const matches = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    let la = matches.get(a);
    if (!la) matches.set(a, (la = []));
    la.push(b);
    let lb = matches.get(b);
    if (!lb) matches.set(b, (lb = []));
    lb.push(a);
  };
  for (const [a, b] of repeatCandidates(slices)) {
    if (jaccard(a.size, b.size, both(a, b)) >= REDUNDANT_JACCARD) link(a.id, b.id);
  }
  return keepRepeats(slices, matches);
}

/** Each slice's repeat: the first kept slice (in keep order) among the slices it matches. */
function keepRepeats(
  slices: readonly SliceSize[],
  matches: Map<string, string[]>,
): Map<string, string> {
  const rank = new Map<string, number>();
  const keepOrder = slices
    .map((s, i) => ({ s, i }))
    .sort((a, b) => KEEP_ORDER[a.s.kind] - KEEP_ORDER[b.s.kind] || a.i - b.i);
  keepOrder.forEach(({ s }, r) => rank.set(s.id, r));

  const repeats = new Map<string, string>();
  for (const { s } of keepOrder) {
    // The first kept slice (in keep order) it matches.
    const mine = rank.get(s.id) as number;
    let best: string | null = null;
    let bestRank = mine;
    for (const other of matches.get(s.id) ?? []) {
      const r = rank.get(other) as number;
      if (r < bestRank && !repeats.has(other)) {
        best = other;
        bestRank = r;
      }
    }
    if (best !== null) repeats.set(s.id, best);
  }
  return repeats;
}

/**
 * The report's order: the slices that repeat none ranked by compareSlices, each followed by the
 * slices that repeat it (themselves in rank order).
 */
export function orderWithRepeats(slices: SliceFigures[]): SliceFigures[] {
  const under = new Map<string, SliceFigures[]>();
  for (const f of slices.filter((x) => x.redundant_with !== undefined).sort(compareSlices)) {
    const key = f.redundant_with as string;
    under.set(key, [...(under.get(key) ?? []), f]);
  }
  return slices
    .filter((x) => x.redundant_with === undefined)
    .sort(compareSlices)
    .flatMap((f) => [f, ...(under.get(f.id) ?? [])]);
}

/** The ranked slices only (the repeats left out): what tables, exports and the memo list. */
export function rankedOnly(slices: SliceFigures[]): SliceFigures[] {
  return slices.filter((s) => s.redundant_with === undefined);
}
