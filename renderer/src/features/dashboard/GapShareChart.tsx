import { memo } from 'react';
import type { SliceFigures } from '../../../../shared/report.ts';
import {
  GAP_SHARE_CHART,
  isoGainCurve,
  labelPlacer,
  linear,
  niceTicks,
  topGainIds,
} from '../../../../shared/chart-scale.ts';
import { DecisionMark } from '../decisions/DecisionBadge.tsx';
import { LABEL_CHAR_PX, chartLabel } from './chart-label.ts';
import { pct } from './format.ts';

const { height: H, margin: M, maxPoints: MAX_POINTS, labelled: LABELLED } = GAP_SHARE_CHART;

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
  width = 400,
}: {
  slices: SliceFigures[];
  onOpen: (s: SliceFigures) => void;
  /** What the gap is against ("humans", "run old"). */
  reference: string;
  width?: number;
}) {
  const W = width;
  const points = slices.filter((s) => s.gap !== null).slice(0, MAX_POINTS);
  // The scale follows the slices big enough to trust; a noisy tiny slice or a far negative gap
  // (no headroom there) is drawn clipped at the edge rather than squashing the rest.
  const trusted = points.filter((s) => !s.too_small);
  const gaps = (trusted.length > 0 ? trusted : points).map((s) => s.gap as number);
  const gapMax = Math.max(...gaps, 0.01);
  const gapMin = Math.max(Math.min(...gaps, 0), -gapMax);
  const pad = (gapMax - gapMin) * 0.06;
  const yTicks = niceTicks(gapMin - pad, gapMax + pad, 6);
  const step = yTicks.length > 1 ? (yTicks[1] as number) - (yTicks[0] as number) : 0.01;
  const tickDigits = step >= 0.01 - 1e-12 ? 0 : step >= 0.001 - 1e-12 ? 1 : 2;
  const y0 = Math.min(gapMin - pad, yTicks[0] as number);
  const y1 = Math.max(gapMax + pad, yTicks[yTicks.length - 1] as number);
  const x = linear(0, 1, M.left, W - M.right);
  const y = linear(y0, y1, H - M.bottom, M.top);
  const clampY = (v: number) => y(Math.min(y1, Math.max(y0, v)));
  const gains = points.map((s) => s.potential_gain ?? 0);
  const curves = niceTicks(0, Math.max(...gains, 1e-4), 4)
    .filter((g) => g > 0)
    .map((g) => ({ g, pts: isoGainCurve(g, y1) }))
    .filter((c) => c.pts.length > 0);
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
          gap ({reference === 'humans' ? 'HLP' : reference} − model)
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
