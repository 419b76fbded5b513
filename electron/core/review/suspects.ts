import type { Database } from 'better-sqlite3';
import { formatPercent } from '../../../shared/format.ts';
import type { Suspect, SuspectSource } from '../../../shared/review.ts';
import { pickRun } from '../analysis/analysis-index.ts';

export type { Suspect, SuspectSource } from '../../../shared/review.ts';

interface Loaded {
  n: number;
  labels: string[];
  predictions: (string | null)[];
  confidence: Float64Array; // NaN when missing
  classes: string[] | null;
  probs: Float64Array | null; // n × k, NaN rows when missing
  agree: Float64Array; // NaN when no human data
  humanLikely: (string | null)[];
}

function load(
  db: Database,
  runName: string | undefined,
  labelOf: ((pos: number, label: string) => string) | undefined,
  needPredictions: boolean,
): Loaded {
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
    const voteClasses = set.classes ? (JSON.parse(set.classes) as string[]) : null;
    for (const [pos, votes, a] of db
      .prepare('SELECT pos, votes, agree FROM human_annotations WHERE set_id = ?')
      .raw()
      .iterate(set.id) as IterableIterator<[number, string | null, number]>) {
      const tally = votesOf(votes, voteClasses);
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

function votesOf(votes: string | null, classes: string[] | null): Map<string, number> | null {
  if (votes === null) return null;
  const parsed = JSON.parse(votes) as number[] | Record<string, number>;
  const m = new Map<string, number>();
  if (Array.isArray(parsed)) {
    if (!classes) return null;
    parsed.forEach((v, i) => m.set(classes[i] as string, v));
  } else for (const [c, v] of Object.entries(parsed)) m.set(c, v);
  return m;
}

/** The k most probable classes of an example under the model. */
function topClassesOf(d: Loaded, pos: number, count: number): { label: string; p: number }[] {
  if (!d.probs || !d.classes) return [];
  const k = d.classes.length;
  const row = Array.from(d.probs.subarray(pos * k, pos * k + k));
  if (row.some((x) => Number.isNaN(x))) return [];
  return row
    .map((p, j) => ({ label: d.classes?.[j] as string, p }))
    .sort((a, b) => b.p - a.p)
    .slice(0, count);
}

/** Rows of probabilities read per query. */
const PROBS_CHUNK = 100_000;

/** Below this, a probability or agreement for the given label puts the example in the queue. */
const DOUBT = 0.5;

const pct = (x: number) => formatPercent(x);

/**
 * Ranks the examples whose given label is most likely wrong. Confident learning (Northcutt et
 * al. 2021) over the run's class probabilities: per-class thresholds t_j = mean p_ij over examples
 * labelled j; a suspect has some j ≠ y with p_ij ≥ t_j. Human disagreement is the second signal;
 * where both exist the score is their mean. Without either: confident wrong predictions.
 */
export function rankSuspects(
  db: Database,
  options: {
    run?: string;
    source?: SuspectSource;
    top?: number;
    labelOf?: (pos: number, label: string) => string;
  } = {},
): { source: SuspectSource; suspects: Suspect[] } {
  const runRow = pickRun(db, options.run);
  const hasProbs =
    (
      db.prepare('SELECT classes FROM runs WHERE id = ?').get(runRow.id) as {
        classes: string | null;
      }
    ).classes !== null;
  const hasHumans = db.prepare('SELECT 1 FROM human_annotations LIMIT 1').get() !== undefined;
  const source: SuspectSource =
    options.source ??
    (hasProbs && hasHumans
      ? 'combined'
      : hasProbs
        ? 'probabilities'
        : hasHumans
          ? 'humans'
          : 'confidence');
  const d = load(db, options.run, options.labelOf, source === 'confidence');
  const k = d.classes?.length ?? 0;
  const classIndex = new Map((d.classes ?? []).map((c, i) => [c, i]));

  // Per-class thresholds.
  const thresholds = new Float64Array(k);
  if (d.probs) {
    const counts = new Float64Array(k);
    for (let i = 0; i < d.n; i++) {
      const y = classIndex.get(d.labels[i] as string);
      const p = d.probs[i * k + (y ?? 0)] as number;
      if (y === undefined || Number.isNaN(p)) continue;
      thresholds[y] = (thresholds[y] as number) + p;
      counts[y] = (counts[y] as number) + 1;
    }
    for (let j = 0; j < k; j++)
      thresholds[j] =
        (counts[j] as number) > 0 ? (thresholds[j] as number) / (counts[j] as number) : 1;
  }

  const out: (Suspect & { tier: number })[] = [];
  for (let i = 0; i < d.n; i++) {
    const label = d.labels[i] as string;
    const reasons: string[] = [];
    let selfConfidence: number | null = null;
    let margin: number | null = null;
    let likely: string | null = null;
    let clSuspect = false;
    const y = classIndex.get(label);
    if (d.probs && y !== undefined && !Number.isNaN(d.probs[i * k] as number)) {
      const py = d.probs[i * k + y] as number;
      let maxOther = -1;
      let bestAbove = -1;
      let bestAboveP = -1;
      for (let j = 0; j < k; j++) {
        if (j === y) continue;
        const p = d.probs[i * k + j] as number;
        if (p > maxOther) maxOther = p;
        if (p >= (thresholds[j] as number) && p > bestAboveP) {
          bestAboveP = p;
          bestAbove = j;
        }
      }
      selfConfidence = py;
      margin = py - maxOther;
      if (bestAbove >= 0) {
        clSuspect = true;
        likely = (d.classes as string[])[bestAbove] as string;
        reasons.push(
          `model: p(${label}) = ${pct(py)}, p(${likely}) = ${pct(bestAboveP)} ≥ its class threshold ${pct(thresholds[bestAbove] as number)}`,
        );
      }
    }
    const agree = d.agree[i] as number;
    const humanKnown = !Number.isNaN(agree);
    if (humanKnown && agree < 1) {
      reasons.push(
        `humans: ${pct(1 - agree)} disagree with the given label${d.humanLikely[i] && d.humanLikely[i] !== label ? ` (most chose ${d.humanLikely[i]})` : ''}`,
      );
    }
    let score: number;
    let include: boolean;
    let tier = 0;
    switch (source) {
      case 'probabilities':
        // Confident-learning suspects first; then examples whose label the model merely doubts.
        include = clSuspect || (selfConfidence !== null && selfConfidence < DOUBT);
        score = 1 - (selfConfidence ?? 1);
        tier = clSuspect ? 0 : 1;
        if (!clSuspect && include) {
          reasons.push(
            `model: p(${label}) = ${pct(selfConfidence as number)}, no other class above its threshold`,
          );
        }
        break;
      case 'humans':
        include = humanKnown && agree < 1;
        score = 1 - agree;
        break;
      case 'combined': {
        const parts: number[] = [];
        if (selfConfidence !== null) parts.push(1 - selfConfidence);
        if (humanKnown) parts.push(1 - agree);
        include = parts.length > 0 && (clSuspect || (humanKnown && agree < DOUBT));
        score = parts.length > 0 ? parts.reduce((a, b) => a + b, 0) / parts.length : 0;
        break;
      }
      case 'confidence': {
        const pred = d.predictions[i] ?? null;
        const conf = d.confidence[i] as number;
        include = pred !== null && pred !== label;
        score = Number.isNaN(conf) ? 0.5 : conf;
        if (include) {
          likely ??= pred;
          reasons.push(
            `model: predicted ${pred}${Number.isNaN(conf) ? '' : ` with confidence ${pct(conf)}`}`,
          );
        }
        break;
      }
    }
    if (!include) continue;
    if (likely === null && d.humanLikely[i] !== label) likely = d.humanLikely[i] ?? null;

    out.push({
      pos: i,
      id: '', // filled for the returned rows only
      label,
      prediction: d.predictions[i] ?? null,
      likely,
      selfConfidence,
      margin,
      humanAgreement: humanKnown ? agree : null,
      score,
      reasons,
      tier,
      input: null,
      topClasses: [],
    });
  }
  // Ties (one-hot probabilities give many p(given) = 0) go to the wider margin for another class.
  out.sort(
    (a, b) =>
      a.tier - b.tier || b.score - a.score || (a.margin ?? 0) - (b.margin ?? 0) || a.pos - b.pos,
  );
  const ranked = options.top === undefined ? out : out.slice(0, options.top);
  // Ids and predictions only for the examples returned.
  const rows = db
    .prepare<
      [string, number],
      { pos: number; id: string; prediction: string | null; input: string | null }
    >(
      `SELECT e.pos, e.id, p.prediction, e.input FROM json_each(?) j JOIN examples e ON e.pos = j.value
         LEFT JOIN predictions p ON p.pos = e.pos AND p.run_id = ?`,
    )
    .all(JSON.stringify(ranked.map((r) => r.pos)), runRow.id);
  const byPos = new Map(rows.map((r) => [r.pos, r]));
  return {
    source,
    suspects: ranked.map(({ tier: _tier, ...s }) => ({
      ...s,
      id: byPos.get(s.pos)?.id ?? s.id,
      prediction: byPos.get(s.pos)?.prediction ?? null,
      input: byPos.get(s.pos)?.input ?? null,
      topClasses: topClassesOf(d, s.pos, 3),
    })),
  };
}
