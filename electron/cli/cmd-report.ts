import { parseArgs } from 'node:util';
import type { Report } from '../../shared/report.ts';
import { formatCsv, formatMarkdown, formatTable } from '../core/analysis/report-format.ts';
import { createService } from '../core/service.ts';
import { UsageError, unwrap, type CliIo } from './common.ts';

export async function cmdReport(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      run: { type: 'string' },
      labels: { type: 'string' },
      format: { type: 'string' },
      top: { type: 'string' },
    },
  });
  const project = positionals[0];
  if (!project || positionals.length > 1) throw new UsageError('report takes one project file');
  const format = values.format ?? 'table';
  if (!['table', 'json', 'md', 'csv'].includes(format)) {
    throw new UsageError('--format takes table, json, md or csv');
  }
  if (values.labels && values.labels !== 'original' && values.labels !== 'corrected') {
    throw new UsageError('--labels takes original or corrected');
  }
  const top = values.top === undefined ? 30 : Number(values.top);
  if (!Number.isInteger(top) || top < 0) throw new UsageError('--top takes a whole number');
  const service = createService();
  try {
    unwrap(await service.call('project.open', { path: project }));
    const report = unwrap<Report>(
      await service.call('slices.report', {
        ...(values.run ? { run: values.run } : {}),
        ...(values.labels ? { labels: values.labels } : {}),
      }),
    );
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
  } finally {
    service.close();
  }
}
