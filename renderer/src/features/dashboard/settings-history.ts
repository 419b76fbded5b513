import { create } from 'zustand';
import type { SliceFigures } from '../../../../shared/report.ts';
import type { SettingsPatch } from '../../../../shared/slice-settings.ts';

export type { SettingsPatch } from '../../../../shared/slice-settings.ts';

/** One dashboard edit, with what it replaced: undo applies `before`, redo `after`. */
export interface SettingsEdit {
  slice: string;
  name: string;
  run: string;
  what: string;
  before: SettingsPatch;
  after: SettingsPatch;
}

interface SettingsHistory {
  project: string | null;
  undo: SettingsEdit[];
  redo: SettingsEdit[];
  /** A new edit (clears redo); the history follows one project. */
  push(project: string | null, edit: SettingsEdit): void;
  /** Takes back an edit that was not saved. */
  drop(edit: SettingsEdit): void;
  /** Moves `edit`, the top of `from`, onto the other stack (an undo or redo being applied). */
  move(from: 'undo' | 'redo', edit: SettingsEdit): void;
}

/**
 * The dashboard's undo and redo of HLP, ease and importance edits, for this session. The stacks
 * change when an edit or step is sent (and change back if it fails), so keys pressed faster than
 * the engine answers still undo and redo in order.
 */
export const useSettingsHistory = create<SettingsHistory>((set) => ({
  project: null,
  undo: [],
  redo: [],
  push: (project, edit) =>
    set((h) => ({
      project,
      undo: [...(h.project === project ? h.undo : []), edit].slice(-100),
      redo: [],
    })),
  drop: (edit) => set((h) => ({ undo: h.undo.filter((e) => e !== edit) })),
  move: (from, edit) =>
    set((h) => {
      const src = from === 'undo' ? h.undo : h.redo;
      if (src[src.length - 1] !== edit) return h;
      const rest = src.slice(0, -1);
      return from === 'undo'
        ? { undo: rest, redo: [...h.redo, edit] }
        : { redo: rest, undo: [...h.undo, edit] };
    }),
}));

/** The entered HLP a slice has now, as a patch that restores it. */
export function hlpBefore(s: SliceFigures): SettingsPatch {
  return {
    hlp:
      s.hlp_entered && s.hlp !== null
        ? { value: s.hlp, n: s.hlp_n, source: s.hlp_source ?? 'entered' }
        : null,
  };
}
