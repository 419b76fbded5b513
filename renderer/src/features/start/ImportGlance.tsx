import { useQuery } from '@tanstack/react-query';
import type { ImportSummary } from '../../../../shared/imports.ts';
import { useApi } from '../../api/context.tsx';
import { ci, pct } from '../dashboard/format.ts';

/**
 * The imported data at a glance, before keep or discard: the run's accuracy, HLP and top slice,
 * so a wrong column mapping (no prediction ever equals its label) shows before it is kept. Not
 * cached past the screen: a discarded project's figures never show for the next one.
 */
export function ImportGlance({ summary, fresh }: { summary: ImportSummary; fresh: boolean }) {
  const api = useApi();
  const run = !fresh && summary.kind === 'run' && summary.name ? summary.name : undefined;
  const report = useQuery({
    queryKey: ['import.glance', summary.project, summary.importId, run ?? ''],
    queryFn: () =>
      api.call('slices.report', run ? { run, labels: 'original' } : { labels: 'original' }),
    enabled: summary.rowsImported > 0,
    gcTime: 0,
  });
  if (summary.rowsImported === 0) return null;
  if (report.isPending) return <p className="status">Computing the figures…</p>;
  if (report.isError) {
    return <p className="note">The figures are not available: {report.error.message}</p>;
  }
  const { overall, slices, run: runName } = report.data;
  const top = slices.find((s) => (s.potential_gain ?? 0) > 0 && !s.too_small);
  return (
    <div className="glance" aria-label="The import at a glance">
      <p>
        Run <strong>{runName}</strong>: model accuracy <strong>{pct(overall.accuracy)}</strong>
        {overall.accuracy_ci && <span className="note"> ({ci(overall.accuracy_ci)})</span>} on{' '}
        {overall.n.toLocaleString('en-US')} examples
        {overall.hlp !== null ? (
          <>
            ; human-level {pct(overall.hlp)}, gap {pct(overall.gap)}
          </>
        ) : (
          '; no human-level performance yet'
        )}
        ; {slices.length.toLocaleString('en-US')} slices.
        {top && (
          <>
            {' '}
            The most headroom: <strong>{top.name}</strong> (potential gain{' '}
            {pct(top.potential_gain, 2)}).
          </>
        )}
      </p>
      {overall.accuracy === 0 && overall.n > 0 && (
        <p className="warning" role="note">
          No prediction equals its label: check that the label and prediction columns name the
          classes the same way (for example both &quot;cat&quot;, not &quot;cat&quot; and
          &quot;3&quot;).
        </p>
      )}
    </div>
  );
}
