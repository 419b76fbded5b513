// The review queue's evidence read from the project (SQL into arrays); suspects.ts ranks it.
import type { Database } from 'better-sqlite3';
import { pickRun } from '../analysis/analysis-index.ts';
import { parseVotes, voteClasses } from '../analysis/human-votes.ts';

/** Rows of probabilities read per query. */
const PROBS_CHUNK = 100_000;

/** What the ranking reads, as arrays by position. */
export interface SuspectEvidence {
  n: number;
  labels: string[];
  predictions: (string | null)[];
  confidence: Float64Array; // NaN when missing
  classes: string[] | null;
  probs: Float64Array | null; // n × k, NaN rows when missing
  agree: Float64Array; // NaN when no human data
  humanLikely: (string | null)[];
}

/** Labels (as in use), predictions, probabilities and human agreement of the run, by position. */
export function loadEvidence(
  db: Database,
  runName: string | undefined,
  labelOf: ((pos: number, label: string) => string) | undefined,
  needPredictions: boolean,
): SuspectEvidence {
  const run = pickRun(db, runName);
  const meta = db.prepare('SELECT classes FROM runs WHERE id = ?').get(run.id) as {
    classes: string | null;
  };
  const classes = meta.classes ? (JSON.parse(meta.classes) as string[]) : null;
  const labels = db.prepare('SELECT label FROM examples ORDER BY pos').pluck().all() as string[];
  const n = labels.length;
  if (labelOf) for (let i = 0; i < n; i++) labels[i] = labelOf(i, labels[i] as string);
  const predictions = new Array<string | null>(n).fill(null);
  const confidence = new Float64Array(n).fill(Number.NaN);
  const k = classes?.length ?? 0;
  let probs: Float64Array | null = null;
  if (classes) {
    // The blobs come back concatenated by SQLite, a chunk of rows at a time (one JS string per chunk
    // instead of a Buffer per row: three times faster); a chunk with a missing row is read row by row.
    probs = new Float64Array(n * k).fill(Number.NaN);
    const view = new Uint8Array(probs.buffer);
    const chunk = db
      .prepare(
        // The subquery's ORDER BY is met by the (run_id, pos) key: rows arrive in order, unsorted.
        `SELECT group_concat(h, '') FROM (SELECT hex(probs) AS h FROM predictions
          WHERE run_id = ? AND pos >= ? AND pos < ? AND length(probs) = ? ORDER BY pos)`,
      )
      .pluck();
    const rowsOf = db.prepare(
      'SELECT pos, probs FROM predictions WHERE run_id = ? AND pos >= ? AND pos < ? AND length(probs) = ?',
    );
    for (let start = 0; start < n; start += PROBS_CHUNK) {
      const end = Math.min(n, start + PROBS_CHUNK);
      const hex = chunk.get(run.id, start, end, k * 8) as string | null;
      if (hex !== null && hex.length === (end - start) * k * 16) {
        view.set(Buffer.from(hex, 'hex'), start * k * 8);
        continue;
      }
      for (const [pos, blob] of rowsOf.raw().iterate(run.id, start, end, k * 8) as IterableIterator<
        [number, Buffer]
      >) {
        view.set(blob, pos * k * 8);
      }
    }
  }
  if (needPredictions) {
    for (const [pos, prediction, conf] of db
      .prepare('SELECT pos, prediction, confidence FROM predictions WHERE run_id = ?')
      .raw()
      .iterate(run.id) as IterableIterator<[number, string | null, number | null]>) {
      predictions[pos] = prediction;
      if (conf !== null) confidence[pos] = conf;
    }
  }
  const agree = new Float64Array(n).fill(Number.NaN);
  const humanLikely = new Array<string | null>(n).fill(null);
  const set = db.prepare('SELECT id, kind, classes FROM human_sets ORDER BY id LIMIT 1').get() as
    { id: number; kind: string; classes: string | null } | undefined;
  if (set) {
    const classes = voteClasses(set.classes);
    for (const [pos, votes, a] of db
      .prepare('SELECT pos, votes, agree FROM human_annotations WHERE set_id = ?')
      .raw()
      .iterate(set.id) as IterableIterator<[number, string | null, number]>) {
      const tally = parseVotes(votes, classes);
      const label = labels[pos] as string;
      if (tally) {
        let total = 0;
        let best: string | null = null;
        let bestN = -1;
        for (const [c, v] of tally) {
          total += v;
          if (v > bestN) {
            bestN = v;
            best = c;
          }
        }
        humanLikely[pos] = best;
        // Against the (possibly corrected) label in use.
        agree[pos] = total > 0 ? (tally.get(label) ?? 0) / total : a;
      } else agree[pos] = a;
    }
  }
  return { n, labels, predictions, confidence, classes, probs, agree, humanLikely };
}

/** The k most probable classes of an example under the model. */
export function topClassesOf(
  d: SuspectEvidence,
  pos: number,
  count: number,
): { label: string; p: number }[] {
  if (!d.probs || !d.classes) return [];
  const k = d.classes.length;
  const row = Array.from(d.probs.subarray(pos * k, pos * k + k));
  if (row.some((x) => Number.isNaN(x))) return [];
  return row
    .map((p, j) => ({ label: d.classes?.[j] as string, p }))
    .sort((a, b) => b.p - a.p)
    .slice(0, count);
}

/** Which signals the run and the project have: the ranking's default source depends on them. */
export function availableEvidence(
  db: Database,
  runName: string | undefined,
): { runId: number; hasProbs: boolean; hasHumans: boolean } {
  const runRow = pickRun(db, runName);
  const hasProbs =
    (
      db.prepare('SELECT classes FROM runs WHERE id = ?').get(runRow.id) as {
        classes: string | null;
      }
    ).classes !== null;
  const hasHumans = db.prepare('SELECT 1 FROM human_annotations LIMIT 1').get() !== undefined;
  return { runId: runRow.id, hasProbs, hasHumans };
}

/** Ids, predictions and inputs of the examples at `positions` (the returned rows only). */
export function suspectRows(
  db: Database,
  runId: number,
  positions: number[],
): Map<number, { pos: number; id: string; prediction: string | null; input: string | null }> {
  const rows = db
    .prepare<
      [string, number],
      { pos: number; id: string; prediction: string | null; input: string | null }
    >(
      `SELECT e.pos, e.id, p.prediction, e.input FROM json_each(?) j JOIN examples e ON e.pos = j.value
         LEFT JOIN predictions p ON p.pos = e.pos AND p.run_id = ?`,
    )
    .all(JSON.stringify(positions), runId);
  return new Map(rows.map((r) => [r.pos, r]));
}
