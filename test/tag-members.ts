import type Database from 'better-sqlite3';
import { decodeMembers, memberPositions } from '../electron/core/tags/member-set.ts';

/**
 * Tag membership as tests read it from a project file: the stored sets (tag_member_sets, one blob
 * per tag since migration 014) as positions per tag id, in order.
 */
export function membersByTag(db: Database.Database): Map<number, number[]> {
  const rows = db
    .prepare<[], { tag_id: number; members: Buffer }>(
      'SELECT tag_id, members FROM tag_member_sets ORDER BY tag_id',
    )
    .all();
  return new Map(
    rows.map((r) => [r.tag_id, Array.from(memberPositions(decodeMembers(r.members, 0)))]),
  );
}

/** Whether the example with this id is in the live tag of this name. */
export function isTagged(db: Database.Database, tag: string, exampleId: string): boolean {
  const row = db
    .prepare<[string, string], { members: Buffer; pos: number }>(
      `SELECT s.members, e.pos FROM tags t JOIN tag_member_sets s ON s.tag_id = t.id, examples e
        WHERE t.name = ? AND t.deleted_at IS NULL AND e.id = ?`,
    )
    .get(tag, exampleId);
  return row !== undefined && memberPositions(decodeMembers(row.members, 0)).includes(row.pos);
}
