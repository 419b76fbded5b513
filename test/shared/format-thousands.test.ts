import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCount, formatThousands } from '../../shared/format.ts';

// formatThousands groups whole numbers without ICU (a cold CLI start pays 30-80 ms for the first
// toLocaleString); it must write exactly what toLocaleString('en-US') writes.
describe('formatThousands writes what toLocaleString("en-US") writes', () => {
  it('for every safe integer, at each number of digits and sign', () => {
    const edges = [0, -0, 1, -1, 999, 1000, -1000, 999_999, 1_000_000, 10_000, 123_456_789];
    for (const n of [...edges, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER])
      expect(formatThousands(n)).toBe(n.toLocaleString('en-US'));
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(formatThousands(n)).toBe(n.toLocaleString('en-US'));
      }),
      { numRuns: 2000 },
    );
  });

  it('and for fractions, infinities and NaN (left to toLocaleString)', () => {
    for (const n of [0.5, 1234.5678, -98765.4321, 1e21, Infinity, -Infinity, NaN])
      expect(formatThousands(n)).toBe(n.toLocaleString('en-US'));
    expect(formatCount(10_000, 'example')).toBe('10,000 examples');
    expect(formatCount(1, 'example')).toBe('1 example');
  });
});
