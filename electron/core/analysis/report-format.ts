import { metricName } from '../../../shared/figure-names.ts';
import { formatPercent } from '../../../shared/format.ts';
import type { Report, SliceFigures } from '../../../shared/report.ts';
import { rankedOnly } from './redundant-slices.ts';

const pct = (x: number | null, digits = 1) => formatPercent(x, digits, '-');
const ci = (c: [number, number] | null, digits = 1) =>
  c === null ? '' : `[${(c[0] * 100).toFixed(digits)}, ${(c[1] * 100).toFixed(digits)}]`;

/** A column of a plain-text or Markdown table of rows of type T. */
export interface TextColumn<T> {
  head: string;
  cell: (row: T) => string;
  right?: boolean;
}
type Col = TextColumn<SliceFigures>;

/** Rows as aligned plain-text lines (numbers right-aligned), the header first. */
export function alignedLines<T>(columns: TextColumn<T>[], rows: T[]): string[] {
  const body = rows.map((r) => columns.map((c) => c.cell(r)));
  const widths = columns.map((c, i) =>
    Math.max(c.head.length, ...body.map((r) => (r[i] as string).length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((x, i) =>
        columns[i]?.right ? x.padStart(widths[i] as number) : x.padEnd(widths[i] as number),
      )
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.head)), ...body.map(line)];
}

const COLUMNS: Col[] = [
  { head: 'slice', cell: (s) => s.name },
  { head: 'kind', cell: (s) => s.kind },
  { head: 'n', cell: (s) => String(s.n), right: true },
  { head: 'share', cell: (s) => `${pct(s.share)}${s.share_entered ? '*' : ''}`, right: true },
  { head: 'accuracy', cell: (s) => pct(s.accuracy), right: true },
  { head: '95% CI', cell: (s) => ci(s.accuracy_ci) },
  { head: 'HLP', cell: (s) => pct(s.hlp), right: true },
  { head: 'gap', cell: (s) => pct(s.gap), right: true },
  { head: 'gap 95% CI', cell: (s) => ci(s.gap_ci) },
  { head: 'potential gain', cell: (s) => pct(s.potential_gain, 2), right: true },
  { head: 'gain 95% CI', cell: (s) => ci(s.potential_gain_ci, 2) },
  { head: 'ease', cell: (s) => String(s.ease), right: true },
  { head: 'importance', cell: (s) => String(s.importance), right: true },
  { head: 'priority', cell: (s) => pct(s.priority, 2), right: true },
  {
    head: 'note',
    cell: (s) =>
      s.too_small ? 'too small' : s.gap !== null && s.gap < 0 ? 'model beats humans' : '',
  },
];

/** Whether the gaps are measured against something other than humans (analysis.md 8.3). */
const againstOther = (report: Report) =>
  report.reference !== undefined && report.reference !== 'hlp';

/**
 * The table's columns: the metric's column is named by the metric (`recall of cat`); under
 * another reference than humans, the HLP column shows the reference's value and the note says
 * the model beats the reference, so no figure is labelled as humans'.
 */
export function columnsFor(report: Report): Col[] {
  const base = withAp(report, COLUMNS).map((c) =>
    c.head === 'accuracy' ? { ...c, head: metricName(report.metric) } : c,
  );
  if (!againstOther(report)) return base;
  return base.map((c) => {
    if (c.head === 'HLP')
      return { head: 'reference', cell: (s) => pct(s.reference_value ?? null), right: true };
    if (c.head === 'note')
      return {
        head: 'note',
        cell: (s) =>
          s.too_small ? 'too small' : s.gap !== null && s.gap < 0 ? 'model beats reference' : '',
      };
    return c;
  });
}

/** The average precision column after the accuracy interval, only when a positive class was given. */
function withAp(report: Report, columns: Col[]): Col[] {
  if (report.positive === undefined) return columns;
  const at = columns.findIndex((c) => c.head === '95% CI') + 1;
  const ap: Col = { head: 'AP', cell: (s) => pct(s.ap ?? null), right: true };
  return [...columns.slice(0, at), ap, ...columns.slice(at)];
}

export const SHARE_NOTE = '* share entered: the expected share of production data, not n / N.';

/** Overall, then the ranked slices: a slice repeating another (redundant_with) is left out. */
export function rows(report: Report, limit?: number): SliceFigures[] {
  const ranked = rankedOnly(report.slices);
  return [report.overall, ...ranked.slice(0, limit ?? ranked.length)];
}

/** The note under a table that left out repeating slices (analysis.md 4). */
export function repeatsNote(report: Report): string[] {
  const n = report.slices.length - rankedOnly(report.slices).length;
  if (n === 0) return [];
  const what = n === 1 ? '1 slice repeats' : `${n} slices repeat`;
  return [
    '',
    `${what} another (the same examples to 99% or more) and is left out: --format json lists it with redundant_with.`,
  ];
}

/** The positive class and threshold of a report, as a title's tail ('' when none was given). */
export function thresholdPhrase(report: Report): string {
  return report.positive === undefined
    ? ''
    : report.threshold === undefined
      ? `, positive ${report.positive}`
      : `, ${report.positive} when p >= ${report.threshold}`;
}

function title(report: Report): string {
  const metric =
    report.metric === undefined || report.metric === 'accuracy'
      ? ''
      : `, ${metricName(report.metric)}`;
  const against = againstOther(report) ? `, gap against ${report.reference}` : '';
  return `Headroom report: ${report.project}, run "${report.run}", ${report.labels} labels${metric}${against}${thresholdPhrase(report)}`;
}

/** Why the gains of the table's rows must not be summed (analysis.md section 2). */
export const OVERLAP_NOTE =
  'Gains of overlapping slices do not add up: each is what that slice alone would add.';

/** A plain-text table for a terminal: percentages, aligned columns. */
export function formatTable(report: Report, limit?: number): string {
  const out = [title(report), '', ...alignedLines(columnsFor(report), rows(report, limit))];
  const ranked = rankedOnly(report.slices).length;
  if (limit !== undefined && ranked > limit) {
    out.push(`... ${ranked - limit} more slices (--top N, or --format json for all)`);
  }
  out.push(...repeatsNote(report));
  if (report.slices.some((s) => s.share_entered)) out.push('', SHARE_NOTE);
  if (report.slices.filter((s) => s.potential_gain !== null).length > 1) {
    out.push('', OVERLAP_NOTE);
  }
  // No human level and nothing else to measure against (a gap against another run needs no hint).
  if (report.overall.hlp === null && (report.overall.reference_value ?? null) === null) {
    out.push(
      '',
      'No human-level performance yet: import human labels or set one with `headroom hlp set`.',
    );
  }
  return out.join('\n');
}

export const mdEscape = (s: string) =>
  s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** A Markdown table to paste into a planning document. */
export function formatMarkdown(report: Report): string {
  const columns = columnsFor(report);
  const head = `| ${columns.map((c) => c.head).join(' | ')} |`;
  const sep = `|${columns.map((c) => (c.right ? ' ---: ' : ' --- ')).join('|')}|`;
  const body = rows(report).map(
    (s) => `| ${columns.map((c) => mdEscape(c.cell(s))).join(' | ')} |`,
  );
  const note = report.slices.some((s) => s.share_entered) ? ['', SHARE_NOTE] : [];
  return [
    `# ${mdEscape(title(report))}`,
    '',
    head,
    sep,
    ...body,
    ...note,
    ...repeatsNote(report),
    '',
  ].join('\n');
}

/**
 * A cell safe to open in a spreadsheet: text starting with = + - @ tab or CR is prefixed with '
 * so it is never run as a formula (reliability-tests.md I-11).
 */
export function csvCell(v: string | number | boolean | null): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The text a csvCell() of ours stood for: `'=x` -> `=x` (only before = + - @ tab CR, the cells it
 * neutralised). Used where Headroom reads its own exports back (`--as verdicts`).
 */
export function unneutralised(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

export const CSV_FIELDS = [
  'id',
  'kind',
  'name',
  'n',
  'share',
  'share_entered',
  'accuracy',
  'accuracy_ci',
  'error_rate',
  'error_coverage',
  'hlp',
  'hlp_n',
  'hlp_ci',
  'hlp_source',
  'hlp_entered',
  'gap',
  'gap_ci',
  'potential_gain',
  'potential_gain_ci',
  'ease',
  'importance',
  'priority',
  'too_small',
] as const;

type CsvField = (typeof CSV_FIELDS)[number] | 'ap';

/** CSV with fractions; each interval is two columns (_lo, _hi). */
export function formatCsv(report: Report): string {
  const fields: CsvField[] = [
    ...CSV_FIELDS,
    ...(report.positive !== undefined ? ['ap' as const] : []),
  ];
  const head: string[] = [];
  for (const f of fields) {
    if (f.endsWith('_ci')) head.push(`${f}_lo`, `${f}_hi`);
    else head.push(f);
  }
  const lines = [head.join(',')];
  for (const s of rows(report)) {
    const cells: string[] = [];
    for (const f of fields) {
      const v = s[f] ?? null;
      if (f.endsWith('_ci')) {
        const c = v as [number, number] | null;
        cells.push(csvCell(c ? c[0] : null), csvCell(c ? c[1] : null));
      } else cells.push(csvCell(v as string | number | boolean | null));
    }
    lines.push(cells.join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
