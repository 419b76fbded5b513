import { describe, expect, it } from 'vitest';
import {
  mappingProblems,
  suggestProjectPath,
  timeLeft,
} from '../../renderer/src/features/start/import-logic.ts';
import {
  isTyping,
  matches,
  SHORTCUTS,
  shortcutHint,
} from '../../renderer/src/keyboard/shortcuts.ts';

describe('import screen logic', () => {
  it('suggests the project beside its file', () => {
    expect(suggestProjectPath('/data/cifar10_test.csv')).toBe('/data/cifar10_test.headroom');
    expect(suggestProjectPath('C:\\d\\preds.v2.jsonl')).toBe('C:\\d\\preds.v2.headroom');
    expect(suggestProjectPath('preds')).toBe('preds.headroom');
    expect(suggestProjectPath('/data/.hidden')).toBe('/data/.hidden.headroom');
    expect(suggestProjectPath('  ')).toBe('');
  });

  it('estimates the time left from the bytes read', () => {
    const p = {
      jobId: 'j',
      rows: 1,
      rejected: 0,
      rowsPerSec: 1,
      bytes: 0,
      totalBytes: 0,
      elapsedMs: 0,
    };
    expect(timeLeft({ ...p, bytes: 10, totalBytes: 100, elapsedMs: 100 })).toBeNull();
    expect(timeLeft({ ...p, bytes: 250, totalBytes: 1000, elapsedMs: 10_000 })).toBe('30 s left');
    expect(timeLeft({ ...p, bytes: 100, totalBytes: 1000, elapsedMs: 60_000 })).toBe('9 min left');
  });

  it('lists what must be fixed before a new project is imported', () => {
    const ok = [
      { column: 'id', role: 'id' },
      { column: 'y', role: 'label' },
      { column: 'p', role: 'prediction' },
    ];
    expect(mappingProblems(ok)).toEqual([]);
    expect(mappingProblems(ok.slice(0, 2))).toEqual([
      'no column has the role prediction (or score): the model is needed',
    ]);
    expect(mappingProblems(ok.filter((m) => m.role !== 'label'))).toEqual([
      'no column has the role label (the given label)',
    ]);
    expect(mappingProblems([...ok, { column: 'q', role: 'label' }])).toEqual([
      '2 columns have the role label; keep one',
    ]);
    expect(mappingProblems([...ok, { column: 'z', role: 'bogus' }])).toEqual([
      'column "z": unknown role "bogus"',
    ]);
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
  });
});
