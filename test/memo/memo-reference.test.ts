import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gapShareSvg } from '../../electron/core/memo/memo-svg.ts';
import { memoMarkdown } from '../../electron/core/memo/memo-md.ts';
import { memoHtml } from '../../electron/core/memo/memo-html.ts';
import { reportSchema, type Report } from '../../shared/report.ts';
import { DATASETS, headroomCli, readSimpleCsv, tempDir } from '../helpers.ts';
import { memoInput } from './memo-fixtures.ts';

/**
 * The memo names the metric and the reference its figures are measured in (analysis.md 8.1-8.3):
 * a project whose gaps are measured against another run must not print the humans' level beside
 * a gap against that run, nor call a recall "accuracy". CIFAR-10 with a second run `old` (the
 * model's predictions with every 10th error corrected), the project's reference set to run:old.
 */
describe('the planning memo under another metric and reference', () => {
  const dir = tempDir('headroom-memo-ref-');
  const project = join(dir, 'c10.headroom');
  const cli = (...args: string[]) => {
    const r = headroomCli(dir, ...args);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    return r.out;
  };
  const reportOf = (...args: string[]): Report =>
    reportSchema.parse(
      JSON.parse(cli('report', project, '--run', 'cifar10_test', '--format', 'json', ...args)),
    );
  /** A "- name: 12.3% ..." line's percentage. */
  const percentOn = (md: string, start: string): number => {
    const line = md.split('\n').find((l) => l.startsWith(start));
    expect(line, start).toBeDefined();
    return Number(/(-?[\d.]+)%/.exec(line as string)?.[1]);
  };

  beforeAll(() => {
    const csv = join(DATASETS, 'cifar10_test/cifar10_test.csv');
    cli('import', csv, '--project', project);
    let errors = 0;
    const old = readSimpleCsv(csv).map((r) => {
      const wrong = r.prediction !== r.label;
      if (wrong) errors++;
      return `${r.id},${wrong && errors % 10 === 0 ? r.label : r.prediction}`;
    });
    writeFileSync(join(dir, 'old.csv'), ['id,prediction', ...old].join('\n') + '\n');
    // Imported last: the newest run is the baseline the project measures against.
    cli('import', join(dir, 'old.csv'), '--project', project, '--as', 'run', '--name', 'old');
    cli('reference', 'set', project, 'run:old');
    // A target above the humans' level on one slice: there the best baseline is the target.
    cli('target', 'set', project, 'label = ship', '0.999', '--source', 'spec');
  }, 180_000);

  it('`headroom memo` describes the model, not the reference run imported after it', () => {
    const md = cli('memo', project, '--format', 'md', '--top', '5');
    expect(md).toContain('run **cifar10\\_test**');
    expect(md).toContain('accuracy, gap to run old');
  });

  it('prints the reference value its gap is measured against, under that name', () => {
    const report = reportOf();
    expect(report.reference).toBe('run:old');
    const o = report.overall;
    const md = memoMarkdown(memoInput(report, []));
    const accuracy = percentOn(md, '- accuracy: ');
    const reference = percentOn(md, '- reference, run old: ');
    expect(reference).toBe(Number(((o.reference_value as number) * 100).toFixed(1)));
    // The printed reference minus the printed metric is the printed gap (to rounding).
    const gap = Number(/gap: ([+-]?[\d.]+) pts/.exec(md)?.[1]);
    expect(Math.abs(reference - accuracy - gap)).toBeLessThanOrEqual(0.11);
    expect(md).not.toContain('human level (HLP)');
    const head = md.split('\n').find((l) => l.startsWith('| # |')) as string;
    expect(head).toContain('| run old |');
    expect(head).not.toContain('HLP');

    const html = memoHtml(memoInput(report, []));
    expect(html).toContain('reference: run old');
    expect(html).toContain('Gap to run old against share of data');
    expect(html).toContain('gap (run old − accuracy)');
    expect(html).not.toContain('human level');
    // The table's reference column holds each slice's reference value.
    const cells = [...html.matchAll(/<td class="num reference">([\d.]+)%/g)].map((m) =>
      Number(m[1]),
    );
    const top = report.slices.filter((s) => s.redundant_with === undefined).slice(0, 8);
    expect(cells).toEqual(top.map((s) => Number(((s.reference_value as number) * 100).toFixed(1))));
  });

  it('names a precision as a precision, and the best baseline each slice used', () => {
    const report = reportOf('--metric', 'precision:cat', '--reference', 'best');
    expect(report.metric).toBe('precision:cat');
    const md = memoMarkdown({ ...memoInput(report, []), top: 30 });
    expect(md).toContain('precision of cat, gap to the best baseline of each slice');
    expect(percentOn(md, '- precision of cat: ')).toBe(
      Number(((report.overall.accuracy as number) * 100).toFixed(1)),
    );
    const head = md.split('\n').find((l) => l.startsWith('| # |')) as string;
    expect(head).toContain('| precision of cat |');
    expect(head).toContain('| best |');
    expect(head).not.toContain('accuracy');
    // The slice whose best baseline is the target names it; the humans' level goes unnamed.
    const ship = report.slices.find((s) => s.name === 'label = ship');
    expect(ship?.reference_source).toBe('target');
    const row = (name: string) =>
      md.split('\n').find((l) => l.includes(`| ${name.replace(/_/g, '\\_')} |`)) as string;
    expect(row('label = ship')).toContain('99.9% (target)');
    expect(row('class_group = animal')).not.toContain('(');
    expect(gapShareSvg(report.slices, report)).toContain('gap (best − precision of cat)');
  });

  it('a report measured against humans in accuracy reads as before', () => {
    const report = reportOf('--reference', 'hlp');
    const md = memoMarkdown(memoInput(report, []));
    expect(md).toContain('- human level (HLP): ');
    expect(md.split('\n').find((l) => l.startsWith('| # |'))).toContain(
      '| accuracy | 95% CI | HLP |',
    );
    const svg = gapShareSvg(report.slices, report);
    expect(svg).toContain('gap (HLP − accuracy)');
    expect(svg).toContain('aria-label="gap to human level against share of data per slice"');
  });

  it("a run's name in the reference stays text: escaped in the page, the Markdown and the chart", () => {
    const hostile = '<img src=x onerror=alert(1)>|**x**';
    const report = reportOf();
    const named: Report = {
      ...report,
      reference: `run:${hostile}`,
      // No value of that reference overall: the caveat names it too.
      overall: { ...report.overall, reference_value: null },
    };
    const html = memoHtml(memoInput(named, []));
    expect(html).not.toContain('<img');
    expect(html).toContain('run &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('no value is known of the reference');
    const md = memoMarkdown(memoInput(named, []));
    expect(md).not.toMatch(/(^|[^\\])<img/);
    expect(md).not.toMatch(/(^|[^\\])\|\*\*x/);
  });
});
