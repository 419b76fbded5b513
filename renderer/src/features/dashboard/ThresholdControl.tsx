import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createColumnHelper, type ColumnDef } from '@tanstack/react-table';
import { useEffect, useMemo, useState } from 'react';
import type { Report, SliceFigures } from '../../../../shared/report.ts';
import { useApi } from '../../api/context.tsx';
import { useThresholdScope, useThresholdStore } from '../../stores/threshold.ts';
import { useRunView } from '../../stores/view.ts';
import { pct } from './format.ts';

/** How long the slider rests before the report is asked again. */
const DEBOUNCE_MS = 200;

/** The run's classes with probabilities (p_* columns), or null when it has none. */
function useProbabilityClasses(run: string): string[] | null {
  const api = useApi();
  const view = useRunView();
  const info = useQuery({
    queryKey: ['projectInfo', view.projectPath],
    queryFn: () => api.call('project.info', {}),
  });
  return info.data?.runs.find((r) => r.name === run)?.classes ?? null;
}

/**
 * The positive class's recall and precision reports at the current threshold (analysis.md 8.1),
 * or null without a positive class.
 */
function useClassReports(): { recall: Report | undefined; precision: Report | undefined } | null {
  const api = useApi();
  const view = useRunView();
  const positive = view.positive;
  const ask = (kind: 'recall' | 'precision') => ({
    queryKey: ['report', ...view.key, ...view.thresholdKey, kind],
    queryFn: () =>
      api.call('slices.report', {
        ...view.args,
        ...view.thresholdArgs,
        metric: `${kind}:${positive}`,
      }),
    enabled: positive !== undefined,
    placeholderData: keepPreviousData,
  });
  const recall = useQuery(ask('recall'));
  const precision = useQuery(ask('precision'));
  if (positive === undefined) return null;
  return { recall: recall.data, precision: precision.data };
}

const byId = (r: Report | undefined) =>
  new Map<string, SliceFigures>(r ? [r.overall, ...r.slices].map((s) => [s.id, s]) : []);

const col = createColumnHelper<SliceFigures>();

/**
 * The table's columns for the positive class: precision and recall at the threshold and average
 * precision, per slice (none without a positive class).
 */
export function useThresholdColumns(): ColumnDef<SliceFigures, unknown>[] {
  const reports = useClassReports();
  const recallReport = reports?.recall;
  const precisionReport = reports?.precision;
  const { positive } = useRunView();
  return useMemo(() => {
    if (!recallReport && !precisionReport) return [];
    if (positive === undefined) return [];
    const recall = byId(recallReport);
    const precision = byId(precisionReport);
    const of = (m: Map<string, SliceFigures>, s: SliceFigures) => m.get(s.id)?.accuracy ?? null;
    return [
      col.display({
        id: 'precision',
        header: `Precision (${positive})`,
        cell: (c) => pct(of(precision, c.row.original)),
      }),
      col.display({
        id: 'recall',
        header: `Recall (${positive})`,
        cell: (c) => pct(of(recall, c.row.original)),
      }),
      col.display({
        id: 'ap',
        header: 'AP',
        cell: (c) => (
          <span title="Average precision of the positive class (does not depend on the threshold)">
            {pct(c.row.original.ap)}
          </span>
        ),
      }),
    ];
  }, [recallReport, precisionReport, positive]);
}

/**
 * The decision threshold (analysis.md 8.1), for a run with class probabilities: a positive class
 * and a slider on p(positive); the report is asked again when the slider rests. Shows the overall
 * precision and recall at that threshold.
 */
export function ThresholdControl({ run }: { run: string }) {
  const classes = useProbabilityClasses(run);
  const scope = useThresholdScope();
  const store = useThresholdStore();
  const mine = store.scope === scope;
  const positive = mine ? store.positive : null;
  const threshold = mine ? store.threshold : null;
  const [draft, setDraft] = useState<number>(threshold ?? 0.5);
  const [moved, setMoved] = useState(false);
  const reports = useClassReports();
  const { set } = store;
  useEffect(() => {
    if (!moved || positive === null) return;
    const timer = setTimeout(() => set(scope, positive, draft), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft, moved, positive, scope, set]);
  if (!classes || classes.length === 0) return null;
  const overall = (r: Report | undefined) => r?.overall.accuracy ?? null;
  return (
    <fieldset className="threshold">
      <legend>Threshold</legend>
      <label title="The class whose probability the threshold cuts (p_C column)">
        Positive{' '}
        <select
          aria-label="Positive class"
          value={positive ?? ''}
          onChange={(e) => {
            const next = e.target.value === '' ? null : e.target.value;
            setMoved(false);
            setDraft(0.5);
            set(scope, next, null);
          }}
        >
          <option value="">none</option>
          {classes.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <input
        type="range"
        min={0}
        max={1}
        step={0.01}
        aria-label="Decision threshold"
        aria-valuetext={
          threshold === null && !moved ? "the file's predictions" : `p >= ${draft.toFixed(2)}`
        }
        title={`Predict ${positive ?? 'the positive class'} when its probability is at least this`}
        disabled={positive === null}
        value={draft}
        onChange={(e) => {
          setDraft(Number(e.target.value));
          setMoved(true);
        }}
      />
      <output className="threshold-value" aria-label="Threshold value">
        {positive === null
          ? '-'
          : threshold === null && !moved
            ? 'file'
            : `p ≥ ${draft.toFixed(2)}`}
      </output>
      {positive !== null && threshold !== null && (
        <button
          type="button"
          title="Back to the file's predictions"
          onClick={() => {
            setMoved(false);
            setDraft(0.5);
            set(scope, positive, null);
          }}
        >
          Reset
        </button>
      )}
      {reports && (
        <span className="threshold-figures" aria-label="Overall at this threshold">
          precision <b data-figure="precision">{pct(overall(reports.precision))}</b> · recall{' '}
          <b data-figure="recall">{pct(overall(reports.recall))}</b>
        </span>
      )}
    </fieldset>
  );
}
