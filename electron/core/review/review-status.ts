import type { Database } from 'better-sqlite3';
import type { ReviewStatus } from '../../../shared/memo.ts';
import { rankSuspects } from './suspects.ts';
import { correctedLabels, currentVerdicts } from './verdicts.ts';

/**
 * The label review's counts (the memo's "Label review"): the examples in the suspects queue of
 * `run`, how many of them have a verdict, and how many labels a 'wrong' verdict corrected.
 */
export function reviewStatus(db: Database, run: string | undefined): ReviewStatus {
  const { suspects } = rankSuspects(db, run === undefined ? {} : { run });
  const verdicts = currentVerdicts(db);
  return {
    suspects: suspects.length,
    reviewed: suspects.filter((s) => verdicts.has(s.pos)).length,
    corrected: correctedLabels(db).size,
  };
}
