/**
 * The planning memo as Markdown (to paste into a meeting's notes): the same content as the HTML
 * memo but the chart, every user string through escapeMarkdown.
 */
import type { Decision } from '../../../shared/decisions.ts';
import { formatPoints } from '../../../shared/format.ts';
import {
  baselineName,
  metricName,
  referenceLabel,
  referencePhrase,
} from '../../../shared/figure-names.ts';
import type { MemoInput } from '../../../shared/memo.ts';
import type { Report } from '../../../shared/report.ts';
import { escapeMarkdown as esc } from './escape.ts';
import {
  caveats,
  ci,
  dateOf,
  figuresCells,
  gainPct,
  parseMemoInput,
  pct,
  pointsCi,
  projectName,
  referenceValue,
  reviewLine,
  sliceNote,
  topSlices,
} from './memo-content.ts';

/**
 * The columns of the top-slices table, named by the report's metric and reference; `memoMarkdown`
 * writes one row per top slice.
 */
export function memoMdColumns(r: Pick<Report, 'metric' | 'reference'>): string[] {
  return [
    '#',
    'slice',
    'n',
    'share',
    metricName(r.metric),
    '95% CI',
    referenceLabel(r.reference),
    'gap (pts)',
    'gap 95% CI',
    'potential gain',
    'note',
  ];
}

function decisionLines(d: Decision): string[] {
  const figures = (when: string, f: Decision['then'] | null) => {
    if (f === null) return `  - ${when}: not measured again yet`;
    const c = figuresCells(f);
    return (
      `  - ${when}: run ${esc(c.run)}, n = ${c.n}; ${esc(c.metric)} ${esc(c.value)}; ` +
      `${esc(c.reference)} ${esc(c.referenceValue)}; gap ${esc(c.gap)}; gain ${esc(c.gain)}`
    );
  };
  return [
    `- **${esc(d.slice)}**: owner ${esc(d.owner)}; ${d.status.replace('_', ' ')}; ` +
      `${esc(dateOf(d.at))}; verdict ${d.verdict ?? 'not yet'}`,
    `  - why: ${esc(d.why)}`,
    figures('then', d.then),
    figures('now', d.now),
  ];
}

/** The memo as a Markdown document. */
export function memoMarkdown(input: MemoInput): string {
  const memo = parseMemoInput(input);
  const r = memo.report;
  const o = r.overall;
  const top = topSlices(memo);
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const columns = memoMdColumns(r);
  const againstHumans = r.reference === undefined || r.reference === 'hlp';
  // Under `best`, the baseline a slice's reference is when it is not the humans' level.
  const used = (s: Report['slices'][number]) =>
    r.reference === 'best' && referenceValue(s) !== null && s.reference_source
      ? s.reference_source === 'hlp'
        ? ''
        : ` (${esc(baselineName(s.reference_source))})`
      : '';
  const lines = [
    `# ${esc(memo.title)}`,
    '',
    `Project **${esc(projectName(r.project))}**, run **${esc(r.run)}**, ${r.labels} labels, ${esc(metricName(r.metric))}, gap to ${esc(referencePhrase(r.reference))}, ${esc(dateOf(memo.generated_at))}.`,
    '',
    '## Overall',
    '',
    `- examples: ${o.n}`,
    `- ${esc(metricName(r.metric))}: ${pct(o.accuracy)} ${esc(ci(o.accuracy_ci))}`,
    againstHumans
      ? `- human level (HLP): ${pct(o.hlp)} ${esc(ci(o.hlp_ci))}`
      : `- reference, ${esc(referencePhrase(r.reference))}: ${pct(referenceValue(o))}${used(o)}`,
    `- gap: ${formatPoints(o.gap)} pts ${esc(pointsCi(o.gap_ci))}`,
    '',
    `## Top ${top.length} slices by priority (of ${r.slices.length})`,
    '',
    // The metric's and the reference's names hold user strings (a class, a run).
    row(columns.map((c, i) => (i === 4 || i === 6 ? esc(c) : c))),
    `|${columns.map((c) => (c === 'slice' || c === 'note' ? ' --- ' : ' ---: ')).join('|')}|`,
    ...top.map((s, i) =>
      row([
        String(i + 1),
        esc(s.name),
        String(s.n),
        `${pct(s.share)}${s.share_entered ? '\\*' : ''}`,
        pct(s.accuracy),
        esc(ci(s.accuracy_ci)),
        `${pct(referenceValue(s))}${againstHumans && s.hlp_entered ? '\\*' : ''}${used(s)}`,
        formatPoints(s.gap),
        esc(pointsCi(s.gap_ci)),
        gainPct(s.potential_gain),
        sliceNote(s, r.reference),
      ]),
    ),
    '',
  ];
  if (top.some((s) => s.share_entered || s.hlp_entered)) {
    lines.push('\\* entered by a person, not measured.', '');
  }
  lines.push('## Decisions', '');
  if (memo.decisions.length === 0) lines.push('_No decisions recorded yet._');
  else for (const d of memo.decisions) lines.push(...decisionLines(d));
  lines.push('', '## Caveats', '');
  const cav = caveats(memo);
  if (cav.length === 0) lines.push('None.');
  for (const c of cav) {
    lines.push(`- ${c.text}${c.names.length ? ` ${c.names.map(esc).join(', ')}` : ''}`);
  }
  lines.push('', '## Label review', '', reviewLine(memo), '');
  return lines.join('\n');
}
