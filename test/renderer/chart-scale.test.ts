import { describe, expect, it } from 'vitest';
import { isoGainCurve, linear, niceTicks } from '../../shared/chart-scale.ts';

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
});
