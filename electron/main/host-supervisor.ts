import { eventMessage, type Envelope, type EventMessage } from '../../shared/contract.ts';
import type { HostMessage, HostRequest } from '../../shared/host-protocol.ts';

/**
 * What the supervisor needs of a running data host: Electron's UtilityProcess in the app, a Node
 * fork of electron/host/entry.ts (or a fake) in tests.
 */
export interface HostProcess {
  postMessage(message: HostRequest): void;
  onMessage(listener: (message: HostMessage) => void): void;
  /** Once, when the process has ended (null: killed by a signal, no exit code). */
  onExit(listener: (code: number | null) => void): void;
  /** Ends the process (the app is quitting). */
  kill(): void;
}

export interface HostSupervisorOptions {
  /** Starts a host process (again after a crash). */
  start(): HostProcess;
  /** The host's events, and app.hostRestarted after a restart: for the windows. */
  onEvent(message: EventMessage): void;
  /** Restarts after which, with no call answered in between, the host is given up. */
  maxRestarts?: number;
}

export interface HostSupervisor {
  /** A call to the engine; answered with an envelope whatever happens to the host. */
  call(method: string, input: unknown): Promise<Envelope<unknown>>;
  /** Ends the host on purpose (no restart); calls after it fail. */
  stop(): void;
}

function failed(message: string): Envelope<unknown> {
  return { ok: false, error: { code: 'HOST_EXITED', message } };
}

/**
 * Keeps the data host running for the main process: calls are matched with their replies by id;
 * when the host ends unexpectedly every pending call is answered with HOST_EXITED (never left
 * hanging), a new host is started, and the windows are told (app.hostRestarted). A host that
 * keeps dying before answering anything is given up after `maxRestarts` restarts.
 */
export function superviseHost(options: HostSupervisorOptions): HostSupervisor {
  const maxRestarts = options.maxRestarts ?? 3;
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  let next = 1;
  let restarts = 0;
  /** Restarts since the last answered call. */
  let unanswered = 0;
  let stopped = false;
  let gaveUp = false;
  let host = launch();

  function launch(): HostProcess {
    const started = options.start();
    started.onMessage((msg) => {
      if (started !== host) return;
      if (msg.type === 'reply') {
        const done = pending.get(msg.id);
        pending.delete(msg.id);
        unanswered = 0;
        done?.(msg.envelope);
      } else options.onEvent(msg.message);
    });
    started.onExit((code) => {
      if (started !== host || stopped) return;
      const calls = [...pending.values()];
      pending.clear();
      const how = code === null ? 'was killed' : `exited with code ${code}`;
      if (unanswered >= maxRestarts) {
        gaveUp = true;
        for (const done of calls) done(failed(giveUpMessage(how)));
        return;
      }
      restarts++;
      unanswered++;
      for (const done of calls) {
        done(
          failed(
            `The data engine ${how} before answering; it has been restarted. What was saved before is in the project file; open the project again.`,
          ),
        );
      }
      host = launch();
      options.onEvent(
        eventMessage('app.hostRestarted', { exitCode: code, failedCalls: calls.length, restarts }),
      );
    });
    return started;
  }

  function giveUpMessage(how: string): string {
    return `The data engine ${how} again right after ${maxRestarts} restarts; it is not restarted. Quit and start Headroom again.`;
  }

  return {
    call(method, input) {
      if (stopped) return Promise.resolve(failed('The data engine has been stopped.'));
      if (gaveUp) return Promise.resolve(failed(giveUpMessage('stopped')));
      return new Promise((resolve) => {
        const id = next++;
        pending.set(id, resolve);
        host.postMessage({ id, method, input });
      });
    },
    stop() {
      stopped = true;
      for (const done of pending.values()) done(failed('The data engine has been stopped.'));
      pending.clear();
      host.kill();
    },
  };
}
