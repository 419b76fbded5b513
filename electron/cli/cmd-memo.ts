import { parseArgs } from 'node:util';
import { choiceOption, labelSetOption, wholeOption, withProject, type CliIo } from './common.ts';
import { UsageError } from './usage.ts';

/** headroom memo P [--run R] [--labels SET] [--format html|md] [--top N]: the memo on stdout. */
export async function cmdMemo(args: string[], io: CliIo): Promise<number> {
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
  const [project] = positionals;
  if (!project || positionals.length > 1) throw new UsageError('memo takes one project');
  const format =
    choiceOption(values.format, ['html', 'md'] as const, '--format takes html or md') ?? 'html';
  const labels = labelSetOption(values.labels);
  const top = values.top === undefined ? undefined : wholeOption(values.top, '--top', 8, 1);
  if (top !== undefined && top > 30) throw new UsageError('--top takes a whole number <= 30');
  return withProject(project, io, async (service) => {
    const memo = await service.call('memo.build', {
      format,
      ...(values.run !== undefined ? { run: values.run } : {}),
      ...(labels ? { labels } : {}),
      ...(top !== undefined ? { top } : {}),
    });
    io.out(memo.text.trimEnd());
    return 0;
  });
}
