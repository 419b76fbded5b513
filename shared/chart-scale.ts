/**
 * Axis helpers of the gap × share charts (the dashboard's and the memo's): plain numbers in, plain
 * numbers out.
 */

/** About `count` round tick values within [min, max] (steps of 1, 2 or 5 times a power of 10). */
export function niceTicks(min: number, max: number, count: number): number[] {
  if (!(max > min) || count < 1) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power; // in [1, 10)
  const step = (m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10) * power;
  const out: number[] = [];
  for (let v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) {
    out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  }
  return out;
}

/** A linear map of [d0, d1] onto [r0, r1]. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/**
 * The points (share, gap) of the curve gap × share = gain, from where it enters the plot
 * (gap = gapMax) to share = 1: every slice on it would add `gain` to overall accuracy at HLP.
 * None when the curve lies wholly above the plot (gain > gapMax).
 */
export function isoGainCurve(gain: number, gapMax: number, steps = 40): [number, number][] {
  if (!(gain > 0) || !(gain <= gapMax)) return [];
  const start = gain / gapMax;
  const out: [number, number][] = [];
  for (let i = 0; i <= steps; i++) {
    const share = start + ((1 - start) * i) / steps;
    out.push([share, gain / share]);
  }
  return out;
}

/** The ids of the `count` points with the largest positive potential gain: the ones labelled. */
export function topGainIds(
  points: readonly { id: string; potential_gain: number | null }[],
  count: number,
): Set<string> {
  return new Set(
    points
      .filter((s) => (s.potential_gain ?? 0) > 0)
      .sort((a, b) => (b.potential_gain ?? 0) - (a.potential_gain ?? 0))
      .slice(0, count)
      .map((s) => s.id),
  );
}

/**
 * Places text labels without overlap: `fits(x0, x1, baseline)` answers whether a label whose box
 * spans x0..x1 and (fontPx above, 2 below) the baseline overlaps none placed so far, and if so
 * places it.
 */
export function labelPlacer(fontPx: number): (x0: number, x1: number, baseline: number) => boolean {
  const placed: { x0: number; x1: number; y0: number; y1: number }[] = [];
  return (x0, x1, baseline) => {
    const box = { x0, x1, y0: baseline - fontPx, y1: baseline + 2 };
    if (placed.some((b) => b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1)) {
      return false;
    }
    placed.push(box);
    return true;
  };
}

/**
 * The gap × share chart's sizes and colours, one source for the dashboard's (GapShareChart, its
 * colours through styles.css) and the memo's (memo-svg, which has no stylesheet). The colours are
 * the light theme's of styles.css (:root --accent, --accent-soft, --muted, --line, --fg); a test
 * keeps the two equal (test/memo/chart-constants.test.ts).
 */
export const GAP_SHARE_CHART = {
  height: 300,
  margin: { left: 52, right: 44, top: 12, bottom: 40 },
  /** At most this many points, the highest priority first (a chart of thousands tells nothing). */
  maxPoints: 200,
  /** The slices with the largest potential gain get their name beside their point. */
  labelled: 5,
  dotRadius: 4,
  colours: {
    accent: '#2563eb',
    accentSoft: '#bfdbfe',
    muted: '#6b7280',
    line: '#e5e7eb',
    fg: '#1d1f23',
  },
} as const;

/** What the gap × share chart needs of a slice. */
export interface GapSharePoint {
  gap: number | null;
  share: number;
  too_small: boolean;
  potential_gain: number | null;
}

/**
 * The gap × share chart's scales, one computation for the dashboard's and the memo's: the slices
 * that have a gap (the report's first GAP_SHARE_CHART.maxPoints), the y axis fitted to the ones big
 * enough to trust (a noisy tiny slice or a far negative gap is drawn clipped at the edge rather
 * than squashing the rest), its ticks and their digits, the two maps, and `curves` iso-gain curves
 * at about that many round gains.
 */
export function gapShareScale<T extends GapSharePoint>(
  slices: readonly T[],
  width: number,
  curves: number,
): {
  points: T[];
  yTicks: number[];
  tickDigits: number;
  y0: number;
  y1: number;
  x: (share: number) => number;
  y: (gap: number) => number;
  /** y of a gap clipped to the axis. */
  clampY: (gap: number) => number;
  curves: { g: number; pts: [number, number][] }[];
} {
  const { height: H, margin: M, maxPoints } = GAP_SHARE_CHART;
  const points = slices.filter((s) => s.gap !== null).slice(0, maxPoints);
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
  const x = linear(0, 1, M.left, width - M.right);
  const y = linear(y0, y1, H - M.bottom, M.top);
  const gains = points.map((s) => s.potential_gain ?? 0);
  return {
    points,
    yTicks,
    tickDigits,
    y0,
    y1,
    x,
    y,
    clampY: (v) => y(Math.min(y1, Math.max(y0, v))),
    curves: niceTicks(0, Math.max(...gains, 1e-4), curves)
      .filter((g) => g > 0)
      .map((g) => ({ g, pts: isoGainCurve(g, y1) }))
      .filter((c) => c.pts.length > 0),
  };
}
