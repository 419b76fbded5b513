import type { SliceFigures, SliceKind } from '../../../shared/report.ts';
import { countAnd, type Bits } from './bitset.ts';
import { compareSlices } from './figures.ts';

/**
 * Two slices whose members agree to this Jaccard index or more are the same slice in other words
 * ("human_majority = cat" and "label = cat"): one is kept, the other repeats it (analysis.md 4).
 */
export const REDUNDANT_JACCARD = 0.99;

/** Which slice of a repeating pair is kept: the more basic source first (analysis.md 4). */
const KEEP_ORDER: Record<SliceKind, number> = { class: 0, metadata: 1, tag: 2, rule: 3 };

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
 * Cheap: J(A, B) ≤ min(|A|, |B|) / max(|A|, |B|), so only slices whose sizes are within a factor
 * of 0.99 of each other are compared (a sliding window over the slices sorted by size).
 */
export function findRepeats(slices: SliceMembers[]): Map<string, string> {
  return findRepeatsBy(slices, (a, b) => countAnd(a.bits, b.bits));
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
 * findRepeats with the intersection |A ∩ B| of a candidate pair given by `both` (bitsets for the
 * native index, an engine's counts for a summary project).
 */
export function findRepeatsBy<S extends SliceSize>(
  slices: readonly S[],
  both: (a: S, b: S) => number,
): Map<string, string> {
  const rank = new Map<string, number>();
  const keepOrder = slices
    .map((s, i) => ({ s, i }))
    .sort((a, b) => KEEP_ORDER[a.s.kind] - KEEP_ORDER[b.s.kind] || a.i - b.i);
  keepOrder.forEach(({ s }, r) => rank.set(s.id, r));

  const matches = new Map<string, string[]>();
  for (const [a, b] of repeatCandidates(slices)) {
    if (jaccard(a.size, b.size, both(a, b)) < REDUNDANT_JACCARD) continue;
    matches.set(a.id, [...(matches.get(a.id) ?? []), b.id]);
    matches.set(b.id, [...(matches.get(b.id) ?? []), a.id]);
  }

  const repeats = new Map<string, string>();
  for (const { s } of keepOrder) {
    const kept = (matches.get(s.id) ?? [])
      .filter(
        (other) => !repeats.has(other) && (rank.get(other) as number) < (rank.get(s.id) as number),
      )
      .sort((x, y) => (rank.get(x) as number) - (rank.get(y) as number));
    if (kept.length > 0) repeats.set(s.id, kept[0] as string);
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
