import { parseArgs } from 'node:util';
import type { ExampleFilter, ExampleRow } from '../../shared/examples.ts';
import { csvCell } from '../core/analysis/report-format.ts';
import { labelSetOption, wholeOption, withProject, type CliIo } from './common.ts';
import { UsageError } from './usage.ts';

const FIELDS = ['id', 'label', 'prediction', 'confidence', 'correct', 'tags', 'input'] as const;

function fraction(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const x = v.endsWith('%') ? Number(v.slice(0, -1)) / 100 : Number(v);
  if (!Number.isFinite(x) || x < 0 || x > 1)
    throw new UsageError(`${flag} takes a number in [0, 1] or a percentage`);
  return x;
}

/** `headroom examples`: the errors browser's filters and sorts, for scripts. */
export async function cmdExamples(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      run: { type: 'string' },
      labels: { type: 'string' },
      errors: { type: 'boolean' },
      correct: { type: 'boolean' },
      given: { type: 'string' },
      predicted: { type: 'string' },
      slice: { type: 'string' },
      'not-in-slice': { type: 'boolean' },
      untagged: { type: 'boolean' },
      'min-confidence': { type: 'string' },
      'max-confidence': { type: 'string' },
      where: { type: 'string' },
      search: { type: 'string' },
      sort: { type: 'string' },
      limit: { type: 'string' },
      format: { type: 'string' },
      confusion: { type: 'boolean' },
    },
  });
  const project = positionals[0];
  if (!project || positionals.length > 1) throw new UsageError('examples takes one project file');
  if (values.errors && values.correct)
    throw new UsageError('--errors and --correct exclude each other');
  const labels = labelSetOption(values.labels);
  const format = values.format ?? 'table';
  if (!['table', 'csv', 'json'].includes(format))
    throw new UsageError('--format takes table, csv or json');
  const limit = wholeOption(values.limit, '--limit', 50, 1);
  const sortArg = values.sort ?? 'pos';
  const dir = /:(asc|desc)$/.exec(sortArg)?.[1] as 'asc' | 'desc' | undefined;
  const key = dir ? sortArg.slice(0, -dir.length - 1) : sortArg;
  if (!['pos', 'id', 'confidence', 'label', 'prediction'].includes(key) && !/^meta:./.test(key)) {
    throw new UsageError(
      '--sort takes pos, id, confidence, label, prediction or meta:COLUMN, then :desc',
    );
  }
  const filter: Record<string, unknown> = {
    outcome: values.errors ? 'errors' : values.correct ? 'correct' : undefined,
    given: values.given,
    predicted: values.predicted,
    slice: values.slice,
    notInSlice: values['not-in-slice'],
    untagged: values.untagged,
    minConfidence: fraction(values['min-confidence'], '--min-confidence'),
    maxConfidence: fraction(values['max-confidence'], '--max-confidence'),
    rule: values.where,
    text: values.search,
  };
  const view = {
    filter: Object.fromEntries(
      Object.entries(filter).filter(([, v]) => v !== undefined),
    ) as ExampleFilter,
    ...(values.run ? { run: values.run } : {}),
    ...(labels ? { labels } : {}),
  };
  return withProject(project, io, async (service) => {
    if (values.confusion) {
      const m = await service.call('examples.confusion', view);
      if (format === 'json') io.out(JSON.stringify(m, null, 2));
      else {
        const sep = format === 'csv' ? ',' : '\t';
        const cell = format === 'csv' ? csvCell : (v: string | number) => String(v);
        // Each row ends with its class's figures: fractions in CSV, percentages in the table.
        const fig = (x: number | null) =>
          x === null ? '' : format === 'csv' ? x : `${(x * 100).toFixed(1)}%`;
        io.out(
          [
            ['given \\ predicted', ...m.classes, 'n', 'recall', 'precision', 'f1'],
            ...m.classes.map((g, i) => {
              const c = m.perClass[i];
              return [
                g,
                ...(m.counts[i] ?? []),
                c?.n ?? 0,
                fig(c?.recall ?? null),
                fig(c?.precision ?? null),
                fig(c?.f1 ?? null),
              ];
            }),
          ]
            .map((r) => r.map((v) => cell(v)).join(sep))
            .join('\n'),
        );
      }
      return 0;
    }
    const rows: ExampleRow[] = [];
    let total = 0;
    let after: number | undefined;
    while (rows.length < limit) {
      const page = await service.call('examples.page', {
        ...view,
        sort: { key, dir: dir ?? 'asc' },
        limit: Math.min(1000, limit - rows.length),
        ...(after !== undefined ? { after } : {}),
      });
      total = page.total;
      rows.push(...page.rows);
      if (page.next === null) break;
      after = page.next;
    }
    if (format === 'json') {
      io.out(JSON.stringify({ total, rows }, null, 2));
      return 0;
    }
    const line = (r: ExampleRow) => [
      r.id,
      r.label,
      r.prediction ?? '',
      r.confidence ?? '',
      r.correct ?? '',
      r.tags.join(' '),
      r.input ?? '',
    ];
    if (format === 'csv') {
      io.out(
        [
          FIELDS.join(','),
          ...rows.map((r) =>
            line(r)
              .map((v) => csvCell(v))
              .join(','),
          ),
        ].join('\n'),
      );
    } else {
      io.out([FIELDS.join('\t'), ...rows.map((r) => line(r).join('\t'))].join('\n'));
      io.err(`${rows.length} of ${total.toLocaleString('en-US')} matching examples`);
    }
    return 0;
  });
}
