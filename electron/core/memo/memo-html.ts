/**
 * The planning memo as one self-contained HTML page: no script, no external resource, a strict
 * CSP, every user string through escapeHtml, one A4 page in print.
 */
import type { Decision } from '../../../shared/decisions.ts';
import type { MemoInput } from '../../../shared/memo.ts';
import type { Report, SliceFigures } from '../../../shared/report.ts';
import { escapeHtml as esc } from './escape.ts';
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
import { gapShareSvg } from './memo-svg.ts';
import { formatPoints } from '../../../shared/format.ts';
import {
  baselineName,
  metricName,
  referenceLabel,
  referencePhrase,
} from '../../../shared/figure-names.ts';

/** The memo's policy: nothing may load or run; inline styles and data: images only. */
export const MEMO_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: system-ui, sans-serif; font-size: 10pt; color: #222; margin: 16px auto; max-width: 190mm; line-height: 1.35; }
h1 { font-size: 15pt; margin: 0 0 2px; }
h2 { font-size: 11pt; margin: 12px 0 4px; border-bottom: 1px solid #ccc; }
.sub { color: #555; margin: 0 0 8px; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: 2px 5px; border-bottom: 1px solid #e6e6e6; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.name { overflow-wrap: anywhere; }
tr.too-small td { color: #888; }
.overall { display: flex; flex-wrap: wrap; gap: 4px 18px; }
.overall div b { display: block; font-size: 12pt; }
.grid { display: grid; grid-template-columns: 420px minmax(0, 1fr); gap: 16px; align-items: start; margin-top: 8px; }
figure { margin: 0; }
figcaption { font-size: 8.5pt; color: #555; }
.decision { border-left: 3px solid #9bb7d4; padding: 2px 8px; margin: 6px 0; break-inside: avoid; }
.decision .why { white-space: pre-wrap; overflow-wrap: anywhere; margin: 2px 0; }
.decision table { font-size: 8.5pt; }
.verdict { font-weight: 600; }
.empty { color: #666; font-style: italic; }
ul { margin: 2px 0; padding-left: 18px; }
@media print {
  body { margin: 0; max-width: none; font-size: 8.5pt; }
  h2 { margin-top: 8px; }
  .grid { grid-template-columns: 95mm 1fr; }
  svg.gap-share { width: 95mm; height: auto; }
  section, figure, table { break-inside: avoid; }
}
`;

/** Where a slice's reference value comes from, for the overall block ('' when nothing to add). */
function referenceFrom(o: SliceFigures, reference: Report['reference']): string {
  if (reference === undefined || reference === 'hlp') {
    return o.hlp === null
      ? 'not known'
      : o.hlp_entered
        ? `entered; source: ${esc(o.hlp_source ?? 'none given')}`
        : `measured on ${o.hlp_n ?? 0} examples`;
  }
  if (referenceValue(o) === null) return 'not known';
  return reference === 'best' && o.reference_source ? esc(baselineName(o.reference_source)) : '';
}

function overallBlock(r: Report): string {
  const o = r.overall;
  const cell = (label: string, value: string, sub = '') =>
    `<div>${label}<b>${value}</b>${sub ? `<span class="sub">${sub}</span>` : ''}</div>`;
  const reference =
    r.reference === undefined || r.reference === 'hlp'
      ? 'human level (HLP)'
      : `reference: ${esc(referencePhrase(r.reference))}`;
  return `<div class="overall">${[
    cell('examples', String(o.n)),
    cell(esc(metricName(r.metric)), pct(o.accuracy), ci(o.accuracy_ci)),
    cell(reference, pct(referenceValue(o)), referenceFrom(o, r.reference)),
    cell('gap', o.gap === null ? '–' : `${formatPoints(o.gap)} pts`, pointsCi(o.gap_ci)),
  ].join('')}</div>`;
}

/** A slice's reference value; under `best`, the baseline it is when not the humans' level. */
function referenceCell(s: SliceFigures, reference: Report['reference']): string {
  const value = referenceValue(s);
  const entered = (reference === undefined || reference === 'hlp') && s.hlp_entered ? '*' : '';
  const used =
    reference === 'best' && value !== null && s.reference_source && s.reference_source !== 'hlp'
      ? `<br><small>${esc(baselineName(s.reference_source))}</small>`
      : '';
  return `${pct(value)}${entered}${used}`;
}

function topTable(r: Report, slices: SliceFigures[]): string {
  const head = `<tr><th class="num">#</th><th>slice</th><th class="num">n</th><th class="num">share</th><th class="num">${esc(metricName(r.metric))}</th><th class="num">${esc(referenceLabel(r.reference))}</th><th class="num">gap (pts)</th><th class="num">potential gain</th><th>note</th></tr>`;
  const rows = slices.map(
    (s, i) =>
      `<tr class="${s.too_small ? 'too-small' : 'slice'}" data-rank="${i + 1}">` +
      `<td class="num">${i + 1}</td>` +
      `<td class="name">${esc(s.name)}</td>` +
      `<td class="num">${s.n}</td>` +
      `<td class="num">${pct(s.share)}${s.share_entered ? '*' : ''}</td>` +
      `<td class="num accuracy">${pct(s.accuracy)}<br><small>${ci(s.accuracy_ci)}</small></td>` +
      `<td class="num reference">${referenceCell(s, r.reference)}</td>` +
      `<td class="num">${formatPoints(s.gap)}<br><small>${pointsCi(s.gap_ci)}</small></td>` +
      `<td class="num">${gainPct(s.potential_gain)}<br><small>${s.potential_gain_ci ? `[${gainPct(s.potential_gain_ci[0])}, ${gainPct(s.potential_gain_ci[1])}]` : ''}</small></td>` +
      `<td>${sliceNote(s, r.reference)}</td></tr>`,
  );
  return `<table class="top"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function decisionBlock(d: Decision): string {
  const row = (when: string, f: Decision['then'] | null) => {
    if (f === null)
      return `<tr><th>${when}</th><td colspan="6" class="empty">not measured again yet</td></tr>`;
    const c = figuresCells(f);
    return (
      `<tr><th>${when}</th><td class="run">${esc(c.run)}</td><td class="num">n = ${c.n}</td>` +
      `<td>${esc(c.metric)} ${c.value}</td><td>${esc(c.reference)} ${c.referenceValue}</td>` +
      `<td>gap ${c.gap}</td><td>gain ${c.gain}</td></tr>`
    );
  };
  return (
    `<div class="decision" data-decision="${esc(d.id)}">` +
    `<div><b class="slice">${esc(d.slice)}</b> · owner <span class="owner">${esc(d.owner)}</span> · ` +
    `${d.status.replace('_', ' ')} · ${esc(dateOf(d.at))}` +
    ` · verdict <span class="verdict">${d.verdict ?? 'not yet'}</span></div>` +
    `<p class="why">${esc(d.why)}</p>` +
    `<table>${row('then', d.then)}${row('now', d.now)}</table></div>`
  );
}

/** The memo as a one-page, self-contained HTML document (see the module comment). */
export function memoHtml(input: MemoInput): string {
  const memo = parseMemoInput(input);
  const r = memo.report;
  const top = topSlices(memo);
  const cav = caveats(memo);
  const decisions =
    memo.decisions.length === 0
      ? '<p class="empty">No decisions recorded yet.</p>'
      : memo.decisions.map(decisionBlock).join('');
  const caveatItems = cav.map(
    (c) =>
      `<li>${esc(c.text)}${c.names.length ? ` ${c.names.map((n) => `<span class="name">${esc(n)}</span>`).join(', ')}` : ''}</li>`,
  );
  const shareNote = top.some((s) => s.share_entered || s.hlp_entered)
    ? '<p class="sub">* entered by a person, not measured.</p>'
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${MEMO_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(memo.title)}: ${esc(projectName(r.project))}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(memo.title)}</h1>
<p class="sub">Project <b>${esc(projectName(r.project))}</b> · run <b>${esc(r.run)}</b> · ${r.labels} labels · ${esc(metricName(r.metric))}, gap to ${esc(referencePhrase(r.reference))} · ${esc(dateOf(memo.generated_at))}</p>
</header>
<section class="figures">
<h2>Overall</h2>
${overallBlock(r)}
</section>
<section>
<h2>Top ${top.length} slices by priority (of ${r.slices.length})</h2>
${topTable(r, top)}
${shareNote}
</section>
<div class="grid">
<figure>${gapShareSvg(r.slices, r)}<figcaption>Gap to ${esc(referencePhrase(r.reference))} against share of data, 95% intervals; dashed curves: equal potential gain (gap × share). Hollow points: too small.</figcaption></figure>
<div>
<section class="caveats">
<h2>Caveats</h2>
${caveatItems.length ? `<ul>${caveatItems.join('')}</ul>` : '<p class="empty">None.</p>'}
</section>
<section class="review">
<h2>Label review</h2>
<p>${esc(reviewLine(memo))}</p>
</section>
</div>
</div>
<section class="decisions">
<h2>Decisions</h2>
${decisions}
</section>
</body>
</html>
`;
}
