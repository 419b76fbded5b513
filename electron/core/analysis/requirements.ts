import type { RequirementStatus } from '../../../shared/baselines.ts';
import { HeadroomError } from '../errors.ts';
import type { Interval } from './intervals.ts';

/**
 * Requirements (satisficing metrics, analysis.md 8.4): `>= V` or `>= overall - D`, parsed by a
 * small strict parser, and a slice's status against the bound: ok, at_risk or fails.
 */

export type Requirement =
  | { kind: 'minimum'; value: number; text: string }
  | { kind: 'relative'; below: number; text: string };

/** Where a requirement applies: every slice, every slice of a column, or one slice id. */
export type RequirementScope =
  { kind: 'all' } | { kind: 'column'; column: string } | { kind: 'slice'; id: string };

const MAX_TEXT = 200;

/** Parses a requirement's text; a bad text is refused with the column where it goes wrong. */
export function parseRequirement(text: string): Requirement {
  if (text.length > MAX_TEXT) {
    throw new HeadroomError(
      'INVALID_INPUT',
      `Requirement too long (${text.length} characters; at most ${MAX_TEXT}).`,
    );
  }
  let i = 0;
  const fail = (expected: string): never => {
    const found = i < text.length ? JSON.stringify(text[i]) : 'the end';
    throw new HeadroomError(
      'INVALID_INPUT',
      `Requirement ${JSON.stringify(text)}, column ${i + 1}: expected ${expected}, found ${found}. ` +
        'Write ">= 0.9", ">= 90%" or ">= overall - 0.02".',
    );
  };
  const spaces = () => {
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  const isDigit = (): boolean => {
    const c = text[i];
    return c !== undefined && c >= '0' && c <= '9';
  };
  const number = (): number => {
    const start = i;
    while (isDigit()) i++;
    const whole = i - start;
    let fraction = 0;
    if (text[i] === '.') {
      i++;
      const f = i;
      while (isDigit()) i++;
      fraction = i - f;
    }
    if (whole === 0 && fraction === 0) {
      i = start;
      fail('a number such as 0.9 or 90%');
    }
    if (whole > 3 || fraction > 12) {
      i = start;
      fail('a number with at most 3 digits before the point and 12 after');
    }
    let v = Number(text.slice(start, i));
    const at = start;
    if (text[i] === '%') {
      i++;
      v /= 100;
    }
    if (!(v >= 0 && v <= 1)) {
      i = at;
      fail('a value between 0 and 1 (0% to 100%)');
    }
    return v;
  };
  spaces();
  if (text.slice(i, i + 2) !== '>=') fail('">="');
  i += 2;
  spaces();
  if (text.slice(i, i + 7) === 'overall') {
    i += 7;
    spaces();
    let below = 0;
    if (text[i] === '-') {
      i++;
      spaces();
      below = number();
    }
    spaces();
    if (i < text.length) fail('"- D" or the end');
    return {
      kind: 'relative',
      below,
      text: below === 0 ? '>= overall' : `>= overall - ${below}`,
    };
  }
  const value = number();
  spaces();
  if (i < text.length) fail('the end');
  return { kind: 'minimum', value, text: `>= ${value}` };
}

/** The bound a slice's metric must reach; null for a relative requirement without an overall. */
export function requirementBound(req: Requirement, overall: number | null): number | null {
  if (req.kind === 'minimum') return req.value;
  return overall === null ? null : overall - req.below;
}

/**
 * ok when the slice's interval lies at or above the bound, fails when it lies wholly below,
 * at_risk when it straddles it; null without an interval or a bound. The overall's own
 * uncertainty is not part of a relative bound (analysis.md 8.4 says why).
 */
export function requirementStatus(
  req: Requirement,
  ci: Interval | null,
  overall: number | null,
): RequirementStatus | null {
  const bound = requirementBound(req, overall);
  if (ci === null || bound === null) return null;
  if (ci[0] >= bound) return 'ok';
  if (ci[1] < bound) return 'fails';
  return 'at_risk';
}

/** `all`, `COLUMN=*` (every metadata slice of the column) or a slice id. */
export function parseRequirementScope(text: string): RequirementScope {
  if (text === 'all') return { kind: 'all' };
  if (text.endsWith('=*') && !text.startsWith('meta:') && text.length > 2) {
    return { kind: 'column', column: text.slice(0, -2) };
  }
  if (text.length === 0) {
    throw new HeadroomError('INVALID_INPUT', 'A requirement needs a slice, "all" or "COLUMN=*".');
  }
  return { kind: 'slice', id: text };
}

/** Whether a scope covers a slice (metadata slice ids are `meta:COLUMN=VALUE`, `meta:COLUMN:binK`). */
export function scopeCovers(scope: RequirementScope, sliceId: string): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'slice') return scope.id === sliceId;
  const prefix = `meta:${scope.column}`;
  if (!sliceId.startsWith(prefix)) return false;
  const rest = sliceId.slice(prefix.length);
  return rest.startsWith('=') || /^:bin\d+$/.test(rest);
}

/** A requirement with where it applies and where it comes from. */
export interface ScopedRequirement {
  scope: RequirementScope;
  requirement: Requirement;
  source: string | null;
}

const SCOPE_RANK: Record<RequirementScope['kind'], number> = { slice: 0, column: 1, all: 2 };

/**
 * The requirement of a slice: its own, else its column's, else the one for all slices (on equal
 * scope the later entry wins: setting a requirement replaces the previous one).
 */
export function requirementFor(
  sliceId: string,
  list: readonly ScopedRequirement[],
): ScopedRequirement | null {
  let best: ScopedRequirement | null = null;
  for (const r of list) {
    if (!scopeCovers(r.scope, sliceId)) continue;
    if (best === null || SCOPE_RANK[r.scope.kind] <= SCOPE_RANK[best.scope.kind]) best = r;
  }
  return best;
}
