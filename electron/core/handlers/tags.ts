import type { MethodArgs } from '../../../shared/contract.ts';
import { pickRun } from '../analysis/analysis-index.ts';
import { hasBit } from '../analysis/bitset.ts';
import { positionsWhere } from '../analysis/rules-store.ts';
import type { OpenProject } from '../project/open-project.ts';
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
import { current, type HandlerGroup, type ServiceState } from './state.ts';

function targetOf(
  p: OpenProject,
  t: Pick<MethodArgs<'tags.apply'>, 'ids' | 'where' | 'filter' | 'run' | 'labels'>,
): TagTarget {
  if (t.ids) return { ids: t.ids };
  if (t.filter) {
    // Everything the errors browser's filter matches, as the user saw it.
    const { index, cols } = p.view(t.run, t.labels);
    const { bits } = p.matching(index, cols, t.filter);
    const positions: number[] = [];
    for (let pos = 0; pos < index.n; pos++) if (hasBit(bits, pos)) positions.push(pos);
    return { positions };
  }
  return { positions: positionsWhere(p.db, t.where as string, pickRun(p.db, t.run).id) };
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
  | 'tags.history';

export function tagHandlers(state: ServiceState): HandlerGroup<TagMethods> {
  const changed = (p: OpenProject) => {
    p.edited();
    state.emit('project.changed', { path: p.path, what: 'tags' });
  };
  /** Brings the in-memory indexes in step with an undone or redone tag edit. */
  const afterStep = (p: OpenProject, step: TagStep) => {
    const name = p.db.prepare<[number], string>('SELECT name FROM tags WHERE id = ?').pluck();
    const tag = { id: step.tagId, name: name.get(step.tagId) ?? '' };
    if (step.reload) p.reloadTags();
    else if (step.kind === 'rename') p.renameTag(tag);
    else if (step.kind !== 'update') p.patchTag(tag, step.added, step.removed);
    changed(p);
  };
  return {
    async 'tags.apply'(input) {
      const p = current(state);
      const r = applyTag(p.db, input.tag, targetOf(p, input));
      p.patchTag(r.tag, r.added, []);
      changed(p);
      return { tag: r.tag.name, added: r.added.length, created: r.created };
    },
    async 'tags.remove'(input) {
      const p = current(state);
      const r = removeTag(p.db, input.tag, targetOf(p, input));
      p.patchTag(r.tag, [], r.removed);
      changed(p);
      return { tag: r.tag.name, removed: r.removed.length };
    },
    async 'tags.rename'({ from, to }) {
      const p = current(state);
      p.renameTag(renameTag(p.db, from, to));
      changed(p);
      return {};
    },
    async 'tags.merge'({ from, into }) {
      const p = current(state);
      const r = mergeTags(p.db, from, into);
      p.reloadTags();
      changed(p);
      return r;
    },
    async 'tags.delete'({ tag }) {
      const p = current(state);
      deleteTag(p.db, tag);
      p.reloadTags();
      changed(p);
      return {};
    },
    async 'tags.restore'({ tag }) {
      const p = current(state);
      restoreTag(p.db, tag);
      p.reloadTags();
      changed(p);
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
      const counts = p.tagCounts();
      return { tags: listTags(p.db, false, counts), trash: liveOnly ? [] : listTags(p.db, true) };
    },
  };
}
