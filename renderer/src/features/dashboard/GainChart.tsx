import { memo } from 'react';
import type { SliceFigures } from '../../../../shared/report.ts';
import { DecisionMark } from '../decisions/DecisionBadge.tsx';
import { LABEL_CHAR_PX, chartLabel } from './chart-label.ts';

/** Potential gain per slice with its interval, the top slices by priority. */
export const GainChart = memo(function GainChart({
  slices,
  reference,
  width = 400,
}: {
  slices: SliceFigures[];
  reference: string;
  width?: number;
}) {
  const rows = slices.filter((s) => s.potential_gain !== null).slice(0, 12);
  const max = Math.max(...rows.map((s) => s.potential_gain_ci?.[1] ?? s.potential_gain ?? 0), 1e-9);
  const W = width;
  // The label column fits the longest name (at most 60% of the chart); a name still too long is
  // drawn by its short form (chartLabel), the full name in its tooltip.
  const fit = Math.floor((W * 0.6) / LABEL_CHAR_PX);
  const labels = rows.map((s) => chartLabel(s.name, fit));
  const labelW = Math.ceil(Math.max(60, ...labels.map((l) => l.length * LABEL_CHAR_PX)) + 10);
  const barW = W - labelW - 50;
  const rowH = 20;
  const x = (v: number) => labelW + (v / max) * barW;
  return (
    <figure className="chart">
      <figcaption>Potential gain against {reference} (gap × share), 95% interval</figcaption>
      <svg
        width={W}
        height={rows.length * rowH + 6}
        role="img"
        aria-label="potential gain per slice"
      >
        {rows.map((s, i) => {
          const y = i * rowH + 4;
          const g = s.potential_gain ?? 0;
          return (
            <g key={s.id}>
              <text x={labelW - 6} y={y + 11} textAnchor="end" className="chart-label">
                <title>{s.name}</title>
                {labels[i]}
              </text>
              <DecisionMark slice={s.name} x={0} y={y + 11} />
              <rect
                x={labelW}
                y={y + 2}
                width={Math.max(1, x(g) - labelW)}
                height={rowH - 8}
                className={s.too_small ? 'bar muted' : 'bar'}
              />
              {s.potential_gain_ci && (
                <line
                  x1={x(s.potential_gain_ci[0])}
                  x2={x(s.potential_gain_ci[1])}
                  y1={y + 8}
                  y2={y + 8}
                  className="whisker"
                />
              )}
              <text
                x={x(Math.max(g, s.potential_gain_ci?.[1] ?? 0)) + 4}
                y={y + 11}
                className="chart-value"
              >
                {(g * 100).toFixed(2)}%
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
});
