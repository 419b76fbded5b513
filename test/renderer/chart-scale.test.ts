import { describe, expect, it } from 'vitest';
import {
  GAP_SHARE_CHART,
  gapShareScale,
  isoGainCurve,
  linear,
  niceTicks,
} from '../../shared/chart-scale.ts';

describe('dashboard chart scales', () => {
  it('niceTicks gives round steps of 1, 2 or 5 inside the range', () => {
    expect(niceTicks(-0.079, 0.075, 6)).toEqual([-0.06, -0.04, -0.02, 0, 0.02, 0.04, 0.06]);
    expect(niceTicks(0, 0.0694, 4)).toEqual([0, 0.02, 0.04, 0.06]);
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.5, 0.5, 4)).toEqual([0.5]);
    for (const [lo, hi] of [
      [-0.3, 0.12],
      [0.001, 0.0042],
      [-5, 1234],
    ] as const) {
      const t = niceTicks(lo, hi, 5);
      expect(t.length).toBeGreaterThanOrEqual(3);
      expect(t.length).toBeLessThanOrEqual(11);
      expect(Math.min(...t)).toBeGreaterThanOrEqual(lo);
      expect(Math.max(...t)).toBeLessThanOrEqual(hi);
    }
  });

  it('linear maps the domain ends onto the range ends (also reversed, for a y axis)', () => {
    const y = linear(-0.05, 0.1, 260, 12);
    expect(y(-0.05)).toBe(260);
    expect(y(0.1)).toBeCloseTo(12, 9);
    expect(y(0.025)).toBeCloseTo(136, 9);
  });

  it('an iso-gain curve keeps gap x share equal to its gain, from the top of the plot to share 1', () => {
    const pts = isoGainCurve(0.02, 0.08);
    expect(pts[0]).toEqual([0.25, 0.08]);
    expect(pts[pts.length - 1]).toEqual([1, 0.02]);
    for (const [share, gap] of pts) expect(share * gap).toBeCloseTo(0.02, 12);
    expect(isoGainCurve(0, 0.08)).toEqual([]);
    expect(isoGainCurve(0.2, 0.08)).toEqual([]); // wholly above the plot
  });

  it('gapShareScale fits the y axis to the trusted slices: a tiny slice far out is clipped at the edge', () => {
    const slice = (gap: number | null, share: number, too_small = false) => ({
      gap,
      share,
      too_small,
      potential_gain: gap === null ? null : Math.max(gap, 0) * share,
    });
    const slices = [slice(0.04, 0.5), slice(-0.01, 0.3), slice(null, 0.1), slice(0.9, 0.001, true)];
    const s = gapShareScale(slices, 400, 4);
    // The slice without a gap is not a point; the rest keep the report's order.
    expect(s.points).toEqual([slices[0], slices[1], slices[3]]);
    // The axis spans the trusted gaps with 6% padding and round ticks, not the tiny slice's 0.9.
    expect(s.y0).toBeLessThanOrEqual(-0.01);
    expect(s.y1).toBeGreaterThanOrEqual(0.04);
    expect(s.y1).toBeLessThan(0.9);
    expect(s.clampY(0.9)).toBe(s.y(s.y1));
    expect(s.y(s.y0)).toBe(GAP_SHARE_CHART.height - GAP_SHARE_CHART.margin.bottom);
    expect(s.x(1)).toBe(400 - GAP_SHARE_CHART.margin.right);
    expect(s.tickDigits).toBe(0);
    // The curves: round gains whose curve enters the plot, each gap x share = g.
    expect(s.curves.length).toBeGreaterThan(0);
    for (const c of s.curves) {
      expect(c.g).toBeLessThanOrEqual(s.y1);
      for (const [share, gap] of c.pts) expect(share * gap).toBeCloseTo(c.g, 12);
    }
    expect(gapShareScale(slices.slice(2, 3), 400, 4).points).toEqual([]);
  });
});
