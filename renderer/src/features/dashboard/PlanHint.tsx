import { useQuery } from '@tanstack/react-query';
import type { PlanFigure } from '../../../../shared/plan.ts';
import type { SliceFigures } from '../../../../shared/report.ts';
import { formatCount } from '../../../../shared/format.ts';
import { useApi } from '../../api/context.tsx';
import { useUi } from '../../stores/ui.ts';

const WHAT: Record<PlanFigure, string> = {
  accuracy: 'the accuracy',
  hlp: 'the HLP',
  gap: 'the gap',
  gap_vs_zero: 'the gap',
};

/**
 * One line of the sample-size planner (plan.slice, analysis.md section 9) for a slice: how many
 * more examples (predictions, or human labels for the HLP) bring a figure's 95% interval to a
 * half-width, or tell the gap from zero. Asked when shown.
 */
export function PlanHint({
  slice,
  figure,
  halfWidth,
}: {
  slice: SliceFigures;
  figure: PlanFigure;
  /** The target half-width (a fraction); not for gap_vs_zero. */
  halfWidth?: number;
}) {
  const api = useApi();
  const { projectPath, run, labels } = useUi();
  const plan = useQuery({
    queryKey: ['plan', projectPath, run ?? '', labels, slice.id, figure, halfWidth ?? null],
    queryFn: () =>
      api.call('plan.slice', {
        slice: slice.id,
        figure,
        labels,
        ...(run !== undefined ? { run } : {}),
        ...(halfWidth !== undefined ? { halfWidth } : {}),
      }),
  });
  const aim =
    figure === 'gap_vs_zero'
      ? 'to tell the gap from zero'
      : `for ${WHAT[figure]} to ±${((halfWidth ?? 0) * 100).toFixed(1)} points`;
  if (plan.isPending) return <span className="plan-hint">Planning {aim}…</span>;
  if (plan.isError) return <span className="plan-hint error">{plan.error.message}</span>;
  const p = plan.data;
  const unit = p.counts === 'human_labels' ? 'more human label' : 'more example';
  return (
    <span className="plan-hint" role="note">
      {p.n_more === null
        ? `No sample size ${aim}: ${p.reason ?? 'out of reach'}.`
        : p.n_more === 0
          ? `Already enough ${aim}.`
          : `${formatCount(p.n_more, unit)} ${aim} (${p.n_needed_total?.toLocaleString('en-US') ?? '–'} in all).`}
    </span>
  );
}
