import { memo, useEffect } from 'react';
import type { SliceFigures } from '../../../../shared/report.ts';
import { dialogOpen, isTyping, shortcutHint } from '../../keyboard/shortcuts.ts';
import { useUi } from '../../stores/ui.ts';
import { GainChart } from './GainChart.tsx';
import { GapShareChart } from './GapShareChart.tsx';

/** The dashboard's chart beside the table: potential gain bars, or gap against share (key g). */
export const SliceChart = memo(function SliceChart({
  slices,
  onOpen,
  reference,
  metric,
  overallHasGap,
  width = 400,
}: {
  slices: SliceFigures[];
  onOpen: (s: SliceFigures) => void;
  /** The reference's name: the gaps are measured against it ("humans", "run old"). */
  reference: string;
  /** The metric's name ("accuracy", "recall of cat"). */
  metric: string;
  /** All examples have a gap: a baseline exists, only the slices have none. */
  overallHasGap: boolean;
  /** The pane's width in px: the chart draws to it. */
  width?: number;
}) {
  const chart = useUi((s) => s.chart);
  const setChart = useUi((s) => s.setChart);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'g' || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (dialogOpen()) return;
      e.preventDefault();
      setChart(useUi.getState().chart === 'gain' ? 'scatter' : 'gain');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setChart]);
  const hint = shortcutHint('dash-chart');
  return (
    <div className="chart-panel">
      <span className="tabs" role="tablist" aria-label="Chart">
        <button
          type="button"
          role="tab"
          aria-selected={chart === 'gain'}
          onClick={() => setChart('gain')}
          title={hint}
        >
          Potential gain
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={chart === 'scatter'}
          onClick={() => setChart('scatter')}
          title={hint}
        >
          Gap × share
        </button>
      </span>
      {!slices.some((s) => s.gap !== null) ? (
        <p className="empty">
          {overallHasGap
            ? `No slice but all examples has a gap against ${reference}${metric === 'accuracy' ? '' : ` under ${metric}`}: the others are empty or repeat all examples.`
            : `No gap against ${reference} yet: the chart needs a baseline (human labels, a target or another run).`}
        </p>
      ) : chart === 'gain' ? (
        <GainChart slices={slices} reference={reference} width={width} />
      ) : (
        <GapShareChart
          slices={slices}
          onOpen={onOpen}
          reference={reference}
          metric={metric}
          width={width}
        />
      )}
    </div>
  );
});
