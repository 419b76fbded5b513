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

/** A requirement as stored for a scope: its text and source. */
export interface StoredRequirement {
  text: string;
  source: string | null;
}

/**
 * The raw writes of targets, requirements and the reference, inside the caller's transaction:
 * every edit goes through saveSliceSettings (slice-settings.ts), which keeps what it replaced
 * for undo. Each returns true when something changed.
 */
export function writeTarget(db: Database, sliceId: string, target: EnteredHlp | null): boolean {
  return target === null
    ? db.prepare('DELETE FROM targets WHERE slice_id = ?').run(sliceId).changes > 0
    : db
        .prepare(
          `INSERT INTO targets (slice_id, value, n, source) VALUES (?, ?, ?, ?)
           ON CONFLICT (slice_id) DO UPDATE SET value = excluded.value, n = excluded.n,
             source = excluded.source`,
        )
        .run(sliceId, target.value, target.n, target.source).changes > 0;
}

export function writeRequirement(
  db: Database,
  scope: string,
  req: StoredRequirement | null,
): boolean {
  if (req === null) {
    return db.prepare('DELETE FROM requirements WHERE scope = ?').run(scope).changes > 0;
  }
  // Parsed first, so a bad text is refused with its position and nothing is written.
  parseRequirement(req.text);
  return (
    db
      .prepare(
        `INSERT INTO requirements (scope, text, source) VALUES (?, ?, ?)
         ON CONFLICT (scope) DO UPDATE SET text = excluded.text, source = excluded.source`,
      )
      .run(scope, req.text, req.source).changes > 0
  );
}

export function writeReference(db: Database, reference: Reference | null): boolean {
  if (reference === null) return db.prepare('DELETE FROM report_reference').run().changes > 0;
  return (
    db
      .prepare(
        `INSERT INTO report_reference (id, reference) VALUES (1, ?)
         ON CONFLICT (id) DO UPDATE SET reference = excluded.reference`,
      )
      .run(reference).changes > 0
  );
}

/** What a target, a requirement and the reference are now (for undo's `before`). */
export function currentTarget(db: Database, sliceId: string): EnteredHlp | null {
  const r = db
    .prepare<[string], { value: number; n: number | null; source: string | null }>(
      'SELECT value, n, source FROM targets WHERE slice_id = ?',
    )
    .get(sliceId);
  return r ? { value: r.value, n: r.n, source: r.source ?? 'target' } : null;
}

export function currentRequirement(db: Database, scope: string): StoredRequirement | null {
  return (
    db
      .prepare<[string], StoredRequirement>('SELECT text, source FROM requirements WHERE scope = ?')
      .get(scope) ?? null
  );
}

export function currentReference(db: Database): Reference | null {
  const r = db
    .prepare<[], { reference: string }>('SELECT reference FROM report_reference WHERE id = 1')
    .get();
  return r ? referenceSchema.parse(r.reference) : null;
}
