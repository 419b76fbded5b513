import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { denyPermission, denyPermissionCheck } from '../../electron/main/ipc-guard.ts';
import { REPO } from '../helpers.ts';
import { recordFigure } from './figures.ts';

/**
 * Reliability S-06, S-07 (registry, statically) and S-09: the Electron-side logic checked under
 * Node. Electron itself cannot run here; `electron` is replaced by a recording fake for the
 * preload only (the boundary is the one place tests may mock).
 */
const exposed: Record<string, unknown> = {};
const ipc = {
  invoked: [] as unknown[][],
  listeners: new Map<string, ((...a: unknown[]) => void)[]>(),
};
vi.mock('electron', () => ({
  webUtils: { getPathForFile: (file: { name: string }) => `/dropped/${file.name}` },
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => {
      exposed[key] = api;
    },
  },
  ipcRenderer: {
    invoke: (...args: unknown[]) => {
      ipc.invoked.push(args);
      return Promise.resolve({ ok: true, value: 1 });
    },
    on: (channel: string, fn: (...a: unknown[]) => void) => {
      ipc.listeners.set(channel, [...(ipc.listeners.get(channel) ?? []), fn]);
    },
    removeListener: (channel: string, fn: (...a: unknown[]) => void) => {
      ipc.listeners.set(
        channel,
        (ipc.listeners.get(channel) ?? []).filter((f) => f !== fn),
      );
    },
  },
}));

/** The permission names of Electron's own typings (session.setPermissionRequestHandler). */
function electronPermissions(): string[] {
  const dts = readFileSync(join(REPO, 'node_modules/electron/electron.d.ts'), 'utf8');
  const m =
    /setPermissionRequestHandler\(handler: \(\(webContents: WebContents, permission: ([^,]+(?:\|[^,]+)*),/.exec(
      dts,
    );
  if (!m?.[1]) throw new Error('permission list not found in electron.d.ts');
  return [...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1] as string);
}

describe('the Electron boundary under Node (S-06, S-07, S-09)', () => {
  const done: string[] = [];

  it("every permission in Electron's list is denied, as request and as check (S-06)", () => {
    const names = electronPermissions();
    expect(names.length).toBeGreaterThan(20);
    expect(names).toContain('media');
    for (const p of names) {
      let granted: boolean | null = null;
      denyPermission(null, p, (g) => (granted = g));
      expect(granted, p).toBe(false);
      expect(denyPermissionCheck(), p).toBe(false);
    }
    done.push(`S-06 ${names.length}/${names.length} permissions denied`);
  });

  it('IPC handlers are registered only through secureHandle (S-07, source check)', () => {
    const dir = join(REPO, 'electron/main');
    const sources = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    let registrations = 0;
    for (const f of sources) {
      const text = readFileSync(join(dir, f), 'utf8');
      // Direct registrations are banned; the wrapper receives ipcMain as its registrar.
      expect(text, f).not.toMatch(/ipcMain\.(handle|handleOnce|on|once)\(/);
      registrations += [...text.matchAll(/secureHandle\(ipcMain,/g)].length;
    }
    expect(registrations).toBeGreaterThan(0);
    done.push(`S-07 ${registrations}/${registrations} channels wrapped`);
  });

  it('the preload exposes one object of functions, never ipcRenderer (S-09)', async () => {
    await import('../../electron/preload/preload.ts');
    expect(Object.keys(exposed)).toEqual(['headroom']);
    const api = exposed.headroom as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['call', 'dialog', 'onEvent', 'pathForFile']);
    for (const v of Object.values(api)) expect(typeof v).toBe('function');
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipcRenderer|env|process/);

    const call = api.call as (m: string, i: unknown) => Promise<unknown>;
    await expect(call('project.info', {})).resolves.toEqual({ ok: true, value: 1 });
    expect(ipc.invoked).toEqual([['headroom:call', 'project.info', {}]]);
    const dialog = api.dialog as (r: unknown) => Promise<unknown>;
    await dialog({ kind: 'open', purpose: 'data' });
    expect(ipc.invoked[1]).toEqual(['headroom:dialog', { kind: 'open', purpose: 'data' }]);
    const pathForFile = api.pathForFile as (f: unknown) => string;
    expect(pathForFile({ name: 'a.csv' })).toBe('/dropped/a.csv');

    const onEvent = api.onEvent as (l: (m: unknown) => void) => () => void;
    const got: unknown[][] = [];
    const off = onEvent((...args) => got.push(args));
    expect(typeof off).toBe('function');
    const fakeEvent = { sender: 'the IpcRendererEvent must not reach the page' };
    for (const l of ipc.listeners.get('headroom:event') ?? []) l(fakeEvent, { event: 'x' });
    expect(got).toEqual([[{ event: 'x' }]]); // the payload only
    off();
    expect(ipc.listeners.get('headroom:event')).toEqual([]);
    done.push('S-09 4 functions exposed, payload-only events, unsubscribe works');
    recordFigure('electron-boundary', `${done.length}/3 checks (${done.join('; ')})`);
  });
});
