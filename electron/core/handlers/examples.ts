import type { ExampleFilter } from '../../../shared/examples.ts';
import type { AnalysisIndex } from '../analysis/analysis-index.ts';
import { count, type Bits } from '../analysis/bitset.ts';
import { buildColumns, type ExampleColumns } from '../examples/columns.ts';
import { confusion } from '../examples/confusion.ts';
import { exampleDetail } from '../examples/detail.ts';
import { filterBits } from '../examples/filter.ts';
import { pagePositions } from '../examples/page.ts';
import { metaColumns, rowsAt } from '../examples/rows.ts';
import { sortOrder } from '../examples/sort.ts';
import {
  current,
  indexFor,
  type HandlerGroup,
  type OpenProject,
  type ServiceState,
} from './state.ts';

type Labels = 'original' | 'corrected';

/** The index and the typed columns of a run and label set (built once, then from memory). */
export function viewOf(
  p: OpenProject,
  run: string | undefined,
  labels: Labels | undefined,
): { index: AnalysisIndex; cols: () => ExampleColumns } {
  const index = indexFor(p, run, labels ?? 'original');
  const key = `${index.run.id}|${index.labels}|columns`;
  // Built on first need only: plain paging and bitset filters never need the typed columns.
  const cols = () => {
    let c = p.derived.get(key) as ExampleColumns | undefined;
    if (!c) {
      c = buildColumns(p.db, index);
      p.derived.set(key, c);
    }
    return c;
  };
  return { index, cols };
}

/** The filter's bits and their count, reused while the data version and the filter stay. */
export function matching(
  p: OpenProject,
  index: AnalysisIndex,
  cols: () => ExampleColumns,
  filter: ExampleFilter,
): { bits: Bits; total: number } {
  const key = `${index.run.id}|${index.labels}|last-filter`;
  const sig = `${p.knownVersion}|${JSON.stringify(filter)}`;
  const hit = p.derived.get(key) as { sig: string; bits: Bits; total: number } | undefined;
  if (hit?.sig === sig) return hit;
  const bits = filterBits(p, index, cols, filter);
  const entry = { sig, bits, total: count(bits) };
  p.derived.set(key, entry);
  return entry;
}

export function exampleHandlers(
  state: ServiceState,
): HandlerGroup<'examples.page' | 'examples.get' | 'examples.count' | 'examples.confusion'> {
  return {
    async 'examples.page'({ run, labels, filter, sort, after, offset, limit }) {
      const p = current(state);
      const { index, cols } = viewOf(p, run, labels);
      const { bits, total } = matching(p, index, cols, filter);
      const order = sortOrder(p, index, cols, sort);
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
      const { index, cols } = viewOf(p, run, labels);
      return { total: matching(p, index, cols, filter).total };
    },
    async 'examples.get'({ id, run, labels }) {
      const p = current(state);
      return exampleDetail(p, viewOf(p, run, labels).index, id);
    },
    async 'examples.confusion'({ run, labels, filter }) {
      const p = current(state);
      const { index, cols } = viewOf(p, run, labels);
      const empty = Object.keys(filter).length === 0;
      return confusion(index, cols(), empty ? null : matching(p, index, cols, filter).bits);
    },
  };
}
