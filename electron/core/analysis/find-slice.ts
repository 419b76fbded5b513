import { HeadroomError, quote } from '../errors.ts';
import type { AnalysisIndex } from './analysis-index.ts';

/** A slice as the user names it: its id ("class:cat", "tag:3") or its name ("label = cat"). */
export interface SliceRef {
  id: string;
  name: string;
}

/** The slices a project's report names (a summary project's, without an index). */
export interface SliceList {
  slices: readonly SliceRef[];
}

/**
 * The one slice of `index` that `q` names ("overall" is all examples): NOT_FOUND when none,
 * CONFLICT when the name is shared (then the id must be used).
 */
export function findSlice(index: Pick<AnalysisIndex, 'slices'> | SliceList, q: string): SliceRef {
  const matches: SliceRef[] =
    q === 'overall'
      ? [{ id: 'overall', name: 'all examples' }]
      : index.slices.filter((s) => s.id === q || s.name === q);
  if (matches.length === 0) throw new HeadroomError('NOT_FOUND', `No slice named ${quote(q)}.`);
  if (matches.length > 1) {
    throw new HeadroomError(
      'CONFLICT',
      `${quote(q)} names several slices (${matches.map((m) => m.id).join(', ')}); use the id.`,
    );
  }
  return matches[0] as SliceRef;
}
