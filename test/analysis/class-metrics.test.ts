import { describe, expect, it } from 'vitest';
import { classMetrics } from '../../shared/class-metrics.ts';

describe('per-class precision, recall and F1', () => {
  it('reads rows as given and columns as predicted, with the empty cases explicit', () => {
    // given a: 8 right, 2 as b; given b: 1 as a, 3 right; c: only ever predicted, never given.
    const m = classMetrics(
      ['a', 'b', 'c'],
      [
        [8, 2, 0],
        [1, 3, 0],
        [0, 0, 0],
      ],
    );
    expect(m[0]).toEqual({
      class: 'a',
      n: 10,
      predicted: 9,
      correct: 8,
      recall: 0.8,
      precision: 8 / 9,
      f1: (2 * 0.8 * (8 / 9)) / (0.8 + 8 / 9),
    });
    expect(m[1]).toMatchObject({ n: 4, predicted: 5, correct: 3, recall: 0.75, precision: 0.6 });
    expect(m[2]).toMatchObject({ n: 0, predicted: 0, recall: null, precision: null, f1: null });
    const never = classMetrics(
      ['x', 'y'],
      [
        [0, 5],
        [0, 0],
      ],
    );
    // x is given 5 times and never predicted: recall 0, precision unknown, F1 unknown.
    expect(never[0]).toMatchObject({ recall: 0, precision: null, f1: null });
    // y is predicted 5 times and never right (never given): precision 0, recall unknown.
    expect(never[1]).toMatchObject({ recall: null, precision: 0, f1: null });
    const wrong = classMetrics(
      ['x', 'y'],
      [
        [0, 5],
        [5, 0],
      ],
    );
    expect(wrong[0]).toMatchObject({ recall: 0, precision: 0, f1: 0 });
  });
});
