import { describe, expect, it } from 'vitest';
import { validatePlan } from '../../electron/core/importers/detect-roles.ts';
import { COLUMN_ROLES } from '../../shared/role-names.ts';
import type { ColumnRole } from '../../shared/roles.ts';
import {
  engineProblemInUiWords,
  missingRoles,
  roleConflicts,
  sampleValues,
  progressLabel,
  timeLeft,
} from '../../renderer/src/features/start/import-logic.ts';
import {
  isTyping,
  matches,
  SHORTCUTS,
  shortcutHint,
} from '../../renderer/src/keyboard/shortcuts.ts';

/** An import's progress event, every figure 0. */
const PROGRESS = {
  jobId: 'j',
  rows: 0,
  rejected: 0,
  rowsPerSec: 0,
  bytes: 0,
  totalBytes: 0,
  elapsedMs: 0,
};

describe('import screen logic', () => {
  it('estimates the time left from the bytes read', () => {
    const p = { ...PROGRESS, rows: 1, rowsPerSec: 1 };
    expect(timeLeft({ ...p, bytes: 10, totalBytes: 100, elapsedMs: 100 })).toBeNull();
    expect(timeLeft({ ...p, bytes: 250, totalBytes: 1000, elapsedMs: 10_000 })).toBe('30 s left');
    expect(timeLeft({ ...p, bytes: 100, totalBytes: 1000, elapsedMs: 60_000 })).toBe('9 min left');
  });

  it('words the progress: starting, reading (again), finishing', () => {
    const p = {
      ...PROGRESS,
      rows: 1_250_000,
      rowsPerSec: 200_000.4,
      bytes: 250,
      totalBytes: 1000,
      elapsedMs: 10_000,
    };
    expect(progressLabel(null)).toBe('Starting…');
    expect(progressLabel(p)).toBe('1,250,000 rows, 200,000 rows/s, 30 s left');
    expect(progressLabel({ ...p, again: true })).toBe(
      'Reading again (the file repeats ids): 1,250,000 rows, 200,000 rows/s, 30 s left',
    );
    expect(progressLabel({ ...p, bytes: 1000, finishing: true })).toBe(
      '1,250,000 rows read. Finishing: checking ids and saving the project…',
    );
  });

  it('lists what must be fixed before a new project is imported, in the screen words', () => {
    const ok = [
      { column: 'id', role: 'id' },
      { column: 'y', role: 'label' },
      { column: 'p', role: 'prediction' },
    ];
    expect(missingRoles(ok)).toEqual([]);
    expect(roleConflicts(ok).size).toBe(0);
    expect(missingRoles(ok.slice(0, 2))).toEqual([
      'No column is the prediction (or a score): pick one below.',
    ]);
    expect(missingRoles(ok.filter((m) => m.role !== 'label'))).toEqual([
      'No column is the label: pick one below.',
    ]);
    expect([...roleConflicts([...ok, { column: 'q', role: 'label' }])]).toEqual([
      ['y', 'two columns are the label: keep one'],
      ['q', 'two columns are the label: keep one'],
    ]);
    // Several metadata columns are no conflict.
    expect(
      roleConflicts([...ok, { column: 'a', role: 'metadata' }, { column: 'b', role: 'metadata' }])
        .size,
    ).toBe(0);
    expect(
      engineProblemInUiWords(
        'the probability columns "p_a", "p_A" name the same class ("a"). Keep one and set the others with --map ignore=COLUMN.',
      ),
    ).toBe('the probability columns "p_a", "p_A" name the same class ("a").');
    expect(sampleValues([['a'], [null], ['a'], ['b'], ['c'], ['d']], 0)).toEqual(['a', 'b', 'c']);
  });
});

describe('keyboard shortcut registry', () => {
  const key = (
    k: string,
    mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {},
  ) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  });

  it('has unique ids and one entry per key on each screen', () => {
    expect(new Set(SHORTCUTS.map((s) => s.id)).size).toBe(SHORTCUTS.length);
    const perScreen = SHORTCUTS.map((s) => `${s.screen}:${s.keys}`);
    expect(new Set(perScreen).size).toBe(perScreen.length);
  });

  it('matches combinations, Cmd counting as Ctrl', () => {
    expect(matches(key('o', { ctrlKey: true }), 'Ctrl+O')).toBe(true);
    expect(matches(key('o', { metaKey: true }), 'Ctrl+O')).toBe(true);
    expect(matches(key('o'), 'Ctrl+O')).toBe(false);
    expect(matches(key('o', { ctrlKey: true, altKey: true }), 'Ctrl+O')).toBe(false);
    expect(matches(key('S', { ctrlKey: true, shiftKey: true }), 'Ctrl+Shift+S')).toBe(true);
    expect(matches(key('s', { ctrlKey: true }), 'Ctrl+Shift+S')).toBe(false);
    expect(matches(key('Enter', { ctrlKey: true }), 'Ctrl+Enter')).toBe(true);
  });

  it('tooltips quote the registry, and an unknown id is a bug', () => {
    expect(shortcutHint('open', 'Open')).toBe('Open (Ctrl+O)');
    expect(() => shortcutHint('nope')).toThrow(/no shortcut/);
    expect(isTyping({ tagName: 'INPUT' } as unknown as EventTarget)).toBe(true);
    expect(isTyping({ tagName: 'BUTTON' } as unknown as EventTarget)).toBe(false);
    expect(isTyping({ tagName: 'INPUT', type: 'search' } as unknown as EventTarget)).toBe(true);
    expect(isTyping({ tagName: 'INPUT', type: 'checkbox' } as unknown as EventTarget)).toBe(false);
  });
});

describe('the import screen and the engine agree on which roles take one column', () => {
  it('two columns of a role: the screen flags them exactly when the engine refuses the plan', () => {
    for (const role of COLUMN_ROLES) {
      const columns: { column: string; role: ColumnRole }[] = [
        { column: 'the_id', role: 'id' },
        { column: 'the_label', role: 'label' },
        { column: 'a', role },
        { column: 'b', role },
      ];
      const screen = roleConflicts(columns).has('a');
      let engine = false;
      try {
        validatePlan(
          columns.map((c, index) => ({ name: c.column, index, role: c.role, reason: '' })),
          'examples',
        );
      } catch (e) {
        engine = /more than one column has the role/.test((e as Error).message);
      }
      expect(screen, role).toBe(engine);
    }
  });
});
