import type { SliceFigures } from '../../../../shared/report.ts';

export type StatusFilter = 'all' | 'flagged' | 'fails' | 'at_risk' | 'ok';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * One line on the slices' requirements (analysis.md 8.4): how many fail, are at risk or are ok,
 * a filter on that status, and a way to add one. Without any requirement, just the way to add.
 */
export function RequirementSummary({
  slices,
  filter,
  onFilter,
  onAdd,
}: {
  slices: SliceFigures[];
  filter: StatusFilter;
  onFilter(f: StatusFilter): void;
  onAdd(): void;
}) {
  const count = (status: string) => slices.filter((s) => s.requirement_status === status).length;
  const fails = count('fails');
  const atRisk = count('at_risk');
  const ok = count('ok');
  const any = fails + atRisk + ok > 0;
  return (
    <p className="requirements-summary" role="status" aria-label="Requirements">
      {any ? (
        <>
          <strong>Requirements:</strong>{' '}
          <span className={fails > 0 ? 'status status-fails' : ''}>
            {plural(fails, 'slice fails', 'slices fail')}
          </span>
          , <span className={atRisk > 0 ? 'status status-at_risk' : ''}>{atRisk} at risk</span>,{' '}
          {ok} ok{' '}
          <label>
            Show{' '}
            <select
              aria-label="Requirement status filter"
              value={filter}
              onChange={(e) => onFilter(e.target.value as StatusFilter)}
            >
              <option value="all">all slices</option>
              <option value="flagged">failing or at risk</option>
              <option value="fails">failing</option>
              <option value="at_risk">at risk</option>
              <option value="ok">ok</option>
            </select>
          </label>
        </>
      ) : (
        <span className="muted">No requirement yet.</span>
      )}{' '}
      <button type="button" className="link" onClick={onAdd}>
        Add a requirement…
      </button>
    </p>
  );
}
