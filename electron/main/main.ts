// Electron's main process: thin glue only (window, menu, dialogs, protocols, guards, the IPC
// broker). It never touches SQLite: the engine runs in a utility process started by path
// (electron/host/entry). Electron cannot run on this project's development machines: this file is
// typechecked against electron.d.ts, and its logic lives in pure modules tested under Node
// (test/electron/): menu-template, dialogs, window-state, shell-policy, navigation, ipc-guard.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  screen,
  session,
  shell,
  utilityProcess,
  type MenuItemConstructorOptions,
} from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eventMessage, methods, type EventMessage } from '../../shared/contract.ts';
import type { AppCommand } from '../../shared/desktop.ts';
import { superviseHost, type HostSupervisor } from './host-supervisor.ts';
import { appResponseHeaders, resolveBundlePath } from './app-protocol.ts';
import { dialogOptions } from './dialogs.ts';
import { denyPermission, denyPermissionCheck, secureHandle } from './ipc-guard.ts';
import { serveMedia } from '../core/media/serve-media.ts';
import { MEDIA_SCHEME, MEDIA_SCHEME_PRIVILEGES, mediaProtocolHandler } from './media-protocol.ts';
import { buildMenuTemplate } from './menu-template.ts';
import { APP_ORIGIN, APP_SCHEME, isAllowedNavigation, windowOpenHandler } from './navigation.ts';
import { isAllowedRequest, onRenderProcessGone, pathFromArgv } from './shell-policy.ts';
import { buildWebPreferences } from './web-preferences.ts';
import { clampToDisplays, parseWindowState } from './window-state.ts';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: MEDIA_SCHEME, privileges: MEDIA_SCHEME_PRIVILEGES },
]);

const RENDERER_ROOT = join(import.meta.dirname, '../renderer');
const WINDOW_STATE = () => join(app.getPath('userData'), 'window-state.json');
let mainWindow: BrowserWindow | null = null;

function sendCommand(command: AppCommand, path?: string): void {
  const payload = path === undefined ? { command } : { command, path };
  mainWindow?.webContents.send('headroom:event', eventMessage('app.command', payload));
}

function readWindowState(): string | null {
  try {
    return readFileSync(WINDOW_STATE(), 'utf8');
  } catch {
    return null;
  }
}

function createWindow(): BrowserWindow {
  const primary = screen.getPrimaryDisplay();
  const areas = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map(
    (d) => d.workArea,
  );
  const state = clampToDisplays(parseWindowState(readWindowState()), areas);
  const win = new BrowserWindow({
    ...state.bounds,
    show: false,
    webPreferences: buildWebPreferences(
      join(import.meta.dirname, '../preload/preload.cjs'),
      app.isPackaged,
    ),
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    const saved = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    try {
      writeFileSync(WINDOW_STATE(), JSON.stringify(saved));
    } catch {
      // not remembering the size is not worth an error
    }
  });
  let reloads = 0;
  win.webContents.on('render-process-gone', (_event, details) => {
    const action = onRenderProcessGone(details.reason, reloads);
    if (action.reload) {
      reloads++;
      win.webContents.reload();
    }
    if (action.notice) void dialog.showMessageBox(win, { type: 'warning', message: action.notice });
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

/** The data host, restarted by the supervisor if it dies (pending calls then fail, never hang). */
function startDataHost(onEvent: (message: EventMessage) => void): HostSupervisor {
  return superviseHost({
    start() {
      const host = utilityProcess.fork(
        join(import.meta.dirname, '../host/entry.js'),
        ['--config-dir', app.getPath('userData')],
        { serviceName: 'Headroom data' },
      );
      return {
        postMessage: (message) => host.postMessage(message),
        onMessage: (listener) => host.on('message', listener),
        onExit: (listener) => host.once('exit', (code) => listener(code)),
        kill: () => void host.kill(),
      };
    },
    onEvent,
  });
}

type Call = HostSupervisor['call'];

async function refreshMenu(call: Call): Promise<void> {
  const reply = await call('app.recent', {});
  const parsed = reply.ok ? methods['app.recent'].output.safeParse(reply.value) : null;
  const recent = parsed?.success ? parsed.data.projects.map((p) => p.path) : [];
  const template = buildMenuTemplate({
    isPackaged: app.isPackaged,
    platform: process.platform,
    recent,
    send: sendCommand,
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template as MenuItemConstructorOptions[]));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    const path = pathFromArgv(argv);
    if (path) sendCommand('project.openPath', path);
  });

  void app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, async (request) => {
      const path = resolveBundlePath(RENDERER_ROOT, request.url);
      if (!path) return new Response('not found', { status: 404 });
      return new Response(await readFile(path), { headers: appResponseHeaders(path) });
    });
    session.defaultSession.setPermissionRequestHandler(denyPermission);
    session.defaultSession.setPermissionCheckHandler(denyPermissionCheck);
    session.defaultSession.webRequest.onBeforeRequest((details, callback) =>
      callback({ cancel: !isAllowedRequest(details.url, app.isPackaged) }),
    );
    const host = startDataHost((message) => {
      for (const w of BrowserWindow.getAllWindows()) w.webContents.send('headroom:event', message);
      // The recent list changed (an open, an import, a forget): Open Recent follows.
      if (message.event === 'app.recentChanged') void refreshMenu(host.call);
    });
    app.on('will-quit', () => host.stop());
    const call = host.call;
    // media://item/<id>: the data host says where the file is, main checks and serves it.
    protocol.handle(
      MEDIA_SCHEME,
      mediaProtocolHandler({ locate: (id) => call('media.locate', { id }), serve: serveMedia }),
    );
    secureHandle(ipcMain, 'headroom:call', (method, input) => call(String(method), input));
    secureHandle(ipcMain, 'headroom:dialog', async (raw) => {
      const d = dialogOptions(raw);
      if (!d.ok || !mainWindow) return { path: null };
      if (d.dialog.kind === 'open') {
        const r = await dialog.showOpenDialog(mainWindow, d.dialog.options);
        return { path: r.canceled ? null : (r.filePaths[0] ?? null) };
      }
      const r = await dialog.showSaveDialog(mainWindow, d.dialog.options);
      return { path: r.canceled ? null : (r.filePath ?? null) };
    });
    void refreshMenu(call);
    mainWindow = createWindow();
    const initial = pathFromArgv(process.argv);
    if (initial) {
      mainWindow.webContents.once('did-finish-load', () =>
        sendCommand('project.openPath', initial),
      );
    }
  });
}

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
