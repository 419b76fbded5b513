import { parseArgs } from 'node:util';
import { PLAN_FIGURES } from '../../shared/plan.ts';
import { choiceOption, labelSetOption, withProject, type CliIo } from './common.ts';
import { UsageError } from './usage.ts';

/** A fraction (0.02) or a percentage (2%). */
function fractionOption(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  const v = t.endsWith('%') ? Number(t.slice(0, -1)) / 100 : Number(t);
  if (t === '' || !Number.isFinite(v) || v <= 0 || v > 0.5) {
    throw new UsageError(`${flag} takes a fraction in (0, 0.5] (0.02) or a percentage (2%)`);
  }
  return v;
}

/**
 * headroom plan P SLICE [--half-width 0.02] [--figure accuracy|hlp|gap|gap_vs_zero]
 *   [--assurance A] [--run R] [--labels SET] [--format table|json]
 */
export async function cmdPlan(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'half-width': { type: 'string' },
      figure: { type: 'string' },
      assurance: { type: 'string' },
      run: { type: 'string' },
      labels: { type: 'string' },
      format: { type: 'string' },
    },
  });
  const [project, slice] = positionals;
  if (!project || !slice || positionals.length > 2) {
    throw new UsageError('plan takes a project and a slice');
  }
  const figure =
    choiceOption(values.figure, PLAN_FIGURES, `--figure takes ${PLAN_FIGURES.join(', ')}`) ??
    'accuracy';
  const format =
    choiceOption(values.format, ['table', 'json'] as const, '--format takes table or json') ??
    'table';
  const halfWidth =
    figure === 'gap_vs_zero'
      ? undefined
      : (fractionOption(values['half-width'], '--half-width') ?? 0.02);
  let assurance: number | undefined;
  if (values.assurance !== undefined) {
    assurance = Number(values.assurance);
    if (!Number.isFinite(assurance) || assurance < 0.5 || assurance >= 1) {
      throw new UsageError('--assurance takes a probability in [0.5, 1)');
    }
  }
  const labels = labelSetOption(values.labels);
  return withProject(project, io, async (service) => {
    const plan = await service.call('plan.slice', {
      slice,
      figure,
      ...(halfWidth !== undefined ? { halfWidth } : {}),
      ...(assurance !== undefined ? { assurance } : {}),
      ...(values.run !== undefined ? { run: values.run } : {}),
      ...(labels ? { labels } : {}),
    });
    if (format === 'json') {
      io.out(JSON.stringify(plan, null, 2));
      return 0;
    }
    const target =
      plan.figure === 'gap_vs_zero'
        ? 'the gap told from zero'
        : `the ${plan.figure} within ±${((plan.half_width ?? 0) * 100).toFixed(2)} points`;
    io.out(
      plan.n_needed_total === null
        ? `${plan.slice}: ${target}: no sample size suffices (${plan.reason}).`
        : `${plan.slice}: ${target}: ${plan.n_needed_total} ${plan.counts === 'human_labels' ? 'human-labelled examples' : 'predicted examples'} in all, ${plan.n_more} more than the ${plan.n_now} now` +
            (plan.reason ? ` (${plan.reason})` : '') +
            '.',
    );
    return 0;
  });
}
