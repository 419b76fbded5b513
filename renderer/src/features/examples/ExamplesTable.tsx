import {
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type ColumnSizingState,
  type VisibilityState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ExampleRow, ExampleSort } from '../../../../shared/examples.ts';
import { formatCount } from '../../../../shared/format.ts';
import { ColumnsMenu } from '../../components/ColumnsMenu.tsx';
import { usePersistentState } from '../../stores/persistent-state.ts';
import { useUi } from '../../stores/ui.ts';
import {
  BASE_COLUMNS,
  comparedColumn,
  metaColumn,
  sortable,
  type CellContext,
  type ExampleColumn,
} from './columns.tsx';
import { useRowSlots, useSteadyRange } from './row-slots.ts';
import { PAGE_SIZE, useExamplePages, type ExampleView } from './use-example-pages.ts';

const ROW_HEIGHT = 30;
/** The checkbox column's width (styles.css .cell.select). */
const SELECT_WIDTH = 36;
/**
 * Column widths that fit `avail` pixels: when the columns' widths add up to more, each column the
 * user has not resized gives up the same share of what it has above its own minimum (a figure
 * keeps room for "100.0%"; text truncates with an ellipsis and a tooltip), so a 1024 px window
 * cuts no column off. Resized columns keep their width.
 */
export function fitWidths(
  columns: readonly { size: number; min: number; resized: boolean }[],
  avail: number,
): number[] {
  const total = columns.reduce((w, c) => w + c.size, 0);
  if (avail <= 0 || total <= avail) return columns.map((c) => c.size);
  const floor = (c: { size: number; min: number; resized: boolean }) =>
    c.resized ? c.size : Math.min(c.size, c.min);
  const mins = columns.reduce((w, c) => w + floor(c), 0);
  const k = total > mins ? Math.max(0, Math.min(1, (avail - mins) / (total - mins))) : 1;
  return columns.map((c) => Math.floor(floor(c) + (c.size - floor(c)) * k));
}

interface Layout {
  visibility: VisibilityState;
  sizing: ColumnSizingState;
}

/** Column choice and widths, remembered per project. */
function useLayout(project: string | null) {
  return usePersistentState<Layout>(`headroom.columns.${project ?? ''}`, {
    visibility: {},
    sizing: {},
  });
}

export interface ExamplesTableProps {
  view: ExampleView;
  cellContext: CellContext;
  /** Index of the current example in the list (the detail pane's), or -1. */
  currentIndex: number;
  onCurrent(index: number, row: ExampleRow): void;
  selected: ReadonlySet<string>;
  onToggleSelect(id: string): void;
  onSort(sort: ExampleSort): void;
  /** Lets the screen find rows (keyboard moves) and scroll. */
  bind(api: {
    rowAt(i: number): ExampleRow | undefined;
    total: number;
    scrollTo(i: number): void;
    /** Examples a line shows (keyboard moves up and down): 1 here, a row's cells in the grid. */
    lanes: number;
  }): void;
}

/**
 * The examples table: TanStack Table holds the column model (visibility, widths), a virtualizer
 * renders only the rows in view, and rows come page by page from the engine.
 */
export function ExamplesTable(props: ExamplesTableProps) {
  const { view } = props;
  const project = useUi((s) => s.projectPath);
  const scroller = useRef<HTMLDivElement>(null);
  // The pages under the viewport, as state that changes only when a page boundary is crossed:
  // a scroll within a page renders no more than the rows that came into view.
  const [span, setSpan] = useState<[number, number]>([0, 0]);
  // One page either side is fetched ahead, so a scroll finds its rows loaded instead of drawing
  // placeholders and then drawing the rows again.
  const pages = useMemo(() => {
    const out: number[] = [];
    for (let p = Math.max(0, span[0] - 1); p <= span[1] + 1; p++) out.push(p);
    return out;
  }, [span]);
  const data = useExamplePages(view, pages);
  const comparedRun = view.filter.compare?.run;
  const specs = useMemo<ExampleColumn[]>(() => {
    const base = [...BASE_COLUMNS];
    // Comparing with run A: A's prediction right after B's.
    if (comparedRun !== undefined) {
      const at = base.findIndex((c) => c.id === 'prediction') + 1;
      base.splice(at, 0, comparedColumn(comparedRun));
    }
    return [...base, ...data.columns.map(metaColumn)];
  }, [data.columns, comparedRun]);
  const [layout, setLayout] = useLayout(project);
  const columnDefs = useMemo<ColumnDef<ExampleRow>[]>(
    () => specs.map((c) => ({ id: c.id, header: c.header, size: c.size, minSize: 40 })),
    [specs],
  );
  const table = useReactTable<ExampleRow>({
    data: [],
    columns: columnDefs,
    state: { columnVisibility: layout.visibility, columnSizing: layout.sizing },
    onColumnVisibilityChange: (u) =>
      setLayout((l) => ({ ...l, visibility: typeof u === 'function' ? u(l.visibility) : u })),
    onColumnSizingChange: (u) =>
      setLayout((l) => ({ ...l, sizing: typeof u === 'function' ? u(l.sizing) : u })),
    columnResizeMode: 'onChange',
    getCoreRowModel: getCoreRowModel(),
  });
  const visible = table.getVisibleLeafColumns();
  const specById = useMemo(() => new Map(specs.map((s) => [s.id, s])), [specs]);
  // The table's visible width, so the columns can be fitted to it (issue #20.11), and the height
  // of its sticky header, which covers the top of the rows.
  const [avail, setAvail] = useState(0);
  const head = useRef<HTMLDivElement>(null);
  const [headHeight, setHeadHeight] = useState(0);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => {
      setAvail(el.clientWidth);
      setHeadHeight(head.current?.offsetHeight ?? 0);
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    if (head.current) ro.observe(head.current);
    return () => ro.disconnect();
  }, []);
  const fitted = fitWidths(
    visible.map((c) => ({
      size: c.getSize(),
      min: specById.get(c.id)?.minSize ?? 60,
      resized: Object.hasOwn(layout.sizing, c.id),
    })),
    avail - SELECT_WIDTH,
  );
  const fittedById = new Map(visible.map((c, k) => [c.id, fitted[k] as number]));
  const width = fitted.reduce((w, x) => w + x, SELECT_WIDTH);
  // What a row draws, stable while the columns and their widths stay: rows are memoized, so a
  // scroll renders only the rows that came into view.
  const widths = visible.map((c, k) => `${c.id}:${fitted[k]}`).join(',');
  const cells = useMemo(
    () =>
      widths.split(',').map((w) => {
        const i = w.lastIndexOf(':');
        return {
          spec: specById.get(w.slice(0, i)) as ExampleColumn,
          width: Number(w.slice(i + 1)),
        };
      }),
    [widths, specById],
  );
  const handlers = useRef(props);
  handlers.current = props;
  const pick = useCallback((i: number, r: ExampleRow) => handlers.current.onCurrent(i, r), []);
  const select = useCallback((id: string) => handlers.current.onToggleSelect(id), []);

  const steadyRange = useSteadyRange();
  const virtualizer = useVirtualizer({
    count: data.total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 4,
    rangeExtractor: steadyRange,
    // The rows sit below the header in the scroller: a row scrolled to from above (↓ past the
    // bottom edge) ends the header's height further down than the virtualizer counts.
    scrollPaddingEnd: headHeight,
  });
  const items = virtualizer.getVirtualItems();
  // Rows are keyed by slot (useRowSlots): a row scrolled out hands its DOM to the row scrolled in,
  // so a scroll updates a few rows' text instead of creating, discarding or moving rows.
  const rows = useRowSlots(items);
  const loPage = Math.floor((items[0]?.index ?? 0) / PAGE_SIZE);
  const hiPage = Math.floor((items[items.length - 1]?.index ?? 0) / PAGE_SIZE);
  useEffect(() => {
    if (loPage !== span[0] || hiPage !== span[1]) setSpan([loPage, hiPage]);
  }, [loPage, hiPage, span]);
  const { bind } = props;
  useEffect(() => {
    bind({
      rowAt: data.rowAt,
      total: data.total,
      scrollTo: (i) => virtualizer.scrollToIndex(i, { align: 'auto' }),
      lanes: 1,
    });
  });

  const sortBy = (id: string) => {
    if (!sortable(id)) return;
    const dir = view.sort.key === id && view.sort.dir === 'asc' ? 'desc' : 'asc';
    props.onSort({ key: id as ExampleSort['key'], dir });
  };

  return (
    <div className="examples-table">
      <div className="columns-menu">
        <ColumnsMenu table={table} headerOf={(id) => specById.get(id)?.header ?? id} />
        <span className="count" aria-live="polite">
          {data.loading ? 'Loading…' : formatCount(data.total, 'example')}
        </span>
      </div>
      {data.error && <p className="error">{data.error.message}</p>}
      <div
        className="grid"
        ref={scroller}
        role="grid"
        aria-rowcount={data.total}
        aria-label="Examples"
      >
        <div className="grid-head" role="row" style={{ width }} ref={head}>
          <span className="cell select" role="columnheader" />
          {table.getFlatHeaders().map((h) =>
            h.column.getIsVisible() ? (
              <span
                key={h.id}
                role="columnheader"
                className={`cell${sortable(h.id) ? ' sortable' : ''}`}
                style={{ width: fittedById.get(h.id) ?? h.getSize() }}
                aria-sort={
                  view.sort.key === h.id
                    ? view.sort.dir === 'asc'
                      ? 'ascending'
                      : 'descending'
                    : 'none'
                }
                onClick={() => sortBy(h.id)}
                title={`${specById.get(h.id)?.header ?? h.id}${sortable(h.id) ? ': sort by this column' : ''}`}
              >
                {specById.get(h.id)?.header}
                {view.sort.key === h.id ? (view.sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                <span
                  className="resizer"
                  onMouseDown={h.getResizeHandler()}
                  onClick={(e) => e.stopPropagation()}
                  aria-hidden
                />
              </span>
            ) : null,
          )}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), width, position: 'relative' }}>
          {rows.map(({ item, slot }) => {
            const row = data.rowAt(item.index);
            return (
              <GridRow
                key={slot}
                index={item.index}
                start={item.start}
                row={row}
                current={item.index === props.currentIndex}
                selected={row ? props.selected.has(row.id) : false}
                cells={cells}
                ctx={props.cellContext}
                onPick={pick}
                onSelect={select}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

interface GridRowProps {
  index: number;
  start: number;
  row: ExampleRow | undefined;
  current: boolean;
  selected: boolean;
  cells: { spec: ExampleColumn; width: number }[];
  ctx: CellContext;
  onPick(index: number, row: ExampleRow): void;
  onSelect(id: string): void;
}

/** One row of the grid; re-renders only when its own data, state or the columns change. */
const GridRow = memo(function GridRow(p: GridRowProps) {
  const { row } = p;
  return (
    <div
      role="row"
      aria-rowindex={p.index + 1}
      aria-selected={p.current}
      data-id={row?.id}
      className={`grid-row${p.current ? ' current' : ''}${row?.correct === 0 ? ' wrong' : ''}`}
      style={{ transform: `translateY(${p.start}px)`, height: ROW_HEIGHT }}
      onClick={() => row && p.onPick(p.index, row)}
    >
      <span className="cell select">
        {row && (
          <input
            type="checkbox"
            aria-label={`Select ${row.id}`}
            checked={p.selected}
            onChange={() => p.onSelect(row.id)}
            onClick={(e) => e.stopPropagation()}
          />
        )}
      </span>
      {p.cells.map((c) => {
        const content = row ? c.spec.render(row, p.ctx) : '…';
        return (
          <span
            key={c.spec.id}
            className="cell"
            role="gridcell"
            style={{ width: c.width }}
            // A narrow column truncates its text: the tooltip shows it whole.
            title={typeof content === 'string' ? content : undefined}
          >
            {content}
          </span>
        );
      })}
    </div>
  );
});
