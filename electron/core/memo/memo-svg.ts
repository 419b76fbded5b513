/**
 * The memo's gap × share chart as an SVG string: the dashboard's picture (each slice's gap to
 * human level against its share of the data, with curves of equal potential gain), drawn with
 * presentation attributes only so it needs no stylesheet, script or font.
 */
import {
  GAP_SHARE_CHART,
  gapShareScale,
  labelPlacer,
  topGainIds,
} from '../../../shared/chart-scale.ts';
import { formatPercent } from '../../../shared/format.ts';
import { metricName, referenceLabel, referencePhrase } from '../../../shared/figure-names.ts';
import type { Report, SliceFigures } from '../../../shared/report.ts';
import { escapeHtml } from './escape.ts';

/** The memo's width (the page's column); the rest as on the dashboard. */
const W = 420;
const { height: H, margin: M, labelled: LABELLED } = GAP_SHARE_CHART;
const C = GAP_SHARE_CHART.colours;
const R = GAP_SHARE_CHART.dotRadius;

const short = (name: string) => (name.length > 24 ? `${name.slice(0, 23)}…` : name);
const num = (v: number) => Number(v.toFixed(2)).toString();

/**
 * The chart of the slices that have a gap (in the report's order), named by the report's metric
 * and reference (a report without them: accuracy against humans). Too-small slices are drawn
 * hollow and grey; gaps beyond the axis are triangles at its edge. Returns an empty-state SVG when
 * no slice has a gap (no reference value known).
 */
export function gapShareSvg(
  slices: SliceFigures[],
  names: Pick<Report, 'metric' | 'reference'> = {},
): string {
  const against = referencePhrase(names.reference);
  const { points, yTicks, tickDigits, y0, y1, x, y, clampY, curves } = gapShareScale(slices, W, 3);
  const open = `<svg class="gap-share" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="gap to ${escapeHtml(against)} against share of data per slice" font-family="sans-serif" font-size="10">`;
  if (points.length === 0) {
    return `${open}<text x="${W / 2}" y="${H / 2}" text-anchor="middle" fill="${C.muted}">No slice has a gap: ${names.reference === undefined || names.reference === 'hlp' ? 'no human-level performance is known' : `no slice has a value of ${escapeHtml(against)}`}.</text></svg>`;
  }
  const out: string[] = [open];
  for (const t of yTicks) {
    out.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${num(y(t))}" y2="${num(y(t))}" stroke="${C.line}"/>`,
      `<text x="${M.left - 6}" y="${num(y(t) + 4)}" text-anchor="end" fill="${C.muted}">${formatPercent(t, tickDigits)}</text>`,
    );
  }
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    out.push(
      `<text x="${num(x(t))}" y="${H - M.bottom + 16}" text-anchor="middle" fill="${C.muted}">${formatPercent(t, 0)}</text>`,
    );
  }
  out.push(
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 6}" text-anchor="middle" fill="${C.fg}">share of data</text>`,
    `<text transform="translate(12 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle" fill="${C.fg}">gap (${escapeHtml(referenceLabel(names.reference))} − ${escapeHtml(metricName(names.metric))})</text>`,
    `<line x1="${M.left}" x2="${W - M.right}" y1="${num(y(0))}" y2="${num(y(0))}" stroke="${C.muted}"/>`,
  );
  for (const { g, pts } of curves) {
    const d = pts.map(([s, v], i) => `${i ? 'L' : 'M'}${num(x(s))},${num(y(v))}`).join('');
    out.push(
      `<path d="${d}" fill="none" stroke="${C.accentSoft}" stroke-width="1.5" stroke-dasharray="3 3"/>`,
      `<text x="${num(x(1) + 4)}" y="${num(y(g) + 4)}" fill="${C.muted}">${formatPercent(g, g < 0.01 ? 2 : 1)}</text>`,
    );
  }
  const labelled = topGainIds(points, LABELLED);
  // A label is drawn only where it overlaps no label already drawn (boxes estimated from the
  // text's length at 10px).
  const fits = labelPlacer(10);
  for (const s of points) {
    const cx = x(s.share);
    const gap = s.gap as number;
    const cy = clampY(gap);
    const colour = s.too_small ? C.muted : C.accent;
    const tip = `${s.name}: gap ${formatPercent(gap, 1)}, share ${formatPercent(s.share, 1)}, potential gain ${formatPercent(s.potential_gain, 2)}${s.too_small ? ' (too small)' : ''}`;
    out.push(`<g class="dot"><title>${escapeHtml(tip)}</title>`);
    if (s.gap_ci && !s.too_small) {
      out.push(
        `<line x1="${num(cx)}" x2="${num(cx)}" y1="${num(clampY(s.gap_ci[0]))}" y2="${num(clampY(s.gap_ci[1]))}" stroke="${colour}" stroke-opacity="0.5"/>`,
      );
    }
    if (gap < y0 || gap > y1) {
      const dy = gap < y0 ? -6 : 6;
      out.push(
        `<path d="M${num(cx - 4)},${num(cy + dy)}L${num(cx + 4)},${num(cy + dy)}L${num(cx)},${num(cy)}Z" fill="${colour}"/>`,
      );
    } else if (s.too_small) {
      out.push(`<circle cx="${num(cx)}" cy="${num(cy)}" r="${R}" fill="none" stroke="${colour}"/>`);
    } else {
      out.push(`<circle cx="${num(cx)}" cy="${num(cy)}" r="${R}" fill="${colour}"/>`);
    }
    if (labelled.has(s.id)) {
      const text = short(s.name);
      const textW = text.length * 5.6;
      const right = cx + 6 + textW > W - M.right;
      const lx = right ? cx - 6 : cx + 6;
      if (fits(right ? cx - 6 - textW : cx + 6, right ? cx - 6 : cx + 6 + textW, cy - 6)) {
        out.push(
          `<text x="${num(lx)}" y="${num(cy - 6)}" text-anchor="${right ? 'end' : 'start'}" fill="${C.fg}">${escapeHtml(text)}</text>`,
        );
      }
    }
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('');
}
