import { parseArgs } from 'node:util';
import { referenceSchema, type Reference } from '../../shared/baselines.ts';
import { formatCsv, formatMarkdown, formatTable } from '../core/analysis/report-format.ts';
import { UsageError, labelSetOption, wholeOption, withProject, type CliIo } from './common.ts';

/** --reference: hlp, best, target or run:NAME. */
function referenceOption(text: string | undefined): Reference | undefined {
  if (text === undefined) return undefined;
  const parsed = referenceSchema.safeParse(text);
  if (!parsed.success) throw new UsageError('--reference takes hlp, best, target or run:NAME');
  return parsed.data;
}

export async function cmdReport(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      run: { type: 'string' },
      labels: { type: 'string' },
      format: { type: 'string' },
      top: { type: 'string' },
      metric: { type: 'string' },
      reference: { type: 'string' },
    },
  });
  const project = positionals[0];
  if (!project || positionals.length > 1) throw new UsageError('report takes one project file');
  const format = values.format ?? 'table';
  if (!['table', 'json', 'md', 'csv'].includes(format)) {
    throw new UsageError('--format takes table, json, md or csv');
  }
  const labels = labelSetOption(values.labels);
  const top = wholeOption(values.top, '--top', 30, 0);
  const reference = referenceOption(values.reference);
  return withProject(project, async (service) => {
    const report = await service.call('slices.report', {
      ...(values.run ? { run: values.run } : {}),
      ...(labels ? { labels } : {}),
      ...(values.metric !== undefined ? { metric: values.metric } : {}),
      ...(reference ? { reference } : {}),
    });
    io.out(
      format === 'json'
        ? JSON.stringify(report, null, 2)
        : format === 'md'
          ? formatMarkdown(report)
          : format === 'csv'
            ? formatCsv(report).trimEnd()
            : formatTable(report, top),
    );
    return 0;
  });
}
