import type { RunComparison, SliceComparison } from '../../../shared/compare.ts';
import { HeadroomError, quote } from '../errors.ts';
import type { AnalysisIndex } from './analysis-index.ts';
import { andBits, count, countAnd, type Bits } from './bitset.ts';
import { holm, mcnemarExact, newcombePaired } from './paired-tests.ts';

/** Significance after Holm's correction (analysis.md section 6). */
export const ALPHA = 0.05;

type Row = Omit<SliceComparison, 'p_holm' | 'regression' | 'improvement'>;

/**
 * Runs A and B on the same examples, per slice of A's index (its metadata, classes, tags and
 * rules): accuracies over the examples both runs predicted, the paired difference and McNemar's
 * test; a slice whose accuracy drops significantly after Holm's correction is a regression.
 */
export function compareRuns(a: AnalysisIndex, b: AnalysisIndex, project: string): RunComparison {
  if (a.labels !== b.labels) throw new Error('compareRuns: the two indexes use other labels');
  for (const x of [a, b]) {
    if (!x.correctBits) {
      throw new HeadroomError(
        'INVALID_INPUT',
        `Run ${quote(x.run.name)} has graded scores, not right/wrong predictions: McNemar's test needs 0/1 correctness.`,
      );
    }
  }
  const paired = andBits(a.inRun, b.inRun);
  const rightA = andBits(paired, a.correctBits as Bits);
  const rightB = andBits(paired, b.correctBits as Bits);
  const rightBoth = andBits(rightA, b.correctBits as Bits);
  const row = (id: string, kind: Row['kind'], name: string, bits: Bits | null): Row => {
    const within = (x: Bits) => (bits ? countAnd(bits, x) : count(x));
    const n = within(paired);
    const ra = within(rightA);
    const rb = within(rightB);
    const both = within(rightBoth);
    const aOnly = ra - both;
    const bOnly = rb - both;
    const neither = n - both - aOnly - bOnly;
    return {
      id,
      kind,
      name,
      n,
      accuracy_a: n > 0 ? ra / n : null,
      accuracy_b: n > 0 ? rb / n : null,
      diff: n > 0 ? (rb - ra) / n : null,
      diff_ci: n > 0 ? newcombePaired({ both, aOnly, bOnly, neither }) : null,
      a_only: aOnly,
      b_only: bOnly,
      p: n > 0 ? mcnemarExact(aOnly, bOnly) : null,
    };
  };
  const rows = [
    row('overall', 'overall', 'all examples', null),
    ...a.slices.map((s) => row(s.id, s.kind, s.name, s.bits)).filter((r) => r.n > 0),
  ];
  // The family is every row shown: the overall row and each slice.
  const adjusted = holm(rows.map((r) => r.p));
  const flagged = rows.map((r, i): SliceComparison => {
    const pHolm = adjusted[i] ?? null;
    const significant = pHolm !== null && pHolm < ALPHA;
    return {
      ...r,
      p_holm: pHolm,
      regression: significant && (r.diff ?? 0) < 0,
      improvement: significant && (r.diff ?? 0) > 0,
    };
  });
  const [overall, ...slices] = flagged as [SliceComparison, ...SliceComparison[]];
  slices.sort(
    (x, y) =>
      Number(y.regression) - Number(x.regression) ||
      (x.diff ?? 0) - (y.diff ?? 0) ||
      x.id.localeCompare(y.id),
  );
  return { project, a: a.run.name, b: b.run.name, labels: a.labels, overall, slices };
}
