// Electron's main process: thin glue only (window, protocol, guards, the IPC broker). It never
// touches SQLite: the engine runs in a utility process started by path (electron/host/entry).
// Electron cannot run on this project's development machines: this file is typechecked against
// electron.d.ts, and its logic lives in pure modules tested under Node (test/electron/).
import { app, BrowserWindow, ipcMain, protocol, session, shell, utilityProcess } from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appResponseHeaders, resolveBundlePath } from './app-protocol.ts';
import { denyPermission, denyPermissionCheck, secureHandle } from './ipc-guard.ts';
import { APP_ORIGIN, APP_SCHEME, isAllowedNavigation, windowOpenHandler } from './navigation.ts';
import { buildWebPreferences } from './web-preferences.ts';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const RENDERER_ROOT = join(import.meta.dirname, '../renderer');

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    webPreferences: buildWebPreferences(
      join(import.meta.dirname, '../preload/preload.cjs'),
      app.isPackaged,
    ),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

function startDataHost(onEvent: (message: unknown) => void) {
  const host = utilityProcess.fork(join(import.meta.dirname, '../host/entry.js'), [], {
    serviceName: 'Headroom data',
  });
  let next = 1;
  const pending = new Map<number, (envelope: unknown) => void>();
  host.on('message', (msg: { type: string; id?: number; envelope?: unknown }) => {
    if (msg.type === 'reply' && msg.id !== undefined) {
      pending.get(msg.id)?.(msg.envelope);
      pending.delete(msg.id);
    } else onEvent(msg);
  });
  return (method: unknown, input: unknown) =>
    new Promise<unknown>((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      host.postMessage({ id, method, input });
    });
}

void app.whenReady().then(() => {
  protocol.handle(APP_SCHEME, async (request) => {
    const path = resolveBundlePath(RENDERER_ROOT, request.url);
    if (!path) return new Response('not found', { status: 404 });
    return new Response(await readFile(path), { headers: appResponseHeaders(path) });
  });
  session.defaultSession.setPermissionRequestHandler(denyPermission);
  session.defaultSession.setPermissionCheckHandler(denyPermissionCheck);
  const call = startDataHost((message) => {
    for (const w of BrowserWindow.getAllWindows()) w.webContents.send('headroom:event', message);
  });
  secureHandle(ipcMain, 'headroom:call', (method, input) => call(method, input));
  createWindow();
});

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler((details) =>
    windowOpenHandler(details, (url) => void shell.openExternal(url)),
  );
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
