import { describe, expect, it } from 'vitest';
import {
  chooseReference,
  defaultReference,
  hlpBaseline,
  intervalBaseline,
  majorityBaseline,
  majorityCount,
  orderBaselines,
  pairedTable,
  referenceFigures,
  runBaseline,
  targetBaseline,
  targetFor,
  type SliceBaseline,
} from '../../electron/core/analysis/baselines.ts';
import { andBits, fromPositions } from '../../electron/core/analysis/bitset.ts';
import {
  DEFAULT_WEIGHTS,
  computeFigures,
  type EnteredHlp,
  type SliceStats,
  type SliceWeights,
  type Totals,
} from '../../electron/core/analysis/figures.ts';
import { binaryMoments, newcombe, wilson } from '../../electron/core/analysis/intervals.ts';
import { newcombePaired } from '../../electron/core/analysis/paired-tests.ts';
import { rng } from '../rng.ts';

const REFERENCE_FIELDS = [
  'gap',
  'gap_ci',
  'potential_gain',
  'potential_gain_ci',
  'priority',
  'too_small',
] as const;

/** Random slice stats: binary or graded correctness and humans, sizes from tiny to large. */
function randomCase(rand: () => number) {
  const binaryCorrect = rand() < 0.6;
  const binaryHuman = rand() < 0.5;
  const n = 1 + Math.floor(rand() * (rand() < 0.3 ? 40 : 3000));
  const sums = (m: number, binary: boolean) => {
    const values: number[] = [];
    for (let i = 0; i < m; i++)
      values.push(binary ? (rand() < 0.85 ? 1 : 0) : Math.round(rand() * 20) / 20);
    const sum = values.reduce((a, v) => a + v, 0);
    const mean = m > 0 ? sum / m : 0;
    // Two passes, as the index keeps them (Σ (v - mean)²).
    const sumSqDev = values.reduce((a, v) => a + (v - mean) ** 2, 0);
    return { n: m, sum, sumSqDev };
  };
  const hn = rand() < 0.2 ? 0 : Math.floor(rand() * n) + 1;
  const stats: SliceStats = {
    correct: sums(n, binaryCorrect),
    human: rand() < 0.15 ? null : sums(hn, binaryHuman),
  };
  const totals: Totals = {
    n: n + Math.floor(rand() * 10_000),
    errors: 100,
    binaryCorrect,
    binaryHuman,
    humanSource: 'crowd (votes)',
  };
  const entered =
    rand() < 0.3
      ? {
          value: Math.round(rand() * 100) / 100,
          n: rand() < 0.5 ? null : 1 + Math.floor(rand() * 500),
          source: 'paper',
        }
      : null;
  const weights: SliceWeights = {
    ease: [1, 0.5, 2][Math.floor(rand() * 3)] as number,
    importance: [1, 3][Math.floor(rand() * 2)] as number,
    hlp: entered,
    share: rand() < 0.2 ? 0.25 : null,
  };
  return { stats, totals, weights };
}

describe('baselines and the reference (analysis.md 8.2, 8.3)', () => {
  it('reference hlp gives exactly the figures of sections 2, 3 and 7 (today’s report)', () => {
    const rand = rng(2026);
    let withGap = 0;
    for (let k = 0; k < 2000; k++) {
      const { stats, totals, weights } = randomCase(rand);
      const today = computeFigures(stats, totals, weights);
      const hlp = hlpBaseline(stats, totals, weights.hlp);
      const got = referenceFigures(
        chooseReference(orderBaselines({ hlp, runs: [], target: null, majority: null }), 'hlp'),
        stats.correct.n,
        today.share,
        weights,
      );
      for (const f of REFERENCE_FIELDS) expect(got[f], `${k} ${f}`).toEqual(today[f]);
      expect(got.reference_value).toEqual(today.hlp);
      if (hlp) {
        withGap++;
        expect([hlp.value, hlp.ci, hlp.n, hlp.detail]).toEqual([
          today.hlp,
          today.hlp_ci,
          today.hlp_n,
          today.hlp_source,
        ]);
      }
    }
    expect(withGap).toBeGreaterThan(1000);
    // Sizes around the too-small limit (30) on both sides.
    const totals: Totals = {
      n: 1000,
      errors: 100,
      binaryCorrect: true,
      binaryHuman: true,
      humanSource: 'h',
    };
    const flags = new Set<boolean>();
    for (const n of [25, 29, 30, 31, 200, 1000]) {
      for (let hn = 15; hn <= 35; hn++) {
        const stats: SliceStats = {
          correct: binaryMoments(n, n - 1),
          human: binaryMoments(hn, hn),
        };
        const today = computeFigures(stats, totals, { ...DEFAULT_WEIGHTS });
        const ref = hlpBaseline(stats, totals, null);
        const got = referenceFigures(ref, n, today.share, DEFAULT_WEIGHTS);
        expect([n, hn, got.too_small]).toEqual([n, hn, today.too_small]);
        flags.add(today.too_small);
      }
    }
    expect([...flags].sort()).toEqual([false, true]);
  });

  it('a target with n uses Newcombe; without n it is exact and only the model is uncertain', () => {
    const stats: SliceStats = { correct: binaryMoments(400, 340), human: null };
    const totals: Totals = {
      n: 4000,
      errors: 500,
      binaryCorrect: true,
      binaryHuman: false,
      humanSource: '',
    };
    const withN = targetBaseline(stats, totals, { value: 0.9, n: 1000, source: 'SOTA 2024' });
    expect(withN).toMatchObject({ source: 'target', detail: 'SOTA 2024', value: 0.9, n: 1000 });
    expect(withN?.ci).toEqual(wilson(900, 1000));
    expect(withN?.gapCi).toEqual(newcombe(900, 1000, 340, 400));
    const exact = targetBaseline(stats, totals, { value: 0.9, n: null, source: 'requirement' });
    const [lo, hi] = wilson(340, 400);
    expect(exact?.ci).toBeNull();
    expect(exact?.gapCi?.[0]).toBeCloseTo(0.9 - hi, 15);
    expect(exact?.gapCi?.[1]).toBeCloseTo(0.9 - lo, 15);
    // A target ignores the humans: the slice's human data is not its evidence.
    const withHumans = targetBaseline(
      { ...stats, human: binaryMoments(400, 390) },
      { ...totals, binaryHuman: true },
      { value: 0.9, n: 1000, source: 'SOTA 2024' },
    );
    expect(withHumans?.gapCi).toEqual(withN?.gapCi);
  });

  it('run:NAME is measured on the examples both runs predicted, paired with the model', () => {
    const rand = rng(99);
    const n = 5000;
    const inModel = Array.from({ length: n }, () => rand() < 0.95);
    const inRun = Array.from({ length: n }, () => rand() < 0.9);
    const okModel = Array.from({ length: n }, () => rand() < 0.8);
    const okRun = okModel.map((m) => (rand() < 0.15 ? !m : m));
    const member = Array.from({ length: n }, () => rand() < 0.4);
    const bits = (f: (i: number) => boolean) =>
      fromPositions(
        n,
        Array.from({ length: n }, (_, i) => i).filter((i) => f(i)),
      );
    const paired = bits((i) => !!inModel[i] && !!inRun[i]);
    const rightModel = andBits(
      paired,
      bits((i) => !!okModel[i]),
    );
    const rightRun = andBits(
      paired,
      bits((i) => !!okRun[i]),
    );
    const table = pairedTable(
      bits((i) => !!member[i]),
      paired,
      rightModel,
      rightRun,
      andBits(rightModel, rightRun),
    );
    const base = runBaseline('old', table) as SliceBaseline;
    // Straight from the arrays.
    const idx = Array.from({ length: n }, (_, i) => i).filter(
      (i) => member[i] && inModel[i] && inRun[i],
    );
    const xr = idx.filter((i) => okRun[i]).length;
    const xm = idx.filter((i) => okModel[i]).length;
    const both = idx.filter((i) => okRun[i] && okModel[i]).length;
    expect(base.n).toBe(idx.length);
    expect(base.value).toBeCloseTo(xr / idx.length, 15);
    expect(base.model).toBeCloseTo(xm / idx.length, 15);
    expect(base.ci).toEqual(wilson(xr, idx.length));
    const fig = referenceFigures(base, 1234, 0.3, { ease: 1, importance: 2 });
    expect(fig.gap).toBeCloseTo((xr - xm) / idx.length, 15);
    expect(fig.gap_ci).toEqual(
      newcombePaired({
        both,
        aOnly: xm - both,
        bOnly: xr - both,
        neither: idx.length - xm - xr + both,
      }),
    );
    expect(fig.potential_gain).toBeCloseTo(Math.max((xr - xm) / idx.length, 0) * 0.3, 15);
    expect(fig.priority).toBeCloseTo((fig.potential_gain as number) * 2, 15);
    expect(fig.reference_source).toBe('run:old');
    expect(runBaseline('none', { both: 0, aOnly: 0, bOnly: 0, neither: 0 })).toBeNull();
  });

  it('best: the highest of hlp, runs and target (never majority), first in order on a tie', () => {
    const rand = rng(5);
    const mk = (source: string, value: number, measured = true): SliceBaseline => ({
      source,
      detail: null,
      value,
      ci: null,
      n: 100,
      model: 0.5,
      gapCi: [value - 0.6, value - 0.4],
      measured,
    });
    for (let k = 0; k < 500; k++) {
      const grid = () => Math.round(rand() * 4) / 4; // few values: frequent ties
      const maybe = (b: SliceBaseline) => (rand() < 0.7 ? b : null);
      const hlp = maybe(mk('hlp', grid()));
      const runs = [maybe(mk('run:a', grid())), maybe(mk('run:b', grid()))];
      const target = maybe(mk('target', grid(), false));
      const majority = mk('majority', 1); // the highest, and still never chosen
      const list = orderBaselines({ hlp, runs, target, majority });
      // Independent: candidates in the documented order, stable sort by value descending.
      const candidates = [hlp, ...runs, target].filter((b): b is SliceBaseline => b !== null);
      const expected = [...candidates].sort((a, b) => b.value - a.value)[0] ?? null;
      expect(chooseReference(list, 'best')).toBe(expected);
      expect(chooseReference(list, 'run:b')).toBe(runs[1]);
      expect(chooseReference(list, 'target')).toBe(target);
    }
  });

  it('no reference: no gap, gain or priority; a negative gap gives 0 gain', () => {
    const none = referenceFigures(null, 50, 0.1, { ease: 1, importance: 1 });
    expect(none).toMatchObject({ gap: null, priority: null, reference_source: null });
    const floor = majorityBaseline(70, 100);
    expect(floor?.value).toBe(0.7);
    expect(referenceFigures(floor, 100, 0.1, { ease: 1, importance: 1 }).gap).toBeNull();
    const beaten = runBaseline('old', { both: 700, aOnly: 200, bOnly: 10, neither: 90 });
    const fig = referenceFigures(beaten, 1000, 0.5, { ease: 1, importance: 1 });
    expect(fig.gap).toBeCloseTo(-0.19, 12);
    expect([fig.potential_gain, fig.priority, fig.potential_gain_ci]).toEqual([0, 0, [0, 0]]);
  });

  it('the interval baseline joins two Wilson intervals exactly as Newcombe does', () => {
    const b = intervalBaseline(
      'hlp',
      null,
      { value: 45 / 50, ci: wilson(45, 50), n: 50 },
      { value: 160 / 200, ci: wilson(160, 200) },
    );
    const expected = newcombe(45, 50, 160, 200);
    expect(b.gapCi?.[0]).toBeCloseTo(expected[0], 14);
    expect(b.gapCi?.[1]).toBeCloseTo(expected[1], 14);
  });

  it('the default reference: the call’s, the project’s, hlp with humans, else best', () => {
    expect(defaultReference(null, null, true)).toBe('hlp');
    expect(defaultReference(null, null, false)).toBe('best');
    expect(defaultReference(null, 'run:old', true)).toBe('run:old');
    expect(defaultReference('target', 'run:old', true)).toBe('target');
  });

  it('a slice takes its own target, else the one for all slices', () => {
    const all: EnteredHlp = { value: 0.9, n: null, source: 'requirement' };
    const own: EnteredHlp = { value: 0.97, n: 5000, source: 'SOTA' };
    const targets = new Map([
      ['all', all],
      ['meta:region=south', own],
    ]);
    expect(targetFor('meta:region=south', targets)).toBe(own);
    expect(targetFor('meta:region=north', targets)).toBe(all);
    expect(targetFor('__proto__', new Map())).toBeNull();
  });

  it('majority: the most frequent label of the slice', () => {
    const n = 100;
    const labels = Array.from({ length: n }, (_, i) => (i % 10 < 6 ? 'a' : i % 10 < 9 ? 'b' : 'c'));
    const per = ['a', 'b', 'c'].map((c) =>
      fromPositions(
        n,
        labels.flatMap((l, i) => (l === c ? [i] : [])),
      ),
    );
    const members = [10, 11, 17, 18, 27, 28, 29, 37, 38]; // a a b b b b c b b
    const counts = new Map<string, number>();
    for (const i of members)
      counts.set(labels[i] as string, (counts.get(labels[i] as string) ?? 0) + 1);
    expect(majorityCount(fromPositions(n, members), per)).toBe(Math.max(...counts.values()));
    expect(Math.max(...counts.values())).toBe(6);
  });
});
