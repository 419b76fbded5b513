import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { MethodInput } from '../../../../shared/contract.ts';
import type { Report, SliceFigures, SliceKind } from '../../../../shared/report.ts';
import { SETTINGS_MUTATION, useApi } from '../../api/context.tsx';
import { saveFile } from '../../api/save-file.ts';
import { LabelsPicker, RunPicker } from '../../components/ViewPickers.tsx';
import { useRunView } from '../../stores/view.ts';
import { useReport } from './use-report.ts';
import { useUi, type Screen } from '../../stores/ui.ts';
import { useCommand } from '../../keyboard/use-command.ts';
import { ChoiceDialog } from '../../components/ChoiceDialog.tsx';
import { MemoButtons } from '../decisions/MemoButtons.tsx';
import { DecideDialog, useDecideKey } from './DecideDialog.tsx';
import { ExportDialog, type ExportFormat } from './ExportDialog.tsx';
import type { EnteredHlp } from './HlpEditor.tsx';
import { DashboardSplit } from './DashboardSplit.tsx';
import { SliceChart } from './SliceChart.tsx';
import { SliceTable, type BaselineView } from './SliceTable.tsx';
import { baselineName, metricName, metricTitle } from '../../../../shared/figure-names.ts';
import { MetricPicker } from './MetricPicker.tsx';
import { NoBaseline } from './NoBaseline.tsx';
import { ReferencePicker } from './ReferencePicker.tsx';
import { RequirementDialog } from './RequirementDialog.tsx';
import { RequirementSummary, type StatusFilter } from './RequirementSummary.tsx';
import { TargetDialog } from './TargetDialog.tsx';
import { ThresholdControl, useThresholdColumns } from './ThresholdControl.tsx';

type SettingsInput = MethodInput<'slices.settings'>;

const KINDS: SliceKind[] = ['metadata', 'class', 'tag', 'rule'];

/** The screens the dashboard leads to. */
const SCREENS: { screen: Screen; label: string; title: string }[] = [
  { screen: 'examples', label: 'Examples', title: 'Browse and tag the examples (errors first)' },
  { screen: 'review', label: 'Review labels', title: 'Review the labels most likely wrong' },
  {
    screen: 'compare',
    label: 'Compare runs',
    title: 'Two runs slice by slice: where the new one is significantly worse',
  },
  {
    screen: 'discover',
    label: 'Discover slices',
    title: 'Slices of up to three metadata values where the model errs most (proposals)',
  },
  {
    screen: 'decisions',
    label: 'Decisions',
    title: 'The decisions log: each decided slice then and now',
  },
];

/** A project's home: the slices ranked by headroom, with a chart and inline edits. */
export function Dashboard() {
  const api = useApi();
  const qc = useQueryClient();
  const { kinds, toggleKind, setProject, setScreen, openExamples } = useUi();
  const report = useReport();
  const view = useRunView();
  const thresholdColumns = useThresholdColumns();
  const notices = useQuery({
    queryKey: ['notices', view.projectPath],
    queryFn: () => api.call('project.notices', {}),
  });
  // Edits and their undo and redo answer with the re-ranked table: paint it now, refetch the
  // other label set later. The history (kept in the project) is asked again.
  // The answer is the project's default report: under another metric or reference the table
  // on screen is refetched instead.
  const repaint = (out: { report?: Report | undefined }) => {
    const key = ['report', ...view.reportKey];
    const painted = out.report !== undefined && view.isDefaultReport;
    if (painted) qc.setQueryData(key, out.report);
    void qc.invalidateQueries({
      predicate: (q) =>
        q.queryKey[0] === 'report' &&
        (!painted || JSON.stringify(q.queryKey) !== JSON.stringify(key)),
    });
    void qc.invalidateQueries({ queryKey: ['settingsHistory'] });
    void qc.invalidateQueries({ queryKey: ['binCounts'] });
  };
  const settings = useMutation({
    mutationKey: SETTINGS_MUTATION,
    mutationFn: (input: Parameters<typeof api.call<'slices.settings'>>[1]) =>
      api.call('slices.settings', { ...input, report: view.labels }),
    onSuccess: repaint,
  });
  const history = useQuery({
    queryKey: ['settingsHistory', view.projectPath],
    queryFn: () => api.call('settings.history', {}),
  });
  const stepper = useMutation({
    mutationKey: SETTINGS_MUTATION,
    mutationFn: async ({ dir, run }: { dir: 'undo' | 'redo'; run: string | undefined }) => {
      const input = { ...(run !== undefined ? { run } : {}), report: view.labels };
      if (dir === 'undo') {
        const out = await api.call('settings.undo', input);
        return { label: out.undone, report: out.report };
      }
      const out = await api.call('settings.redo', input);
      return { label: out.redone, report: out.report };
    },
    onSuccess: repaint,
  });
  const [statusFilter, setStatusFilter] = useState<StatusFilter>('all');
  const shown = useMemo(
    () =>
      report.data?.slices.filter(
        (s) =>
          s.kind !== 'overall' &&
          kinds[s.kind as SliceKind] &&
          (statusFilter === 'all' ||
            (statusFilter === 'flagged'
              ? s.requirement_status === 'fails' || s.requirement_status === 'at_risk'
              : s.requirement_status === statusFilter)),
      ) ?? [],
    [report.data, kinds, statusFilter],
  );
  const baselines = useMemo((): BaselineView => {
    const all = report.data ? [report.data.overall, ...report.data.slices] : [];
    const sources = new Set<string>(['target']);
    for (const s of all)
      for (const b of s.baselines ?? []) if (b.source !== 'hlp') sources.add(b.source);
    const reference = report.data?.reference;
    return {
      sources: [...sources].sort((a, b) => a.localeCompare(b)),
      reference: reference === undefined || reference === 'hlp' ? null : baselineName(reference),
      metric: metricTitle(report.data?.metric),
    };
  }, [report.data]);
  const [editing, setEditing] = useState<{
    what: 'requirement' | 'target';
    slice: SliceFigures | null;
  } | null>(null);
  // The chart ranks: a slice repeating another (redundant_with) is shown under it in the table only.
  const charted = useMemo(() => shown.filter((s) => s.redundant_with === undefined), [shown]);
  const download = async (format: ExportFormat) => {
    try {
      const file = await api.call('slices.export', { format, ...view.reportArgs });
      const done = await saveFile(file, (path) =>
        api.call('slices.export', { format, ...view.reportArgs, path }),
      );
      if (done !== null) say(done);
    } catch (err) {
      say(`Not exported: ${(err as Error).message}`);
    }
  };
  const [notice, setNotice] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [deleting, setDeleting] = useState<SliceFigures | null>(null);
  const [deciding, setDeciding] = useState<SliceFigures | null>(null);
  useDecideKey(shown, setDeciding);
  const deleteRule = async (s: SliceFigures) => {
    setDeleting(null);
    try {
      await api.call('rules.delete', { name: s.name });
      say(`Deleted the rule slice "${s.name}"`);
    } catch (err) {
      say(`Not deleted: ${(err as Error).message}`);
    }
  };
  const say = (text: string) => {
    setNotice(text);
    setTimeout(() => setNotice((n) => (n === text ? null : n)), 4000);
  };
  // Stable while the run stays: the table and chart (memoized) do not re-render when only the
  // edit's own state (pending, done) changes, so the re-ranked rows paint sooner.
  const run = report.data?.run;
  const { mutateAsync } = settings;
  const edits = useMemo(() => {
    // The engine keeps each edit's inverse in the project (settings.undo); a failure is shown
    // by settings.isError.
    const edit = (s: SliceFigures, patch: Omit<SettingsInput, 'slice' | 'run' | 'report'>) => {
      if (run === undefined) return;
      mutateAsync({ slice: s.id, run, ...patch }).catch(() => undefined);
    };
    return {
      setHlp: (s: SliceFigures, hlp: EnteredHlp | null) => edit(s, { hlp }),
      setShare: (s: SliceFigures, share: number | null) => edit(s, { share }),
      setWeight: (s: SliceFigures, field: 'ease' | 'importance', value: number) =>
        edit(s, { [field]: value }),
      openSlice: (s: SliceFigures) => openExamples({ slice: s.id }),
      deleteRule: (s: SliceFigures) => setDeleting(s),
      editRequirement: (s: SliceFigures) => setEditing({ what: 'requirement', slice: s }),
      editTarget: (s: SliceFigures) => setEditing({ what: 'target', slice: s }),
      decide: (s: SliceFigures) => setDeciding(s),
    };
  }, [mutateAsync, run, openExamples]);
  // Steps are sent in key order; the engine takes them one at a time, newest edit first.
  const step = (dir: 'undo' | 'redo') => {
    stepper
      .mutateAsync({ dir, run })
      .then(({ label }) =>
        say(
          label === null
            ? `Nothing to ${dir}`
            : `${dir === 'undo' ? 'Undone' : 'Redone'}: ${label}`,
        ),
      )
      .catch((err: unknown) =>
        say(`Not ${dir === 'undo' ? 'undone' : 'redone'}: ${(err as Error).message}`),
      );
  };
  useCommand((c) => {
    if (c.command === 'edit.undo') step('undo');
    else if (c.command === 'edit.redo') step('redo');
    else if (c.command === 'report.export') setExporting(true);
  });
  const lastUndo = history.data?.undo ?? null;
  const lastRedo = history.data?.redo ?? null;
  if (report.isPending) return <p className="status">Computing the headroom table…</p>;
  if (report.isError) return <p className="error">{report.error.message}</p>;
  const r = report.data;
  // The metric picker's classes: the class slices, and the current metric's class, which a report
  // under recall:C leaves out of its slices (label = C is then all of the population), sorted so
  // the list keeps its order whatever the metric.
  const metricClass = /^(?:recall|precision):(.*)$/s.exec(r.metric ?? '')?.[1];
  const classes = [
    ...new Set([
      ...r.slices
        .filter((s) => s.kind === 'class' && s.id.startsWith('class:'))
        .map((s) => s.id.slice(6)),
      ...(metricClass === undefined ? [] : [metricClass]),
    ]),
  ].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const noReference = [r.overall, ...r.slices].every((s) => s.reference_value == null);
  return (
    <main className="dashboard">
      <header className="bar">
        <h1>Headroom</h1>
        <span className="project" title={r.project}>
          {r.project}
        </span>
        <RunPicker current={r.run} />
        <LabelsPicker />
        <MetricPicker classes={classes} current={r.metric ?? 'accuracy'} />
        <ThresholdControl run={r.run} />
        <ReferencePicker current={r.reference} run={r.run} />
        <fieldset className="kinds">
          <legend>Show</legend>
          {KINDS.map((k) => (
            <label key={k}>
              <input type="checkbox" checked={kinds[k]} onChange={() => toggleKind(k)} /> {k}
            </label>
          ))}
        </fieldset>
        <span className="exports">
          Export{' '}
          {(['md', 'csv', 'json'] as const).map((format) => (
            <button
              key={format}
              type="button"
              title={`Download the table as ${format.toUpperCase()}`}
              onClick={() => void download(format)}
            >
              {format === 'md' ? 'Markdown' : format.toUpperCase()}
            </button>
          ))}
          <MemoButtons run={r.run} />
        </span>
        <span className="history">
          <button
            type="button"
            onClick={() => step('undo')}
            disabled={!lastUndo}
            title={lastUndo ? `Undo ${lastUndo} (Ctrl+Z)` : 'Nothing to undo'}
          >
            Undo
          </button>
          <button
            type="button"
            onClick={() => step('redo')}
            disabled={!lastRedo}
            title={lastRedo ? `Redo ${lastRedo} (Ctrl+Y)` : 'Nothing to redo'}
          >
            Redo
          </button>
        </span>
        {SCREENS.map((x) => (
          <button key={x.screen} type="button" onClick={() => setScreen(x.screen)} title={x.title}>
            {x.label}
          </button>
        ))}
        <button type="button" onClick={() => setProject(null)}>
          Close project
        </button>
      </header>
      {notices.data?.notices.map((n) => (
        <p key={n} className="warning" role="note">
          {n}
        </p>
      ))}
      {settings.isError && <p className="error">Not saved: {settings.error.message}</p>}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {exporting && (
        <ExportDialog
          onPick={(format) => {
            setExporting(false);
            void download(format);
          }}
          onClose={() => setExporting(false)}
        />
      )}
      {deciding && (
        <DecideDialog
          slice={deciding}
          run={r.run}
          onDone={(d) => {
            setDeciding(null);
            say(`Decided on ${d.slice} (owner ${d.owner})`);
          }}
          onClose={() => setDeciding(null)}
        />
      )}
      {deleting && (
        <ChoiceDialog
          title="Delete the rule slice"
          choices={[{ label: 'Delete', onPick: () => void deleteRule(deleting) }]}
          onClose={() => setDeleting(null)}
        >
          <p>
            &quot;{deleting.name}&quot; goes from the table with its HLP, ease and importance. The
            examples and their tags stay.
          </p>
        </ChoiceDialog>
      )}
      {editing?.what === 'requirement' && (
        <RequirementDialog
          slice={editing.slice}
          slices={r.slices}
          onClose={() => setEditing(null)}
        />
      )}
      {editing?.what === 'target' && (
        <TargetDialog slice={editing.slice} onClose={() => setEditing(null)} />
      )}
      {noReference && (
        <NoBaseline
          reference={r.reference}
          onTarget={() => setEditing({ what: 'target', slice: null })}
        />
      )}
      <RequirementSummary
        slices={r.slices}
        filter={statusFilter}
        onFilter={setStatusFilter}
        onAdd={() => setEditing({ what: 'requirement', slice: null })}
      />
      <DashboardSplit
        table={
          <SliceTable
            overall={r.overall}
            slices={shown}
            edits={edits}
            baselines={baselines}
            extra={thresholdColumns}
          />
        }
        chart={(width) => (
          <SliceChart
            slices={charted}
            onOpen={edits.openSlice}
            reference={baselines.reference ?? 'humans'}
            metric={metricName(r.metric)}
            overallHasGap={r.overall.gap !== null}
            width={width}
          />
        )}
      />
    </main>
  );
}
