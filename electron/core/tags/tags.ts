import type { Database } from 'better-sqlite3';
import { HeadroomError, quote } from '../errors.ts';
import { bumpDataVersion } from '../db/data-version.ts';
import { writeTx } from '../db/project-file.ts';
import { recordTagOp } from './history.ts';

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
 * the in-memory index) spares counting a million memberships in SQL.
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
      `SELECT t.id, t.name, COUNT(m.pos) AS n, t.color, t.description
         FROM tags t LEFT JOIN tag_members m ON m.tag_id = t.id
        WHERE ${where} GROUP BY t.id ORDER BY t.name`,
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

/** Positions of the given example ids; unknown ids are an error that names them. */
export function positionsOfIds(db: Database, ids: readonly string[]): number[] {
  // One statement for the whole list: the lookups run inside SQLite, not once per id from JS.
  const json = JSON.stringify(ids);
  const found = db
    .prepare<[string], { pos: number | null; id: string }>(
      'SELECT e.pos AS pos, j.value AS id FROM json_each(?) j LEFT JOIN examples e ON e.id = j.value',
    )
    .all(json);
  const unknown = found.filter((r) => r.pos === null).map((r) => r.id);
  if (unknown.length > 0) {
    throw new HeadroomError(
      'NOT_FOUND',
      `${unknown.length} unknown example id${unknown.length > 1 ? 's' : ''}: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ', ...' : ''}.`,
    );
  }
  return found.map((r) => r.pos as number);
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

/**
 * Fills the connection's temp table `sel` with the target's positions, inside the caller's
 * transaction: the id lookups and the later insert run in SQLite, in position order.
 */
function select(db: Database, target: TagTarget): void {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS sel (pos INTEGER PRIMARY KEY); DELETE FROM sel;');
  if ('positions' in target) {
    db.prepare('INSERT OR IGNORE INTO sel SELECT value FROM json_each(?)').run(
      JSON.stringify(target.positions),
    );
    return;
  }
  const matched = db
    .prepare(
      'INSERT OR IGNORE INTO sel SELECT e.pos FROM json_each(?) j JOIN examples e ON e.id = j.value',
    )
    .run(JSON.stringify(target.ids)).changes;
  if (matched !== new Set(target.ids).size) positionsOfIds(db, target.ids); // throws, naming the unknown ids
}

/**
 * Adds the examples to the tag (created when missing), in one durable transaction. Returns the
 * tag and the positions that were not in it before (what the index must set).
 */
export function applyTag(
  db: Database,
  name: string,
  target: TagTarget,
): { tag: TagRow; added: number[]; created: boolean } {
  const tagName = checkTagName(name);
  return writeTx(db, () => {
    bumpDataVersion(db);
    select(db, target);
    const { tag, created } = getOrCreateTag(db, tagName);
    // RETURNING gives exactly the rows inserted: those not in the tag before.
    const added = db
      .prepare<[number], number>(
        'INSERT OR IGNORE INTO tag_members (tag_id, pos) SELECT ?, pos FROM sel RETURNING pos',
      )
      .pluck()
      .all(tag.id) as number[];
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
): { tag: TagRow; removed: number[] } {
  return writeTx(db, () => {
    bumpDataVersion(db);
    const tag = requireTag(db, name);
    select(db, target);
    const removed = db
      .prepare<[number], number>(
        'DELETE FROM tag_members WHERE tag_id = ? AND pos IN (SELECT pos FROM sel) RETURNING pos',
      )
      .pluck()
      .all(tag.id) as number[];
    if (removed.length > 0) recordTagOp(db, { kind: 'remove', tagId: tag.id, positions: removed });
    return { tag, removed };
  });
}

export function renameTag(db: Database, from: string, to: string): TagRow {
  const target = checkTagName(to);
  return writeTx(db, () => {
    bumpDataVersion(db);
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
    bumpDataVersion(db);
    const a = requireTag(db, from);
    const b = requireTag(db, into);
    if (a.id === b.id)
      throw new HeadroomError('INVALID_INPUT', 'A tag cannot be merged into itself.');
    const moved = db
      .prepare<[number, number], number>(
        'INSERT OR IGNORE INTO tag_members (tag_id, pos) SELECT ?, pos FROM tag_members WHERE tag_id = ? RETURNING pos',
      )
      .pluck()
      .all(b.id, a.id) as number[];
    db.prepare('UPDATE tags SET deleted_at = ? WHERE id = ?').run(new Date().toISOString(), a.id);
    recordTagOp(db, { kind: 'merge', tagId: a.id, otherId: b.id, positions: moved });
    return { moved: moved.length };
  });
}

/** Moves a tag to the trash; its members are kept so restore gives the identical state back. */
export function deleteTag(db: Database, name: string): TagRow {
  return writeTx(db, () => {
    bumpDataVersion(db);
    const tag = requireTag(db, name);
    db.prepare('UPDATE tags SET deleted_at = ? WHERE id = ?').run(new Date().toISOString(), tag.id);
    recordTagOp(db, { kind: 'delete', tagId: tag.id });
    return tag;
  });
}

export function restoreTag(db: Database, name: string): TagRow {
  return writeTx(db, () => {
    bumpDataVersion(db);
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
