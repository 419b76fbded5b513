import type { Envelope, EventMessage } from './contract.ts';

/**
 * The messages between Electron's main process and the data host (a utility process). Main sends
 * requests; the host answers each with a reply carrying the service's envelope, and pushes events,
 * which main passes on to the windows as they are.
 */
export interface HostRequest {
  id: number;
  method: string;
  input: unknown;
}

export type HostMessage =
  | { type: 'reply'; id: number; envelope: Envelope<unknown> }
  | { type: 'event'; message: EventMessage };
