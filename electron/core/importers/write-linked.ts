import type { Database } from 'better-sqlite3';
import type { ColumnMapping } from '../../../shared/imports.ts';
import { unneutralised } from '../analysis/report-format.ts';
import { HeadroomError, quote } from '../errors.ts';
import type { ColumnPlan } from './detect-roles.ts';
import {
  RowError,
  humanKind,
  humanParts,
  readHumans,
  probSumCheck,
  readRun,
  requiredText,
  runParts,
} from './row-parts.ts';
import { resolveClasses, type ImportWriter, type WriterContext } from './writer.ts';

/**
 * Imports after the first refer to existing examples: finds each row's example by id. With `ownExport`, an id that is not in the project is tried
 * again without the quote our CSV exports put before = + - @ (see csvCell).
 */
function idLookup(db: Database, plans: readonly ColumnPlan[], ownExport = false) {
  const idPlan = plans.find((p) => p.role === 'id') as ColumnPlan;
  const find = db.prepare<[string], { pos: number; label: string }>(
    'SELECT pos, label FROM examples WHERE id = ?',
  );
  return (row: readonly (string | null)[]): { pos: number; label: string } | RowError => {
    const id = requiredText(idPlan, row, 'id');
    if (id instanceof RowError) return id;
    const hit = find.get(id) ?? (ownExport ? find.get(unneutralised(id)) : undefined);
    if (!hit) return new RowError(idPlan.name, `unknown id ${quote(id)} (not in the project)`);
    return hit;
  };
}

export function mappingOf(plans: readonly ColumnPlan[]): ColumnMapping[] {
  return plans.map((p) => ({ column: p.name, role: p.role, reason: p.reason }));
}

function countExamples(db: Database): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM examples').get() as { n: number }).n;
}

function duplicateIdError(plans: readonly ColumnPlan[], what: string): RowError {
  const idPlan = plans.find((p) => p.role === 'id');
  return new RowError(
    idPlan?.name ?? null,
    `duplicate id: this example already has ${what} in this file`,
  );
}

/** A further model's (or version's) predictions on the project's examples. */
export function createRunWriter(ctx: WriterContext, plans: readonly ColumnPlan[]): ImportWriter {
  const { db } = ctx;
  if (db.prepare('SELECT 1 FROM runs WHERE name = ?').get(ctx.name)) {
    throw new HeadroomError('CONFLICT', `the project already has a run named ${quote(ctx.name)}.`);
  }
  const parts = runParts(plans);
  const runId = Number(
    db
      .prepare(
        'INSERT INTO runs (name, import_id, has_confidence, has_score, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(ctx.name, ctx.importId, parts.confidence ? 1 : 0, parts.score ? 1 : 0, ctx.now)
      .lastInsertRowid,
  );
  const lookup = idLookup(db, plans);
  const insert = db.prepare(
    'INSERT OR IGNORE INTO predictions (run_id, pos, prediction, confidence, score, probs) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const sums = probSumCheck(parts);
  let written = 0;
  return {
    write(row, line) {
      const ex = lookup(row);
      if (ex instanceof RowError) return ex;
      const out = readRun(parts, row);
      if (out instanceof RowError) return out;
      const r = insert.run(runId, ex.pos, out.prediction, out.confidence, out.score, out.probs);
      if (r.changes === 0) return duplicateIdError(plans, 'a prediction');
      sums.add(out, line);
      written++;
      return null;
    },
    finish() {
      if (parts.probs.length > 0) {
        const classes = resolveClasses(
          db,
          parts.probs.map((p) => p.classKey ?? p.name),
          runId,
        );
        db.prepare('UPDATE runs SET classes = ? WHERE id = ?').run(JSON.stringify(classes), runId);
      }
      const without = countExamples(db) - written;
      const notes =
        without > 0 ? [`${without} examples have no prediction in run ${quote(ctx.name)}`] : [];
      const sumNote = sums.note();
      if (sumNote) notes.push(sumNote);
      return { mapping: mappingOf(plans), examplesWithout: without, notes };
    },
  };
}

/** Human annotations for the project's examples (a further set). */
export function createHumansWriter(ctx: WriterContext, plans: readonly ColumnPlan[]): ImportWriter {
  const { db } = ctx;
  if (db.prepare('SELECT 1 FROM human_sets WHERE name = ?').get(ctx.name)) {
    throw new HeadroomError(
      'CONFLICT',
      `the project already has human annotations named ${quote(ctx.name)}.`,
    );
  }
  const parts = humanParts(plans);
  const kind = humanKind(parts);
  const cols = plans
    .filter((p) => p.role.startsWith('human_') && p.role !== 'human_signal')
    .map((p) => p.name);
  const setId = Number(
    db
      .prepare(
        'INSERT INTO human_sets (name, import_id, kind, columns, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(ctx.name, ctx.importId, kind, JSON.stringify(cols), ctx.now).lastInsertRowid,
  );
  const lookup = idLookup(db, plans);
  const insert = db.prepare(
    'INSERT OR IGNORE INTO human_annotations (set_id, pos, votes, agree, n) VALUES (?, ?, ?, ?, ?)',
  );
  let written = 0;
  return {
    write(row) {
      const ex = lookup(row);
      if (ex instanceof RowError) return ex;
      const h = readHumans(parts, row, ex.label);
      if (h instanceof RowError) return h;
      if (h === null) return null; // no annotation in this row: nothing to store
      if (insert.run(setId, ex.pos, h.votes, h.agree, h.n).changes === 0) {
        return duplicateIdError(plans, 'annotations');
      }
      written++;
      return null;
    },
    finish() {
      if (kind === 'votes') {
        const classes = resolveClasses(
          db,
          parts.votes.map((p) => p.classKey ?? p.name),
        );
        db.prepare('UPDATE human_sets SET classes = ? WHERE id = ?').run(
          JSON.stringify(classes),
          setId,
        );
      }
      const without = countExamples(db) - written;
      return { mapping: mappingOf(plans), examplesWithout: without, notes: [] };
    },
  };
}

const VERDICTS = new Set(['correct', 'wrong', 'ambiguous']);

/** Review verdicts from a file (a `headroom review export` round-trips): appended to the log. */
export function createVerdictsWriter(
  ctx: WriterContext,
  plans: readonly ColumnPlan[],
): ImportWriter {
  const { db } = ctx;
  const verdictPlan = plans.find((p) => p.role === 'verdict') as ColumnPlan;
  const correctionPlan = plans.find((p) => p.role === 'correction');
  const reviewerPlan = plans.find((p) => p.role === 'reviewer');
  const lookup = idLookup(db, plans, true);
  const insert = db.prepare(
    "INSERT INTO verdicts (pos, verdict, corrected_label, reviewer, source, created_at) VALUES (?, ?, ?, ?, 'import', ?)",
  );
  let count = 0;
  return {
    write(row) {
      const ex = lookup(row);
      if (ex instanceof RowError) return ex;
      const verdict = requiredText(verdictPlan, row, 'verdict');
      if (verdict instanceof RowError) return verdict;
      if (!VERDICTS.has(verdict)) {
        return new RowError(
          verdictPlan.name,
          `${quote(verdict)} is not a verdict (correct, wrong, ambiguous)`,
        );
      }
      // A `headroom review export` neutralised formula-like cells with a leading quote: undone.
      const raw = correctionPlan ? row[correctionPlan.index] : null;
      const corrected = typeof raw === 'string' ? unneutralised(raw) : raw;
      const hasCorrection = corrected !== null && corrected !== undefined && corrected !== '';
      if (verdict === 'wrong' && !hasCorrection) {
        return new RowError(
          correctionPlan?.name ?? null,
          'a "wrong" verdict needs the corrected label',
        );
      }
      if (verdict !== 'wrong' && hasCorrection) {
        return new RowError(
          correctionPlan?.name ?? null,
          `only a "wrong" verdict carries a corrected label`,
        );
      }
      const rawReviewer = reviewerPlan ? row[reviewerPlan.index] || null : null;
      const reviewer = rawReviewer === null ? null : unneutralised(rawReviewer);
      insert.run(ex.pos, verdict, hasCorrection ? corrected : null, reviewer, ctx.now);
      count++;
      return null;
    },
    finish() {
      return {
        mapping: mappingOf(plans),
        examplesWithout: 0,
        notes: [`${count} verdicts appended to the review log`],
      };
    },
  };
}
