import { describe, expect, it } from 'vitest';
import { count, fromPositions } from '../../electron/core/analysis/bitset.ts';
import { wilson } from '../../electron/core/analysis/intervals.ts';
import {
  codeBits,
  humanPrecision,
  humanPrecisionSums,
  metricPopulation,
  parseMetric,
  thresholdPredictions,
} from '../../electron/core/analysis/metric.ts';
import { HeadroomError } from '../../electron/core/errors.ts';
import { rng } from '../rng.ts';

const CLASSES = ['bird', 'cat', 'dog'];

describe('metric text', () => {
  it.each([
    ['accuracy', { kind: 'accuracy' }],
    ['score', { kind: 'score' }],
    ['recall:cat', { kind: 'recall', cls: 'cat' }],
    ['precision:dog', { kind: 'precision', cls: 'dog' }],
  ])('accepts %j', (text, expected) => {
    expect(parseMetric(text, CLASSES)).toEqual(expected);
  });
  it.each([
    ['', /expected accuracy, score, recall:CLASS or precision:CLASS/],
    ['Accuracy', /expected accuracy/],
    ['recall', /expected accuracy/],
    ['recall:', /expected accuracy/],
    ['f1:cat', /expected accuracy/],
    ['recall:Cat', /no class "Cat" in the project \(classes: bird, cat, dog\)/],
    ['recall:cat ', /no class "cat "/],
    ['precision:__proto__', /no class "__proto__"/],
    ['recall:constructor', /no class "constructor"/],
    [`recall:${'x'.repeat(600)}`, /too long/],
  ])('refuses %j', (text, message) => {
    expect(() => parseMetric(text, CLASSES)).toThrow(HeadroomError);
    expect(() => parseMetric(text, CLASSES)).toThrow(message);
  });
});

/** Random labels and predictions (some positions unpredicted or outside the run). */
function randomColumns(n: number, seed: number) {
  const rand = rng(seed);
  const label = Int32Array.from({ length: n }, () => Math.floor(rand() * 3));
  const prediction = Int32Array.from(label, (y) =>
    rand() < 0.05 ? -1 : rand() < 0.7 ? y : Math.floor(rand() * 3),
  );
  const inRunList = Array.from({ length: n }, (_, i) => i).filter(() => rand() < 0.9);
  return { cols: { classes: CLASSES, label, prediction }, inRunList, rand };
}

describe('populations and correctness (analysis.md 8.1)', () => {
  it('recall:C, precision:C and accuracy equal a direct count', () => {
    const n = 2000;
    const { cols, inRunList } = randomColumns(n, 3);
    const inRun = fromPositions(n, inRunList);
    const inSet = new Set(inRunList);
    for (const [text, member, right] of [
      ['accuracy', () => true, (y: number, p: number) => y === p],
      ['recall:cat', (y: number) => y === 1, (_y: number, p: number) => p === 1],
      ['precision:cat', (_y: number, p: number) => p === 1, (y: number) => y === 1],
    ] as const) {
      const pop = metricPopulation(parseMetric(text, CLASSES), cols, inRun);
      let pn = 0;
      let cn = 0;
      for (let i = 0; i < n; i++) {
        const y = cols.label[i] as number;
        const p = cols.prediction[i] as number;
        if (!inSet.has(i) || p < 0 || !member(y, p)) continue;
        pn++;
        if (right(y, p)) cn++;
      }
      expect([text, count(pop.population), count(pop.correct)]).toEqual([text, pn, cn]);
    }
    expect(() => metricPopulation({ kind: 'score' }, cols, inRun)).toThrow(HeadroomError);
  });

  it('a threshold re-derives predictions as defined; no threshold change at the argmax', () => {
    const n = 3000;
    const rand = rng(11);
    const k = 3;
    const probs = Array.from({ length: n }, () => {
      const raw = Array.from({ length: k }, () => Math.round(rand() * 8)); // ties happen
      const sum = raw.reduce((a, b) => a + b, 0) || 1;
      return raw.map((r) => r / sum);
    });
    const argmax = (row: number[]) => row.indexOf(Math.max(...row));
    // The file's predictions: the argmax, except a few that are not (a file may say anything).
    const file = Int32Array.from(probs, (row, i) =>
      i % 50 === 0 ? (argmax(row) + 1) % k : argmax(row),
    );
    file[7] = -1; // no prediction
    const positive = 1;
    const p = Float64Array.from(probs, (row, i) =>
      i % 97 === 0 ? Number.NaN : (row[positive] as number),
    );
    const runnerUp = Int32Array.from(probs, (row) => {
      let best = -1;
      for (let j = 0; j < k; j++)
        if (j !== positive && (best < 0 || (row[j] as number) > (row[best] as number))) best = j;
      return best;
    });
    for (const t of [0, 0.2, 0.5, 0.9, 1]) {
      const { prediction, unscored } = thresholdPredictions(
        file,
        positive,
        { classes: CLASSES, p, runnerUp },
        t,
      );
      let expectedUnscored = 0;
      for (let i = 0; i < n; i++) {
        const row = probs[i] as number[];
        let expected: number;
        if (file[i] === -1) expected = -1;
        else if (i % 97 === 0) {
          expected = file[i] as number;
          expectedUnscored++;
        } else if ((row[positive] as number) >= t) expected = positive;
        else if (file[i] !== positive) expected = file[i] as number;
        else expected = row[0] !== undefined && (row[0] as number) >= (row[2] as number) ? 0 : 2;
        expect(prediction[i], `t=${t} i=${i}`).toBe(expected);
      }
      expect(unscored).toBe(expectedUnscored);
    }
    expect(() => thresholdPredictions(file, 1, { classes: CLASSES, p, runnerUp }, 1.5)).toThrow(
      /Threshold 1.5/,
    );
    expect(() =>
      thresholdPredictions(file, 1, { classes: CLASSES, p, runnerUp }, Number.NaN),
    ).toThrow(HeadroomError);
  });
});

describe("humans' precision of a class", () => {
  it('one human label (0/1 shares): Wilson on the humans’ C calls', () => {
    const n = 500;
    const rand = rng(21);
    const labelC = Array.from({ length: n }, () => rand() < 0.3);
    const says = labelC.map((c) => (c ? rand() < 0.9 : rand() < 0.05));
    const shares = Float64Array.from(says, (s, i) => (i % 10 === 9 ? Number.NaN : s ? 1 : 0));
    const all = fromPositions(
      n,
      Array.from({ length: n }, (_, i) => i),
    );
    const s = humanPrecisionSums(
      all,
      all,
      shares,
      fromPositions(
        n,
        labelC.flatMap((c, i) => (c ? [i] : [])),
      ),
    );
    const idx = Array.from({ length: n }, (_, i) => i).filter((i) => i % 10 !== 9 && says[i]);
    const tp = idx.filter((i) => labelC[i]).length;
    const hp = humanPrecision(s);
    expect(hp?.value).toBeCloseTo(tp / idx.length, 15);
    expect(hp?.n).toBe(idx.length);
    expect(hp?.ci).toEqual(wilson(tp, idx.length));
  });

  it('vote shares: the ratio of expectations with its delta-method interval', () => {
    const n = 800;
    const rand = rng(8);
    const labelC = Array.from({ length: n }, () => rand() < 0.4);
    const v = labelC.map((c) => Math.round((c ? 0.5 + 0.5 * rand() : 0.3 * rand()) * 50) / 50);
    const shares = Float64Array.from(v);
    const slice = fromPositions(
      n,
      Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 !== 0),
    );
    const inRun = fromPositions(
      n,
      Array.from({ length: n }, (_, i) => i).filter((i) => i % 7 !== 0),
    );
    const labelled = fromPositions(
      n,
      labelC.flatMap((c, i) => (c ? [i] : [])),
    );
    const hp = humanPrecision(humanPrecisionSums(slice, inRun, shares, labelled));
    // Directly: R = Σa/Σv, se² = Σ(a − R v)² / (m(m−1)) / mean(v)².
    const idx = Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 !== 0 && i % 7 !== 0);
    const a = idx.map((i) => (labelC[i] ? (v[i] as number) : 0));
    const vv = idx.map((i) => v[i] as number);
    const sumV = vv.reduce((x, y) => x + y, 0);
    const r = a.reduce((x, y) => x + y, 0) / sumV;
    const m = idx.length;
    const resid = a.reduce((acc, ai, j) => acc + (ai - r * (vv[j] as number)) ** 2, 0);
    const se = Math.sqrt(resid / (m * (m - 1))) / (sumV / m);
    expect(hp?.value).toBeCloseTo(r, 14);
    expect(hp?.ci[0]).toBeCloseTo(r - 1.959963984540054 * se, 12);
    expect(hp?.ci[1]).toBeCloseTo(Math.min(1, r + 1.959963984540054 * se), 12);
    expect(hp?.n).toBe(idx.filter((i) => (v[i] as number) > 0).length);
    const none = humanPrecisionSums(slice, inRun, new Float64Array(n), labelled);
    expect(humanPrecision(none)).toBeNull();
  });

  it('codeBits keeps the positions of one code inside a set', () => {
    const codes = Int32Array.from([0, 1, 1, 2, 1, -1]);
    const within = fromPositions(6, [1, 2, 3, 5]);
    expect(
      Array.from({ length: 6 }, (_, i) => i).filter(
        (i) => (codeBits(codes, 1, within)[0] as number) & (1 << i),
      ),
    ).toEqual([1, 2]);
  });
});
