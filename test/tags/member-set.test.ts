import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { count, emptyBits, hasBit, setBit } from '../../electron/core/analysis/bitset.ts';
import { HeadroomError } from '../../electron/core/errors.ts';
import {
  decodeMembers,
  encodeMembers,
  memberPositions,
} from '../../electron/core/tags/member-set.ts';
import { rng } from '../helpers.ts';

/** Bits over n positions with these set. */
function bitsOf(n: number, positions: Iterable<number>) {
  const b = emptyBits(n);
  for (const p of positions) setBit(b, p);
  return b;
}

/** The positions set, read bit by bit (not through the module under test). */
function setPositions(bits: Uint32Array, n: number): number[] {
  const out: number[] = [];
  for (let p = 0; p < n; p++) if (hasBit(bits, p)) out.push(p);
  return out;
}

describe('a tag member set (tags/member-set.ts)', () => {
  it('round-trips any set of positions, with its size', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.array(fc.nat(), { maxLength: 400 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 300 })), { maxLength: 5 }),
        (n, singles, ranges) => {
          const wanted = new Set(singles.map((p) => p % n));
          for (const [start, length] of ranges) {
            for (let p = start % n; p < Math.min(n, (start % n) + length); p++) wanted.add(p);
          }
          const sorted = [...wanted].sort((a, b) => a - b);
          const { blob, size } = encodeMembers(bitsOf(n, sorted));
          expect(size).toBe(sorted.length);
          const back = decodeMembers(blob, n);
          expect(back.length).toBe(emptyBits(n).length);
          expect(setPositions(back, n)).toEqual(sorted);
          expect(Array.from(memberPositions(back))).toEqual(sorted);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stores a dense tag as bits, a sparse one as gaps and a range as runs, each small', () => {
    const n = 1_000_000;
    const random = rng(16);
    const dense: number[] = [];
    const sparse: number[] = [];
    for (let p = 0; p < n; p++) {
      if (random() < 0.1) dense.push(p);
      if (random() < 0.001) sparse.push(p);
    }
    const range = Array.from({ length: 400_000 }, (_, i) => 250_000 + i);
    const forms = [dense, sparse, range].map((positions) => {
      const { blob } = encodeMembers(bitsOf(n, positions));
      expect(setPositions(decodeMembers(blob, n), n)).toEqual(positions);
      return { form: blob[0], bytes: blob.length };
    });
    // Bits: n / 8 bytes at most (the trailing empty words are left out).
    expect(forms[0]).toEqual({ form: 1, bytes: 1 + n / 8 });
    // Gaps of about 1000: two bytes a member.
    expect(forms[1]?.form).toBe(2);
    expect(forms[1]?.bytes).toBeLessThanOrEqual(1 + 2 * sparse.length);
    // One run: its start and length.
    expect(forms[2]?.form).toBe(3);
    expect(forms[2]?.bytes).toBeLessThan(10);
  });

  it('an empty set is one byte and reads back empty over any n', () => {
    const { blob, size } = encodeMembers(emptyBits(1000));
    expect(size).toBe(0);
    expect(blob.length).toBe(1);
    expect(count(decodeMembers(blob, 70))).toBe(0);
    expect(decodeMembers(blob, 70).length).toBe(3);
  });

  it('reads a set written when there were fewer examples over the larger n', () => {
    const { blob } = encodeMembers(bitsOf(100, [3, 99]));
    const back = decodeMembers(blob, 10_000);
    expect(back.length).toBe(emptyBits(10_000).length);
    expect(setPositions(back, 10_000)).toEqual([3, 99]);
  });

  it('refuses a damaged blob with a clear error, never wrong members', () => {
    const { blob } = encodeMembers(bitsOf(1000, [5, 6, 7, 500]));
    const cases = [
      Buffer.from([9, 1, 2]), // an unknown form
      Buffer.from([1, 0xff, 0xff]), // bits cut inside a word
      Buffer.from([2, 0x85]), // a varint cut short
      blob.subarray(0, 0), // nothing at all
    ];
    for (const bad of cases) {
      expect(() => decodeMembers(bad, 1000)).toThrow(HeadroomError);
      expect(() => decodeMembers(bad, 1000)).toThrow(/damaged: a tag's member set/);
    }
  });
});
