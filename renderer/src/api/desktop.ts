import type { DesktopApi } from '../../../shared/desktop.ts';

/**
 * The desktop shell's extras (native dialogs, paths of dropped files), or null in the browser
 * mode, where the screens offer a path box instead.
 */
export function desktop(): DesktopApi | null {
  const api = (window as unknown as { headroom?: DesktopApi }).headroom;
  return api && typeof api.dialog === 'function' ? api : null;
}
