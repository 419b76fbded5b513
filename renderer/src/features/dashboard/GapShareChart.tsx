import { memo } from 'react';
import type { SliceFigures } from '../../../../shared/report.ts';
import {
  GAP_SHARE_CHART,
  gapShareScale,
  labelPlacer,
  topGainIds,
} from '../../../../shared/chart-scale.ts';
import { DecisionMark } from '../decisions/DecisionBadge.tsx';
import { LABEL_CHAR_PX, chartLabel } from './chart-label.ts';
import { pct } from './format.ts';

const { height: H, margin: M, labelled: LABELLED } = GAP_SHARE_CHART;

/**
 * Ng's picture of headroom: each slice's gap to the reference (human level by default) against its share of the data, with
 * curves of equal potential gain (gap × share). Slices far up and to the right matter most.
 * Vertical whiskers are the gap's 95% interval; a triangle marks a gap beyond the axis (its
 * tooltip has the value); a click opens the slice's examples.
 */
export const GapShareChart = memo(function GapShareChart({
  slices,
  onOpen,
  reference,
  metric,
  width = 400,
}: {
  slices: SliceFigures[];
  onOpen: (s: SliceFigures) => void;
  /** What the gap is against ("humans", "run old"). */
  reference: string;
  /** The metric's name ("accuracy", "recall of cat"). */
  metric: string;
  width?: number;
}) {
  const W = width;
  const { points, yTicks, tickDigits, y0, y1, x, y, clampY, curves } = gapShareScale(slices, W, 4);
  const labelled = topGainIds(points, LABELLED);
  // A label is drawn only where it overlaps no label already drawn (boxes estimated from the
  // text's length at the chart's 11px font).
  const labelFits = labelPlacer(11);
  return (
    <figure className="chart">
      <figcaption>
        Gap to {reference === 'humans' ? 'human level' : reference} against share of data; curves of
        equal potential gain (right)
      </figcaption>
      <svg width={W} height={H} role="img" aria-label="gap against share per slice">
        {yTicks.map((t) => (
          <g key={`y${t}`}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} className="grid" />
            <text x={M.left - 6} y={y(t) + 4} textAnchor="end" className="chart-value">
              {pct(t, tickDigits)}
            </text>
          </g>
        ))}
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <text
            key={`x${t}`}
            x={x(t)}
            y={H - M.bottom + 16}
            textAnchor="middle"
            className="chart-value"
          >
            {pct(t, 0)}
          </text>
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - 6} textAnchor="middle" className="chart-label">
          share of data
        </text>
        <text
          transform={`translate(12 ${(M.top + H - M.bottom) / 2}) rotate(-90)`}
          textAnchor="middle"
          className="chart-label"
        >
          gap ({reference === 'humans' ? 'HLP' : reference} − {metric})
        </text>
        <line x1={M.left} x2={W - M.right} y1={y(0)} y2={y(0)} className="zero" />
        {curves.map(({ g, pts }) => {
          return (
            <g key={`c${g}`} className="iso">
              <path d={pts.map(([s, v], i) => `${i ? 'L' : 'M'}${x(s)},${y(v)}`).join('')} />
              <text x={x(1) + 4} y={y(g) + 4} className="chart-value iso-label">
                {pct(g, g < 0.01 ? 2 : 1)}
              </text>
            </g>
          );
        })}
        {points.map((s) => {
          const cx = x(s.share);
          const gap = s.gap as number;
          const clipped = gap < y0 || gap > y1;
          const cy = clampY(gap);
          const text = chartLabel(s.name, Math.floor((W * 0.5) / LABEL_CHAR_PX));
          const textW = text.length * LABEL_CHAR_PX;
          const right = cx + 6 + textW > W - M.right; // a label near the right edge goes on the left
          const label =
            labelled.has(s.id) &&
            (right ? cx - 6 - textW >= 0 : cx + 6 + textW <= W) &&
            labelFits(right ? cx - 6 - textW : cx + 6, right ? cx - 6 : cx + 6 + textW, cy - 6);
          return (
            <g
              key={s.id}
              className={s.too_small ? 'dot muted' : 'dot'}
              data-slice={s.id}
              onClick={() => onOpen(s)}
            >
              <title>
                {`${s.name}: gap ${pct(s.gap as number, 1)}, share ${pct(s.share, 1)}, potential gain ${pct(
                  s.potential_gain,
                  2,
                )}${s.too_small ? ' (too small)' : ''}`}
              </title>
              {s.gap_ci && !s.too_small && (
                <line
                  x1={cx}
                  x2={cx}
                  y1={clampY(s.gap_ci[0])}
                  y2={clampY(s.gap_ci[1])}
                  className="ci"
                />
              )}
              {clipped ? (
                <path
                  d={
                    gap < y0
                      ? `M${cx - 4},${cy - 6}L${cx + 4},${cy - 6}L${cx},${cy}Z`
                      : `M${cx - 4},${cy + 6}L${cx + 4},${cy + 6}L${cx},${cy}Z`
                  }
                  className="clipped"
                />
              ) : (
                <circle cx={cx} cy={cy} r={GAP_SHARE_CHART.dotRadius} />
              )}
              <DecisionMark slice={s.name} x={cx} y={cy + 15} anchor="middle" />
              {label && (
                <text
                  x={right ? cx - 6 : cx + 6}
                  y={cy - 6}
                  textAnchor={right ? 'end' : 'start'}
                  className="chart-label"
                >
                  {text}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
});
