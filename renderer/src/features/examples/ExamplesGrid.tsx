import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ExampleRow } from '../../../../shared/examples.ts';
import { formatCount } from '../../../../shared/format.ts';
import { mediaKind } from '../../../../shared/media.ts';
import { thumbnailUrl } from '../../api/media-url.ts';
import { tagChips, type CellContext } from './columns.tsx';
import type { ExamplesTableProps } from './ExamplesTable.tsx';
import { useRowSlots, useSteadyRange } from './row-slots.ts';
import { PAGE_SIZE, useExamplePages } from './use-example-pages.ts';

/** The thumbnail size the engine makes (thumbnail.ts THUMBNAIL_SIZE). */
const THUMB = 96;
const CELL_WIDTH = 128;
const CELL_HEIGHT = 150;
/** Sizes as constant objects: React compares them by identity and writes nothing per render. */
const CELL_STYLE = { width: CELL_WIDTH, height: CELL_HEIGHT } as const;
const THUMB_STYLE = { width: THUMB, height: THUMB } as const;

/**
 * The examples as a grid of thumbnails (image inputs): the same pages and keyboard moves as the
 * table (useExamplePages, the screen's bind; with `lanes` the arrows move by cell and by row), a
 * virtualizer over rows of cells, and each cell the engine-made thumbnail, the label and
 * prediction, a right/wrong mark and the tags.
 */
export function ExamplesGrid(props: Omit<ExamplesTableProps, 'onSort'>) {
  const { view } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [lanes, setLanes] = useState(1);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const fit = () => setLanes(Math.max(1, Math.floor((el.clientWidth - 2) / CELL_WIDTH)));
    fit();
    const ro = new ResizeObserver(fit);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const [span, setSpan] = useState<[number, number]>([0, 0]);
  const pages = useMemo(() => {
    const out: number[] = [];
    for (let p = Math.max(0, span[0] - 1); p <= span[1] + 1; p++) out.push(p);
    return out;
  }, [span]);
  const data = useExamplePages(view, pages);
  const rowCount = Math.ceil(data.total / lanes);
  const steadyRange = useSteadyRange();
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scroller.current,
    estimateSize: () => CELL_HEIGHT,
    overscan: 2,
    rangeExtractor: steadyRange,
  });
  const items = virtualizer.getVirtualItems();
  const loPage = Math.floor(((items[0]?.index ?? 0) * lanes) / PAGE_SIZE);
  const hiPage = Math.floor((((items[items.length - 1]?.index ?? 0) + 1) * lanes - 1) / PAGE_SIZE);
  useEffect(() => {
    if (loPage !== span[0] || hiPage !== span[1]) setSpan([loPage, hiPage]);
  }, [loPage, hiPage, span]);
  const { bind } = props;
  useEffect(() => {
    bind({
      rowAt: data.rowAt,
      total: data.total,
      scrollTo: (i) => virtualizer.scrollToIndex(Math.floor(i / lanes), { align: 'auto' }),
      lanes,
    });
  });
  const handlers = useRef(props);
  handlers.current = props;
  const pick = useCallback((i: number, r: ExampleRow) => handlers.current.onCurrent(i, r), []);
  const rows = useRowSlots(items);

  return (
    <div className="examples-table">
      <div className="columns-menu">
        <span className="count" aria-live="polite">
          {data.loading ? 'Loading…' : formatCount(data.total, 'example')}
        </span>
      </div>
      {data.error && <p className="error">{data.error.message}</p>}
      <div
        className={`thumb-grid${virtualizer.isScrolling ? ' scrolling' : ''}`}
        ref={scroller}
        role="grid"
        aria-rowcount={rowCount}
        aria-colcount={lanes}
        aria-label="Examples grid"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {rows.map(({ item, slot }) => (
            <div
              key={slot}
              role="row"
              aria-rowindex={item.index + 1}
              className="thumb-row"
              style={{ transform: `translateY(${item.start}px)`, height: CELL_HEIGHT }}
            >
              {Array.from({ length: lanes }, (_, lane) => {
                const index = item.index * lanes + lane;
                if (index >= data.total) return null;
                return (
                  <ThumbCell
                    key={lane}
                    index={index}
                    row={data.rowAt(index)}
                    current={index === props.currentIndex}
                    ctx={props.cellContext}
                    onPick={pick}
                  />
                );
              })}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

interface ThumbCellProps {
  index: number;
  row: ExampleRow | undefined;
  current: boolean;
  ctx: CellContext;
  onPick(index: number, row: ExampleRow): void;
}

/**
 * One cell: the thumbnail (a grey placeholder until it loads), label, prediction, mark, tags. A
 * cell keeps the same elements whether its row has loaded or not (only their text changes), and its
 * caption is one text node: a scroll rewrites a few texts instead of building elements.
 */
const ThumbCell = memo(function ThumbCell({ index, row, current, ctx, onPick }: ThumbCellProps) {
  const wrong = row?.correct === 0;
  return (
    <div
      role="gridcell"
      aria-selected={current}
      data-id={row?.id}
      data-index={index}
      className={`thumb-cell${current ? ' current' : ''}${wrong ? ' wrong' : ''}`}
      style={CELL_STYLE}
      onClick={() => row && onPick(index, row)}
      title={row ? `${row.id}: ${row.input ?? ''}` : undefined}
    >
      <div className="thumb" style={THUMB_STYLE}>
        {row?.input && mediaKind(row.input) === 'image' ? (
          <img
            key={row.id}
            src={thumbnailUrl(row.id, THUMB)}
            alt={row.input}
            width={THUMB}
            height={THUMB}
            decoding="async"
            draggable={false}
          />
        ) : (
          <span className="thumb-text">{row ? (row.input ?? row.id) : '…'}</span>
        )}
      </div>
      <div className="thumb-caption">
        <span
          className={wrong ? 'mark bad' : 'mark good'}
          aria-label={row ? (wrong ? 'wrong' : 'right') : undefined}
        >
          {row ? (wrong ? '✗' : '✓') : ''}
        </span>
        <span title={row ? 'label → prediction' : undefined}>
          {row ? `${row.label ?? '—'} → ${row.prediction ?? '—'}` : ''}
        </span>
      </div>
      {row ? tagChips(row, ctx) : <span className="tag-list" />}
    </div>
  );
});
