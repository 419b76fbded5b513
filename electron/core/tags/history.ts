import type { Database } from 'better-sqlite3';
import { writeTx } from '../db/project-file.ts';
import { HeadroomError, quote } from '../errors.ts';
import { bumpForTagEdit, changeMembers } from './members.ts';

export type TagOpKind = 'apply' | 'remove' | 'rename' | 'merge' | 'delete' | 'restore' | 'update';

export interface TagOp {
  kind: TagOpKind;
  tagId: number;
  otherId?: number;
  positions?: ArrayLike<number>;
  createdTag?: boolean;
  before?: Record<string, string | null>;
  after?: Record<string, string | null>;
}

interface TagOpRow {
  id: number;
  kind: TagOpKind;
  tag_id: number;
  other_id: number | null;
  positions: Buffer | null;
  created_tag: number;
  before: string | null;
  after: string | null;
}

/** What an undo or redo changed, so the caller can patch its in-memory index. */
export interface TagStep {
  kind: TagOpKind;
  /** The step as the user would name it ("add 120 to blurry"). */
  label: string;
  tagId: number;
  added: ArrayLike<number>;
  removed: ArrayLike<number>;
  /** Tags appeared or disappeared: reload the tag slices. */
  reload: boolean;
}

/**
 * Positions as zigzag deltas in LEB128 varints: a bulk step's sorted positions take about a byte
 * each (100k positions: ~100 KB instead of 400 KB), which keeps a durable bulk edit fast.
 */
export function encodePositions(positions: ArrayLike<number>): Buffer {
  const out = new Uint8Array(positions.length * 5 + 1);
  let o = 0;
  let prev = 0;
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i] as number;
    const d = p - prev;
    prev = p;
    let z = d >= 0 ? d * 2 : -d * 2 - 1; // zigzag, exact for |d| < 2^52
    while (z >= 0x80) {
      out[o++] = (z % 0x80) | 0x80;
      z = Math.floor(z / 0x80);
    }
    out[o++] = z;
  }
  return Buffer.from(out.buffer, 0, o);
}

/** How many positions a blob of encodePositions holds (one varint ends in each byte < 0x80). */
export function positionCount(blob: Uint8Array | null): number {
  let n = 0;
  if (blob) for (let i = 0; i < blob.length; i++) if ((blob[i] as number) < 0x80) n++;
  return n;
}

export function decodePositions(blob: Uint8Array | null): Int32Array {
  const out = new Int32Array(positionCount(blob));
  if (!blob) return out;
  let prev = 0;
  let i = 0;
  let k = 0;
  while (i < blob.length) {
    let z = 0;
    let scale = 1;
    let b: number;
    do {
      b = blob[i++] as number;
      z += (b & 0x7f) * scale;
      scale *= 0x80;
    } while (b & 0x80);
    prev += z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    out[k++] = prev;
  }
  return out;
}

/**
 * Records one user step, inside the caller's transaction (the edit and its history are one
 * commit). A new step drops the steps that were undone: they can no longer be redone.
 */
export function recordTagOp(db: Database, op: TagOp): void {
  db.prepare("UPDATE tag_ops SET state = 'dropped' WHERE state = 'undone'").run();
  db.prepare(
    `INSERT INTO tag_ops (kind, tag_id, other_id, positions, created_tag, before, after, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    op.kind,
    op.tagId,
    op.otherId ?? null,
    op.positions ? encodePositions(op.positions) : null,
    op.createdTag ? 1 : 0,
    op.before ? JSON.stringify(op.before) : null,
    op.after ? JSON.stringify(op.after) : null,
    new Date().toISOString(),
  );
}

function tagName(db: Database, id: number): string {
  return (
    (db.prepare<[number], string>('SELECT name FROM tags WHERE id = ?').pluck().get(id) as
      string | undefined) ?? `#${id}`
  );
}

function describe(db: Database, op: TagOpRow): string {
  const name = tagName(db, op.tag_id);
  const n = positionCount(op.positions);
  switch (op.kind) {
    case 'apply':
      return `tag ${n} as "${name}"`;
    case 'remove':
      return `remove "${name}" from ${n}`;
    case 'rename':
      return `rename "${(JSON.parse(op.before ?? '{}') as { name?: string }).name}" to "${name}"`;
    case 'merge':
      return `merge "${name}" into "${tagName(db, op.other_id as number)}"`;
    case 'delete':
      return `delete "${name}"`;
    case 'restore':
      return `restore "${name}"`;
    case 'update':
      return `edit "${name}"`;
  }
}

function liveNameTaken(db: Database, name: string, exceptId: number): boolean {
  return (
    db
      .prepare('SELECT 1 FROM tags WHERE name = ? AND deleted_at IS NULL AND id <> ?')
      .get(name, exceptId) !== undefined
  );
}

function setDeleted(db: Database, id: number, deleted: boolean): void {
  if (!deleted) {
    const name = tagName(db, id);
    if (liveNameTaken(db, name, id)) {
      throw new HeadroomError(
        'CONFLICT',
        `A live tag named ${quote(name)} exists now; rename it first.`,
      );
    }
  }
  db.prepare('UPDATE tags SET deleted_at = ? WHERE id = ?').run(
    deleted ? new Date().toISOString() : null,
    id,
  );
}

function setFields(db: Database, id: number, fields: Record<string, string | null>): void {
  if ('name' in fields) {
    const name = fields.name as string;
    if (liveNameTaken(db, name, id)) {
      throw new HeadroomError(
        'CONFLICT',
        `A live tag named ${quote(name)} exists now; rename it first.`,
      );
    }
    db.prepare('UPDATE tags SET name = ? WHERE id = ?').run(name, id);
  }
  if ('color' in fields) db.prepare('UPDATE tags SET color = ? WHERE id = ?').run(fields.color, id);
  if ('description' in fields) {
    db.prepare('UPDATE tags SET description = ? WHERE id = ?').run(fields.description, id);
  }
}

/** Carries out a recorded step backwards (undo) or forwards again (redo). */
function play(db: Database, op: TagOpRow, forward: boolean): TagStep {
  const positions = decodePositions(op.positions);
  const step: TagStep = {
    kind: op.kind,
    label: describe(db, op),
    tagId: op.tag_id,
    added: [],
    removed: [],
    reload: false,
  };
  const fields = (json: string | null) => JSON.parse(json ?? '{}') as Record<string, string | null>;
  switch (op.kind) {
    case 'apply':
    case 'remove': {
      const adding = (op.kind === 'apply') === forward;
      if (op.created_tag) {
        setDeleted(db, op.tag_id, !forward);
        db.prepare('UPDATE tags SET undone = ? WHERE id = ?').run(forward ? 0 : 1, op.tag_id);
        step.reload = true;
      }
      if (adding) step.added = changeMembers(db, op.tag_id, positions, 'add');
      else step.removed = changeMembers(db, op.tag_id, positions, 'remove');
      break;
    }
    case 'merge':
      // Forward: members copied into other_id, the source trashed. Backward: the reverse.
      changeMembers(db, op.other_id as number, positions, forward ? 'add' : 'remove');
      setDeleted(db, op.tag_id, forward);
      step.reload = true;
      break;
    case 'delete':
    case 'restore':
      setDeleted(db, op.tag_id, (op.kind === 'delete') === forward);
      step.reload = true;
      break;
    case 'rename':
    case 'update':
      setFields(db, op.tag_id, fields(forward ? op.after : op.before));
      break;
  }
  return step;
}

const SELECT_OP =
  'SELECT id, kind, tag_id, other_id, positions, created_tag, before, after FROM tag_ops';

/** Undoes the newest step not undone yet; null when there is none. Durable when it returns. */
export function undoTagOp(db: Database): TagStep | null {
  return writeTx(db, () => {
    const op = db
      .prepare<[], TagOpRow>(`${SELECT_OP} WHERE state = 'done' ORDER BY id DESC LIMIT 1`)
      .get();
    if (!op) return null;
    bumpForTagEdit(db);
    const step = play(db, op, false);
    db.prepare("UPDATE tag_ops SET state = 'undone' WHERE id = ?").run(op.id);
    return step;
  });
}

/** Redoes the step undone last; null when there is none. */
export function redoTagOp(db: Database): TagStep | null {
  return writeTx(db, () => {
    const op = db
      .prepare<[], TagOpRow>(`${SELECT_OP} WHERE state = 'undone' ORDER BY id ASC LIMIT 1`)
      .get();
    if (!op) return null;
    bumpForTagEdit(db);
    const step = play(db, op, true);
    db.prepare("UPDATE tag_ops SET state = 'done' WHERE id = ?").run(op.id);
    return step;
  });
}

/** What undo and redo would do now, for menus and tooltips. */
export function tagHistory(db: Database): { undo: string | null; redo: string | null } {
  const undo = db
    .prepare<[], TagOpRow>(`${SELECT_OP} WHERE state = 'done' ORDER BY id DESC LIMIT 1`)
    .get();
  const redo = db
    .prepare<[], TagOpRow>(`${SELECT_OP} WHERE state = 'undone' ORDER BY id ASC LIMIT 1`)
    .get();
  return {
    undo: undo ? describe(db, undo) : null,
    redo: redo ? describe(db, redo) : null,
  };
}
