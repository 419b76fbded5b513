import type { ExampleFilter } from '../../../shared/examples.ts';
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
  listTags,
  mergeTags,
  removeTag,
  renameTag,
  restoreTag,
  updateTag,
  type TagTarget,
} from '../tags/tags.ts';
import { redoTagOp, tagHistory, undoTagOp, type TagStep } from '../tags/history.ts';
import { matching, viewOf } from './examples.ts';
import { count, hasBit } from '../analysis/bitset.ts';
import { dataVersion } from '../db/data-version.ts';
import {
  current,
  editedInPlace,
  type HandlerGroup,
  type OpenProject,
  type ServiceState,
} from './state.ts';

function targetOf(
  p: OpenProject,
  t: {
    ids?: string[] | undefined;
    where?: string | undefined;
    filter?: ExampleFilter | undefined;
    run?: string | undefined;
    labels?: 'original' | 'corrected' | undefined;
  },
): TagTarget {
  if (t.ids) return { ids: t.ids };
  if (t.filter) {
    // Everything the errors browser's filter matches, as the user saw it.
    const { index, cols } = viewOf(p, t.run, t.labels);
    const { bits } = matching(p, index, cols, t.filter);
    const positions: number[] = [];
    for (let pos = 0; pos < index.n; pos++) if (hasBit(bits, pos)) positions.push(pos);
    return { positions };
  }
  return { positions: positionsWhere(p.db, t.where as string, pickRun(p.db, t.run).id) };
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

function renameSlice(p: OpenProject, tag: { id: number; name: string }): void {
  for (const index of p.indexes.values()) {
    const s = index.slices.find((x) => x.id === `tag:${tag.id}`);
    if (s) s.name = tag.name;
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

type TagMethods =
  | 'tags.apply'
  | 'tags.remove'
  | 'tags.rename'
  | 'tags.merge'
  | 'tags.delete'
  | 'tags.restore'
  | 'tags.list'
  | 'tags.update'
  | 'tags.undo'
  | 'tags.redo'
  | 'tags.history'
  | 'rules.add'
  | 'rules.list'
  | 'rules.delete';

export function tagHandlers(state: ServiceState): HandlerGroup<TagMethods> {
  const changed = (p: OpenProject, what: 'tags' | 'all') => {
    editedInPlace(p);
    state.emit('project.changed', { path: p.path, what });
  };
  /** Brings the in-memory indexes in step with an undone or redone tag edit. */
  const afterStep = (p: OpenProject, step: TagStep) => {
    const name = p.db.prepare<[number], string>('SELECT name FROM tags WHERE id = ?').pluck();
    const tag = { id: step.tagId, name: name.get(step.tagId) ?? '' };
    if (step.reload) reloadTags(p);
    else if (step.kind === 'rename') renameSlice(p, tag);
    else if (step.kind !== 'update') patchTagBits(p, tag, step.added, step.removed);
    changed(p, 'tags');
  };
  return {
    async 'tags.apply'(input) {
      const p = current(state);
      const r = applyTag(p.db, input.tag, targetOf(p, input));
      patchTagBits(p, r.tag, r.added, []);
      changed(p, 'tags');
      return { tag: r.tag.name, added: r.added.length, created: r.created };
    },
    async 'tags.remove'(input) {
      const p = current(state);
      const r = removeTag(p.db, input.tag, targetOf(p, input));
      patchTagBits(p, r.tag, [], r.removed);
      changed(p, 'tags');
      return { tag: r.tag.name, removed: r.removed.length };
    },
    async 'tags.rename'({ from, to }) {
      const p = current(state);
      renameSlice(p, renameTag(p.db, from, to));
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
    async 'tags.update'({ tag, color, description }) {
      const p = current(state);
      updateTag(p.db, tag, {
        ...(color !== undefined ? { color } : {}),
        ...(description !== undefined ? { description } : {}),
      });
      state.emit('project.changed', { path: p.path, what: 'tags' });
      return {};
    },
    async 'tags.undo'() {
      const p = current(state);
      const step = undoTagOp(p.db);
      if (step) afterStep(p, step);
      return { undone: step?.label ?? null };
    },
    async 'tags.redo'() {
      const p = current(state);
      const step = redoTagOp(p.db);
      if (step) afterStep(p, step);
      return { redone: step?.label ?? null };
    },
    async 'tags.history'() {
      return tagHistory(current(state).db);
    },
    async 'tags.list'({ liveOnly }) {
      const p = current(state);
      // Any index in memory holds every live tag as bits (membership is the same for all runs).
      const index =
        dataVersion(p.db) === p.knownVersion ? p.indexes.values().next().value : undefined;
      const counts = index
        ? new Map(
            index.slices
              .filter((s) => s.kind === 'tag')
              .map((s) => [Number(s.id.slice(4)), count(s.bits)] as const),
          )
        : undefined;
      return { tags: listTags(p.db, false, counts), trash: liveOnly ? [] : listTags(p.db, true) };
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
