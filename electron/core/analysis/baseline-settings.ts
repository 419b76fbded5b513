import type { Database } from 'better-sqlite3';
import type { Reference } from '../../../shared/baselines.ts';
import { referenceSchema } from '../../../shared/baselines.ts';
import { writeTx } from '../db/project-file.ts';
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

/** Enters (or with null clears) the target of a slice id or `all`; true when something changed. */
export function saveTarget(db: Database, sliceId: string, target: EnteredHlp | null): boolean {
  return writeTx(db, () =>
    target === null
      ? db.prepare('DELETE FROM targets WHERE slice_id = ?').run(sliceId).changes > 0
      : db
          .prepare(
            `INSERT INTO targets (slice_id, value, n, source) VALUES (?, ?, ?, ?)
             ON CONFLICT (slice_id) DO UPDATE SET value = excluded.value, n = excluded.n,
               source = excluded.source`,
          )
          .run(sliceId, target.value, target.n, target.source).changes > 0,
  );
}

/**
 * Sets (or with null clears) the requirement of a scope (a slice id, `all`, `COLUMN=*`); the
 * text is parsed first, so a bad one is refused with its position and nothing is written.
 */
export function saveRequirement(
  db: Database,
  scope: string,
  text: string | null,
  source: string | null,
): boolean {
  if (text !== null) parseRequirement(text);
  return writeTx(db, () =>
    text === null
      ? db.prepare('DELETE FROM requirements WHERE scope = ?').run(scope).changes > 0
      : db
          .prepare(
            `INSERT INTO requirements (scope, text, source) VALUES (?, ?, ?)
             ON CONFLICT (scope) DO UPDATE SET text = excluded.text, source = excluded.source`,
          )
          .run(scope, text, source).changes > 0,
  );
}

/** Saves the project's default reference (null: back to the default rule of analysis.md 8.3). */
export function saveReference(db: Database, reference: Reference | null): void {
  writeTx(db, () => {
    if (reference === null) db.prepare('DELETE FROM report_reference').run();
    else
      db.prepare(
        `INSERT INTO report_reference (id, reference) VALUES (1, ?)
         ON CONFLICT (id) DO UPDATE SET reference = excluded.reference`,
      ).run(reference);
  });
}
