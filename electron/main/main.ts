// Electron's main process: thin glue only (windows, menus, dialogs, guards). It never touches
// SQLite: the engine runs in a data host started by path (the app issue wires it up).
// Electron cannot run on the development machines of this project: this file is typechecked
// against electron.d.ts, and its logic lives in pure modules tested under Node.
import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { buildWebPreferences } from './web-preferences.ts';

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
  void win.loadURL('app://bundle/index.html');
  return win;
}

void app.whenReady().then(() => {
  createWindow();
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
