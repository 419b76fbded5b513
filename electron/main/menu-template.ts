import type { AppCommand } from '../../shared/desktop.ts';

/**
 * The native menu as plain data (structurally Electron's MenuItemConstructorOptions), so it is
 * built and tested under Node. Commands that belong to the page are pushed to it as `app.command`
 * events; the rest are Electron roles.
 */
export interface MenuItemSpec {
  label?: string;
  role?:
    | 'undo'
    | 'redo'
    | 'cut'
    | 'copy'
    | 'paste'
    | 'selectAll'
    | 'reload'
    | 'forceReload'
    | 'resetZoom'
    | 'zoomIn'
    | 'zoomOut'
    | 'togglefullscreen'
    | 'toggleDevTools'
    | 'quit'
    | 'about'
    | 'appMenu'
    | 'windowMenu';
  type?: 'separator' | 'submenu';
  accelerator?: string;
  enabled?: boolean;
  submenu?: MenuItemSpec[];
  click?: () => void;
}

export interface MenuContext {
  isPackaged: boolean;
  platform: NodeJS.Platform;
  /** Recent projects, newest first (from the engine's app.recent). */
  recent: string[];
  send(command: AppCommand, path?: string): void;
}

const sep: MenuItemSpec = { type: 'separator' };

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

export function buildMenuTemplate(ctx: MenuContext): MenuItemSpec[] {
  const cmd = (label: string, command: AppCommand, accelerator?: string): MenuItemSpec => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => ctx.send(command),
  });
  const recent: MenuItemSpec[] =
    ctx.recent.length === 0
      ? [{ label: 'No recent projects', enabled: false }]
      : ctx.recent.slice(0, 10).map((path, i) => ({
          label: `${baseName(path)} (${path})`,
          ...(i < 9 ? { accelerator: `CmdOrCtrl+Alt+${i + 1}` } : {}),
          click: () => ctx.send('project.openPath', path),
        }));
  // Undo and redo go to the page (tag and verdict undo live in the engine); in a text field the
  // page falls back to the browser's own text undo.
  const edit: MenuItemSpec[] = [
    cmd('Undo', 'edit.undo', 'CmdOrCtrl+Z'),
    cmd('Redo', 'edit.redo', ctx.platform === 'darwin' ? 'Shift+CmdOrCtrl+Z' : 'CmdOrCtrl+Y'),
    sep,
    { role: 'cut' },
    { role: 'copy' },
    { role: 'paste' },
    { role: 'selectAll' },
  ];
  const view: MenuItemSpec[] = [
    { role: 'reload' },
    sep,
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    sep,
    { role: 'togglefullscreen' },
    ...(ctx.isPackaged ? [] : [sep, { role: 'toggleDevTools' } as MenuItemSpec]),
  ];
  const file: MenuItemSpec[] = [
    cmd('New Project from File…', 'project.newFromFile', 'CmdOrCtrl+N'),
    cmd('Open Project…', 'project.open', 'CmdOrCtrl+O'),
    { label: 'Open Recent', submenu: recent },
    sep,
    cmd('Import into Project…', 'project.import', 'CmdOrCtrl+I'),
    cmd('Export Report…', 'report.export', 'CmdOrCtrl+E'),
    ...(ctx.platform === 'darwin' ? [] : [sep, { role: 'quit' } as MenuItemSpec]),
  ];
  return [
    ...(ctx.platform === 'darwin' ? [{ role: 'appMenu' } as MenuItemSpec] : []),
    { label: '&File', submenu: file },
    { label: '&Edit', submenu: edit },
    { label: '&View', submenu: view },
    ...(ctx.platform === 'darwin' ? [{ role: 'windowMenu' } as MenuItemSpec] : []),
    { label: '&Help', submenu: [cmd('Keyboard Shortcuts', 'help.shortcuts', 'F1')] },
  ];
}
