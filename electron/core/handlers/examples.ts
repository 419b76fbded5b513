import { confusion } from '../examples/confusion.ts';
import { exampleDetail } from '../examples/detail.ts';
import { pagePositions } from '../examples/page.ts';
import { exportExamplesCsv } from '../examples/export-csv.ts';
import { comparedAt, metaColumns, rowsAt } from '../examples/rows.ts';
import { saveExport } from '../save-export.ts';
import { current, type HandlerGroup, type ServiceState } from './state.ts';

export function exampleHandlers(
  state: ServiceState,
): HandlerGroup<
  'examples.page' | 'examples.get' | 'examples.count' | 'examples.confusion' | 'examples.export'
> {
  return {
    async 'examples.page'({ run, labels, filter, sort, after, offset, limit }) {
      const p = current(state);
      const { index, cols } = p.view(run, labels);
      const { bits, total } = p.matching(index, cols, filter);
      const order = p.sortOrder(index, cols, sort);
      const page = pagePositions(bits, index.n, total, order, {
        dir: sort.dir,
        after,
        offset,
        limit,
      });
      const rows = rowsAt(p.db, index, page.positions);
      return {
        total,
        offset: page.offset,
        next: page.next,
        rows: filter.compare
          ? comparedAt(p.db, p.index(filter.compare.run, index.labels), rows)
          : rows,
        columns: metaColumns(p.db).map((m) => m.name),
      };
    },
    async 'examples.count'({ run, labels, filter }) {
      const p = current(state);
      const { index, cols } = p.view(run, labels);
      return { total: p.matching(index, cols, filter).total };
    },
    async 'examples.get'({ id, run, labels }) {
      const p = current(state);
      return exampleDetail(p, p.index(run, labels), id);
    },
    async 'examples.export'({ run, labels, filter, sort, path }) {
      const p = current(state);
      const { index, cols } = p.view(run, labels);
      const file = exportExamplesCsv(p, index, cols, filter, sort);
      if (path === undefined) return file;
      saveExport(path, file.text, 'the examples');
      return { ...file, savedTo: path };
    },
    async 'examples.confusion'({ run, labels, filter }) {
      const p = current(state);
      const { index, cols } = p.view(run, labels);
      const empty = Object.keys(filter).length === 0;
      return confusion(index, cols(), empty ? null : p.matching(index, cols, filter).bits);
    },
  };
}
