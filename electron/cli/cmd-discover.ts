import { parseArgs } from 'node:util';
import { alignedLines } from '../core/analysis/report-format.ts';
import { formatPercent } from '../../shared/format.ts';
import { choiceOption, wholeOption, withProject, type CliIo } from './common.ts';
import { UsageError } from './usage.ts';

/** headroom discover P [--run R] [--top N] [--min-support N] [--alpha A] [--format table|json]
 *  [--accept K --tag NAME] */
export async function cmdDiscover(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      run: { type: 'string' },
      top: { type: 'string' },
      'min-support': { type: 'string' },
      alpha: { type: 'string' },
      format: { type: 'string' },
      accept: { type: 'string' },
      by: { type: 'string' },
      tag: { type: 'string' },
    },
  });
  const project = positionals[0];
  if (!project || positionals.length > 1) throw new UsageError('discover takes one project file');
  const top = values.top === undefined ? undefined : wholeOption(values.top, '--top', 20, 1);
  const minSupport =
    values['min-support'] === undefined
      ? undefined
      : wholeOption(values['min-support'], '--min-support', 32, 1);
  const accept =
    values.accept === undefined ? undefined : wholeOption(values.accept, '--accept', 1, 1);
  const alpha = values.alpha === undefined ? undefined : Number(values.alpha);
  if (alpha !== undefined && !(alpha >= 0 && alpha <= 1))
    throw new UsageError('--alpha is in [0, 1]');
  if ((accept === undefined) !== (values.tag === undefined)) {
    throw new UsageError('--accept K and --tag NAME go together');
  }
  const by = choiceOption(values.by, ['score', 'gain'] as const, '--by takes score or gain');
  const format = values.format ?? 'table';
  if (!['table', 'json'].includes(format)) throw new UsageError('--format takes table or json');
  return withProject(project, io, async (service) => {
    const run = values.run ? { run: values.run } : {};
    const d = await service.call('slices.discover', {
      ...run,
      ...(top !== undefined
        ? { top: Math.max(top, accept ?? 0) }
        : accept
          ? { top: Math.max(20, accept) }
          : {}),
      ...(minSupport !== undefined ? { minSupport } : {}),
      ...(alpha !== undefined ? { alpha } : {}),
      ...(by ? { by } : {}),
    });
    if (accept !== undefined) {
      const pick = d.slices[accept - 1];
      if (!pick) throw new UsageError(`--accept ${accept}: there are ${d.slices.length} proposals`);
      const r = await service.call('tags.apply', {
        tag: values.tag as string,
        filter: { alsoIn: pick.predicates.map((p) => p.id) },
        ...run,
      });
      io.out(`Tagged ${r.added} examples as "${r.tag}" (${pick.name}).`);
      return 0;
    }
    if (format === 'json') {
      io.out(JSON.stringify(d, null, 2));
      return 0;
    }
    const pct = (x: number | null, digits = 1) => formatPercent(x, digits, '-');
    const ranked = d.slices.map((s, i) => ({ ...s, rank: i + 1 }));
    io.out(
      [
        `Discovered slices of run "${d.run}" (overall error rate ${pct(d.overall_error_rate)}): proposals, nothing saved`,
        '',
        ...alignedLines(
          [
            { head: '#', cell: (s) => String(s.rank), right: true },
            { head: 'slice', cell: (s) => s.name },
            { head: 'n', cell: (s) => String(s.n), right: true },
            { head: 'error rate', cell: (s) => pct(s.error_rate), right: true },
            { head: 'score', cell: (s) => s.score.toFixed(3), right: true },
            { head: 'potential gain', cell: (s) => pct(s.potential_gain, 2), right: true },
          ],
          ranked,
        ),
        '',
        d.slices.length === 0
          ? 'No slice is worse than the run as a whole by enough to propose.'
          : 'Keep one as a tag: headroom discover P --accept K --tag NAME',
      ].join('\n'),
    );
    return 0;
  });
}
