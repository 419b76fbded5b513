import type { Database } from 'better-sqlite3';
import type { Reference } from '../../../shared/baselines.ts';
import { referenceSchema } from '../../../shared/baselines.ts';
import type { EnteredHlp } from './figures.ts';
import { parseRequirement, parseRequirementScope, type ScopedRequirement } from './requirements.ts';

/**
 * What a project stores for analysis.md 8 (migration 008): targets per slice (or `all`),
 * requirements per scope, and the default reference. Read together for each report.
 */
export interface BaselineSettings {
  reference: Reference | null;
  /** By slice id, `all` included. */
  targets: Map<string, EnteredHlp>;
  /** In scope order as stored (one per scope). */
  requirements: ScopedRequirement[];
}

export function loadBaselineSettings(db: Database): BaselineSettings {
  const ref = db
    .prepare<[], { reference: string }>('SELECT reference FROM report_reference WHERE id = 1')
    .get();
  const targets = new Map<string, EnteredHlp>(
    db
      .prepare<[], { slice_id: string; value: number; n: number | null; source: string | null }>(
        'SELECT slice_id, value, n, source FROM targets ORDER BY slice_id',
      )
      .all()
      .map((r) => [r.slice_id, { value: r.value, n: r.n, source: r.source ?? 'target' }]),
  );
  const requirements = db
    .prepare<[], { scope: string; text: string; source: string | null }>(
      'SELECT scope, text, source FROM requirements ORDER BY scope',
    )
    .all()
    .map((r) => ({
      scope: parseRequirementScope(r.scope),
      requirement: parseRequirement(r.text),
      source: r.source,
    }));
  return {
    reference: ref ? referenceSchema.parse(ref.reference) : null,
    targets,
    requirements,
  };
}
