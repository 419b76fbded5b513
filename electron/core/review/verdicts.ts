import type { Database } from 'better-sqlite3';
import { bumpDataVersion } from '../db/data-version.ts';
import { writeTx } from '../db/project-file.ts';
import { HeadroomError } from '../errors.ts';
import type { Verdict } from '../../../shared/review.ts';

export type { Verdict } from '../../../shared/review.ts';

export interface VerdictRow {
  id: number;
  pos: number;
  verdict: Verdict | 'undo';
  corrected_label: string | null;
  undoes: number | null;
  reviewer: string | null;
  source: 'review' | 'import';
  created_at: string;
}

export interface CurrentVerdict {
  verdictId: number;
  pos: number;
  verdict: Verdict;
  correctedLabel: string | null;
  reviewer: string | null;
  at: string;
}

/** Appends a verdict; durable when it returns. */
export function addVerdict(
  db: Database,
  v: {
    pos: number;
    verdict: Verdict;
    correctedLabel?: string | null;
    reviewer?: string | null;
    source?: 'review' | 'import';
  },
): number {
  const corrected = v.verdict === 'wrong' ? (v.correctedLabel ?? '').trim() : null;
  if (v.verdict === 'wrong' && !corrected) {
    throw new HeadroomError(
      'INVALID_INPUT',
      'A "label is wrong" verdict needs the corrected label.',
    );
  }
  if (v.verdict !== 'wrong' && v.correctedLabel) {
    throw new HeadroomError(
      'INVALID_INPUT',
      'Only a "label is wrong" verdict carries a corrected label.',
    );
  }
  return writeTx(db, () => {
    bumpDataVersion(db);
    return Number(
      db
        .prepare(
          'INSERT INTO verdicts (pos, verdict, corrected_label, reviewer, source, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(
          v.pos,
          v.verdict,
          corrected,
          v.reviewer ?? null,
          v.source ?? 'review',
          new Date().toISOString(),
        ).lastInsertRowid,
    );
  });
}

/** Cancels a verdict (the last live one when no id is given) by appending an 'undo' event. */
export function undoVerdict(
  db: Database,
  verdictId?: number,
  reviewer?: string | null,
): { undone: number } {
  return writeTx(db, () => {
    const live = liveVerdicts(db);
    const target = verdictId === undefined ? live.at(-1) : live.find((v) => v.id === verdictId);
    if (!target) {
      throw new HeadroomError(
        'NOT_FOUND',
        verdictId === undefined ? 'No verdict to undo.' : `No live verdict #${verdictId}.`,
      );
    }
    bumpDataVersion(db);
    db.prepare(
      "INSERT INTO verdicts (pos, verdict, undoes, reviewer, source, created_at) VALUES (?, 'undo', ?, ?, 'review', ?)",
    ).run(target.pos, target.id, reviewer ?? null, new Date().toISOString());
    return { undone: target.id };
  });
}

/** Verdicts not cancelled by an undo, in the order given. */
export function liveVerdicts(db: Database): VerdictRow[] {
  const rows = db.prepare<[], VerdictRow>('SELECT * FROM verdicts ORDER BY id').all();
  const undone = new Set(rows.filter((r) => r.verdict === 'undo').map((r) => r.undoes));
  return rows.filter((r) => r.verdict !== 'undo' && !undone.has(r.id));
}

/** The current verdict of each reviewed example: its last live verdict. */
export function currentVerdicts(db: Database): Map<number, CurrentVerdict> {
  const out = new Map<number, CurrentVerdict>();
  for (const r of liveVerdicts(db)) {
    out.set(r.pos, {
      verdictId: r.id,
      pos: r.pos,
      verdict: r.verdict as Verdict,
      correctedLabel: r.corrected_label,
      reviewer: r.reviewer,
      at: r.created_at,
    });
  }
  return out;
}

/** pos -> corrected label, for the examples whose current verdict says the label is wrong. */
export function correctedLabels(db: Database): Map<number, string> {
  const m = new Map<number, string>();
  for (const [pos, v] of currentVerdicts(db))
    if (v.verdict === 'wrong' && v.correctedLabel) m.set(pos, v.correctedLabel);
  return m;
}
