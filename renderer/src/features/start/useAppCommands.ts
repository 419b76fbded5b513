import { useEffect } from 'react';
import type { AppCommandEvent } from '../../../../shared/desktop.ts';
import { useApi } from '../../api/context.tsx';
import { desktop } from '../../api/desktop.ts';
import { useUi } from '../../stores/ui.ts';
import { isTyping, matches, SHORTCUTS } from '../../keyboard/shortcuts.ts';

/** Re-emits a command as the DOM event other screens listen to (undo and redo, the overlay). */
export function emitCommand(detail: AppCommandEvent): void {
  window.dispatchEvent(new CustomEvent('headroom:command', { detail }));
}

const keysOf = (id: string) => SHORTCUTS.find((s) => s.id === id)?.keys ?? '';

/**
 * Menu commands (pushed by the desktop shell as `app.command`) and their shortcuts in the browser
 * mode, where there is no native menu. Opening and importing happen here; undo and redo become a
 * 'headroom:command' DOM event for the screen that owns the history.
 */
export function useAppCommands(): void {
  const api = useApi();
  useEffect(() => {
    const ui = () => useUi.getState();
    const openPath = async (path: string) => {
      try {
        const info = await api.call('project.open', { path });
        ui().setProject(info.path);
      } catch (err) {
        ui().setNotice((err as Error).message);
      }
    };
    const run = async (c: AppCommandEvent) => {
      const shell = desktop();
      switch (c.command) {
        case 'project.newFromFile':
        case 'project.import': {
          const into = c.command === 'project.import' ? ui().projectPath : null;
          if (c.command === 'project.import' && !into) return; // nothing open to import into
          // The browser mode has no dialog: the import screen asks for the path.
          const picked = shell ? (await shell.dialog({ kind: 'open', purpose: 'data' })).path : '';
          if (picked === null) return;
          ui().startImport({ file: picked, into });
          return;
        }
        case 'project.open': {
          if (!shell) {
            ui().setProject(null);
            ui().setImporting(null);
            setTimeout(() => document.getElementById('open-project-path')?.focus(), 0);
            return;
          }
          const picked = (await shell.dialog({ kind: 'open', purpose: 'project' })).path;
          if (picked) await openPath(picked);
          return;
        }
        case 'project.openPath':
          if (c.path) await openPath(c.path);
          return;
        case 'edit.undo':
        case 'edit.redo':
          // The menu's accelerator takes Ctrl+Z from text fields too: there it is text undo.
          if (isTyping(document.activeElement)) {
            document.execCommand(c.command === 'edit.undo' ? 'undo' : 'redo');
          } else emitCommand(c);
          return;
        default:
          emitCommand(c);
      }
    };
    const offEvents = api.onEvent((e) => {
      if (e.event === 'app.command') void run(e.payload);
    });
    // The browser mode has no menu: the same keys reach the same commands.
    const onKey = (e: KeyboardEvent) => {
      if (desktop()) return; // the native menu's accelerators handle them
      if (matches(e, keysOf('new'))) {
        e.preventDefault();
        void run({ command: 'project.newFromFile' });
      } else if (matches(e, keysOf('open'))) {
        e.preventDefault();
        void run({ command: 'project.open' });
      } else if (matches(e, keysOf('import-into'))) {
        e.preventDefault();
        void run({ command: 'project.import' });
      } else if (!isTyping(e.target) && matches(e, keysOf('undo'))) {
        e.preventDefault();
        emitCommand({ command: 'edit.undo' });
      } else if (
        !isTyping(e.target) &&
        (matches(e, keysOf('redo')) || matches(e, 'Ctrl+Shift+Z'))
      ) {
        e.preventDefault();
        emitCommand({ command: 'edit.redo' });
      } else if (matches(e, keysOf('export'))) {
        e.preventDefault();
        emitCommand({ command: 'report.export' });
      }
    };
    // A file dropped anywhere else than the start screen (which handles its own drops): in the
    // desktop app a project opens and a data file starts a new project's import. The page never
    // navigates to a dropped file.
    const onDragOver = (e: DragEvent) => e.preventDefault();
    const onDrop = (e: DragEvent) => {
      if (e.defaultPrevented) return;
      e.preventDefault();
      const shell = desktop();
      const dropped = e.dataTransfer?.files[0];
      if (!dropped) return;
      if (!shell) {
        ui().setNotice(
          `"${dropped.name}" was dropped, but a browser does not tell the page where the file is: use the path box of the start screen.`,
        );
        return;
      }
      const path = shell.pathForFile(dropped);
      if (path.endsWith('.headroom')) void openPath(path);
      else ui().startImport({ file: path, into: null });
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      offEvents();
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [api]);
}
