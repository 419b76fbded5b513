import { useEffect, useRef, useState, type ReactNode } from 'react';
import { usePersistentState } from '../../stores/persistent-state.ts';

/** The chart pane's width range in px; a window narrower than STACK_BELOW puts it under the table. */
export const CHART_MIN = 320;
export const CHART_MAX = 900;
const CHART_DEFAULT = 400;
const STACK_BELOW = 1280;
const KEY_STEP = 20;

function useNarrow(): boolean {
  const query = `(max-width: ${STACK_BELOW - 1}px)`;
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const m = window.matchMedia(query);
    const on = () => setNarrow(m.matches);
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, [query]);
  return narrow;
}

const clamp = (w: number) => Math.round(Math.min(CHART_MAX, Math.max(CHART_MIN, w)));

/**
 * The dashboard's table and chart side by side with a drag handle between them (arrow keys move
 * it too; the width is remembered with the view preferences). Below 1280 px the chart goes under
 * the table at the table's width, so no table column is cut off.
 */
export function DashboardSplit({
  table,
  chart,
}: {
  table: ReactNode;
  chart: (width: number) => ReactNode;
}) {
  const [prefs, setPrefs] = usePersistentState('headroom.dashboard.split', {
    chart: CHART_DEFAULT,
  });
  const width = clamp(typeof prefs.chart === 'number' ? prefs.chart : CHART_DEFAULT);
  const narrow = useNarrow();
  const drag = useRef<{ x: number; w: number } | null>(null);
  const setWidth = (w: number) => setPrefs({ chart: clamp(w) });
  if (narrow) {
    return (
      <div className="dash-split stacked">
        <div className="dash-table">{table}</div>
        <div className="dash-chart">{chart(Math.min(width, window.innerWidth - 48))}</div>
      </div>
    );
  }
  return (
    <div className="dash-split">
      <div className="dash-table">{table}</div>
      <div
        className="dash-handle"
        role="separator"
        aria-orientation="vertical"
        aria-label="Chart width"
        aria-valuemin={CHART_MIN}
        aria-valuemax={CHART_MAX}
        aria-valuenow={width}
        tabIndex={0}
        title="Drag, or use the arrow keys, to resize the chart"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          drag.current = { x: e.clientX, w: width };
        }}
        onPointerMove={(e) => {
          if (drag.current) setWidth(drag.current.w - (e.clientX - drag.current.x));
        }}
        onPointerUp={() => (drag.current = null)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowLeft') setWidth(width + KEY_STEP);
          else if (e.key === 'ArrowRight') setWidth(width - KEY_STEP);
          else return;
          e.preventDefault();
        }}
      />
      <div className="dash-chart" style={{ width }}>
        {chart(width)}
      </div>
    </div>
  );
}
