import { parseArgs } from 'node:util';
import { formatComparisonCsv, formatComparisonTable } from '../core/analysis/compare-format.ts';
import { labelSetOption, wholeOption, withProject, type CliIo } from './common.ts';
import { UsageError } from './usage.ts';

/** headroom compare P A B [--labels SET] [--format table|json|csv] [--top N] */
export async function cmdCompare(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { labels: { type: 'string' }, format: { type: 'string' }, top: { type: 'string' } },
  });
  const [project, a, b] = positionals;
  if (!project || !a || !b || positionals.length > 3) {
    throw new UsageError('compare takes a project and two run names (A, then B)');
  }
  const format = values.format ?? 'table';
  if (!['table', 'json', 'csv'].includes(format)) {
    throw new UsageError('--format takes table, json or csv');
  }
  const labels = labelSetOption(values.labels);
  const top = wholeOption(values.top, '--top', 30, 0);
  return withProject(project, io, async (service) => {
    const c = await service.call('runs.compare', { a, b, ...(labels ? { labels } : {}) });
    io.out(
      format === 'json'
        ? JSON.stringify(c, null, 2)
        : format === 'csv'
          ? formatComparisonCsv(c).trimEnd()
          : formatComparisonTable(c, top),
    );
    return 0;
  });
}
