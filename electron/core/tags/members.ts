import type { Database } from 'better-sqlite3';
import { emptyBits, wordsFor, type Bits } from '../analysis/bitset.ts';
import { carryIndexCopies } from '../analysis/index-cache.ts';
import { bumpDataVersion, dataVersion } from '../db/data-version.ts';
import { decodeMembers, encodeMembers } from './member-set.ts';

/**
 * Tag membership in the project file: one row per tag in tag_member_sets (migration 014), its
 * members as one blob (member-set.ts) and their count. Every reader and writer of membership goes
 * through here; an edit reads the tag's bits, changes them and writes them back in the caller's
 * transaction.
 */

/**
 * A tag edit's data_version bump, in its transaction. The saved index copies hold no tags
 * (analysis/index-cache.ts), so those current before the edit stay current after it.
 */
export function bumpForTagEdit(db: Database): void {
  const previous = dataVersion(db);
  carryIndexCopies(db, previous, bumpDataVersion(db));
}

/** The number of examples: positions are 0..n-1 (examples.pos is the rowid: no scan). */
export function exampleCount(db: Database): number {
  return ((db.prepare('SELECT MAX(pos) FROM examples').pluck().get() as number | null) ?? -1) + 1;
}

/** A tag's members as bits over at least `n` positions (none when it has no row yet). */
export function readMembers(db: Database, tagId: number, n: number): Bits {
  const blob = db
    .prepare<[number], Buffer>('SELECT members FROM tag_member_sets WHERE tag_id = ?')
    .pluck()
    .get(tagId);
  return blob ? decodeMembers(blob, n) : emptyBits(n);
}

/** Stores a tag's members (replacing what it had); returns how many there are. */
export function writeMembers(db: Database, tagId: number, bits: Bits): number {
  const { blob, size } = encodeMembers(bits);
  db.prepare('INSERT OR REPLACE INTO tag_member_sets (tag_id, members, size) VALUES (?, ?, ?)').run(
    tagId,
    blob,
    size,
  );
  return size;
}

/** A membership edit: the positions join the tag, or leave it. */
export type MemberChange = 'add' | 'remove';

/**
 * Sets (add) or clears (remove) the positions in `bits`; returns those it changed (for add, those
 * that were not set; for remove, those that were), in the order given: what undo needs.
 */
export function changePositions(
  bits: Bits,
  positions: ArrayLike<number>,
  change: MemberChange,
): Int32Array {
  const changed = new Int32Array(positions.length);
  // A bit already as the change leaves it is skipped; any other is flipped (set, or cleared).
  const skipIfSet = change === 'add';
  let k = 0;
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i] as number;
    const w = p >>> 5;
    const m = 1 << (p & 31);
    const x = bits[w] as number;
    if (((x & m) !== 0) === skipIfSet) continue;
    bits[w] = x ^ m;
    changed[k++] = p;
  }
  return changed.subarray(0, k);
}

/**
 * Adds positions to a tag in the project file, or removes them; returns those that changed (not in
 * it before, or in it). Positions are example positions (< the number of examples): the callers
 * resolved them from ids or filters. The set is written back only when something changed.
 */
export function changeMembers(
  db: Database,
  tagId: number,
  positions: ArrayLike<number>,
  change: MemberChange,
): Int32Array {
  const bits = readMembers(db, tagId, exampleCount(db));
  const changed = changePositions(bits, positions, change);
  if (changed.length > 0) writeMembers(db, tagId, bits);
  return changed;
}

/** Live tags by name with their members as bits of exactly `n` positions (the index's slices). */
export function liveTagBits(db: Database, n: number): { id: number; name: string; bits: Bits }[] {
  const words = wordsFor(n);
  return db
    .prepare<[], { id: number; name: string; members: Buffer | null }>(
      `SELECT t.id, t.name, s.members FROM tags t LEFT JOIN tag_member_sets s ON s.tag_id = t.id
        WHERE t.deleted_at IS NULL ORDER BY t.name`,
    )
    .all()
    .map((t) => {
      const bits = t.members ? decodeMembers(t.members, n) : emptyBits(n);
      return { id: t.id, name: t.name, bits: bits.length === words ? bits : bits.slice(0, words) };
    });
}
