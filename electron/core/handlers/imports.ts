import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { toErrorInfo } from '../errors.ts';
import { assignRoles, validatePlan } from '../importers/detect-roles.ts';
import { runImport } from '../importers/import-job.ts';
import { formatOf, openSource } from '../importers/open-source.ts';
import type { ImportSummary } from '../../../shared/imports.ts';
import type { HeldBefore } from '../app/held-imports.ts';
import { defaultProjectPath } from '../app/default-project-path.ts';
import { forgetRecent } from '../app/recent.ts';
import { closeIfOpen, current, noteRecent, type HandlerGroup, type ServiceState } from './state.ts';

export function importHandlers(
  state: ServiceState,
): HandlerGroup<
  | 'imports.preview'
  | 'imports.run'
  | 'imports.cancel'
  | 'imports.rejects'
  | 'imports.keep'
  | 'imports.discard'
> {
  return {
    async 'imports.preview'(input) {
      const format = formatOf(input.file, input.format);
      const source = await openSource(resolve(input.file), format, input.encoding);
      try {
        const rows: (string | null)[][] = [];
        const want = input.rows ?? 20;
        for await (const batch of source.batches()) {
          rows.push(...batch.rows.slice(0, want - rows.length));
          if (rows.length >= want) break;
        }
        // Every column's role is shown even while the plan as a whole has a problem (two label
        // columns, none): the screen marks the columns in conflict.
        const kind = input.kind ?? 'examples';
        const detected = assignRoles(source.header, kind);
        let problem: string | null = null;
        let plans = detected;
        try {
          plans = assignRoles(source.header, kind, input.map ?? {});
          validatePlan(plans, kind);
        } catch (err) {
          problem = toErrorInfo(err).message;
        }
        const mapping = plans.map((p, i) => ({
          column: p.name,
          role: p.role,
          reason: p.reason,
          detected: detected[i]?.role ?? 'ignore',
        }));
        return {
          format,
          header: [...source.header],
          rows,
          mapping,
          problem,
          suggestedProject: defaultProjectPath(input.file),
        };
      } finally {
        await source.close();
      }
    },
    async 'imports.run'(input) {
      const { jobId: wanted, discardable, ...req } = input;
      const job = state.jobs.start(wanted);
      let before: HeldBefore | null = null;
      let summary: ImportSummary;
      try {
        ensureProjectFolder(req.project);
        before = await state.imports.before(req.project, discardable ?? false);
        summary = await runImport(req, {
          jobId: job.jobId,
          signal: job.signal,
          onProgress: (p) => state.emit('imports.progress', p),
          onUpgrade: (u) => state.emit('project.upgrading', u),
        });
      } catch (err) {
        if (before) state.imports.release(before);
        throw err;
      } finally {
        job.done();
      }
      // The import wrote through its own connection: the derived index is stale.
      if (state.open && state.open.path === summary.project) state.open.forget();
      state.emit('project.changed', { path: summary.project, what: 'all' });
      state.imports.hold(summary.importId, summary.project, before);
      noteRecent(state, summary.project);
      return summary;
    },
    async 'imports.keep'({ importId, project }) {
      state.imports.keep(importId, project);
      return {};
    },
    async 'imports.discard'({ importId, project }) {
      const r = await state.imports.discard(importId, project, (path) => closeIfOpen(state, path));
      if (r.deleted && state.configDir) {
        forgetRecent(state.configDir, r.deleted);
        state.emit('app.recentChanged', {});
      }
      return r;
    },
    async 'imports.cancel'({ jobId }) {
      return { cancelled: state.jobs.cancel(jobId) };
    },
    async 'imports.rejects'({ importId, offset, limit }) {
      const { db } = current(state);
      const total = (
        db
          .prepare('SELECT COUNT(*) AS n FROM import_rejects WHERE import_id = ?')
          .get(importId) as { n: number }
      ).n;
      const rejects = db
        .prepare<[number, number, number], { line: number; column: string | null; reason: string }>(
          `SELECT line, column_name AS column, reason FROM import_rejects
            WHERE import_id = ? ORDER BY seq LIMIT ? OFFSET ?`,
        )
        .all(importId, limit, offset);
      return { total, rejects };
    },
  };
}

/**
 * A new project's folder is created when its parent exists (~/Documents/Headroom, the default, on
 * the first import); a path whose parent is missing too is a typo and is refused by the import.
 */
function ensureProjectFolder(project: string): void {
  const dir = dirname(resolve(project));
  if (!existsSync(dir) && existsSync(dirname(dir))) mkdirSync(dir);
}
