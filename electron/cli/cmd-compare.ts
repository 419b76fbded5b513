import { parseArgs } from 'node:util';
import type { RunComparison } from '../../shared/compare.ts';
import { formatComparisonCsv, formatComparisonTable } from '../core/analysis/compare-format.ts';
import { createService } from '../core/service.ts';
import { UsageError, unwrap, type CliIo } from './common.ts';

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
  if (values.labels && values.labels !== 'original' && values.labels !== 'corrected') {
    throw new UsageError('--labels takes original or corrected');
  }
  const top = values.top === undefined ? 30 : Number(values.top);
  if (!Number.isInteger(top) || top < 0) throw new UsageError('--top takes a whole number');
  const service = createService();
  try {
    unwrap(await service.call('project.open', { path: project }));
    const c = unwrap<RunComparison>(
      await service.call('runs.compare', {
        a,
        b,
        ...(values.labels ? { labels: values.labels as 'original' | 'corrected' } : {}),
      }),
    );
    io.out(
      format === 'json'
        ? JSON.stringify(c, null, 2)
        : format === 'csv'
          ? formatComparisonCsv(c).trimEnd()
          : formatComparisonTable(c, top),
    );
    return 0;
  } finally {
    service.close();
  }
}
