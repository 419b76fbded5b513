import { eventMessage } from '../../shared/contract.ts';
import type { HostMessage, HostRequest } from '../../shared/host-protocol.ts';
import { createService, type Service } from '../core/handlers/service.ts';

/** The message port of an Electron utility process (process.parentPort), or a fake in tests. */
export interface HostPort {
  on(event: 'message', listener: (message: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export type { HostMessage, HostRequest } from '../../shared/host-protocol.ts';

/**
 * The data host loop: requests {id, method, input} in, replies {id, envelope} and pushed events
 * out. Every input is validated by the service against the contract; malformed messages get an
 * INVALID_INPUT envelope, never a crash.
 */
export function serveOverPort(port: HostPort, options: { configDir?: string } = {}): Service {
  const service = createService({
    configDir: options.configDir ?? null,
    emit: (event, payload) => {
      const message = eventMessage(event, payload);
      port.postMessage({ type: 'event', message } satisfies HostMessage);
    },
  });
  port.on('message', ({ data }) => {
    const req = data as Partial<HostRequest> | null;
    const id = typeof req?.id === 'number' && Number.isSafeInteger(req.id) ? req.id : -1;
    if (id < 0 || typeof req?.method !== 'string') {
      port.postMessage({
        type: 'reply',
        id,
        envelope: { ok: false, error: { code: 'INVALID_INPUT', message: 'malformed request' } },
      } satisfies HostMessage);
      return;
    }
    void service.dispatch(req.method, req.input).then((envelope) => {
      port.postMessage({ type: 'reply', id, envelope } satisfies HostMessage);
    });
  });
  return service;
}
