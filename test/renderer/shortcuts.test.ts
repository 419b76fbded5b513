import { describe, expect, it } from 'vitest';
import { matches } from '../../renderer/src/keyboard/shortcuts.ts';

const key = (k: string, mods: { ctrl?: boolean; shift?: boolean; alt?: boolean } = {}) => ({
  key: k,
  ctrlKey: mods.ctrl ?? false,
  metaKey: false,
  shiftKey: mods.shift ?? false,
  altKey: mods.alt ?? false,
});

describe('shortcut matching (renderer/src/keyboard/shortcuts.ts)', () => {
  it('tells Ctrl+Z from Ctrl+Shift+Z (issue #20.2: the redo key undid)', () => {
    expect(matches(key('z', { ctrl: true }), 'Ctrl+Z')).toBe(true);
    expect(matches(key('Z', { ctrl: true, shift: true }), 'Ctrl+Z')).toBe(false);
    expect(matches(key('Z', { ctrl: true, shift: true }), 'Ctrl+Shift+Z')).toBe(true);
    expect(matches(key('z', { ctrl: true }), 'Ctrl+Shift+Z')).toBe(false);
    expect(matches(key('y', { ctrl: true }), 'Ctrl+Y')).toBe(true);
  });

  it('lets a symbol that needs Shift to be typed match without naming Shift', () => {
    expect(matches(key('?', { shift: true }), '?')).toBe(true);
    expect(matches(key('Enter', { ctrl: true }), 'Ctrl+Enter')).toBe(true);
    expect(matches(key('Enter', { ctrl: true, shift: true }), 'Ctrl+Enter')).toBe(false);
    expect(matches(key('s', { ctrl: true, shift: true }), 'Ctrl+Shift+S')).toBe(true);
    expect(matches(key('e', { ctrl: true, alt: true }), 'Ctrl+E')).toBe(false);
  });
});
