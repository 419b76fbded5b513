/**
 * What a planning memo says, before it is written as HTML (memo-html.ts) or Markdown
 * (memo-md.ts): the validated input, the top slices, the caveats and the figures' wording. Text
 * here is either fixed wording or a user string kept apart (`names`), so each writer escapes the
 * user strings its own way.
 */
import type { DecisionFigures } from '../../../shared/decisions.ts';
import { formatPercent, formatPoints } from '../../../shared/format.ts';
import { memoInputSchema, type MemoData, type MemoInput } from '../../../shared/memo.ts';
import type { Reference } from '../../../shared/baselines.ts';
import { referencePhrase } from '../../../shared/figure-names.ts';
import type { SliceFigures } from '../../../shared/report.ts';
import { HeadroomError } from '../errors.ts';
import { rankedOnly } from '../analysis/redundant-slices.ts';

/** The input checked against shared/memo.ts, with its defaults; INVALID_INPUT names the field. */
export function parseMemoInput(input: MemoInput): MemoData {
  const parsed = memoInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HeadroomError(
      'INVALID_INPUT',
      `Memo input: ${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}.`,
    );
  }
  return parsed.data;
}

/** The slices of the memo's table: the report's order (priority), the first `top` of them. */
export function topSlices(memo: MemoData): SliceFigures[] {
  return rankedOnly(memo.report.slices).slice(0, memo.top);
}

export const pct = (x: number | null) => formatPercent(x, 1);
export const gainPct = (x: number | null) => formatPercent(x, 2);
export const ci = (c: [number, number] | null) =>
  c === null ? '' : `[${pct(c[0])}, ${pct(c[1])}]`;
export const pointsCi = (c: [number, number] | null) =>
  c === null ? '' : `[${formatPoints(c[0])}, ${formatPoints(c[1])}]`;

/**
 * The value a slice's gap is measured against: its reference's (analysis.md 8.3), or its HLP in a
 * report without the field (older JSON, measured against humans).
 */
export function referenceValue(s: SliceFigures): number | null {
  return s.reference_value !== undefined ? s.reference_value : s.hlp;
}

/** A slice's note in the table (fixed wording); a negative gap beats the report's reference. */
export function sliceNote(s: SliceFigures, reference: Reference | undefined): string {
  const notes: string[] = [];
  if (s.too_small) notes.push('too small');
  if (s.gap !== null && s.gap < 0)
    notes.push(
      reference === undefined || reference === 'hlp'
        ? 'model beats humans'
        : `model beats ${referencePhrase(reference)}`,
    );
  if (s.hlp_entered) notes.push('HLP entered');
  if (s.share_entered) notes.push('share entered');
  return notes.join(', ');
}

/** One caveat: fixed wording, then the user strings (slice names, sources) it is about. */
export interface Caveat {
  text: string;
  names: string[];
}

/** The caveats a planning meeting should hear before it trusts the table. */
export function caveats(memo: MemoData): Caveat[] {
  const top = topSlices(memo);
  const all = memo.report.slices;
  const out: Caveat[] = [];
  const small = top.filter((s) => s.too_small);
  if (small.length > 0) {
    const more = all.filter((s) => s.too_small).length - small.length;
    out.push({
      text:
        `${small.length} of the top ${top.length} slices are too small to conclude (n < 30, ` +
        `fewer than 30 human labels, or a gap interval wider than 20 points)` +
        (more > 0 ? `; ${more} more below the top` : '') +
        ':',
      names: small.map((s) => s.name),
    });
  }
  const reference = memo.report.reference;
  const againstHumans = reference === undefined || reference === 'hlp';
  if (referenceValue(memo.report.overall) === null) {
    // The reference's name holds a user string (a run's name): kept apart for the writer's escape.
    out.push(
      againstHumans || reference === 'best'
        ? {
            text: 'No human-level performance is known: the slices are ranked by error coverage.',
            names: [],
          }
        : {
            text: 'The slices are ranked by error coverage: no value is known of the reference,',
            names: [referencePhrase(reference)],
          },
    );
  }
  // The humans' level: what the gaps are measured against (or may be, under best).
  const humansCount = againstHumans || reference === 'best';
  const measured = humansCount ? top.filter((s) => s.hlp !== null && !s.hlp_entered) : [];
  if (measured.length > 0) {
    out.push({
      text: `HLP measured from human labels in ${measured.length} of the top slices (their hlp_n examples).`,
      names: [],
    });
  }
  for (const s of humansCount ? top.filter((x) => x.hlp_entered) : []) {
    out.push({
      text:
        s.hlp_n !== null && s.hlp_n > 0
          ? `HLP entered (not measured), from a sample of ${s.hlp_n}; source:`
          : 'HLP entered (not measured), taken as exact (no sample size); source:',
      names: [s.name, s.hlp_source ?? 'none given'],
    });
  }
  const shares = all.filter((s) => s.share_entered);
  if (shares.length > 0) {
    out.push({
      text: `Share entered (expected production share, not n / N) for ${shares.length} slice(s):`,
      names: shares.map((s) => s.name),
    });
  }
  return out;
}

/**
 * A decision's figures (then or now) as table cells: `run`, `metric` and `reference` are user
 * strings, the rest fixed wording.
 */
export interface FiguresCells {
  run: string;
  n: string;
  metric: string;
  value: string;
  reference: string;
  referenceValue: string;
  gap: string;
  gain: string;
}

export function figuresCells(f: DecisionFigures): FiguresCells {
  return {
    run: f.run,
    n: String(f.n),
    metric: f.metric,
    value: `${pct(f.accuracy)} ${ci(f.accuracy_ci)}`.trim(),
    reference: f.reference,
    referenceValue: pct(f.reference_value),
    gap: `${formatPoints(f.gap)} ${pointsCi(f.gap_ci)}`.trim(),
    gain: gainPct(f.potential_gain),
  };
}

/** The label review in fixed wording. */
export function reviewLine(memo: MemoData): string {
  const { suspects, reviewed, corrected } = memo.review;
  const share = suspects > 0 ? ` (${formatPercent(reviewed / suspects, 0)})` : '';
  return (
    `${reviewed} of ${suspects} suspect labels reviewed${share}; ${corrected} labels corrected. ` +
    `The figures use the ${memo.report.labels} labels.`
  );
}

/** The date part of an ISO time ("2026-12-04"), or the text as given when it is not one. */
export function dateOf(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : iso;
}

/** The project's file name without its folders (the report carries the path it was opened by). */
export function projectName(path: string): string {
  return (
    path
      .split(/[\\/]/)
      .filter((p) => p.length > 0)
      .pop() ?? path
  );
}
