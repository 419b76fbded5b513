import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvCell, unneutralised } from '../../electron/core/analysis/report-format.ts';
import { CsvParser } from '../../electron/core/importers/csv-parser.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import { headroomCli, ok, tempDir } from '../helpers.ts';
import { recordFigure } from './figures.ts';

/**
 * Reliability I-11: every CSV Headroom writes (report, the dashboard's export, suspects, review
 * export) neutralises cells a spreadsheet would run as a formula (leading = + - @ tab CR get a
 * leading '), numbers stay numbers, and Headroom's own review export re-imports to the same labels.
 */
const dir = tempDir('headroom-csv-export-');
const DANGEROUS = /^[=+\-@\t\r]/;

function parseCsv(text: string): string[][] {
  const p = new CsvParser({});
  const out = p.push(text);
  const end = p.end();
  expect([...out.problems, ...end.problems]).toEqual([]);
  return [...out.records, ...end.records].map((r) => r.fields);
}

/** Cells a spreadsheet would evaluate: dangerous first character and not a plain number. */
function formulaCells(rows: string[][]): string[] {
  return rows.flat().filter((c) => DANGEROUS.test(c) && !/^-\d+(\.\d+)?(e-?\d+)?$/.test(c));
}

describe('CSV exports are safe in a spreadsheet (I-11)', () => {
  const checked: string[] = [];

  it('csvCell: formula-like text gets a quote, numbers and plain text stay', () => {
    const cases: [string | number | boolean | null, string][] = [
      ['=1+1', "'=1+1"],
      ['+SUM(A1)', "'+SUM(A1)"],
      ['-2+3', "'-2+3"],
      ['@cmd', "'@cmd"],
      ['\tx', "'\tx"],
      ['\rx', `"'\rx"`],
      ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
      ['a,b', '"a,b"'],
      ['cat', 'cat'],
      ["'quoted", "'quoted"],
      [-0.05, '-0.05'],
      [1e-7, '1e-7'],
      [42, '42'],
      [true, 'true'],
      [null, ''],
    ];
    for (const [v, want] of cases) expect(csvCell(v), JSON.stringify(v)).toBe(want);
    for (const [v] of cases) {
      if (typeof v === 'string')
        expect(unneutralised(parseCsv(`${csvCell(v)}\n`)[0]?.[0] ?? '')).toBe(v);
    }
    checked.push('cells');
  });

  it('report, dashboard export, suspects and review export of a hostile project', async () => {
    const file = join(dir, 'hostile.csv');
    const rows = [
      'id,label,prediction,confidence,device',
      '=1+1,=cmd|\' /C calc\'!A0,cat,0.9,"=HYPERLINK(""http://evil"",""x"")"',
      '-5,+SUM(1),+SUM(1),0.8,-phone',
      "@x,cat,=cmd|' /C calc'!A0,0.95,@tablet",
      ...Array.from(
        { length: 60 },
        (_, i) => `${i + 1},${i % 3 ? 'cat' : 'dog'},cat,0.${(i % 9) + 1},phone`,
      ),
    ];
    writeFileSync(file, `${rows.join('\n')}\n`);
    const p = join(dir, 'p.headroom');
    expect(headroomCli(dir, 'import', file, '--project', p).code).toBe(0);
    expect(headroomCli(dir, 'tag', p, '=evil()', '--ids', '=1+1,-5,@x,1,2').code).toBe(0);
    expect(
      headroomCli(dir, 'hlp', 'set', p, '=evil()', '0.9', '--source', '@source', '--n', '40').code,
    ).toBe(0);

    const report = headroomCli(dir, 'report', p, '--format', 'csv');
    expect(report.code, report.err).toBe(0);
    const table = parseCsv(report.out);
    expect(formulaCells(table)).toEqual([]);
    const names = table.map((r) => r[2]);
    expect(names).toContain("'=evil()");
    const head = table[0] as string[];
    const hlpSource = table.find((r) => r[2] === "'=evil()")?.[head.indexOf('hlp_source')];
    expect(hlpSource).toBe("'@source");
    // Numbers stay numbers: every figure column parses.
    for (const col of ['n', 'share', 'accuracy', 'gap']) {
      const j = head.indexOf(col);
      for (const r of table.slice(1))
        if (r[j] !== '') expect(Number.isFinite(Number(r[j])), `${col}=${r[j]}`).toBe(true);
    }
    checked.push('report');

    const service = createService();
    await ok(service.dispatch('project.open', { path: p }));
    const exported = await ok<{ text: string }>(
      service.dispatch('slices.export', { format: 'csv' }),
    );
    // The dashboard's CSV (export-format.ts: "#" header lines, rounded figures) neutralises the
    // same cells: the same names, no formula.
    const rowsOut = parseCsv(
      exported.text
        .split('\r\n')
        .filter((l) => !l.startsWith('#'))
        .join('\r\n'),
    );
    expect(rowsOut.map((r) => r[2])).toEqual(table.map((r) => r[2]));
    expect(formulaCells(rowsOut)).toEqual([]);
    service.close();
    checked.push('dashboard export');

    const suspects = headroomCli(dir, 'suspects', p, '--format', 'csv');
    expect(suspects.code, suspects.err).toBe(0);
    const sus = parseCsv(suspects.out);
    expect(sus.length).toBeGreaterThan(1);
    expect(formulaCells(sus)).toEqual([]);
    checked.push('suspects');

    const verdicts: [string, string, ...string[]][] = [
      ['=1+1', 'wrong', '--to', '=SUM(A1:A9)', '--reviewer', '@bob'],
      ['-5', 'correct', '--reviewer', '+ann'],
      ['@x', 'wrong', '--to=-1', '--reviewer', '\tcarl'],
      ['7', 'ambiguous'],
    ];
    for (const [id, v, ...options] of verdicts) {
      // `--` before the id: an id may start with '-'.
      const r = headroomCli(dir, 'review', 'verdict', p, ...options, '--', id, v);
      expect(r.code, r.err).toBe(0);
    }
    const exp = headroomCli(dir, 'review', 'export', p);
    expect(exp.code, exp.err).toBe(0);
    const exportRows = parseCsv(exp.out);
    expect(exportRows).toHaveLength(5);
    expect(formulaCells(exportRows)).toEqual([]);
    checked.push('review export');

    // Our own export re-imports to the same verdicts.
    const q = join(dir, 'q.headroom');
    expect(headroomCli(dir, 'import', file, '--project', q).code).toBe(0);
    const back = join(dir, 'corrections.csv');
    writeFileSync(back, exp.out);
    const imp = headroomCli(dir, 'import', back, '--project', q, '--as', 'verdicts', '--strict');
    expect(imp.code, imp.err).toBe(0);
    const again = parseCsv(headroomCli(dir, 'review', 'export', q).out);
    const withoutTime = (t: string[][]) => t.map((r) => r.slice(0, 5));
    expect(withoutTime(again)).toEqual(withoutTime(exportRows));
    checked.push('round trip');
    recordFigure(
      'csv-formula-injection',
      `${checked.length}/6 checks: 0 formula cells in report, dashboard export, suspects and review export; numbers stay numbers; the review export re-imports to the same verdicts`,
    );
  });
});
