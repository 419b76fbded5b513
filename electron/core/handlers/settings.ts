import type { LabelSet } from '../../../shared/report.ts';
import {
  redoSliceSettings,
  sliceSettingsHistory,
  undoSliceSettings,
} from '../analysis/slice-settings.ts';
import type { OpenProject } from '../project/open-project.ts';
import { current, type HandlerGroup, type ServiceState } from './state.ts';

export function settingsHandlers(
  state: ServiceState,
): HandlerGroup<'settings.undo' | 'settings.redo' | 'settings.history'> {
  /** A settings step's answer: the report re-ranked when asked for. */
  const stepped = (p: OpenProject, run: string | undefined, labels: LabelSet | undefined) => {
    state.emit('project.changed', { path: p.path, what: 'settings' });
    return labels ? { report: p.report(run, labels) } : {};
  };
  return {
    async 'settings.undo'({ run, report }) {
      const p = current(state);
      const step = undoSliceSettings(p.db);
      return { undone: step?.label ?? null, ...(step ? stepped(p, run, report) : {}) };
    },
    async 'settings.redo'({ run, report }) {
      const p = current(state);
      const step = redoSliceSettings(p.db);
      return { redone: step?.label ?? null, ...(step ? stepped(p, run, report) : {}) };
    },
    async 'settings.history'() {
      return sliceSettingsHistory(current(state).db);
    },
  };
}
