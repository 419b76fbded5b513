import { hasBit, popcount32, type Bits } from '../analysis/bitset.ts';
import type { SortOrder } from './sort.ts';

export interface PageRequest {
  dir: 'asc' | 'desc';
  after?: number | undefined;
  offset?: number | undefined;
  limit: number;
}

export interface PagePositions {
  positions: number[];
  /** Offset of the first position among the matches, when known. */
  offset: number | null;
  /** The cursor of the next page, or null at the end. */
  next: number | null;
}

/** Position of the k-th (0-based) set bit, counting from the low end; -1 if there are fewer. */
function nthBit(bits: Bits, k: number): number {
  let left = k;
  for (let w = 0; w < bits.length; w++) {
    const c = popcount32(bits[w] as number);
    if (left >= c) {
      left -= c;
      continue;
    }
    let x = bits[w] as number;
    for (;;) {
      const t = x & -x;
      if (left === 0) return (w << 5) + (31 - Math.clz32(t));
      left--;
      x ^= t;
    }
  }
  return -1;
}

/** Number of set bits at positions < pos. */
function bitsBefore(bits: Bits, pos: number): number {
  let c = 0;
  const w = pos >>> 5;
  for (let i = 0; i < w; i++) c += popcount32(bits[i] as number);
  const partial = pos & 31;
  if (partial) c += popcount32((bits[w] as number) & ((1 << partial) - 1));
  return c;
}

/**
 * One page of matching positions in sort order. Walks the order from the cursor (or from the
 * offset-th match) and keeps the positions whose filter bit is set: no SQL, no OFFSET scan.
 */
export function pagePositions(
  bits: Bits,
  n: number,
  total: number,
  order: SortOrder,
  req: PageRequest,
): PagePositions {
  const asc = req.dir === 'asc';
  const at = (rank: number): number => {
    const r = asc ? rank : n - 1 - rank;
    return order.perm ? (order.perm[r] as number) : r;
  };
  const rankOfPos = (pos: number): number => {
    const r = order.rankOf ? (order.rankOf[pos] as number) : pos;
    return asc ? r : n - 1 - r;
  };
  let start = 0;
  let offset: number | null = 0;
  if (req.after !== undefined) {
    start = req.after < n ? rankOfPos(req.after) + 1 : n;
    offset = null;
    if (!order.perm && req.after < n) {
      offset = asc ? bitsBefore(bits, req.after + 1) : total - bitsBefore(bits, req.after);
    }
  } else if (req.offset !== undefined && req.offset > 0) {
    offset = Math.min(req.offset, total);
    if (offset >= total) start = n;
    else if (!order.perm) {
      const k = asc ? offset : total - 1 - offset;
      start = rankOfPos(nthBit(bits, k));
    } else {
      let seen = 0;
      start = n;
      for (let rank = 0; rank < n; rank++) {
        if (hasBit(bits, at(rank)) && seen++ === offset) {
          start = rank;
          break;
        }
      }
    }
  }
  const positions: number[] = [];
  let rank = start;
  for (; rank < n && positions.length < req.limit; rank++) {
    const pos = at(rank);
    if (hasBit(bits, pos)) positions.push(pos);
  }
  let more = false;
  for (; rank < n; rank++) {
    if (hasBit(bits, at(rank))) {
      more = true;
      break;
    }
  }
  const last = positions[positions.length - 1];
  return { positions, offset, next: more && last !== undefined ? last : null };
}
