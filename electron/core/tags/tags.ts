import type { Database } from 'better-sqlite3';
import { HeadroomError } from '../errors.ts';
import { writeTx } from '../db/project-file.ts';

export interface TagRow {
  id: number;
  name: string;
}

const MAX_NAME = 200;

export function checkTagName(name: string): string {
  const t = name.trim();
  if (t.length === 0 || t.length > MAX_NAME) {
    throw new HeadroomError('INVALID_INPUT', `A tag name has 1 to ${MAX_NAME} characters.`);
  }
  return t;
}

export function findTag(db: Database, name: string): TagRow | undefined {
  return db
    .prepare<[string], TagRow>('SELECT id, name FROM tags WHERE name = ? AND deleted_at IS NULL')
    .get(name);
}

export function requireTag(db: Database, name: string): TagRow {
  const t = findTag(db, name);
  if (!t) throw new HeadroomError('NOT_FOUND', `No tag named "${name}".`);
  return t;
}

/** Positions of the given example ids; unknown ids are an error that names them. */
export function positionsOfIds(db: Database, ids: readonly string[]): number[] {
  const find = db.prepare<[string], number>('SELECT pos FROM examples WHERE id = ?').pluck();
  const out: number[] = [];
  const unknown: string[] = [];
  for (const id of ids) {
    const pos = find.get(id) as number | undefined;
    if (pos === undefined) unknown.push(id);
    else out.push(pos);
  }
  if (unknown.length > 0) {
    throw new HeadroomError(
      'NOT_FOUND',
      `${unknown.length} unknown example id${unknown.length > 1 ? 's' : ''}: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ', ...' : ''}.`,
    );
  }
  return out;
}

/**
 * Adds the examples to the tag (created when missing), in one durable transaction. Returns the
 * tag and the positions that were not in it before (what the index must set).
 */
export function applyTag(
  db: Database,
  name: string,
  positions: readonly number[],
): { tag: TagRow; added: number[]; created: boolean } {
  const tagName = checkTagName(name);
  return writeTx(db, () => {
    let tag = findTag(db, tagName);
    let created = false;
    if (!tag) {
      const id = Number(
        db
          .prepare('INSERT INTO tags (name, created_at) VALUES (?, ?)')
          .run(tagName, new Date().toISOString()).lastInsertRowid,
      );
      tag = { id, name: tagName };
      created = true;
    }
    const insert = db.prepare('INSERT OR IGNORE INTO tag_members (tag_id, pos) VALUES (?, ?)');
    const added: number[] = [];
    for (const pos of positions) if (insert.run(tag.id, pos).changes > 0) added.push(pos);
    return { tag, added, created };
  });
}

/** Removes the examples from the tag; returns the positions that were in it. */
export function removeTag(
  db: Database,
  name: string,
  positions: readonly number[],
): { tag: TagRow; removed: number[] } {
  return writeTx(db, () => {
    const tag = requireTag(db, name);
    const del = db.prepare('DELETE FROM tag_members WHERE tag_id = ? AND pos = ?');
    const removed: number[] = [];
    for (const pos of positions) if (del.run(tag.id, pos).changes > 0) removed.push(pos);
    return { tag, removed };
  });
}

export function renameTag(db: Database, from: string, to: string): TagRow {
  const target = checkTagName(to);
  return writeTx(db, () => {
    const tag = requireTag(db, from);
    if (findTag(db, target))
      throw new HeadroomError('CONFLICT', `A tag named "${target}" exists already; merge instead.`);
    db.prepare('UPDATE tags SET name = ? WHERE id = ?').run(target, tag.id);
    return { id: tag.id, name: target };
  });
}

/** Moves every member of `from` into `into`, then puts `from` in the trash. */
export function mergeTags(db: Database, from: string, into: string): { moved: number } {
  return writeTx(db, () => {
    const a = requireTag(db, from);
    const b = requireTag(db, into);
    if (a.id === b.id)
      throw new HeadroomError('INVALID_INPUT', 'A tag cannot be merged into itself.');
    const moved = db
      .prepare(
        'INSERT OR IGNORE INTO tag_members (tag_id, pos) SELECT ?, pos FROM tag_members WHERE tag_id = ?',
      )
      .run(b.id, a.id).changes;
    db.prepare('UPDATE tags SET deleted_at = ? WHERE id = ?').run(new Date().toISOString(), a.id);
    return { moved };
  });
}

/** Moves a tag to the trash; its members are kept so restore gives the identical state back. */
export function deleteTag(db: Database, name: string): TagRow {
  return writeTx(db, () => {
    const tag = requireTag(db, name);
    db.prepare('UPDATE tags SET deleted_at = ? WHERE id = ?').run(new Date().toISOString(), tag.id);
    return tag;
  });
}

export function restoreTag(db: Database, name: string): TagRow {
  return writeTx(db, () => {
    if (findTag(db, name))
      throw new HeadroomError('CONFLICT', `A live tag named "${name}" exists already.`);
    const tag = db
      .prepare<[string], TagRow>(
        'SELECT id, name FROM tags WHERE name = ? AND deleted_at IS NOT NULL ORDER BY deleted_at DESC LIMIT 1',
      )
      .get(name);
    if (!tag) throw new HeadroomError('NOT_FOUND', `No tag named "${name}" in the trash.`);
    db.prepare('UPDATE tags SET deleted_at = NULL WHERE id = ?').run(tag.id);
    return tag;
  });
}
