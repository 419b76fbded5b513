/**
 * The memo's gap × share chart as an SVG string: the dashboard's picture (each slice's gap to
 * human level against its share of the data, with curves of equal potential gain), drawn with
 * presentation attributes only so it needs no stylesheet, script or font.
 */
import {
  GAP_SHARE_CHART,
  isoGainCurve,
  labelPlacer,
  linear,
  niceTicks,
  topGainIds,
} from '../../../shared/chart-scale.ts';
import { formatPercent } from '../../../shared/format.ts';
import type { SliceFigures } from '../../../shared/report.ts';
import { escapeHtml } from './escape.ts';

/** The memo's width (the page's column); the rest as on the dashboard. */
const W = 420;
const { height: H, margin: M, maxPoints: MAX_POINTS, labelled: LABELLED } = GAP_SHARE_CHART;
const C = GAP_SHARE_CHART.colours;
const R = GAP_SHARE_CHART.dotRadius;

const short = (name: string) => (name.length > 24 ? `${name.slice(0, 23)}…` : name);
const num = (v: number) => Number(v.toFixed(2)).toString();

/**
 * The chart of the slices that have a gap (in the report's order). Too-small slices are drawn
 * hollow and grey; gaps beyond the axis are triangles at its edge. Returns an empty-state SVG when
 * no slice has a gap (no HLP known).
 */
export function gapShareSvg(slices: SliceFigures[]): string {
  const points = slices.filter((s) => s.gap !== null).slice(0, MAX_POINTS);
  const open = `<svg class="gap-share" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="gap to human level against share of data per slice" font-family="sans-serif" font-size="10">`;
  if (points.length === 0) {
    return `${open}<text x="${W / 2}" y="${H / 2}" text-anchor="middle" fill="${C.muted}">No slice has a gap: no human-level performance is known.</text></svg>`;
  }
  // The scale follows the slices big enough to trust (as on the dashboard).
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
    `<text transform="translate(12 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle" fill="${C.fg}">gap (HLP − accuracy)</text>`,
    `<line x1="${M.left}" x2="${W - M.right}" y1="${num(y(0))}" y2="${num(y(0))}" stroke="${C.muted}"/>`,
  );
  const gains = points.map((s) => s.potential_gain ?? 0);
  for (const g of niceTicks(0, Math.max(...gains, 1e-4), 3).filter((v) => v > 0)) {
    const pts = isoGainCurve(g, y1);
    if (pts.length === 0) continue;
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
