import { isMethodName, methods, type Envelope, type MethodName } from '../../shared/contract.ts';
import { toErrorInfo } from './errors.ts';
import { exampleHandlers } from './handlers/examples.ts';
import { importHandlers } from './handlers/imports.ts';
import { mediaHandlers } from './handlers/media.ts';
import { projectHandlers } from './handlers/project.ts';
import { reviewHandlers } from './handlers/review.ts';
import { sliceHandlers } from './handlers/slices.ts';
import {
  closeProject,
  type EmitFn,
  type HandlerGroup,
  type ServiceState,
} from './handlers/state.ts';
import { tagHandlers } from './handlers/tags.ts';
import { JobRegistry } from './jobs.ts';

export type { EmitFn } from './handlers/state.ts';

/** One function per contract method; a missing one is a type error (and a test failure). */
export type Handlers = HandlerGroup<MethodName>;

export interface Service {
  handlers: Handlers;
  /** Validates the input against the contract, runs the method, and wraps the outcome. */
  call(method: string, input: unknown): Promise<Envelope<unknown>>;
  close(): void;
}

/** The engine behind every transport: the data host of the app, the browser-mode server, the CLI. */
export function createService(options: { emit?: EmitFn } = {}): Service {
  const state: ServiceState = {
    emit: options.emit ?? (() => undefined),
    jobs: new JobRegistry(),
    open: null,
  };
  const handlers: Handlers = {
    ...projectHandlers(state),
    ...importHandlers(state),
    ...sliceHandlers(state),
    ...tagHandlers(state),
    ...reviewHandlers(state),
    ...exampleHandlers(state),
    ...mediaHandlers(state),
  };

  return {
    handlers,
    async call(method, input) {
      if (!isMethodName(method)) {
        return {
          ok: false,
          error: { code: 'INVALID_INPUT', message: `unknown method "${String(method)}"` },
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
        const handler = handlers[method] as (i: unknown) => Promise<unknown>;
        return { ok: true, value: await handler(parsed.data) };
      } catch (err) {
        return { ok: false, error: toErrorInfo(err) };
      }
    },
    close() {
      state.jobs.cancelAll();
      if (state.open) closeProject(state.open);
      state.open = null;
    },
  };
}
