import { useEffect, useRef } from 'react';
import type { AppCommandEvent } from '../../../shared/desktop.ts';

/**
 * Runs `handler` for each app command (menu item, or its shortcut in the browser mode) while the
 * calling screen is mounted: undo and redo, export. useAppCommands turns both into the
 * 'headroom:command' DOM event.
 */
export function useCommand(handler: (command: AppCommandEvent) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const on = (e: Event) => ref.current((e as CustomEvent<AppCommandEvent>).detail);
    window.addEventListener('headroom:command', on);
    return () => window.removeEventListener('headroom:command', on);
  }, []);
}
