import { APP_ORIGIN } from './navigation.ts';

/** The parts of an IpcMainInvokeEvent the guard looks at (a fake in tests). */
export interface SenderInfo {
  senderFrame: { url: string; parent: unknown } | null;
}

/**
 * Only the app's own top-level page may call the engine (S-07): not a destroyed or navigated frame,
 * not a subframe, not another origin.
 */
export function isTrustedSender(event: SenderInfo): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  try {
    const u = new URL(frame.url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

export interface HandleRegistrar<E extends SenderInfo> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => unknown): void;
}

/** Registers an IPC handler that refuses untrusted senders with a typed error envelope. */
export function secureHandle<E extends SenderInfo>(
  ipc: HandleRegistrar<E>,
  channel: string,
  fn: (...args: unknown[]) => unknown,
): void {
  ipc.handle(channel, (event, ...args) => {
    if (!isTrustedSender(event)) {
      return {
        ok: false,
        error: { code: 'INVALID_INPUT', message: 'refused: the request did not come from the app' },
      };
    }
    return fn(...args);
  });
}

/** Every permission request (camera, notifications, ...) is denied (S-06). */
export function denyPermission(
  _wc: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}

export function denyPermissionCheck(): boolean {
  return false;
}
