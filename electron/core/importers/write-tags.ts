import { quote } from '../errors.ts';
import { idResolver } from '../tags/example-ids.ts';
import { changePositions, exampleCount, readMembers, writeMembers } from '../tags/members.ts';
import type { ColumnPlan } from './detect-roles.ts';
import { RowError, requiredText } from './row-parts.ts';
import type { RowReject } from './types.ts';
import { mappingOf } from './write-linked.ts';
import type { ImportWriter, WriterContext } from './writer.ts';

const MAX_NAME = 200;

/** A tag of the file: its id in the project (once a row of it is valid) and its positions. */
interface FileTag {
  name: string;
  id: number | null;
  positions: number[];
}

/**
 * (example id, tag) rows: creates missing tags and adds members. Rows are checked as they come and
 * their ids resolved per batch (tags/example-ids.ts: parsed, or looked up many per statement); the
 * positions are gathered per tag and each tag's member set written once, at the end (tags/members.ts).
 */
export function createTagsWriter(ctx: WriterContext, plans: readonly ColumnPlan[]): ImportWriter {
  const { db } = ctx;
  const idPlan = plans.find((p) => p.role === 'id') as ColumnPlan;
  const tagPlan = plans.find((p) => p.role === 'tag') as ColumnPlan;
  const findTag = db.prepare<[string], number>(
    'SELECT id FROM tags WHERE name = ? AND deleted_at IS NULL',
  );
  const createTag = db.prepare('INSERT INTO tags (name, created_at) VALUES (?, ?)');
  const byName = new Map<string, FileTag>();
  const resolve = idResolver(db);
  // The batch's valid rows, resolved at flush.
  let ids: string[] = [];
  let lines: number[] = [];
  let rowTags: FileTag[] = [];
  let kept = 0;
  let created = 0;
  let used = 0;

  return {
    write(row, line) {
      const id = requiredText(idPlan, row, 'id');
      if (id instanceof RowError) return id;
      const raw = requiredText(tagPlan, row, 'tag');
      if (raw instanceof RowError) return raw;
      const name = raw.trim();
      if (name.length === 0 || name.length > MAX_NAME) {
        return new RowError(tagPlan.name, `a tag name has 1 to ${MAX_NAME} characters`);
      }
      let tag = byName.get(name);
      if (!tag) byName.set(name, (tag = { name, id: null, positions: [] }));
      ids.push(id);
      lines.push(line);
      rowTags.push(tag);
      return null;
    },
    flush() {
      const rejects: RowReject[] = [];
      const found = resolve(ids);
      for (let i = 0; i < ids.length; i++) {
        const pos = found[i] as number;
        if (pos === -1) {
          rejects.push({
            line: lines[i] as number,
            column: idPlan.name,
            reason: `unknown id ${quote(ids[i] as string)} (not in the project)`,
          });
          continue;
        }
        const tag = rowTags[i] as FileTag;
        if (tag.id === null) {
          // Found or created at its first valid row, as the file orders them.
          tag.id = findTag.pluck().get(tag.name) ?? null;
          if (tag.id === null) {
            tag.id = Number(createTag.run(tag.name, ctx.now).lastInsertRowid);
            created++;
          }
          used++;
        }
        tag.positions.push(pos);
        kept++;
      }
      ids = [];
      lines = [];
      rowTags = [];
      return rejects;
    },
    finish() {
      const n = exampleCount(db);
      let added = 0;
      for (const tag of byName.values()) {
        if (tag.id === null) continue;
        const bits = readMembers(db, tag.id, n);
        added += changePositions(bits, tag.positions, 'add').length;
        writeMembers(db, tag.id, bits);
        tag.positions = [];
      }
      const notes = [`${used} tags (${created} new)`];
      const already = kept - added;
      if (already > 0) notes.push(`${already} rows were already tagged so`);
      return { mapping: mappingOf(plans), examplesWithout: 0, notes };
    },
  };
}
