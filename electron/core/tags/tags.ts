import type { Database } from 'better-sqlite3';
import { HeadroomError, quote } from '../errors.ts';
import { writeTx } from '../db/project-file.ts';
import { idPositions } from './example-ids.ts';
import { recordTagOp } from './history.ts';
import { memberPositions } from './member-set.ts';
import { bumpForTagEdit, changeMembers, exampleCount, readMembers } from './members.ts';

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

type TagListRow = {
  id: number;
  name: string;
  n: number;
  color: string | null;
  description: string | null;
};

/**
 * Live tags (or the trash) with their member counts, by name. `counts` (tag id -> members, from
 * the in-memory index) spares reading the stored counts.
 */
export function listTags(
  db: Database,
  trash: boolean,
  counts?: ReadonlyMap<number, number>,
): TagListRow[] {
  const where = `t.deleted_at IS ${trash ? 'NOT NULL AND t.undone = 0' : 'NULL'}`;
  if (counts) {
    return db
      .prepare<[], Omit<TagListRow, 'n'>>(
        `SELECT t.id, t.name, t.color, t.description FROM tags t WHERE ${where} ORDER BY t.name`,
      )
      .all()
      .map((t) => ({ ...t, n: counts.get(t.id) ?? 0 }));
  }
  return db
    .prepare<[], TagListRow>(
      `SELECT t.id, t.name, COALESCE(s.size, 0) AS n, t.color, t.description
         FROM tags t LEFT JOIN tag_member_sets s ON s.tag_id = t.id
        WHERE ${where} ORDER BY t.name`,
    )
    .all();
}

export function findTag(db: Database, name: string): TagRow | undefined {
  return db
    .prepare<[string], TagRow>('SELECT id, name FROM tags WHERE name = ? AND deleted_at IS NULL')
    .get(name);
}

export function requireTag(db: Database, name: string): TagRow {
  const t = findTag(db, name);
  if (!t) throw new HeadroomError('NOT_FOUND', `No tag named ${quote(name)}.`);
  return t;
}

/** Positions of the given example ids, in their order; unknown ids are an error that names them. */
function resolveIds(db: Database, ids: readonly string[]): Int32Array {
  const found = idPositions(db, ids);
  const unknown: string[] = [];
  for (let i = 0; i < found.length; i++) if (found[i] === -1) unknown.push(ids[i] as string);
  if (unknown.length > 0) {
    throw new HeadroomError(
      'NOT_FOUND',
      `${unknown.length} unknown example id${unknown.length > 1 ? 's' : ''}: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ', ...' : ''}.`,
    );
  }
  return found;
}

/** Positions of the given example ids; unknown ids are an error that names them. */
export function positionsOfIds(db: Database, ids: readonly string[]): number[] {
  return Array.from(resolveIds(db, ids));
}

function getOrCreateTag(db: Database, name: string): { tag: TagRow; created: boolean } {
  const tag = findTag(db, name);
  if (tag) return { tag, created: false };
  const id = Number(
    db
      .prepare('INSERT INTO tags (name, created_at) VALUES (?, ?)')
      .run(name, new Date().toISOString()).lastInsertRowid,
  );
  return { tag: { id, name }, created: true };
}

/** Which examples an edit is for: positions (from a filter) or example ids (as in the file). */
export type TagTarget = { positions: readonly number[] } | { ids: readonly string[] };

/** The target's positions, in order, each once; unknown ids are an error that names them. */
function positionsOf(db: Database, target: TagTarget): Int32Array {
  const found =
    'positions' in target ? Int32Array.from(target.positions) : resolveIds(db, target.ids);
  found.sort();
  let k = 0;
  for (let i = 0; i < found.length; i++) {
    if (i === 0 || found[i] !== found[i - 1]) found[k++] = found[i] as number;
  }
  return found.subarray(0, k);
}

/**
 * Adds the examples to the tag (created when missing), in one durable transaction. Returns the
 * tag and the positions that were not in it before (what the index must set).
 */
export function applyTag(
  db: Database,
  name: string,
  target: TagTarget,
): { tag: TagRow; added: Int32Array; created: boolean } {
  const tagName = checkTagName(name);
  return writeTx(db, () => {
    bumpForTagEdit(db);
    const positions = positionsOf(db, target);
    const { tag, created } = getOrCreateTag(db, tagName);
    const added = changeMembers(db, tag.id, positions, 'add');
    if (added.length > 0 || created) {
      recordTagOp(db, { kind: 'apply', tagId: tag.id, positions: added, createdTag: created });
    }
    return { tag, added, created };
  });
}

/** Removes the examples from the tag; returns the positions that were in it. */
export function removeTag(
  db: Database,
  name: string,
  target: TagTarget,
): { tag: TagRow; removed: Int32Array } {
  return writeTx(db, () => {
    bumpForTagEdit(db);
    const tag = requireTag(db, name);
    const removed = changeMembers(db, tag.id, positionsOf(db, target), 'remove');
    if (removed.length > 0) recordTagOp(db, { kind: 'remove', tagId: tag.id, positions: removed });
    return { tag, removed };
  });
}

export function renameTag(db: Database, from: string, to: string): TagRow {
  const target = checkTagName(to);
  return writeTx(db, () => {
    bumpForTagEdit(db);
    const tag = requireTag(db, from);
    if (findTag(db, target))
      throw new HeadroomError(
        'CONFLICT',
        `A tag named ${quote(target)} exists already; merge instead.`,
      );
    db.prepare('UPDATE tags SET name = ? WHERE id = ?').run(target, tag.id);
    recordTagOp(db, {
      kind: 'rename',
      tagId: tag.id,
      before: { name: tag.name },
      after: { name: target },
    });
    return { id: tag.id, name: target };
  });
}

/** Moves every member of `from` into `into`, then puts `from` in the trash. */
export function mergeTags(db: Database, from: string, into: string): { moved: number } {
  return writeTx(db, () => {
    bumpForTagEdit(db);
    const a = requireTag(db, from);
    const b = requireTag(db, into);
    if (a.id === b.id)
      throw new HeadroomError('INVALID_INPUT', 'A tag cannot be merged into itself.');
    const members = memberPositions(readMembers(db, a.id, exampleCount(db)));
    const moved = changeMembers(db, b.id, members, 'add');
    db.prepare('UPDATE tags SET deleted_at = ? WHERE id = ?').run(new Date().toISOString(), a.id);
    recordTagOp(db, { kind: 'merge', tagId: a.id, otherId: b.id, positions: moved });
    return { moved: moved.length };
  });
}

/** Moves a tag to the trash; its members are kept so restore gives the identical state back. */
export function deleteTag(db: Database, name: string): TagRow {
  return writeTx(db, () => {
    bumpForTagEdit(db);
    const tag = requireTag(db, name);
    db.prepare('UPDATE tags SET deleted_at = ? WHERE id = ?').run(new Date().toISOString(), tag.id);
    recordTagOp(db, { kind: 'delete', tagId: tag.id });
    return tag;
  });
}

export function restoreTag(db: Database, name: string): TagRow {
  return writeTx(db, () => {
    bumpForTagEdit(db);
    if (findTag(db, name))
      throw new HeadroomError('CONFLICT', `A live tag named ${quote(name)} exists already.`);
    const tag = db
      .prepare<[string], TagRow>(
        'SELECT id, name FROM tags WHERE name = ? AND deleted_at IS NOT NULL AND undone = 0 ORDER BY deleted_at DESC LIMIT 1',
      )
      .get(name);
    if (!tag) throw new HeadroomError('NOT_FOUND', `No tag named ${quote(name)} in the trash.`);
    db.prepare('UPDATE tags SET deleted_at = NULL WHERE id = ?').run(tag.id);
    recordTagOp(db, { kind: 'restore', tagId: tag.id });
    return tag;
  });
}

const COLOR = /^#[0-9a-f]{6}$/i;

/** Sets a tag's color ("#rrggbb") and/or description; null clears one. */
export function updateTag(
  db: Database,
  name: string,
  fields: { color?: string | null; description?: string | null },
): TagRow {
  if (fields.color && !COLOR.test(fields.color)) {
    throw new HeadroomError(
      'INVALID_INPUT',
      `A tag color is written #rrggbb, not ${quote(fields.color)}.`,
    );
  }
  return writeTx(db, () => {
    const tag = requireTag(db, name);
    const old = db
      .prepare<[number], { color: string | null; description: string | null }>(
        'SELECT color, description FROM tags WHERE id = ?',
      )
      .get(tag.id) as { color: string | null; description: string | null };
    const before: Record<string, string | null> = {};
    const after: Record<string, string | null> = {};
    for (const key of ['color', 'description'] as const) {
      const v = fields[key];
      if (v === undefined || v === old[key]) continue;
      before[key] = old[key];
      after[key] = v;
      db.prepare(`UPDATE tags SET ${key} = ? WHERE id = ?`).run(v, tag.id);
    }
    if (Object.keys(after).length > 0)
      recordTagOp(db, { kind: 'update', tagId: tag.id, before, after });
    return tag;
  });
}
