import { describe, expect, it } from 'vitest';
import type { AppCommand } from '../../shared/desktop.ts';
import { dialogOptions } from '../../electron/main/dialogs.ts';
import { buildMenuTemplate, type MenuItemSpec } from '../../electron/main/menu-template.ts';
import {
  isAllowedRequest,
  onRenderProcessGone,
  pathFromArgv,
} from '../../electron/main/shell-policy.ts';
import { clampToDisplays, parseWindowState } from '../../electron/main/window-state.ts';

function menu(isPackaged: boolean, recent: string[] = [], platform: NodeJS.Platform = 'linux') {
  const sent: [AppCommand, string | undefined][] = [];
  const template = buildMenuTemplate({
    isPackaged,
    platform,
    recent,
    send: (c, p) => sent.push([c, p]),
  });
  const top = (label: string) =>
    template.find((m) => m.label?.replace('&', '') === label)?.submenu ?? [];
  const item = (items: MenuItemSpec[], label: string) => items.find((i) => i.label === label);
  return { template, top, item, sent };
}

describe('native menu template', () => {
  it('File has the project commands with accelerators, each pushed to the page', () => {
    const m = menu(true, ['/data/a.headroom', '/data/b.headroom']);
    const file = m.top('File');
    const expected: [string, AppCommand, string][] = [
      ['New Project from File…', 'project.newFromFile', 'CmdOrCtrl+N'],
      ['Open Project…', 'project.open', 'CmdOrCtrl+O'],
      ['Import into Project…', 'project.import', 'CmdOrCtrl+I'],
      ['Export Report…', 'report.export', 'CmdOrCtrl+E'],
    ];
    for (const [label, command, accel] of expected) {
      const it = m.item(file, label);
      expect(it?.accelerator, label).toBe(accel);
      it?.click?.();
      expect(m.sent.at(-1)).toEqual([command, undefined]);
    }
    const recent = m.item(file, 'Open Recent')?.submenu ?? [];
    expect(recent.map((r) => r.label)).toEqual([
      'a.headroom (/data/a.headroom)',
      'b.headroom (/data/b.headroom)',
    ]);
    recent[1]?.click?.();
    expect(m.sent.at(-1)).toEqual(['project.openPath', '/data/b.headroom']);
    expect(m.item(menu(true).top('File'), 'Open Recent')?.submenu?.[0]).toMatchObject({
      enabled: false,
    });
  });

  it('Edit sends undo/redo to the page and keeps the clipboard roles', () => {
    const m = menu(true);
    const edit = m.top('Edit');
    m.item(edit, 'Undo')?.click?.();
    m.item(edit, 'Redo')?.click?.();
    expect(m.sent).toEqual([
      ['edit.undo', undefined],
      ['edit.redo', undefined],
    ]);
    expect(m.item(edit, 'Undo')?.accelerator).toBe('CmdOrCtrl+Z');
    expect(edit.map((i) => i.role).filter(Boolean)).toEqual(['cut', 'copy', 'paste', 'selectAll']);
    expect(menu(true, [], 'darwin').top('Edit')[1]?.accelerator).toBe('Shift+CmdOrCtrl+Z');
  });

  it('DevTools appear in View only when not packaged', () => {
    const roles = (packaged: boolean) =>
      menu(packaged)
        .top('View')
        .map((i) => i.role);
    expect(roles(true)).not.toContain('toggleDevTools');
    expect(roles(false)).toContain('toggleDevTools');
    expect(roles(true)).toEqual(
      expect.arrayContaining(['reload', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']),
    );
    expect(menu(true).template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
  });
});

describe('native dialogs: the IPC input is validated', () => {
  it('accepts the known purposes and sets our own filters', () => {
    const d = dialogOptions({ kind: 'open', purpose: 'data' });
    expect(d.ok && d.dialog.kind === 'open' && d.dialog.options.filters[0]?.extensions).toEqual([
      'csv',
      'tsv',
      'jsonl',
      'ndjson',
      'parquet',
    ]);
    const s = dialogOptions({ kind: 'save', purpose: 'newProject', defaultPath: 'cifar.headroom' });
    expect(s.ok && s.dialog.kind === 'save' && s.dialog.options).toMatchObject({
      defaultPath: 'cifar.headroom',
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
  });

  it.each([
    null,
    'open',
    { kind: 'open' },
    { kind: 'exec', purpose: 'data' },
    { kind: 'open', purpose: 'data', filters: [{ name: 'x', extensions: ['*'] }] },
    { kind: 'open', purpose: 'data', defaultPath: 'a\0b' },
    { kind: 'open', purpose: 'data', defaultPath: 'x'.repeat(5000) },
    JSON.parse('{"kind":"open","purpose":"data","__proto__":{"x":1}}'),
  ])('refuses %j', (raw) => {
    expect(dialogOptions(raw).ok).toBe(false);
  });
});

describe('window bounds remembered', () => {
  const screen = { x: 0, y: 0, width: 1920, height: 1040 };
  const right = { x: 1920, y: 0, width: 1280, height: 1000 };

  it('parses only a valid saved state', () => {
    const good = '{"bounds":{"x":10,"y":20,"width":900,"height":700},"maximized":true}';
    expect(parseWindowState(good)).toEqual({
      bounds: { x: 10, y: 20, width: 900, height: 700 },
      maximized: true,
    });
    for (const bad of [
      null,
      '',
      '{',
      '[]',
      'null',
      '{"bounds":{"x":"10","y":0,"width":900,"height":700}}',
      '{"bounds":{"x":0,"y":0,"width":-5,"height":700}}',
      '{"bounds":{"x":0.5,"y":0,"width":900,"height":700}}',
      '{"bounds":{"x":1e400,"y":0,"width":900,"height":700}}',
    ]) {
      expect(parseWindowState(bad), String(bad)).toBeNull();
    }
  });

  it('centres a default window when nothing is saved', () => {
    expect(clampToDisplays(null, [screen]).bounds).toEqual({
      x: 320,
      y: 120,
      width: 1280,
      height: 800,
    });
  });

  it('moves a window of a display that is gone onto the primary, and shrinks it to fit', () => {
    const saved = { bounds: { x: 5000, y: 3000, width: 3000, height: 2000 }, maximized: false };
    expect(clampToDisplays(saved, [screen]).bounds).toEqual(screen);
  });

  it('keeps a window on the second display it was on, pulled fully inside', () => {
    const saved = { bounds: { x: 2800, y: -50, width: 800, height: 600 }, maximized: false };
    expect(clampToDisplays(saved, [screen, right]).bounds).toEqual({
      x: 2400,
      y: 0,
      width: 800,
      height: 600,
    });
  });
});

describe('main-process policies', () => {
  it('the session lets through only app:, media:, and devtools: when not packaged (S-15)', () => {
    const table: [string, boolean, boolean][] = [
      ['app://bundle/index.html', true, true],
      ['media://item/12', true, true],
      ['devtools://devtools/bundled/inspector.html', false, true],
      ['https://example.com/', false, false],
      ['http://127.0.0.1:8080/', false, false],
      ['ws://127.0.0.1/x', false, false],
      ['wss://example.com/x', false, false],
      ['file:///etc/passwd', false, false],
      ['data:text/html,<b>x</b>', false, false],
      ['not a url', false, false],
    ];
    for (const [url, packaged, unpackaged] of table) {
      expect(isAllowedRequest(url, true), url).toBe(packaged);
      expect(isAllowedRequest(url, false), url).toBe(unpackaged);
    }
  });

  it('a renderer that crashed, ran out of memory or was killed is reloaded with a notice (D-07)', () => {
    for (const reason of ['crashed', 'oom', 'killed']) {
      const a = onRenderProcessGone(reason, 0);
      expect(a.reload, reason).toBe(true);
      expect(a.notice, reason).toMatch(/reloaded/);
    }
    expect(onRenderProcessGone('oom', 0).notice).toContain('out of memory');
    expect(onRenderProcessGone('clean-exit', 0)).toEqual({ reload: false, notice: null });
    expect(onRenderProcessGone('crashed', 3).reload).toBe(false);
    expect(onRenderProcessGone('launch-failed', 0).reload).toBe(false);
  });

  it("a second instance's file argument is found among Chromium's switches", () => {
    expect(
      pathFromArgv(['/opt/Headroom/headroom', '--allow-file-access', '/d/p.headroom', '--x=1']),
    ).toBe('/d/p.headroom');
    expect(pathFromArgv(['/opt/Headroom/headroom', 'C:\\data\\preds.csv'])).toBe(
      'C:\\data\\preds.csv',
    );
    expect(pathFromArgv(['/opt/Headroom/headroom', '--inspect', 'notes.txt'])).toBeNull();
    expect(pathFromArgv(['/d/only-the-binary.headroom'])).toBeNull();
  });
});
