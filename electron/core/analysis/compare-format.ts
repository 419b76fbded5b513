import { formatPercent, formatPoints, formatPValue } from '../../../shared/format.ts';
import type { RunComparison, SliceComparison } from '../../../shared/compare.ts';
import { alignedLines, csvCell, type TextColumn } from './report-format.ts';

const pct = (x: number | null, digits = 1) => formatPercent(x, digits, '-');
const signed = (x: number | null) => formatPoints(x, '-');
const pValue = (p: number | null) => formatPValue(p, '-');

const COLUMNS: TextColumn<SliceComparison>[] = [
  { head: 'slice', cell: (s) => s.name },
  { head: 'kind', cell: (s) => s.kind },
  { head: 'n', cell: (s) => String(s.n), right: true },
  { head: 'A', cell: (s) => pct(s.accuracy_a), right: true },
  { head: 'B', cell: (s) => pct(s.accuracy_b), right: true },
  { head: 'B-A pts', cell: (s) => signed(s.diff), right: true },
  {
    head: '95% CI',
    cell: (s) => (s.diff_ci ? `[${signed(s.diff_ci[0])}, ${signed(s.diff_ci[1])}]` : ''),
  },
  { head: 'A only', cell: (s) => String(s.a_only), right: true },
  { head: 'B only', cell: (s) => String(s.b_only), right: true },
  { head: 'p (Holm)', cell: (s) => pValue(s.p_holm), right: true },
  {
    head: 'note',
    cell: (s) => (s.regression ? 'REGRESSION' : s.improvement ? 'improvement' : ''),
  },
];

/** The comparison for a terminal: the overall row, then the slices, largest drop first. */
export function formatComparisonTable(c: RunComparison, limit?: number): string {
  const rows = [c.overall, ...c.slices.slice(0, limit ?? c.slices.length)];
  const regressions = c.slices.filter((s) => s.regression).length;
  const out = [
    `Runs compared: A "${c.a}" and B "${c.b}", ${c.labels} labels, on the examples both predicted`,
    '',
    ...alignedLines(COLUMNS, rows),
  ];
  if (limit !== undefined && c.slices.length > limit) {
    out.push(`... ${c.slices.length - limit} more slices (--top N, or --format json for all)`);
  }
  out.push(
    '',
    regressions === 0
      ? 'No slice is significantly worse in B (McNemar, Holm-corrected p < 0.05).'
      : `${regressions} slice${regressions === 1 ? ' is' : 's are'} significantly worse in B (McNemar, Holm-corrected p < 0.05).`,
  );
  return out.join('\n');
}

const CSV_FIELDS = [
  'id',
  'kind',
  'name',
  'n',
  'accuracy_a',
  'accuracy_b',
  'diff',
  'diff_ci',
  'a_only',
  'b_only',
  'p',
  'p_holm',
  'regression',
  'improvement',
] as const;

/** CSV with fractions; the interval is two columns (diff_ci_lo, diff_ci_hi). */
export function formatComparisonCsv(c: RunComparison): string {
  const head = CSV_FIELDS.flatMap((f) => (f === 'diff_ci' ? ['diff_ci_lo', 'diff_ci_hi'] : [f]));
  const lines = [head.join(',')];
  for (const s of [c.overall, ...c.slices]) {
    lines.push(
      CSV_FIELDS.flatMap((f) =>
        f === 'diff_ci' ? [s.diff_ci?.[0] ?? null, s.diff_ci?.[1] ?? null] : [s[f]],
      )
        .map((v) => csvCell(v))
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
