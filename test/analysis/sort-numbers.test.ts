import { describe, expect, it } from 'vitest';
import { sortNumbers } from '../../electron/core/analysis/sort-numbers.ts';
import { rng } from '../helpers.ts';

/**
 * sortNumbers against the reference it replaces, Float64Array.prototype.sort (-0 before +0, NaN
 * last), compared bit for bit, on columns that take each of its ways: short (the built-in sort),
 * few distinct values (counting), many (radix), and the values that break naive float sorts.
 */
const bytes = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('sortNumbers', () => {
  const random = rng(7);
  const specials = [
    0,
    -0,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.MIN_VALUE,
    -Number.MIN_VALUE,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
    2.2250738585072014e-308, // the smallest normal
    -1,
    1,
  ];
  const columns: [string, (i: number) => number][] = [
    ['whole numbers 0-999', () => Math.floor(random() * 1000)],
    ['two decimals, negative and positive', () => Math.round(random() * 6000 - 2000) / 100],
    ['all distinct, both signs', () => (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20)],
    [
      'specials among few values',
      () =>
        random() < 0.1
          ? (specials[Math.floor(random() * specials.length)] as number)
          : Math.floor(random() * 5) - 2,
    ],
    [
      'specials among many values',
      () =>
        random() < 0.1
          ? (specials[Math.floor(random() * specials.length)] as number)
          : random() * 2 - 1,
    ],
    [
      '-0 and NaN but no +0',
      () => (random() < 0.2 ? -0 : random() < 0.2 ? Number.NaN : Math.floor(random() * 9) - 4),
    ],
    ['-0 with only positives', () => (random() < 0.3 ? -0 : Math.floor(random() * 9) + 1)],
    ['one value', () => 3.5],
    ['empty everywhere (NaN)', () => Number.NaN],
  ];
  for (const [name, make] of columns) {
    for (const n of [0, 1, 100, 5000, 100_000, 300_000]) {
      it(`${name}, ${n} values: the built-in sort's order, bit for bit`, () => {
        const values = Float64Array.from({ length: n }, (_, i) => make(i));
        const expected = values.slice().sort();
        const got = values.slice();
        expect(sortNumbers(got)).toBe(got);
        expect(bytes(got).equals(bytes(expected))).toBe(true);
      });
    }
  }

  it.each([
    ['few distinct values', () => Math.floor(random() * 100)],
    ['many distinct values', () => random() * 2 - 1],
  ])('sorts a view in place (%s), leaving the rest of its buffer alone', (_, make) => {
    const whole = Float64Array.from({ length: 20_000 }, make);
    const before = whole.slice();
    const view = whole.subarray(5000, 15_000);
    const expected = view.slice().sort();
    sortNumbers(view);
    expect(bytes(view).equals(bytes(expected))).toBe(true);
    expect(bytes(whole.subarray(0, 5000)).equals(bytes(before.subarray(0, 5000)))).toBe(true);
    expect(bytes(whole.subarray(15_000)).equals(bytes(before.subarray(15_000)))).toBe(true);
  });
});
