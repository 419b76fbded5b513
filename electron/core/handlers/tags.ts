import type { Database } from 'better-sqlite3';
import {
  loadRuleSlices,
  loadTagSlices,
  pickRun,
  type AnalysisIndex,
} from '../analysis/analysis-index.ts';
import { clearBit, emptyBits, setBit } from '../analysis/bitset.ts';
import { addRule, deleteRule, listRules, positionsWhere } from '../analysis/rules-store.ts';
import {
  applyTag,
  deleteTag,
  mergeTags,
  removeTag,
  renameTag,
  restoreTag,
  type TagTarget,
} from '../tags/tags.ts';
import {
  current,
  editedInPlace,
  type HandlerGroup,
  type OpenProject,
  type ServiceState,
} from './state.ts';

function targetOf(
  db: Database,
  t: { ids?: string[] | undefined; where?: string | undefined; run?: string | undefined },
): TagTarget {
  if (t.ids) return { ids: t.ids };
  return { positions: positionsWhere(db, t.where as string, pickRun(db, t.run).id) };
}

/** Keeps every cached index in step with a tag edit, so the table needs no rebuild. */
function patchTagBits(
  p: OpenProject,
  tag: { id: number; name: string },
  add: number[],
  remove: number[],
): void {
  for (const index of p.indexes.values()) {
    let slice = index.slices.find((s) => s.id === `tag:${tag.id}`);
    if (!slice) {
      slice = { id: `tag:${tag.id}`, kind: 'tag', name: tag.name, bits: emptyBits(index.n) };
      index.slices.push(slice);
    }
    for (const pos of add) setBit(slice.bits, pos);
    for (const pos of remove) clearBit(slice.bits, pos);
  }
}

function reloadTags(p: OpenProject): void {
  for (const index of p.indexes.values()) {
    index.slices = index.slices
      .filter((s) => s.kind !== 'tag')
      .concat(loadTagSlices(p.db, index.n));
  }
}

function reloadRules(p: OpenProject): void {
  for (const index of p.indexes.values()) {
    const runId = (index as AnalysisIndex).run.id;
    index.slices = index.slices
      .filter((s) => s.kind !== 'rule')
      .concat(loadRuleSlices(p.db, index.n, runId));
  }
}

function tagCounts(db: Database, deleted: boolean) {
  return db
    .prepare<[], { id: number; name: string; n: number }>(
      `SELECT t.id, t.name, COUNT(m.pos) AS n FROM tags t LEFT JOIN tag_members m ON m.tag_id = t.id
        WHERE t.deleted_at IS ${deleted ? 'NOT NULL' : 'NULL'} GROUP BY t.id ORDER BY t.name`,
    )
    .all();
}

type TagMethods =
  | 'tags.apply'
  | 'tags.remove'
  | 'tags.rename'
  | 'tags.merge'
  | 'tags.delete'
  | 'tags.restore'
  | 'tags.list'
  | 'rules.add'
  | 'rules.list'
  | 'rules.delete';

export function tagHandlers(state: ServiceState): HandlerGroup<TagMethods> {
  const changed = (p: OpenProject, what: 'tags' | 'all') => {
    editedInPlace(p);
    state.emit('project.changed', { path: p.path, what });
  };
  return {
    async 'tags.apply'(input) {
      const p = current(state);
      const r = applyTag(p.db, input.tag, targetOf(p.db, input));
      patchTagBits(p, r.tag, r.added, []);
      changed(p, 'tags');
      return { tag: r.tag.name, added: r.added.length, created: r.created };
    },
    async 'tags.remove'(input) {
      const p = current(state);
      const r = removeTag(p.db, input.tag, targetOf(p.db, input));
      patchTagBits(p, r.tag, [], r.removed);
      changed(p, 'tags');
      return { tag: r.tag.name, removed: r.removed.length };
    },
    async 'tags.rename'({ from, to }) {
      const p = current(state);
      const t = renameTag(p.db, from, to);
      for (const index of p.indexes.values()) {
        const s = index.slices.find((x) => x.id === `tag:${t.id}`);
        if (s) s.name = t.name;
      }
      changed(p, 'tags');
      return {};
    },
    async 'tags.merge'({ from, into }) {
      const p = current(state);
      const r = mergeTags(p.db, from, into);
      reloadTags(p);
      changed(p, 'tags');
      return r;
    },
    async 'tags.delete'({ tag }) {
      const p = current(state);
      deleteTag(p.db, tag);
      reloadTags(p);
      changed(p, 'tags');
      return {};
    },
    async 'tags.restore'({ tag }) {
      const p = current(state);
      restoreTag(p.db, tag);
      reloadTags(p);
      changed(p, 'tags');
      return {};
    },
    async 'tags.list'() {
      const { db } = current(state);
      return { tags: tagCounts(db, false), trash: tagCounts(db, true) };
    },
    async 'rules.add'({ name, expression }) {
      const p = current(state);
      const rule = addRule(p.db, name, expression);
      reloadRules(p);
      changed(p, 'all');
      const n = positionsWhere(p.db, expression, pickRun(p.db).id).length;
      return { ...rule, n };
    },
    async 'rules.list'() {
      return { rules: listRules(current(state).db) };
    },
    async 'rules.delete'({ name }) {
      const p = current(state);
      deleteRule(p.db, name);
      reloadRules(p);
      changed(p, 'all');
      return {};
    },
  };
}
