import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../../electron/core/errors.ts';
import { wilson } from '../../electron/core/analysis/intervals.ts';
import {
  parseRequirement,
  parseRequirementScope,
  requirementFor,
  requirementStatus,
  scopeCovers,
} from '../../electron/core/analysis/requirements.ts';

describe('requirement parser (analysis.md 8.4)', () => {
  const good: [string, object][] = [
    ['>= 0.9', { kind: 'minimum', value: 0.9, text: '>= 0.9' }],
    ['>=0.90', { kind: 'minimum', value: 0.9, text: '>= 0.9' }],
    ['  >=  .9  ', { kind: 'minimum', value: 0.9, text: '>= 0.9' }],
    ['>= 90%', { kind: 'minimum', value: 0.9, text: '>= 0.9' }],
    ['>= 1', { kind: 'minimum', value: 1, text: '>= 1' }],
    ['>= 0', { kind: 'minimum', value: 0, text: '>= 0' }],
    ['>= 100%', { kind: 'minimum', value: 1, text: '>= 1' }],
    ['>= 1.', { kind: 'minimum', value: 1, text: '>= 1' }],
    ['>= overall - 0.02', { kind: 'relative', below: 0.02, text: '>= overall - 0.02' }],
    ['>=overall-0.02', { kind: 'relative', below: 0.02, text: '>= overall - 0.02' }],
    ['>= overall - 2%', { kind: 'relative', below: 0.02, text: '>= overall - 0.02' }],
    ['>= overall', { kind: 'relative', below: 0, text: '>= overall' }],
    ['\t>= overall\t', { kind: 'relative', below: 0, text: '>= overall' }],
  ];
  it.each(good)('accepts %j', (text, expected) => {
    expect(parseRequirement(text)).toEqual(expected);
  });

  const bad: [string, RegExp][] = [
    ['', /column 1: expected ">="/],
    ['0.9', /column 1: expected ">=", found "0"/],
    ['> 0.9', /column 1: expected ">="/],
    ['<= 0.9', /column 1: expected ">="/],
    ['=> 0.9', /column 1/],
    ['>= ', /column 4: expected a number.*found the end/],
    ['>= 1.5', /column 4: expected a value between 0 and 1/],
    ['>= 101%', /column 4: expected a value between 0 and 1/],
    ['>= -0.1', /column 4: expected a number/],
    ['>= +0.9', /column 4: expected a number/],
    ['>= 0e-1', /column 5: expected the end, found "e"/],
    ['>= 0.9x', /column 7: expected the end, found "x"/],
    ['>= 0.9 0.8', /column 8: expected the end/],
    ['>= 0.9%%', /column 8: expected the end/],
    ['>= NaN', /column 4: expected a number/],
    ['>= Infinity', /column 4: expected a number/],
    ['>= 0x1', /column 5: expected the end/],
    ['>= 1,5', /column 5: expected the end/],
    ['>= ٠.٩', /column 4: expected a number/], // Arabic-Indic digits are not digits here
    ['>= 0.0000000000001', /at most 3 digits before the point and 12 after/],
    ['>= 0000.9', /at most 3 digits/],
    ['>= overall + 0.02', /column 12: expected "- D" or the end, found "\+"/],
    ['>= overall - ', /column 14: expected a number/],
    ['>= overall - 0.02 - 0.01', /column 19: expected "- D" or the end/],
    ['>= overal - 0.02', /column 4: expected a number/],
    ['>= OVERALL', /column 4/],
    ['>= overall - 2', /expected a value between 0 and 1/],
    ['>= __proto__', /column 4/],
    ['>= 0.9; DROP TABLE examples', /column 7: expected the end, found ";"/],
    ['>= 0.9\n', /column 7: expected the end, found "\\n"/],
    [`>= ${'9'.repeat(300)}`, /too long \(303 characters/],
  ];
  it.each(bad)('refuses %j with what and where', (text, message) => {
    let caught: unknown;
    try {
      parseRequirement(text);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(HeadroomError);
    expect((caught as HeadroomError).code).toBe('INVALID_INPUT');
    expect((caught as HeadroomError).message).toMatch(message);
  });
});

describe('requirement status', () => {
  it('ok at or above the bound, fails wholly below, at_risk when the interval straddles it', () => {
    const min = parseRequirement('>= 0.9');
    expect(requirementStatus(min, [0.9, 0.95], null)).toBe('ok');
    expect(requirementStatus(min, [0.85, 0.95], null)).toBe('at_risk');
    expect(requirementStatus(min, [0.85, 0.9], null)).toBe('at_risk'); // touches from below
    expect(requirementStatus(min, [0.8, 0.8999], null)).toBe('fails');
    expect(requirementStatus(min, null, 0.9)).toBeNull();
    const rel = parseRequirement('>= overall - 0.02');
    expect(requirementStatus(rel, [0.9, 0.95], null)).toBeNull();
    expect(requirementStatus(rel, [0.9, 0.95], 0.92)).toBe('ok');
    expect(requirementStatus(rel, [0.85, 0.95], 0.92)).toBe('at_risk');
    expect(requirementStatus(rel, [0.85, 0.89], 0.92)).toBe('fails');
  });

  it('against Wilson intervals: agrees with a direct reading of the rule on a grid', () => {
    const req = parseRequirement('>= 0.8');
    let seen = { ok: 0, at_risk: 0, fails: 0 };
    for (const n of [10, 50, 200, 1000]) {
      for (let x = 0; x <= n; x++) {
        const ci = wilson(x, n);
        const status = requirementStatus(req, ci, null);
        // The rule read directly: is 0.8 inside the interval, below it, or above it?
        const expected = ci[0] >= 0.8 ? 'ok' : ci[1] < 0.8 ? 'fails' : 'at_risk';
        expect(status).toBe(expected);
        seen = { ...seen, [expected]: seen[expected] + 1 };
      }
    }
    // The grid crosses all three outcomes; a bigger sample narrows the at-risk band.
    expect(seen.ok).toBeGreaterThan(0);
    expect(seen.fails).toBeGreaterThan(0);
    expect(seen.at_risk).toBeGreaterThan(0);
    const atRisk = (n: number) =>
      Array.from({ length: n + 1 }, (_, x) => requirementStatus(req, wilson(x, n), null)).filter(
        (s) => s === 'at_risk',
      ).length / n;
    expect(atRisk(1000)).toBeLessThan(atRisk(50));
  });
});

describe('requirement scope', () => {
  it('all, COLUMN=* (values and bins of that column only) and one slice id', () => {
    const region = parseRequirementScope('region=*');
    expect(region).toEqual({ kind: 'column', column: 'region' });
    expect(scopeCovers(region, 'meta:region=north')).toBe(true);
    expect(scopeCovers(region, 'meta:region:bin3')).toBe(true);
    expect(scopeCovers(region, 'meta:region2=north')).toBe(false);
    expect(scopeCovers(region, 'meta:regional:bin1')).toBe(false);
    expect(scopeCovers(region, 'class:region')).toBe(false);
    expect(scopeCovers(parseRequirementScope('all'), 'tag:4')).toBe(true);
    const one = parseRequirementScope('meta:region=north');
    expect(one).toEqual({ kind: 'slice', id: 'meta:region=north' });
    expect(scopeCovers(one, 'meta:region=north')).toBe(true);
    expect(scopeCovers(one, 'meta:region=south')).toBe(false);
    expect(() => parseRequirementScope('')).toThrow(HeadroomError);
  });
});

describe('which requirement a slice takes', () => {
  it('its own, else its column’s, else all; the later one on the same scope', () => {
    const entry = (scope: string, text: string, source: string) => ({
      scope: parseRequirementScope(scope),
      requirement: parseRequirement(text),
      source,
    });
    const list = [
      entry('all', '>= 0.8', 'floor'),
      entry('region=*', '>= overall - 0.02', 'fairness'),
      entry('meta:region=south', '>= 0.95', 'contract'),
      entry('all', '>= 0.7', 'new floor'),
    ];
    expect(requirementFor('meta:region=south', list)?.source).toBe('contract');
    expect(requirementFor('meta:region=north', list)?.source).toBe('fairness');
    expect(requirementFor('meta:age:bin2', list)?.source).toBe('new floor');
    expect(requirementFor('class:cat', [])).toBeNull();
    expect(requirementFor('class:cat', list.slice(1, 3))).toBeNull();
  });
});
