import { resolve } from 'node:path';
import type { MethodOutput } from '../../../shared/contract.ts';
import { toErrorInfo } from '../errors.ts';
import { planColumns } from '../importers/detect-roles.ts';
import { runImport } from '../importers/import-job.ts';
import { formatOf, openSource } from '../importers/open-source.ts';
import { current, type HandlerGroup, type ServiceState } from './state.ts';

export function importHandlers(
  state: ServiceState,
): HandlerGroup<'datasets.preview' | 'datasets.import' | 'jobs.cancel' | 'imports.rejects'> {
  return {
    async 'datasets.preview'(input) {
      const format = formatOf(input.file, input.format);
      const source = await openSource(resolve(input.file), format, input.encoding);
      try {
        const rows: (string | null)[][] = [];
        const want = input.rows ?? 20;
        for await (const batch of source.batches()) {
          rows.push(...batch.rows.slice(0, want - rows.length));
          if (rows.length >= want) break;
        }
        let problem: string | null = null;
        let mapping: MethodOutput<'datasets.preview'>['mapping'] = [];
        try {
          mapping = planColumns(source.header, input.kind ?? 'examples', input.map ?? {}).map(
            (p) => ({
              column: p.name,
              role: p.role,
              reason: p.reason,
            }),
          );
        } catch (err) {
          problem = toErrorInfo(err).message;
        }
        return { format, header: [...source.header], rows, mapping, problem };
      } finally {
        await source.close();
      }
    },
    async 'datasets.import'(input) {
      const { jobId: wanted, ...req } = input;
      const job = state.jobs.start(wanted);
      try {
        const summary = await runImport(req, {
          jobId: job.jobId,
          signal: job.signal,
          onProgress: (p) => state.emit('import.progress', p),
        });
        // The import wrote through its own connection: the derived index is stale.
        if (state.open && state.open.path === summary.project) state.open.forget();
        state.emit('project.changed', { path: summary.project, what: 'all' });
        return summary;
      } finally {
        job.done();
      }
    },
    async 'jobs.cancel'({ jobId }) {
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
