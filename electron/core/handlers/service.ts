import {
  isMethodName,
  methods,
  type Envelope,
  type MethodInput,
  type MethodName,
  type MethodOutput,
} from '../../../shared/contract.ts';
import { HeldImports } from '../app/held-imports.ts';
import { appHandlers } from './app.ts';
import { decisionHandlers } from './decisions.ts';
import { planHandlers } from './plan.ts';
import { memoHandlers } from './memo.ts';
import { HeadroomError, quote, toErrorInfo } from '../errors.ts';
import { exampleHandlers } from './examples.ts';
import { importHandlers } from './imports.ts';
import { mediaHandlers } from './media.ts';
import { projectHandlers } from './project.ts';
import { reviewHandlers } from './review.ts';
import { ruleHandlers } from './rules.ts';
import { runHandlers } from './runs.ts';
import { settingsHandlers } from './settings.ts';
import { baselineHandlers } from './baselines.ts';
import { sliceHandlers } from './slices.ts';
import { suspectHandlers } from './suspects.ts';
import { refuseWithoutExamples } from '../summaries/summary-store.ts';
import { followPermissions, type EmitFn, type HandlerGroup, type ServiceState } from './state.ts';
import { tagHandlers } from './tags.ts';
import { JobRegistry } from '../jobs.ts';

export type { EmitFn } from './state.ts';

/** One function per contract method; a missing one is a type error (and a test failure). */
export type Handlers = HandlerGroup<MethodName>;

export interface Service {
  handlers: Handlers;
  /** In-process callers (the CLI, tests): the method's output, or its HeadroomError thrown. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /**
   * The transports (data host, browser server): any method name and input from the wire,
   * validated against the contract, the outcome wrapped in an envelope.
   */
  dispatch(method: string, input: unknown): Promise<Envelope<unknown>>;
  close(): void;
}

/** The engine behind every transport: the data host of the app, the browser-mode server, the CLI. */
export interface ServiceOptions {
  emit?: EmitFn;
  /**
   * The app's own folder (recent projects, the sample): Electron's userData, or defaultConfigDir()
   * in the browser mode. Without it nothing is recorded (CLI commands, tests that do not ask).
   */
  configDir?: string | null;
}

/** What works on single examples: a summary project without a --sample answers NO_EXAMPLES. */
const NEEDS_EXAMPLES: ReadonlySet<MethodName> = new Set<MethodName>([
  'examples.page',
  'examples.count',
  'examples.get',
  'examples.confusion',
  'media.locate',
  'suspects.list',
  'review.current',
  'review.verdict',
  'review.undo',
  'tags.apply',
  'tags.remove',
]);

export function createService(options: ServiceOptions = {}): Service {
  const state: ServiceState = {
    emit: options.emit ?? (() => undefined),
    call,
    jobs: new JobRegistry(),
    imports: new HeldImports(),
    open: null,
    configDir: options.configDir ?? null,
  };
  const handlers: Handlers = {
    ...projectHandlers(state),
    ...importHandlers(state),
    ...sliceHandlers(state),
    ...settingsHandlers(state),
    ...baselineHandlers(state),
    ...runHandlers(state),
    ...tagHandlers(state),
    ...ruleHandlers(state),
    ...reviewHandlers(state),
    ...suspectHandlers(state),
    ...exampleHandlers(state),
    ...mediaHandlers(state),
    ...appHandlers(state),
    ...decisionHandlers(state),
    ...planHandlers(state),
    ...memoHandlers(state),
  };

  async function call<M extends MethodName>(
    method: M,
    input: MethodInput<M>,
  ): Promise<MethodOutput<M>> {
    const env = await dispatch(method, input);
    if (!env.ok) throw new HeadroomError(env.error.code, env.error.message);
    // dispatch ran the handler of M on input validated by M's schema.
    return env.value as MethodOutput<M>;
  }

  async function dispatch(method: string, input: unknown): Promise<Envelope<unknown>> {
    if (!isMethodName(method)) {
      return {
        ok: false,
        error: { code: 'INVALID_INPUT', message: `unknown method ${quote(String(method))}` },
      };
    }
    const parsed = methods[method].input.safeParse(input ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      return {
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          message: `${method}: invalid input${where}: ${issue?.message}`,
        },
      };
    }
    try {
      // A project made read-only since the last call is reopened read-only first (cheap: two
      // access() calls); writeTx asks again right before writing.
      followPermissions(state);
      if (NEEDS_EXAMPLES.has(method) && state.open) refuseWithoutExamples(state.open.db);
      const handler = handlers[method] as (i: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(parsed.data) };
    } catch (err) {
      const error = toErrorInfo(err);
      if (error.code === 'READ_ONLY') {
        try {
          followPermissions(state); // made read-only during this call
        } catch {
          // the reopen failed: no project is open now, and the next call says so
        }
      }
      return { ok: false, error };
    }
  }

  return {
    handlers,
    call,
    dispatch,
    close() {
      state.jobs.cancelAll();
      // Imports never kept nor discarded: they stay (the copy was only for a discard).
      state.imports.dropAll();
      state.open?.close();
      state.open = null;
    },
  };
}
