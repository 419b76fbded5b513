import { describe, expect, it } from 'vitest';
import { holm, mcnemarExact, newcombePaired } from '../../electron/core/analysis/paired-tests.ts';
import { rng } from '../rng.ts';

/** 2 · P(X <= min(b, c)) for X ~ Bin(b + c, 1/2), in exact integer arithmetic. */
function exactMcnemar(b: number, c: number): number {
  const m = b + c;
  if (m === 0) return 1;
  let term = 1n;
  let sum = 0n;
  for (let i = 0; i <= Math.min(b, c); i++) {
    sum += term;
    term = (term * BigInt(m - i)) / BigInt(i + 1);
  }
  return Math.min(1, (2 * Number(sum)) / 2 ** m);
}

describe("McNemar's exact test", () => {
  it('equals the binomial sum: 1 vs 9 discordant pairs gives 22/1024', () => {
    expect(mcnemarExact(1, 9)).toBeCloseTo(22 / 1024, 15);
    expect(mcnemarExact(9, 1)).toBeCloseTo(22 / 1024, 15);
    expect(mcnemarExact(0, 0)).toBe(1);
    expect(mcnemarExact(5, 5)).toBe(1);
    expect(mcnemarExact(0, 6)).toBeCloseTo(2 / 64, 15);
  });

  it('agrees with exact integer arithmetic on random tables, and stays finite when large', () => {
    const r = rng(7);
    for (let t = 0; t < 200; t++) {
      const b = Math.floor(r() * 120);
      const c = Math.floor(r() * 120);
      expect(mcnemarExact(b, c)).toBeCloseTo(exactMcnemar(b, c), 10);
    }
    const big = mcnemarExact(50_000, 51_000); // z ~ 3.1: p ~ 0.002
    expect(big).toBeGreaterThan(0.0015);
    expect(big).toBeLessThan(0.0025);
    const huge = mcnemarExact(600_000, 602_000); // the normal approximation, z ~ 1.8
    expect(huge).toBeGreaterThan(0.06);
    expect(huge).toBeLessThan(0.08);
  });
});

describe("Holm's adjustment", () => {
  it('multiplies the k-th smallest p by (m - k + 1) and keeps the order', () => {
    const out = holm([0.01, 0.04, 0.03, 0.005, null]);
    expect(out[0]).toBeCloseTo(0.03, 12);
    expect(out[1]).toBeCloseTo(0.06, 12); // 0.04 x 1, raised to the 0.06 before it
    expect(out[2]).toBeCloseTo(0.06, 12);
    expect(out[3]).toBeCloseTo(0.02, 12);
    expect(out[4]).toBeNull();
    expect(holm([0.9, 0.8])).toEqual([1, 1]);
  });
});

describe("Newcombe's paired interval", () => {
  it('is the plain difference of Wilson intervals when the runs agree on nothing extra', () => {
    // No discordant pairs: B − A is 0, and the interval holds 0.
    const [lo, hi] = newcombePaired({ both: 40, aOnly: 0, bOnly: 0, neither: 10 });
    expect(lo).toBeLessThan(0);
    expect(hi).toBeGreaterThan(0);
    const drop = newcombePaired({ both: 30, aOnly: 12, bOnly: 1, neither: 7 });
    expect(drop[1]).toBeLessThan(0); // B clearly worse
    expect(drop[0]).toBeGreaterThanOrEqual(-1);
  });

  it('covers the true difference at least 94% of the time (n = 50, accuracies 0.9 and 0.85)', () => {
    // Correlated runs: B copies A's outcome 80% of the time, else draws its own.
    const r = rng(20240611);
    const pA = 0.9;
    const pB = 0.85;
    const copy = 0.8;
    // P(B right | own draw) chosen so that P(B right) = pB.
    const own = (pB - copy * pA) / (1 - copy);
    let covered = 0;
    const draws = 2000;
    for (let t = 0; t < draws; t++) {
      const table = { both: 0, aOnly: 0, bOnly: 0, neither: 0 };
      for (let i = 0; i < 50; i++) {
        const a = r() < pA;
        const b = r() < copy ? a : r() < own;
        if (a && b) table.both++;
        else if (a) table.aOnly++;
        else if (b) table.bOnly++;
        else table.neither++;
      }
      const [lo, hi] = newcombePaired(table);
      if (lo <= pB - pA && pB - pA <= hi) covered++;
    }
    expect(covered / draws).toBeGreaterThanOrEqual(0.94);
  });
});
