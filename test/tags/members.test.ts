import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyBits, hasBit, setBit } from '../../electron/core/analysis/bitset.ts';
import { changePositions, type MemberChange } from '../../electron/core/tags/members.ts';

/**
 * A tag edit on its bits (tags/members.ts changePositions), against a plain Set: the bits end as
 * the Set does, and the answer is the positions that changed, in the order given, each once (what
 * undo records). Positions repeat and straddle word edges (31, 32, 63, 64).
 */
describe('changing a tag’s member bits (tags/members.ts)', () => {
  const edit = fc.record({
    n: fc.integer({ min: 1, max: 3000 }),
    before: fc.array(fc.nat(), { maxLength: 400 }),
    positions: fc.array(fc.nat(), { maxLength: 400 }),
    change: fc.constantFrom<MemberChange>('add', 'remove'),
  });

  it('adds or removes exactly what a Set says, answering the positions that changed', () => {
    fc.assert(
      fc.property(edit, ({ n, before, positions, change }) => {
        const inRange = (xs: number[]) => xs.map((p) => p % n);
        const members = new Set(inRange(before));
        const bits = emptyBits(n);
        for (const p of members) setBit(bits, p);
        const asked = inRange(positions);
        // The model: each position changes the first time it is met, if the Set differs.
        const want: number[] = [];
        for (const p of asked) {
          if (change === 'add' ? members.has(p) : !members.has(p)) continue;
          if (change === 'add') members.add(p);
          else members.delete(p);
          want.push(p);
        }
        const changed = changePositions(bits, asked, change);
        expect(Array.from(changed)).toEqual(want);
        for (let p = 0; p < n; p++) expect(hasBit(bits, p)).toBe(members.has(p));
      }),
      { numRuns: 300 },
    );
  });

  it('at word edges: adding what is there and removing what is not change nothing', () => {
    const bits = emptyBits(100);
    expect(Array.from(changePositions(bits, [31, 32, 63, 64, 32, 0, 99], 'add'))).toEqual([
      31, 32, 63, 64, 0, 99,
    ]);
    expect(Array.from(changePositions(bits, [31, 99, 0], 'add'))).toEqual([]);
    expect(Array.from(changePositions(bits, [30, 33, 65, 98], 'remove'))).toEqual([]);
    expect(Array.from(changePositions(bits, [64, 31, 31, 1], 'remove'))).toEqual([64, 31]);
    const left = [];
    for (let p = 0; p < 100; p++) if (hasBit(bits, p)) left.push(p);
    expect(left).toEqual([0, 32, 63, 99]);
  });
});
