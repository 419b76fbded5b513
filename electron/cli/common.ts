import { referenceSchema, type Reference } from '../../shared/baselines.ts';
import { LABEL_SETS, type LabelSet } from '../../shared/report.ts';
import { eventMessage } from '../../shared/contract.ts';
import { upgradeNotice } from '../../shared/upgrade-notice.ts';
import { createService, type Service } from '../core/handlers/service.ts';
import type { EmitFn } from '../core/handlers/state.ts';
import { UsageError } from './usage.ts';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Live progress on one line (a TTY); undefined to print none. */
  progress?: (text: string) => void;
}

/**
 * The CLI's handler of the engine's events: an upgrade of an old project is told on stderr before
 * the wait (a write to stderr is synchronous, so the line shows while the upgrade runs); `more`
 * hears every event too.
 */
export function cliEvents(io: CliIo, more?: EmitFn): EmitFn {
  return (event, payload) => {
    const message = eventMessage(event, payload);
    if (message.event === 'project.upgrading') io.err(upgradeNotice(message.payload));
    more?.(event, payload);
  };
}

/** Opens the project in a fresh service, runs `fn`, and closes it whatever happens. */
export async function withProject<T>(
  project: string,
  io: CliIo,
  fn: (service: Service) => Promise<T>,
): Promise<T> {
  const service = createService({ emit: cliEvents(io) });
  try {
    await service.call('project.open', { path: project });
    return await fn(service);
  } finally {
    service.close();
  }
}

/** A flag that takes one of a few words: undefined when not given, else one of `choices`. */
export function choiceOption<T extends string>(
  text: string | undefined,
  choices: readonly T[],
  message: string,
): T | undefined {
  if (text === undefined) return undefined;
  const hit = choices.find((c) => c === text);
  if (hit === undefined) throw new UsageError(message);
  return hit;
}

/** --labels: original or corrected (undefined when not given). */
export function labelSetOption(text: string | undefined): LabelSet | undefined {
  return choiceOption(text, LABEL_SETS, '--labels takes original or corrected');
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

/** A reference as typed: hlp, best, target or run:NAME (analysis.md 8.3). */
export function referenceOption(text: string | undefined, what: string): Reference {
  const parsed = referenceSchema.safeParse(text);
  if (!parsed.success) throw new UsageError(`${what} takes hlp, best, target or run:NAME`);
  return parsed.data;
}
