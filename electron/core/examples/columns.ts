import type { Database } from 'better-sqlite3';
import type { AnalysisIndex } from '../analysis/analysis-index.ts';
import { correctedLabels } from '../review/verdicts.ts';

/**
 * The per-example columns the errors browser filters and sorts on, as typed arrays over positions:
 * given label and prediction as codes into one sorted class list, and the confidence. Built once
 * per run and label set from SQLite (one pass) and kept in memory beside the analysis index.
 */
export interface ExampleColumns {
  /** Every class seen as a label or a prediction, sorted. */
  classes: string[];
  /** Code of the label in use (original or corrected) per position. */
  label: Int32Array;
  /** Code of the prediction per position; -1 when the run has none. */
  prediction: Int32Array;
  /** Confidence per position (max class probability when the run has no confidence); NaN if none. */
  confidence: Float64Array;
}

export function buildColumns(db: Database, index: AnalysisIndex): ExampleColumns {
  const n = index.n;
  const corrected = index.labels === 'corrected' ? correctedLabels(db) : null;
  const run = db
    .prepare<[number], { has_confidence: number; classes: string | null }>(
      'SELECT has_confidence, classes FROM runs WHERE id = ?',
    )
    .get(index.run.id);
  const fromProbs = run?.has_confidence === 0 && run.classes !== null;
  const codes = new Map<string, number>();
  const code = (c: string): number => {
    let k = codes.get(c);
    if (k === undefined) {
      k = codes.size;
      codes.set(c, k);
    }
    return k;
  };
  const label = new Int32Array(n);
  const prediction = new Int32Array(n).fill(-1);
  const confidence = new Float64Array(n).fill(Number.NaN);
  // Two range scans (examples by pos, the run's predictions by key) beat a join per row.
  for (const [pos, l] of db
    .prepare('SELECT pos, label FROM examples')
    .raw()
    .iterate() as IterableIterator<[number, string]>) {
    label[pos] = code(corrected?.get(pos) ?? l);
  }
  const sql = `SELECT pos, prediction, ${fromProbs ? 'probs' : 'confidence'} FROM predictions WHERE run_id = ?`;
  for (const [pos, pred, conf] of db.prepare(sql).raw().iterate(index.run.id) as IterableIterator<
    [number, string | null, number | Buffer | null]
  >) {
    if (pred !== null) prediction[pos] = code(pred);
    if (typeof conf === 'number') confidence[pos] = conf;
    else if (conf instanceof Uint8Array && conf.byteLength >= 8) confidence[pos] = maxOf(conf);
  }
  // Recode so that code order is name order: sorting by label sorts by code.
  const names = [...codes.keys()];
  const sorted = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const remap = new Int32Array(names.length);
  names.forEach((name, k) => (remap[k] = sorted.indexOf(name)));
  for (let i = 0; i < n; i++) {
    label[i] = remap[label[i] as number] as number;
    const p = prediction[i] as number;
    if (p >= 0) prediction[i] = remap[p] as number;
  }
  return { classes: sorted, label, prediction, confidence };
}

/** A stored probability vector (little-endian Float64 values in the run's class order). */
export function decodeProbs(blob: Uint8Array): Float64Array {
  // Copy: a Buffer from SQLite need not be 8-byte aligned for a Float64Array view.
  const bytes = new Uint8Array(blob.byteLength - (blob.byteLength % 8));
  bytes.set(blob.subarray(0, bytes.length));
  return new Float64Array(bytes.buffer);
}

/** The largest stored probability: the confidence of a run that has probabilities only. */
export function maxOf(blob: Uint8Array): number {
  let max = -Infinity;
  for (const v of decodeProbs(blob)) if (v > max) max = v;
  return max;
}
