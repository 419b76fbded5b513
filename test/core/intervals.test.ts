import { describe, expect, it } from 'vitest';
import { emptyBits, fromPositions, setBit, sumAnd3 } from '../../electron/core/analysis/bitset.ts';
import {
  meanInterval,
  meanMultiplier,
  newcombe,
  studentTCdf,
  studentTQuantile,
  wilson,
} from '../../electron/core/analysis/intervals.ts';
import { rng } from '../helpers.ts';

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

describe('Wilson score interval', () => {
  // Newcombe (1998a), "Two-sided confidence intervals for the single proportion", Table I, method 3.
  const table: [number, number, number, number][] = [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ];
  for (const [x, n, lo, hi] of table) {
    it(`${x}/${n} -> [${lo}, ${hi}]`, () => {
      const [l, u] = wilson(x, n);
      expect([r4(l), r4(u)]).toEqual([lo, hi]);
    });
  }
});

describe('Newcombe hybrid score interval (method 10)', () => {
  // Newcombe (1998b), "Interval estimation for the difference between independent proportions",
  // Table II, method 10.
  const table: [number, number, number, number, number, number][] = [
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
  ];
  for (const [x1, n1, x2, n2, lo, hi] of table) {
    it(`${x1}/${n1} - ${x2}/${n2} -> [${lo}, ${hi}]`, () => {
      const [l, u] = newcombe(x1, n1, x2, n2);
      expect([r4(l), r4(u)]).toEqual([lo, hi]);
    });
  }
});

describe('coverage by simulation', () => {
  it('Wilson covers p = 0.9 at n = 50 in >= 94% of 2,000 seeded draws', () => {
    const random = rng(20_261_123);
    let covered = 0;
    for (let d = 0; d < 2000; d++) {
      let x = 0;
      for (let i = 0; i < 50; i++) if (random() < 0.9) x++;
      const [l, u] = wilson(x, 50);
      if (l <= 0.9 && 0.9 <= u) covered++;
    }
    expect(covered / 2000).toBeGreaterThanOrEqual(0.94);
  });

  it('Newcombe covers a gap of 0.05 (0.95 vs 0.90, n = 50 each) in >= 94% of draws', () => {
    const random = rng(7);
    let covered = 0;
    for (let d = 0; d < 2000; d++) {
      let a = 0;
      let b = 0;
      for (let i = 0; i < 50; i++) {
        if (random() < 0.95) a++;
        if (random() < 0.9) b++;
      }
      const [l, u] = newcombe(a, 50, b, 50);
      if (l <= 0.05 && 0.05 <= u) covered++;
    }
    expect(covered / 2000).toBeGreaterThanOrEqual(0.94);
  });

  it('the t interval of a mean covers graded values at n = 12', () => {
    const random = rng(99);
    let covered = 0;
    for (let d = 0; d < 2000; d++) {
      const values = Array.from({ length: 12 }, () => 0.5 + 0.4 * random()); // mean 0.7
      const sum = values.reduce((a, v) => a + v, 0);
      const sumSqDev = values.reduce((a, v) => a + (v - sum / 12) ** 2, 0);
      const [l, u] = meanInterval({ n: 12, sum, sumSqDev });
      if (l <= 0.7 && 0.7 <= u) covered++;
    }
    expect(covered / 2000).toBeGreaterThanOrEqual(0.93);
  });
});

describe("Student's t quantiles, to double precision", () => {
  // Quantiles at the double nearest to p (0.975 is stored as 0.97499999999999997780), computed
  // with mpmath 1.3.0 at 40 digits: findroot on 1 − betainc(df/2, 1/2, 0, df/(df+t²))/2 = p.
  const reference: [number, number, string][] = [
    [1, 0.975, '12.70620473617469331410'],
    [2, 0.975, '4.302652729749461789420'],
    [3, 0.975, '3.182446305283708435884'],
    [4, 0.975, '2.776445105197793489791'],
    [5, 0.975, '2.570581835636314782789'],
    [6, 0.975, '2.446911851144969317113'],
    [7, 0.975, '2.364624251592784737872'],
    [8, 0.975, '2.306004135204166114328'],
    [9, 0.975, '2.262157162798204999203'],
    [10, 0.975, '2.228138851986274224520'],
    [11, 0.975, '2.200985160091639359396'],
    [12, 0.975, '2.178812829667228370285'],
    [13, 0.975, '2.160368656462792015747'],
    [14, 0.975, '2.144786687917803351488'],
    [15, 0.975, '2.131449545559775212276'],
    [16, 0.975, '2.119905299221254210882'],
    [17, 0.975, '2.109815577833316627830'],
    [18, 0.975, '2.100922040241038034766'],
    [19, 0.975, '2.093024054408309320132'],
    [20, 0.975, '2.085963447265864397457'],
    [21, 0.975, '2.079613844727679953255'],
    [22, 0.975, '2.073873067904025727039'],
    [23, 0.975, '2.068657610419048215473'],
    [24, 0.975, '2.063898561628025415733'],
    [25, 0.975, '2.059538552753297317686'],
    [26, 0.975, '2.055529438642872784451'],
    [27, 0.975, '2.051830516480285129010'],
    [28, 0.975, '2.048407141795244734552'],
    [29, 0.975, '2.045229642132703874521'],
    [30, 0.975, '2.042272456301237887835'],
    [3, 0.6, '0.2766706623326898470109'],
    [3, 0.9, '1.637744353696210322186'],
    [3, 0.995, '5.840909309733355411261'],
    [3, 0.9995, '12.92397863668796432248'],
    [10, 0.6, '0.2601848294920801761479'],
    [10, 0.9, '1.372183641110335774600'],
    [10, 0.995, '3.169272672616950711782'],
    [10, 0.9995, '4.586893858702707738464'],
    [28, 0.6, '0.2557675233823348759523'],
    [28, 0.9, '1.312526781592666753441'],
    [28, 0.995, '2.763262455461444232454'],
    [28, 0.9995, '3.673906400701318324493'],
    [100, 0.6, '0.2540221824582277589208'],
    [100, 0.9, '1.290074761346516097572'],
    [100, 0.995, '2.625890521438017606977'],
    [100, 0.9995, '3.390491311164263613208'],
  ];

  it('matches 40-digit references: within 2 units in the last place at 97.5%, 6 elsewhere', () => {
    for (const [df, p, text] of reference) {
      const ref = Number(text);
      const ulp = 2 ** (Math.floor(Math.log2(ref)) - 52);
      const got = studentTQuantile(p, df);
      expect(Math.abs(got - ref) / ulp, `df ${df}, p ${p}: ${got} vs ${text}`).toBeLessThanOrEqual(
        p === 0.975 ? 2 : 6,
      );
      expect(studentTQuantile(1 - p, df)).toBe(-got);
    }
  });

  it('meets the closed forms for 1, 2 and 4 degrees of freedom within 4e-15', () => {
    // Written where they are well conditioned: cot(πp) rather than tan(π(p − 1/2)) in the tails
    // (πp and 1 − p are exact there, p − 1/2 near the median); the df = 4 form, 2 √(cos(acos(√α)/3) / √α − 1) with α = 4p(1 − p), loses digits to
    // cancellation within 0.1 of the median, so it is checked outside that.
    const closed: [number, (p: number) => number | null][] = [
      [
        1,
        (p) =>
          p < 0.25
            ? -1 / Math.tan(Math.PI * p)
            : p > 0.75
              ? 1 / Math.tan(Math.PI * (1 - p))
              : Math.tan(Math.PI * (p - 0.5)),
      ],
      [2, (p) => (2 * p - 1) / Math.sqrt(2 * p * (1 - p))],
      [
        4,
        (p) => {
          if (Math.abs(p - 0.5) < 0.1) return null;
          const a = Math.sqrt(4 * p * (1 - p));
          return Math.sign(p - 0.5) * 2 * Math.sqrt(Math.cos(Math.acos(a) / 3) / a - 1);
        },
      ],
    ];
    for (const [df, form] of closed) {
      for (let k = 1; k < 1000; k++) {
        const p = k / 1000;
        const expected = form(p);
        if (expected === null) continue;
        expect(
          Math.abs(studentTQuantile(p, df) - expected),
          `df ${df}, p ${p}`,
        ).toBeLessThanOrEqual(4e-15 * Math.abs(expected));
      }
    }
  });

  it('agrees with the printed table (NIST/SEMATECH e-Handbook 1.3.6.7.2) to its 3 decimals', () => {
    const table: [number, number, number][] = [
      [1, 0.975, 12.706],
      [2, 0.975, 4.303],
      [5, 0.975, 2.571],
      [10, 0.975, 2.228],
      [20, 0.975, 2.086],
      [30, 0.975, 2.042],
      [100, 0.975, 1.984],
      [1, 0.995, 63.657],
      [10, 0.995, 3.169],
      [30, 0.995, 2.75],
    ];
    for (const [df, p, printed] of table) {
      expect(Number(studentTQuantile(p, df).toFixed(3)), `df ${df}`).toBe(printed);
    }
  });

  it('round trip: CDF(quantile(p)) = p within 1e-14', () => {
    for (const df of [1, 2, 3, 4, 5, 7, 10, 15, 20, 28, 29, 30, 50, 100]) {
      for (const p of [
        1e-6, 0.001, 0.01, 0.025, 0.1, 0.3, 0.5, 0.6, 0.75, 0.9, 0.975, 0.99, 0.999,
      ]) {
        const t = studentTQuantile(p, df);
        expect(Math.abs(studentTCdf(t, df) - p), `df ${df}, p ${p}`).toBeLessThanOrEqual(1e-14);
      }
    }
  });

  it('is the 95% multiplier of small slices, and z from 30 values', () => {
    expect(meanMultiplier(3)).toBe(studentTQuantile(0.975, 2));
    expect(meanMultiplier(29)).toBe(studentTQuantile(0.975, 28));
    expect(meanMultiplier(30)).toBe(1.959963984540054);
  });
});

describe('graded slices whose values are all equal', () => {
  for (const [n, value] of [
    [1000, 0.1],
    [1_000_000, 0.1],
    [3, 0.7],
    [12_345, 1 / 3],
  ] as const) {
    it(`${n.toLocaleString('en-US')} values of ${value}: zero variance, an interval of width 0`, () => {
      const values = new Float64Array(n + 64).fill(value);
      values.fill(0.9, n); // outside the slice
      const slice = fromPositions(
        n + 64,
        Array.from({ length: n }, (_, i) => i),
      );
      const all = emptyBits(n + 64);
      for (let i = 0; i < n + 64; i++) setBit(all, i);
      const moments = sumAnd3(slice, all, all, values);
      expect(moments.n).toBe(n);
      expect(moments.sumSqDev).toBe(0);
      const [lo, hi] = meanInterval(moments);
      expect(hi - lo).toBe(0);
      expect(lo).toBe(moments.sum / n);
    });
  }

  it('a slice with spread keeps its variance (two passes against a direct sum)', () => {
    const random = rng(5);
    const values = Float64Array.from({ length: 5000 }, () => 0.3 + 0.01 * random());
    const positions = Array.from({ length: 5000 }, (_, i) => i).filter((i) => i % 3 !== 0);
    const bits = fromPositions(5000, positions);
    const moments = sumAnd3(bits, bits, bits, values);
    const mean = positions.reduce((a, i) => a + (values[i] as number), 0) / positions.length;
    const direct = positions.reduce((a, i) => a + ((values[i] as number) - mean) ** 2, 0);
    expect(moments.n).toBe(positions.length);
    expect(Math.abs(moments.sumSqDev - direct) / direct).toBeLessThan(1e-12);
  });
});
