import type { Migration } from '../migrations.ts';
import { emptyBits, setBit, type Bits } from '../../analysis/bitset.ts';
import { encodeMembers } from '../../tags/member-set.ts';

/**
 * Tag membership as one compressed set per tag instead of one row per member (issue #16: a tag
 * file of 2M rows was 2M inserts, reading tags for the index 2M rows, and a bulk edit 100k rows).
 * The members of tag_members move, tag by tag, into tag_member_sets (tags/member-set.ts: a bitset,
 * gaps or runs, whichever is smallest, with the count), then tag_members goes. In the migrations'
 * one transaction: a kill leaves the rows or the sets, never both or neither.
 */
export const tagMemberSets: Migration = {
  version: 14,
  rewrites: "the tags' members",
  up(db) {
    db.exec(`
      CREATE TABLE tag_member_sets (
        tag_id INTEGER PRIMARY KEY REFERENCES tags(id) ON DELETE CASCADE,
        members BLOB NOT NULL,          -- the members' positions (tags/member-set.ts)
        size INTEGER NOT NULL CHECK (size >= 0)  -- how many
      ) STRICT;
    `);
    const n =
      ((db.prepare('SELECT MAX(pos) FROM examples').pluck().get() as number | null) ?? -1) + 1;
    const insert = db.prepare(
      'INSERT INTO tag_member_sets (tag_id, members, size) VALUES (?, ?, ?)',
    );
    // Encoded while the rows are read (a tag's bits at a time), written once the read is done.
    const sets: [number, Buffer, number][] = [];
    let tagId: number | null = null;
    let bits: Bits = emptyBits(n);
    const save = () => {
      if (tagId === null) return;
      const { blob, size } = encodeMembers(bits);
      sets.push([tagId, blob, size]);
    };
    // In key order: each tag's members together.
    for (const [tag, pos] of db
      .prepare('SELECT tag_id, pos FROM tag_members ORDER BY tag_id, pos')
      .raw()
      .iterate() as IterableIterator<[number, number]>) {
      if (tag !== tagId) {
        save();
        tagId = tag;
        bits = emptyBits(n);
      }
      setBit(bits, pos);
    }
    save();
    for (const set of sets) insert.run(...set);
    db.exec('DROP TABLE tag_members');
  },
};
