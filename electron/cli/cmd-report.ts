import { parseArgs } from 'node:util';
import { formatCsv, formatMarkdown, formatTable } from '../core/analysis/report-format.ts';
import { labelSetOption, referenceOption, wholeOption, withProject, type CliIo } from './common.ts';
import { UsageError } from './usage.ts';

/** The exit code of `report --fail-on-requirement` when a slice fails its requirement. */
export const FAILS_REQUIREMENT = 3;

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
      positive: { type: 'string' },
      threshold: { type: 'string' },
      'fail-on-requirement': { type: 'boolean' },
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
  const reference =
    values.reference === undefined ? undefined : referenceOption(values.reference, '--reference');
  const threshold = thresholdOption(values.threshold);
  if (threshold !== undefined && values.positive === undefined) {
    throw new UsageError(
      '--threshold needs --positive CLASS (the class whose probability it cuts)',
    );
  }
  return withProject(project, io, async (service) => {
    const report = await service.call('slices.report', {
      ...(values.run ? { run: values.run } : {}),
      ...(labels ? { labels } : {}),
      ...(values.metric !== undefined ? { metric: values.metric } : {}),
      ...(reference ? { reference } : {}),
      ...(values.positive !== undefined ? { positive: values.positive } : {}),
      ...(threshold !== undefined ? { threshold } : {}),
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
    const failing = [report.overall, ...report.slices].filter(
      (s) => s.requirement_status === 'fails',
    );
    if (values['fail-on-requirement'] && failing.length > 0) {
      io.err(
        `headroom: ${failing.length} slice${failing.length === 1 ? '' : 's'} fail${failing.length === 1 ? 's' : ''} a requirement: ${failing.map((s) => `${s.name} (${s.requirement ?? ''})`).join(', ')}`,
      );
      return FAILS_REQUIREMENT;
    }
    return 0;
  });
}

/** --threshold T: a decimal in [0, 1] (undefined when not given). */
function thresholdOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = /^\s*(?:\d+(?:\.\d*)?|\.\d+)\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(v >= 0 && v <= 1))
    throw new UsageError(`--threshold takes a number from 0 to 1, not "${text}"`);
  return v;
}
