import { confusion } from '../examples/confusion.ts';
import { exampleDetail } from '../examples/detail.ts';
import { pagePositions } from '../examples/page.ts';
import { metaColumns, rowsAt } from '../examples/rows.ts';
import { current, type HandlerGroup, type ServiceState } from './state.ts';

export function exampleHandlers(
  state: ServiceState,
): HandlerGroup<'examples.page' | 'examples.get' | 'examples.count' | 'examples.confusion'> {
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
      return {
        total,
        offset: page.offset,
        next: page.next,
        rows: rowsAt(p.db, index, page.positions),
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
    async 'examples.confusion'({ run, labels, filter }) {
      const p = current(state);
      const { index, cols } = p.view(run, labels);
      const empty = Object.keys(filter).length === 0;
      return confusion(index, cols(), empty ? null : p.matching(index, cols, filter).bits);
    },
  };
}
