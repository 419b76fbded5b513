import { findSlice } from '../analysis/find-slice.ts';
import {
  currentReference,
  currentRequirement,
  currentTarget,
} from '../analysis/baseline-settings.ts';
import { saveSliceSettings } from '../analysis/slice-settings.ts';
import { parseRequirementScope } from '../analysis/requirements.ts';
import { HeadroomError, quote } from '../errors.ts';
import type { OpenProject } from '../project/open-project.ts';
import { current, type HandlerGroup, type ServiceState } from './state.ts';

/** `all`, or the slice a user names (its id or its name as the report shows it). */
function targetSlice(p: OpenProject, q: string): { id: string; name: string } {
  return q === 'all' ? { id: 'all', name: 'all slices' } : findSlice(p.sliceList(), q);
}

/** A requirement's scope: `all`, `COLUMN=*` of a metadata column, or a slice. */
function requirementScope(p: OpenProject, q: string): { scope: string; name: string } {
  const scope = parseRequirementScope(q);
  if (scope.kind === 'all') return { scope: 'all', name: 'all slices' };
  if (scope.kind === 'column') {
    const prefix = `meta:${scope.column}`;
    const known = p
      .sliceList()
      .slices.some((s) => s.id.startsWith(`${prefix}=`) || s.id.startsWith(`${prefix}:bin`));
    if (!known) {
      throw new HeadroomError(
        'NOT_FOUND',
        `No metadata column named ${quote(scope.column)} (in ${quote(q)}).`,
      );
    }
    return { scope: q, name: `every slice of ${scope.column}` };
  }
  const slice = findSlice(p.sliceList(), q);
  return { scope: slice.id, name: slice.name };
}

export function baselineHandlers(
  state: ServiceState,
): HandlerGroup<
  | 'baselines.setTarget'
  | 'baselines.clearTarget'
  | 'baselines.setRequirement'
  | 'baselines.clearRequirement'
  | 'baselines.setReference'
> {
  const changed = (p: OpenProject) =>
    state.emit('project.changed', { path: p.path, what: 'settings' });
  return {
    async 'baselines.setTarget'({ slice, value, n, source }) {
      const p = current(state);
      const s = targetSlice(p, slice);
      const target = { value, n: n ?? null, source: source ?? 'target' };
      saveSliceSettings(p.db, s.id, { target }, s.name);
      changed(p);
      return { sliceId: s.id, name: s.name };
    },
    async 'baselines.clearTarget'({ slice }) {
      const p = current(state);
      const s = targetSlice(p, slice);
      // Clearing what is not there changes nothing and leaves no undo step.
      const cleared = currentTarget(p.db, s.id) !== null;
      if (cleared) saveSliceSettings(p.db, s.id, { target: null }, s.name);
      changed(p);
      return { sliceId: s.id, name: s.name, cleared };
    },
    async 'baselines.setRequirement'({ scope, text, source }) {
      const p = current(state);
      const s = requirementScope(p, scope);
      saveSliceSettings(p.db, s.scope, { requirement: { text, source: source ?? null } }, s.name);
      changed(p);
      return s;
    },
    async 'baselines.clearRequirement'({ scope }) {
      const p = current(state);
      const s = requirementScope(p, scope);
      const cleared = currentRequirement(p.db, s.scope) !== null;
      if (cleared) saveSliceSettings(p.db, s.scope, { requirement: null }, s.name);
      changed(p);
      return { ...s, cleared };
    },
    async 'baselines.setReference'({ reference }) {
      const p = current(state);
      if (reference?.startsWith('run:')) {
        const name = reference.slice(4);
        const runs = p.db.prepare<[], string>('SELECT name FROM runs ORDER BY id').pluck().all();
        if (!runs.includes(name)) {
          throw new HeadroomError(
            'NOT_FOUND',
            `Reference ${quote(reference)}: no run named ${quote(name)} (runs: ${runs.map(quote).join(', ')}).`,
          );
        }
      }
      if (currentReference(p.db) !== reference) {
        saveSliceSettings(p.db, '', { reference }, 'the project');
      }
      changed(p);
      return { reference };
    },
  };
}
