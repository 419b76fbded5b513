import { basename } from 'node:path';
import { memoHtml } from '../memo/memo-html.ts';
import { memoMarkdown } from '../memo/memo-md.ts';
import { saveExport } from '../save-export.ts';
import { reviewStatus } from '../review/review-status.ts';
import { decisionsNow, latestRun } from './decisions.ts';
import { current, type HandlerGroup, type ServiceState } from './state.ts';

export function memoHandlers(state: ServiceState): HandlerGroup<'memo.build'> {
  return {
    async 'memo.build'({ format, run, labels, top, path }) {
      const p = current(state);
      const set = labels ?? 'original';
      const runNow = run ?? latestRun(p);
      const report = p.report(runNow, set);
      const input = {
        generated_at: new Date().toISOString(),
        report,
        decisions: decisionsNow(p, report.run, set).decisions,
        review: reviewStatus(p.db, report.run),
        ...(top !== undefined ? { top } : {}),
      };
      // The project's base name and the day: "c10-memo-2026-12-04.html" (never a folder).
      const stem = `${basename(p.path, '.headroom')}-memo-${input.generated_at.slice(0, 10)}`;
      const file =
        format === 'html'
          ? { filename: `${stem}.html`, mime: 'text/html', text: memoHtml(input) }
          : { filename: `${stem}.md`, mime: 'text/markdown', text: memoMarkdown(input) };
      if (path === undefined) return file;
      saveExport(path, file.text, 'the memo');
      return { ...file, savedTo: path };
    },
  };
}
