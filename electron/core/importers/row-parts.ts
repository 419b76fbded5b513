import type { ColumnPlan } from './detect-roles.ts';
import { quote } from '../errors.ts';
import { isEmpty, normalizeClassName, OutOfRange, parseNumber } from './values.ts';

/** A row failed: which column and why. */
export class RowError {
  readonly column: string | null;
  readonly reason: string;
  constructor(column: string | null, reason: string) {
    this.column = column;
    this.reason = reason;
  }
}

type Row = readonly (string | null)[];

function col(plans: readonly ColumnPlan[], role: ColumnPlan['role']): ColumnPlan | undefined {
  return plans.find((p) => p.role === role);
}

/** A required text cell (id, label, prediction, tag). */
export function requiredText(plan: ColumnPlan, row: Row, what: string): string | RowError {
  const v = row[plan.index];
  if (isEmpty(v)) return new RowError(plan.name, `missing ${what}`);
  return v;
}

/** An optional number cell within [min, max]; null when empty. */
export function optionalNumber(
  plan: ColumnPlan | undefined,
  row: Row,
  min = -Infinity,
  max = Infinity,
  range = `[${min}, ${max}]`,
): number | null | RowError {
  if (!plan) return null;
  const v = row[plan.index];
  if (isEmpty(v)) return null;
  const n = parseNumber(v);
  if (n === null) return new RowError(plan.name, `${quote(v)} is not a number`);
  if (n instanceof OutOfRange) return new RowError(plan.name, n.reason);
  if (n < min || n > max) return new RowError(plan.name, `${v} is outside ${range}`);
  return n;
}

/** The model's outputs in one row: prediction, confidence, score, class probabilities. */
export interface RunParts {
  prediction: ColumnPlan | undefined;
  confidence: ColumnPlan | undefined;
  score: ColumnPlan | undefined;
  probs: ColumnPlan[];
}

export interface RunValues {
  prediction: string | null;
  confidence: number | null;
  score: number | null;
  probs: Buffer | null;
  /** The sum of the row's class probabilities, or null when it has none. */
  probSum: number | null;
}

export function runParts(plans: readonly ColumnPlan[]): RunParts {
  return {
    prediction: col(plans, 'prediction'),
    confidence: col(plans, 'confidence'),
    score: col(plans, 'score'),
    probs: plans.filter((p) => p.role === 'probability'),
  };
}

export function hasRun(parts: RunParts): boolean {
  return parts.prediction !== undefined || parts.score !== undefined;
}

/** Rounding slack for probabilities and confidences (float32 softmax gives 1.00001); values are stored as written. */
const PROB_SLACK = 1e-4;

export function readRun(parts: RunParts, row: Row): RunValues | RowError {
  let prediction: string | null = null;
  if (parts.prediction) {
    const p = requiredText(parts.prediction, row, 'prediction');
    if (p instanceof RowError) return p;
    prediction = p;
  }
  const confidence = optionalNumber(parts.confidence, row, -PROB_SLACK, 1 + PROB_SLACK, '[0, 1]');
  if (confidence instanceof RowError) return confidence;
  const score = optionalNumber(parts.score, row);
  if (score instanceof RowError) return score;
  if (!parts.prediction && score === null && parts.score) {
    return new RowError(parts.score.name, 'missing score');
  }
  let probs: Buffer | null = null;
  let probSum: number | null = null;
  if (parts.probs.length > 0) {
    const empty = parts.probs.filter((p) => isEmpty(row[p.index])).length;
    if (empty > 0 && empty < parts.probs.length) {
      const first = parts.probs.find((p) => isEmpty(row[p.index]));
      return new RowError(first?.name ?? null, 'missing probability (others in the row are given)');
    }
    if (empty === 0) {
      const arr = new Float64Array(parts.probs.length);
      for (let k = 0; k < parts.probs.length; k++) {
        const n = optionalNumber(parts.probs[k], row, -PROB_SLACK, 1 + PROB_SLACK, '[0, 1]');
        if (n instanceof RowError) return n;
        arr[k] = n ?? 0;
      }
      probs = Buffer.from(arr.buffer);
      probSum = arr.reduce((a, b) => a + b, 0);
    }
  }
  return { prediction, confidence, score, probs, probSum };
}

/**
 * A row's class probabilities may sum to 1 give or take this (rounded softmax outputs); beyond it
 * the row is still imported as written, and the import's notes count such rows.
 */
export const PROB_SUM_TOLERANCE = 1e-3;

/** Counts the written rows whose probabilities do not sum to 1, for the import's notes. */
export function probSumCheck(parts: RunParts) {
  let rows = 0;
  let first: { line: number; sum: number } | null = null;
  return {
    /** After a row is written (a rejected row does not count). */
    add(values: RunValues | null, line: number): void {
      const sum = values?.probSum ?? null;
      if (sum === null || Math.abs(sum - 1) <= PROB_SUM_TOLERANCE) return;
      rows++;
      first ??= { line, sum };
    },
    /** The note for the import summary, or null when every row summed to 1. */
    note(): string | null {
      if (rows === 0 || first === null) return null;
      const cols = parts.probs.map((p) => p.name);
      const named = cols.length > 4 ? `${cols.slice(0, 3).join(', ')}, ...` : cols.join(', ');
      return `${rows} ${rows === 1 ? 'row has' : 'rows have'} class probabilities (${cols.length} columns: ${named}) that do not sum to 1 within ${PROB_SUM_TOLERANCE} (the first, line ${first.line}, sums to ${Number(first.sum.toPrecision(6))}); they are stored as given`;
    },
  };
}

/** Human annotations in one row: label columns, vote counts per class, or an agreement fraction. */
export interface HumanParts {
  labels: ColumnPlan[];
  votes: ColumnPlan[];
  agreement: ColumnPlan | undefined;
  count: ColumnPlan | undefined;
  /** normalized class key -> index into votes */
  voteIndex: Map<string, number>;
}

export interface HumanValues {
  votes: string | null;
  agree: number;
  n: number | null;
}

export function humanParts(plans: readonly ColumnPlan[]): HumanParts {
  const votes = plans.filter((p) => p.role === 'human_votes');
  const voteIndex = new Map<string, number>();
  votes.forEach((p, i) => voteIndex.set(normalizeClassName(p.classKey ?? p.name), i));
  return {
    labels: plans.filter((p) => p.role === 'human_label'),
    votes,
    agreement: col(plans, 'human_agreement'),
    count: col(plans, 'human_count'),
    voteIndex,
  };
}

export function hasHumans(parts: HumanParts): boolean {
  return parts.labels.length > 0 || parts.votes.length > 0 || parts.agreement !== undefined;
}

/** Vote counts take precedence over label columns when a file has both (notes say so). */
export function humanKind(parts: HumanParts): 'votes' | 'labels' | 'agreement' {
  if (parts.votes.length > 0) return 'votes';
  if (parts.labels.length > 0) return 'labels';
  return 'agreement';
}

/** The row's human annotation for the given label, or null when it has none. */
export function readHumans(
  parts: HumanParts,
  row: Row,
  label: string,
): HumanValues | null | RowError {
  const kind = humanKind(parts);
  const given = optionalNumber(parts.agreement, row, 0, 1);
  if (given instanceof RowError) return given;
  const count = optionalNumber(parts.count, row, 0);
  if (count instanceof RowError) return count;
  if (count !== null && !Number.isInteger(count)) {
    return new RowError(parts.count?.name ?? null, `${count} is not a whole number of annotators`);
  }
  let votesJson: string | null = null;
  let computed: number | null = null;
  let n: number | null = count;
  if (kind === 'votes') {
    const counts: number[] = [];
    let total = 0;
    let anyGiven = false;
    for (const p of parts.votes) {
      const v = optionalNumber(p, row, 0);
      if (v instanceof RowError) return v;
      if (v !== null) anyGiven = true;
      counts.push(v ?? 0);
      total += v ?? 0;
    }
    if (anyGiven && total > 0) {
      votesJson = JSON.stringify(counts);
      const idx = parts.voteIndex.get(normalizeClassName(label));
      computed = idx === undefined ? 0 : (counts[idx] ?? 0) / total;
      n ??= total;
    }
  } else if (kind === 'labels' && parts.labels.length === 1) {
    // One annotator column (the common case): the same JSON as the tally below, without a Map.
    const v = row[(parts.labels[0] as ColumnPlan).index];
    if (!isEmpty(v)) {
      votesJson = `{${JSON.stringify(v)}:1}`;
      computed = v === label ? 1 : 0;
      n ??= 1;
    }
  } else if (kind === 'labels') {
    // Keyed by labels (user text): a Map, so "constructor" or "__proto__" count like any label.
    const tally = new Map<string, number>();
    let total = 0;
    for (const p of parts.labels) {
      const v = row[p.index];
      if (isEmpty(v)) continue;
      tally.set(v, (tally.get(v) ?? 0) + 1);
      total++;
    }
    if (total > 0) {
      votesJson = JSON.stringify(Object.fromEntries(tally));
      computed = (tally.get(label) ?? 0) / total;
      n ??= total;
    }
  }
  const agree = given ?? computed;
  if (agree === null) return null;
  return { votes: votesJson, agree, n };
}
