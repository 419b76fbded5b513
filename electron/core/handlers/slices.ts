import type { MethodArgs } from '../../../shared/contract.ts';
import { discoverSlices } from '../analysis/discover.ts';
import { loadWeights } from '../analysis/report.ts';
import { exportCsv, exportHeader, exportJson, exportMarkdown } from '../analysis/export-format.ts';
import { basename } from 'node:path';
import { saveExport } from '../save-export.ts';
import { saveSliceSettings } from '../analysis/slice-settings.ts';
import { findSlice } from '../analysis/find-slice.ts';
import { HeadroomError, quote } from '../errors.ts';
import { currentBinCount, loadBinCounts } from '../analysis/bin-counts.ts';
import { MAX_BINS } from '../analysis/slice-defs.ts';
import { isSummaryProject } from '../summaries/summary-store.ts';
import { current, type HandlerGroup, type ServiceState } from './state.ts';

/** The report options of slices.report and slices.export (one report view, one reading). */
function reportOptions({
  metric,
  reference,
  positive,
  threshold,
}: Pick<MethodArgs<'slices.report'>, 'metric' | 'reference' | 'positive' | 'threshold'>) {
  return {
    ...(metric !== undefined ? { metric } : {}),
    ...(reference !== undefined ? { reference } : {}),
    ...(positive !== undefined ? { positive } : {}),
    ...(threshold !== undefined ? { threshold } : {}),
  };
}

export function sliceHandlers(
  state: ServiceState,
): HandlerGroup<
  | 'slices.report'
  | 'slices.settings'
  | 'slices.bins'
  | 'slices.binCounts'
  | 'slices.export'
  | 'slices.discover'
> {
  return {
    async 'slices.binCounts'() {
      const counts = [...loadBinCounts(current(state).db)].map(([column, bins]) => ({
        column,
        bins,
      }));
      return { counts };
    },
    async 'slices.bins'({ column, bins, run, report }) {
      const p = current(state);
      if (isSummaryProject(p.db)) {
        throw new HeadroomError(
          'INVALID_INPUT',
          `A summary project's bins are cut by the engine that holds the data: summarize again with --bins ${column}=${bins ?? MAX_BINS} (docs/summaries.md).`,
        );
      }
      const kind = p.db
        .prepare<[string], string>(
          "SELECT kind FROM columns WHERE name = ? AND sql_name IS NOT NULL AND role <> 'human_signal'",
        )
        .pluck()
        .get(column);
      if (kind !== 'numeric') {
        const numeric = p.db
          .prepare<[], string>(
            "SELECT name FROM columns WHERE kind = 'numeric' AND sql_name IS NOT NULL AND role <> 'human_signal' ORDER BY ord",
          )
          .pluck()
          .all();
        throw new HeadroomError(
          kind === undefined ? 'NOT_FOUND' : 'INVALID_INPUT',
          `${kind === undefined ? 'No metadata column named' : 'Not a numeric column:'} ${quote(column)}: bins apply to numeric columns (${numeric.length === 0 ? 'the project has none' : numeric.map(quote).join(', ')}).`,
        );
      }
      const changed = currentBinCount(p.db, column) !== bins;
      if (changed) {
        saveSliceSettings(p.db, `meta:${column}=*`, { bins: { column, bins } }, column);
        state.emit('project.changed', { path: p.path, what: 'settings' });
      }
      return { column, bins, changed, ...(report ? { report: p.report(run, report) } : {}) };
    },
    async 'slices.discover'({ run, labels, top, minSupport, alpha, maxLevel, by }) {
      const p = current(state);
      const index = p.index(run, labels ?? 'original');
      const columns = p.db
        .prepare<[], string>(
          "SELECT name FROM columns WHERE kind IN ('categorical', 'numeric') AND role <> 'human_signal'",
        )
        .pluck()
        .all();
      const found = discoverSlices(
        index,
        columns,
        {
          ...(top !== undefined ? { top } : {}),
          ...(minSupport !== undefined ? { minSupport } : {}),
          ...(alpha !== undefined ? { alpha } : {}),
          ...(maxLevel !== undefined ? { maxLevel } : {}),
          ...(by !== undefined ? { by } : {}),
        },
        loadWeights(p.db),
      );
      return {
        run: index.run.name,
        labels: index.labels,
        overall_error_rate: found.overallErrorRate,
        slices: found.slices,
      };
    },
    async 'slices.report'(input) {
      return current(state).report(input.run, input.labels ?? 'original', reportOptions(input));
    },
    async 'slices.export'(input) {
      const { format, path } = input;
      const p = current(state);
      const report = p.report(input.run, input.labels ?? 'original', reportOptions(input));
      const stem = `${basename(p.path, '.headroom')}-headroom-${report.run}-${report.labels}`;
      const header = exportHeader(p.path);
      const file =
        format === 'md'
          ? { filename: `${stem}.md`, mime: 'text/markdown', text: exportMarkdown(report, header) }
          : format === 'csv'
            ? { filename: `${stem}.csv`, mime: 'text/csv', text: exportCsv(report, header) }
            : {
                filename: `${stem}.json`,
                mime: 'application/json',
                text: exportJson(report, header),
              };
      if (path === undefined) return file;
      saveExport(path, file.text, 'the table');
      return { ...file, savedTo: path };
    },
    async 'slices.settings'(input) {
      const p = current(state);
      const slice = findSlice(p.sliceList(input.run), input.slice);
      if (slice.id === 'overall' && input.share !== undefined && input.share !== null) {
        throw new HeadroomError('INVALID_INPUT', 'The share of all examples is 100%.');
      }
      saveSliceSettings(
        p.db,
        slice.id,
        {
          ...(input.share !== undefined ? { share: input.share } : {}),
          ...(input.ease !== undefined ? { ease: input.ease } : {}),
          ...(input.importance !== undefined ? { importance: input.importance } : {}),
          ...(input.hlp !== undefined
            ? {
                hlp:
                  input.hlp === null
                    ? null
                    : {
                        value: input.hlp.value,
                        n: input.hlp.n ?? null,
                        source: input.hlp.source ?? 'entered',
                      },
              }
            : {}),
        },
        slice.name,
      );
      state.emit('project.changed', { path: p.path, what: 'settings' });
      return {
        sliceId: slice.id,
        name: slice.name,
        ...(input.report
          ? {
              report: p.report(input.run, input.report),
            }
          : {}),
      };
    },
  };
}
