import type { Envelope } from '../../shared/contract.ts';
import type { ErrorCode } from '../../shared/errors.ts';
import { HeadroomError } from '../core/errors.ts';
import { createService, type Service } from '../core/service.ts';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Live progress on one line (a TTY); undefined to print none. */
  progress?: (text: string) => void;
}

/** Wrong arguments: exit code 2 with the usage text. */
export class UsageError extends Error {}

export function unwrap<T>(env: Envelope<unknown>): T {
  if (!env.ok) throw new HeadroomError(env.error.code as ErrorCode, env.error.message);
  return env.value as T;
}

/** Opens the project in a fresh service, runs `fn`, and closes it whatever happens. */
export async function withProject<T>(
  project: string,
  fn: (service: Service) => Promise<T>,
): Promise<T> {
  const service = createService();
  try {
    unwrap(await service.call('project.open', { path: project }));
    return await fn(service);
  } finally {
    service.close();
  }
}

/** --labels: original or corrected (undefined when not given). */
export function labelSetOption(text: string | undefined): 'original' | 'corrected' | undefined {
  if (text === undefined) return undefined;
  if (text !== 'original' && text !== 'corrected') {
    throw new UsageError('--labels takes original or corrected');
  }
  return text;
}

/** A whole-number flag such as --top N: `fallback` when not given, at least `min`. */
export function wholeOption(
  text: string | undefined,
  flag: string,
  fallback: number,
  min: number,
): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (!Number.isInteger(v) || v < min)
    throw new UsageError(`${flag} takes a whole number >= ${min}`);
  return v;
}
