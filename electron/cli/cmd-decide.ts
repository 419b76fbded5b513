import { parseArgs } from 'node:util';
import type { Decision } from '../../shared/decisions.ts';
import { formatPoints, formatPValue } from '../../shared/format.ts';
import { choiceOption, withProject, type CliIo } from './common.ts';
import { UsageError } from './usage.ts';
import { pct } from './format.ts';

/**
 * headroom decide P SLICE --owner NAME --why TEXT [--due DATE] [--expected-gain G] [--run R]
 * headroom decide close P ID [--why TEXT]
 */
export async function cmdDecide(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      owner: { type: 'string' },
      why: { type: 'string' },
      due: { type: 'string' },
      'expected-gain': { type: 'string' },
      run: { type: 'string' },
    },
  });
  if (positionals[0] === 'close') {
    const [, project, id] = positionals;
    if (!project || !id || positionals.length > 3) {
      throw new UsageError('decide close takes a project and a decision id');
    }
    return withProject(project, io, async (service) => {
      const r = await service.call('decisions.close', {
        id,
        ...(values.why !== undefined ? { why: values.why } : {}),
      });
      io.out(`Closed decision ${r.id} on "${r.slice}".`);
      return 0;
    });
  }
  const [project, slice] = positionals;
  if (!project || !slice || positionals.length > 2) {
    throw new UsageError('decide takes a project and a slice');
  }
  if (values.owner === undefined || values.why === undefined) {
    throw new UsageError('decide needs --owner NAME and --why TEXT');
  }
  let expectedGain: number | undefined;
  if (values['expected-gain'] !== undefined) {
    const text = values['expected-gain'].trim();
    expectedGain = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
    if (!Number.isFinite(expectedGain) || text === '') {
      throw new UsageError('--expected-gain takes a fraction (0.01) or a percentage (1%)');
    }
  }
  return withProject(project, io, async (service) => {
    const { decision: d } = await service.call('decisions.add', {
      slice,
      owner: values.owner as string,
      why: values.why as string,
      ...(values.due !== undefined ? { due: values.due } : {}),
      ...(expectedGain !== undefined ? { expectedGain } : {}),
      ...(values.run !== undefined ? { run: values.run } : {}),
    });
    io.out(
      `Decision ${d.id} on "${d.slice}" (owner ${d.owner}), run ${d.then.run}: accuracy ` +
        `${pct(d.then.accuracy, 1)}, gap ${formatPoints(d.then.gap, '-')}, potential gain ` +
        `${pct(d.then.potential_gain)}.`,
    );
    return 0;
  });
}

/** One decision in the table format: then, now and the verdict. */
function decisionLines(d: Decision): string[] {
  const figures = (f: Decision['then']) =>
    `run ${f.run}: n ${f.n}, accuracy ${pct(f.accuracy, 1)}, gap ${formatPoints(f.gap, '-')}`;
  const lines = [
    `#${d.id} ${d.slice}  [${d.status}${d.verdict ? `, ${d.verdict}` : ''}]  owner ${d.owner}, ` +
      `${d.at.slice(0, 10)}${d.due ? `, due ${d.due}` : ''}`,
    `    why: ${d.why}`,
    `    then ${figures(d.then)}`,
  ];
  if (d.now) lines.push(`    now  ${figures(d.now)}`);
  const c = d.change;
  if (c && c.diff !== null) {
    const ci = c.diff_ci
      ? ` [${formatPoints(c.diff_ci[0], '-')}, ${formatPoints(c.diff_ci[1], '-')}]`
      : '';
    lines.push(
      `    change on ${c.n} paired examples: ${formatPoints(c.diff, '-')}${ci}, ` +
        `McNemar p ${formatPValue(c.p, '-')}`,
    );
  }
  if (d.closed_at)
    lines.push(`    closed ${d.closed_at.slice(0, 10)}${d.closed_why ? `: ${d.closed_why}` : ''}`);
  return lines;
}

/** headroom decisions P [--run R] [--format table|json] */
export async function cmdDecisions(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { run: { type: 'string' }, format: { type: 'string' } },
  });
  const [project] = positionals;
  if (!project || positionals.length > 1) throw new UsageError('decisions takes one project');
  const format =
    choiceOption(values.format, ['table', 'json'] as const, '--format takes table or json') ??
    'table';
  return withProject(project, io, async (service) => {
    const r = await service.call('decisions.list', values.run ? { run: values.run } : {});
    if (format === 'json') {
      io.out(JSON.stringify(r, null, 2));
    } else if (r.decisions.length === 0) {
      io.out('No decisions yet (headroom decide P SLICE --owner NAME --why TEXT).');
    } else {
      io.out(
        [`Then versus now in run ${r.run ?? '-'}:`, ...r.decisions.flatMap(decisionLines)].join(
          '\n',
        ),
      );
    }
    return 0;
  });
}
