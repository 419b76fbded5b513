import { basename } from 'node:path';
import type { Report, SliceFigures } from '../../../shared/report.ts';
import {
  columnsFor,
  CSV_FIELDS,
  csvCell,
  mdEscape,
  OVERLAP_NOTE,
  rows,
  SHARE_NOTE,
  thresholdPhrase,
} from './report-format.ts';

/**
 * The dashboard's exports (slices.export): the report table for people to read and share. Unlike
 * the CLI's `report` text (a public format, report-format.ts), an export names the project by its
 * file name (never the local path), is dated, carries a legend, rounds the CSV's figures and
 * says "no interval" where a slice is too small for one. JSON keeps every figure's full precision.
 */
export interface ExportHeader {
  /** The project file's name, e.g. "cifar10.headroom". */
  project: string;
  /** The day of the export, YYYY-MM-DD (UTC). */
  date: string;
}

export function exportHeader(projectPath: string, now: Date = new Date()): ExportHeader {
  return { project: basename(projectPath), date: now.toISOString().slice(0, 10) };
}

/** Decimal places of the CSV's fractions: 0.1234 is 12.34%. Counts and flags are exact. */
export const CSV_DECIMALS = 4;

/**
 * An interval that spans every value the figure can take ([-1, 1] for a gap, [0, 1] for a rate)
 * says nothing: the engine gives it when a slice is too small for one (a graded gap on n = 3, t
 * with 2 degrees of freedom). Exports show "no interval" instead of [-100, 100].
 */
export function isUninformative(
  field: 'accuracy_ci' | 'hlp_ci' | 'gap_ci' | 'potential_gain_ci',
  c: [number, number] | null,
  s: SliceFigures,
): boolean {
  if (c === null) return false;
  const low = field === 'gap_ci' ? -1 : 0;
  const high = field === 'potential_gain_ci' ? (s.share ?? 1) : 1;
  return c[0] <= low + 1e-12 && c[1] >= high - 1e-12;
}

function legend(report: Report): string[] {
  const reference =
    report.reference === undefined || report.reference === 'hlp'
      ? 'human-level performance (HLP)'
      : `the ${report.reference} baseline`;
  return [
    `- Reference: every gap is measured against ${reference}.`,
    '- n: examples in the slice; share: n / all examples (* = a share entered by the user).',
    '- accuracy: the model on the slice; HLP: the humans on the same examples.',
    '- gap: HLP − accuracy (negative: the model beats the reference).',
    '- potential gain: gap × share, what overall accuracy would gain if the slice reached the reference.',
    '- ease, importance, priority: the ranking inputs (docs/analysis.md).',
    '- 95% intervals: Wilson for accuracy and binary HLP; the gap: Newcombe (method 10) when both sides are binary, the t interval of the difference for graded human votes; the gain: the gap interval floored at 0, times share.',
    '- "no interval": the slice is too small for one (the interval would span every possible value).',
    '- too small: n < 30 or fewer than 30 human-labelled examples, or a gap interval too wide to rank on.',
  ];
}

/** The Markdown export: title, date, the table, notes and the legend. */
export function exportMarkdown(report: Report, header: ExportHeader): string {
  const columns = columnsFor(report).map((c) => {
    const field =
      c.head === '95% CI'
        ? 'accuracy_ci'
        : c.head === 'gap 95% CI'
          ? 'gap_ci'
          : c.head === 'gain 95% CI'
            ? 'potential_gain_ci'
            : null;
    if (!field) return c;
    return {
      ...c,
      cell: (s: SliceFigures) => (isUninformative(field, s[field], s) ? 'no interval' : c.cell(s)),
    };
  });
  const head = `| ${columns.map((c) => c.head).join(' | ')} |`;
  const sep = `|${columns.map((c) => (c.right ? ' ---: ' : ' --- ')).join('|')}|`;
  const body = rows(report).map(
    (s) => `| ${columns.map((c) => mdEscape(c.cell(s))).join(' | ')} |`,
  );
  const notes = [...(report.slices.some((s) => s.share_entered) ? [SHARE_NOTE] : []), OVERLAP_NOTE];
  return [
    `# Headroom report: ${mdEscape(header.project)}`,
    '',
    `Run "${mdEscape(report.run)}", ${report.labels} labels${mdEscape(thresholdPhrase(report))}. Exported ${header.date}.`,
    '',
    head,
    sep,
    ...body,
    '',
    ...notes,
    '',
    '## Legend',
    '',
    ...legend(report),
    '',
  ].join('\n');
}

const round = (x: number) => Number(x.toFixed(CSV_DECIMALS));

/**
 * The CSV export: "#" lines first (project, run, date, legend; pandas reads it with comment='#'),
 * then one row per slice, fractions rounded to CSV_DECIMALS places, an uninformative interval
 * left empty.
 */
export function exportCsv(report: Report, header: ExportHeader): string {
  const head: string[] = [];
  for (const f of CSV_FIELDS) {
    if (f.endsWith('_ci')) head.push(`${f}_lo`, `${f}_hi`);
    else head.push(f);
  }
  const lines = [
    `# Headroom report: ${header.project}; run "${report.run}"; ${report.labels} labels${thresholdPhrase(report).replace(', ', '; ')}; exported ${header.date}`,
    `# Fractions (0.1234 = 12.34%) rounded to ${CSV_DECIMALS} decimals; the JSON export keeps full precision.`,
    ...legend(report).map((l) => `# ${l.slice(2)}`),
    head.join(','),
  ];
  for (const s of rows(report)) {
    const cells: string[] = [];
    for (const f of CSV_FIELDS) {
      const v = s[f];
      if (f.endsWith('_ci')) {
        const field = f as 'accuracy_ci' | 'hlp_ci' | 'gap_ci' | 'potential_gain_ci';
        const c = v as [number, number] | null;
        const shown = c && !isUninformative(field, c, s) ? c : null;
        cells.push(
          csvCell(shown ? round(shown[0]) : null),
          csvCell(shown ? round(shown[1]) : null),
        );
      } else if (typeof v === 'number' && !Number.isInteger(v)) cells.push(csvCell(round(v)));
      else cells.push(csvCell(v as string | number | boolean | null));
    }
    lines.push(cells.join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The JSON export: the report at full precision, named by the project's file name, dated. */
export function exportJson(report: Report, header: ExportHeader): string {
  return JSON.stringify(
    {
      ...report,
      project: header.project,
      exported: header.date,
      legend: legend(report).map((l) => l.slice(2)),
    },
    null,
    2,
  );
}
