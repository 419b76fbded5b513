import type {
  Envelope,
  EventMessage,
  MethodInput,
  MethodName,
  MethodOutput,
} from '../../../shared/contract.ts';

/** A failed call: the engine's stable code and its message, shown to the user as is. */
export class ApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export type EventListener = (event: EventMessage) => void;

/** The engine as the UI sees it: the same contract over Electron IPC or the browser mode's HTTP. */
export interface ApiClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  onEvent(listener: EventListener): () => void;
}

function unwrap<T>(env: Envelope<unknown>): T {
  if (!env.ok) throw new ApiError(env.error.code, env.error.message);
  return env.value as T;
}

/** Browser mode: POST /api/call with the token; events over a WebSocket. */
export function httpClient(token: string): ApiClient {
  const listeners = new Set<EventListener>();
  let socket: WebSocket | null = null;
  const connect = () => {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(
      `${proto}//${location.host}/api/events?token=${encodeURIComponent(token)}`,
    );
    socket.onmessage = (m) => {
      const msg = JSON.parse(String(m.data)) as EventMessage;
      for (const l of listeners) l(msg);
    };
    socket.onclose = () => setTimeout(connect, 1000);
  };
  connect();
  return {
    async call(method, input) {
      const res = await fetch('/api/call', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-headroom-token': token },
        body: JSON.stringify({ method, input }),
      });
      if (!res.ok)
        throw new ApiError('INTERNAL', `the server answered ${res.status}: ${await res.text()}`);
      return unwrap(await res.json());
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

interface PreloadApi {
  call(method: string, input: unknown): Promise<Envelope<unknown>>;
  onEvent(listener: (message: unknown) => void): () => void;
}

/** Desktop app: the preload's object (window.headroom). */
export function electronClient(api: PreloadApi): ApiClient {
  return {
    async call(method, input) {
      return unwrap(await api.call(method, input));
    },
    onEvent(listener) {
      // Main passes the data host's events on as they are (shared/host-protocol.ts).
      return api.onEvent((m) => listener(m as EventMessage));
    },
  };
}

export function createClient(): ApiClient {
  const preload = (window as unknown as { headroom?: PreloadApi }).headroom;
  if (preload) return electronClient(preload);
  const token = new URLSearchParams(location.search).get('token') ?? '';
  return httpClient(token);
}
