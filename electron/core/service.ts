import { isMethodName, methods, type Envelope, type MethodName } from '../../shared/contract.ts';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { appHandlers, createdKey } from './app/app-handlers.ts';
import { dropSnapshotFile } from './app/import-snapshot.ts';
import { addRecent } from './app/recent.ts';
import { HeadroomError, quote, toErrorInfo } from './errors.ts';
import { exampleHandlers } from './handlers/examples.ts';
import { importHandlers } from './handlers/imports.ts';
import { mediaHandlers } from './handlers/media.ts';
import { projectHandlers } from './handlers/project.ts';
import { reviewHandlers } from './handlers/review.ts';
import { sliceHandlers } from './handlers/slices.ts';
import {
  closeProject,
  followPermissions,
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
export interface ServiceOptions {
  emit?: EmitFn;
  /**
   * The app's own folder (recent projects, the sample): Electron's userData, or defaultConfigDir()
   * in the browser mode. Without it nothing is recorded (CLI commands, tests that do not ask).
   */
  configDir?: string | null;
}

/** Opening a project, or importing into one, makes it the most recent (start screen, menu). */
const RECORDS_RECENT = new Set<string>(['project.open', 'datasets.import']);

export function createService(options: ServiceOptions = {}): Service {
  const configDir = options.configDir ?? null;
  /** Imports that created their project in this session (app.discardImport may delete those). */
  const created = new Set<string>();
  const snapshots = new Map<string, { project: string; file: string }>();
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
    ...appHandlers(
      configDir,
      async (method, input) => {
        const env = await call(method, input);
        if (!env.ok) throw new HeadroomError(env.error.code, env.error.message);
        return env.value;
      },
      {
        created,
        snapshots,
        closeIfOpen(path) {
          if (state.open?.path === path) {
            closeProject(state.open);
            state.open = null;
          }
        },
      },
    ),
  };

  async function call(method: string, input: unknown): Promise<Envelope<unknown>> {
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
      const handler = handlers[method] as (i: unknown) => Promise<unknown>;
      const target =
        method === 'datasets.import' ? resolve((parsed.data as { project: string }).project) : null;
      const isNew = target !== null && !existsSync(target);
      const value = await handler(parsed.data);
      if (isNew && target)
        created.add(createdKey((value as { importId: number }).importId, target));
      if (configDir && RECORDS_RECENT.has(method)) recordRecent(configDir, value);
      return { ok: true, value };
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
    close() {
      state.jobs.cancelAll();
      // Imports never kept nor discarded: they stay (the snapshot was only for a discard).
      for (const snap of snapshots.values()) dropSnapshotFile(snap.file);
      snapshots.clear();
      if (state.open) closeProject(state.open);
      state.open = null;
    },
  };
}

function recordRecent(configDir: string, value: unknown): void {
  const v = value as { path?: unknown; project?: unknown };
  const path =
    typeof v.path === 'string' ? v.path : typeof v.project === 'string' ? v.project : null;
  if (!path) return;
  try {
    addRecent(configDir, path);
  } catch {
    // an unwritable config folder must not fail the open or the import itself
  }
}
