import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ColumnPlan } from '../../electron/core/importers/detect-roles.ts';
import {
  humanParts,
  readHumans,
  type HumanValues,
} from '../../electron/core/importers/row-parts.ts';

const plan = (name: string, index: number, role: ColumnPlan['role']): ColumnPlan => ({
  name,
  index,
  role,
  reason: 'test',
});

/** What a row's human labels mean, computed here from analysis.md's definition (votes per label). */
function expected(labels: readonly (string | null)[], label: string) {
  const given = labels.filter((v): v is string => v !== null && v !== '');
  if (given.length === 0) return null;
  const counts: [string, number][] = [];
  for (const v of given) {
    const at = counts.findIndex(([k]) => k === v);
    if (at >= 0) (counts[at] as [string, number])[1]++;
    else counts.push([v, 1]);
  }
  const agree = given.filter((v) => v === label).length / given.length;
  // JSON of the counts, in first-seen order, built without any object keyed by user text.
  const votes = `{${counts.map(([k, c]) => `${JSON.stringify(k)}:${c}`).join(',')}}`;
  return { votes, agree, n: given.length };
}

// Labels that are object keys in JavaScript count like any other (the lookup is by value).
const text = fc.oneof(
  fc.constantFrom('cat', 'dog', '__proto__', 'constructor', 'toString', '1', '10', '', 'a"b\\c'),
  fc.string(),
);

describe('readHumans: human label columns', () => {
  it('one label column (its fast path) gives the votes, agreement and count of the definition', () => {
    const parts = humanParts([plan('label', 0, 'label'), plan('human_label', 1, 'human_label')]);
    fc.assert(
      fc.property(text, fc.option(text), (label, human) => {
        expect(readHumans(parts, [label, human], label)).toEqual(expected([human], label));
        expect(readHumans(parts, [label, human], 'cat')).toEqual(expected([human], 'cat'));
      }),
    );
  });

  it('several label columns give the same figures (the tally path)', () => {
    const parts = humanParts([
      plan('label', 0, 'label'),
      plan('h1', 1, 'human_label'),
      plan('h2', 2, 'human_label'),
      plan('h3', 3, 'human_label'),
    ]);
    fc.assert(
      fc.property(text, fc.array(fc.option(text), { minLength: 3, maxLength: 3 }), (label, hs) => {
        // Several keys: JSON objects list integer-like keys first, so compare the counts unordered.
        const unordered = (r: { votes: string | null } | null) =>
          r && { ...r, votes: Object.entries(JSON.parse(r.votes ?? '{}') as object).sort() };
        const got = readHumans(parts, [label, ...hs], label) as HumanValues | null;
        expect(unordered(got)).toEqual(unordered(expected(hs, label)));
      }),
    );
  });
});
