import { basename, extname } from 'node:path';
import type { ExampleFilter, ExampleSort } from '../../../shared/examples.ts';
import type { AnalysisIndex } from '../analysis/analysis-index.ts';
import { csvCell } from '../analysis/report-format.ts';
import type { OpenProject } from '../project/open-project.ts';
import type { ExampleColumns } from './columns.ts';
import { pagePositions } from './page.ts';
import { comparedAt, rowsAt } from './rows.ts';

/** Rows read from SQLite at a time. */
const CHUNK = 5000;

/** A file-name-safe piece of user text (a run name). */
const safe = (s: string) => s.replace(/[^\w.-]+/g, '_').slice(0, 60);

/**
 * The examples a filter selects, in the sort order, as CSV: id, input, label, prediction,
 * correct (1/0 or the score), confidence; with a compare filter, run A's prediction and
 * correctness beside run B's, headed by the run names. Cells go through csvCell (no formula).
 */
export function exportExamplesCsv(
  p: OpenProject,
  index: AnalysisIndex,
  cols: () => ExampleColumns,
  filter: ExampleFilter,
  sort: ExampleSort,
): { filename: string; mime: string; text: string; rows: number } {
  const { bits, total } = p.matching(index, cols, filter);
  const order = p.sortOrder(index, cols, sort);
  const { positions } = pagePositions(bits, index.n, total, order, {
    dir: sort.dir,
    limit: Math.max(1, total),
  });
  const cmp = filter.compare;
  const other = cmp ? p.index(cmp.run, index.labels) : null;
  const b = index.run.name;
  const head = other
    ? [
        'id',
        'input',
        'label',
        `prediction_a (${other.run.name})`,
        `correct_a (${other.run.name})`,
        `prediction_b (${b})`,
        `correct_b (${b})`,
        `confidence_b (${b})`,
      ]
    : ['id', 'input', 'label', `prediction (${b})`, 'correct', 'confidence'];
  const lines = [head.map(csvCell).join(',')];
  for (let k = 0; k < positions.length; k += CHUNK) {
    let rows = rowsAt(p.db, index, positions.slice(k, k + CHUNK));
    if (other) rows = comparedAt(p.db, other, rows);
    for (const r of rows) {
      const cells = other
        ? [
            r.id,
            r.input,
            r.label,
            r.compared?.prediction ?? null,
            r.compared?.correct ?? null,
            r.prediction,
            r.correct,
            r.confidence,
          ]
        : [r.id, r.input, r.label, r.prediction, r.correct, r.confidence];
      lines.push(cells.map(csvCell).join(','));
    }
  }
  const stem = basename(p.path, extname(p.path));
  const what = cmp ? `${safe(b)}-vs-${safe(cmp.run)}-${cmp.only}` : `${safe(b)}-examples`;
  return {
    filename: `${stem}-${what}.csv`,
    mime: 'text/csv',
    text: `${lines.join('\n')}\n`,
    rows: positions.length,
  };
}
