import type { Database } from 'better-sqlite3';
import { decodeProbs } from '../examples/columns.ts';
import { HeadroomError, quote } from '../errors.ts';
import type { PositiveScores } from './metric.ts';
import { parseVotes, voteClasses, voteShare } from './human-votes.ts';

/**
 * Per-class data the metrics of analysis.md 8.1 read from a project, as typed arrays over example
 * positions: a run's probability of the positive class (for the threshold and average precision)
 * and the humans' vote share for a class (for their precision).
 */

/**
 * p_i(C) per position (NaN without a probability vector) and the most probable other class,
 * coded into `classes` (extended with classes that appear only in the run's probabilities).
 */
export function loadPositiveScores(
  db: Database,
  runId: number,
  n: number,
  classes: readonly string[],
  positive: string,
): PositiveScores {
  const run = db
    .prepare<[number], { name: string; classes: string | null }>(
      'SELECT name, classes FROM runs WHERE id = ?',
    )
    .get(runId);
  if (!run) throw new HeadroomError('NOT_FOUND', `No run with id ${runId}.`);
  const runClasses = run.classes ? (JSON.parse(run.classes) as string[]) : null;
  if (!runClasses) {
    throw new HeadroomError(
      'INVALID_INPUT',
      `Run ${quote(run.name)} has no class probabilities (no p_* columns): a positive class, a threshold and average precision need them.`,
    );
  }
  const k = runClasses.indexOf(positive);
  if (k < 0) {
    const shown =
      runClasses.slice(0, 20).map(quote).join(', ') + (runClasses.length > 20 ? ', ...' : '');
    throw new HeadroomError(
      'INVALID_INPUT',
      `Positive class ${quote(positive)}: run ${quote(run.name)} has no probability for it (classes with p_*: ${shown}).`,
    );
  }
  const all = [...classes];
  const codes = new Map<string, number>(all.map((c, i) => [c, i]));
  const codeOfRun = runClasses.map((c) => {
    let code = codes.get(c);
    if (code === undefined) {
      code = all.length;
      all.push(c);
      codes.set(c, code);
    }
    return code;
  });
  const p = new Float64Array(n).fill(Number.NaN);
  const runnerUp = new Int32Array(n).fill(-1);
  for (const [pos, blob] of db
    .prepare('SELECT pos, probs FROM predictions WHERE run_id = ? AND probs IS NOT NULL')
    .raw()
    .iterate(runId) as IterableIterator<[number, Uint8Array]>) {
    const v = decodeProbs(blob);
    if (v.length <= k) continue;
    p[pos] = v[k] as number;
    let best = -1;
    let bestP = -Infinity;
    for (let j = 0; j < v.length; j++) {
      if (j !== k && (v[j] as number) > bestP) {
        bestP = v[j] as number;
        best = j;
      }
    }
    runnerUp[pos] = best < 0 ? -1 : (codeOfRun[best] as number);
  }
  return { classes: all, p, runnerUp };
}

/**
 * The fraction of each example's votes that chose `cls` in the project's first human set (NaN
 * where the example has no votes); null when the set has no vote counts (only agreement).
 */
export function loadVoteShares(db: Database, n: number, cls: string): Float64Array | null {
  const set = db
    .prepare<[], { id: number; classes: string | null }>(
      'SELECT id, classes FROM human_sets ORDER BY id LIMIT 1',
    )
    .get();
  if (!set) return null;
  const classes = voteClasses(set.classes);
  const shares = new Float64Array(n).fill(Number.NaN);
  let any = false;
  for (const [pos, votes] of db
    .prepare('SELECT pos, votes FROM human_annotations WHERE set_id = ? AND votes IS NOT NULL')
    .raw()
    .iterate(set.id) as IterableIterator<[number, string]>) {
    const share = voteShare(parseVotes(votes, classes), cls);
    if (share !== null) {
      shares[pos] = share;
      any = true;
    }
  }
  return any ? shares : null;
}
