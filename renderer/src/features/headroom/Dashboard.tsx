import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { SliceFigures, SliceKind } from '../../../../shared/report.ts';
import { useApi } from '../../api/context.tsx';
import { LabelsPicker, RunPicker } from '../../components/ViewPickers.tsx';
import { useRunView } from '../../stores/view.ts';
import { useReport } from './use-report.ts';
import { useUi } from '../../stores/ui.ts';
import { GainChart } from './GainChart.tsx';
import { SliceTable } from './SliceTable.tsx';

const KINDS: SliceKind[] = ['metadata', 'class', 'tag', 'rule'];

/** A project's home: the slices ranked by headroom, with a chart and inline edits. */
export function Dashboard() {
  const api = useApi();
  const qc = useQueryClient();
  const { kinds, toggleKind, setProject, setScreen, openExamples } = useUi();
  const report = useReport();
  const view = useRunView();
  const settings = useMutation({
    mutationFn: (input: Parameters<typeof api.call<'slices.settings'>>[1]) =>
      api.call('slices.settings', { ...input, report: view.labels }),
    // The answer carries the re-ranked table: paint it now, refetch the other label set later.
    onSuccess: (out) => {
      if (out.report) qc.setQueryData(['report', ...view.key], out.report);
      void qc.invalidateQueries({
        predicate: (q) =>
          q.queryKey[0] === 'report' &&
          JSON.stringify(q.queryKey) !== JSON.stringify(['report', ...view.key]),
      });
    },
  });
  const shown = useMemo(
    () =>
      report.data?.slices.filter((s) => s.kind !== 'overall' && kinds[s.kind as SliceKind]) ?? [],
    [report.data, kinds],
  );
  const download = async (format: 'md' | 'csv' | 'json') => {
    const file = await api.call('slices.export', { format, ...view.args });
    const url = URL.createObjectURL(new Blob([file.text], { type: file.mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = file.filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  if (report.isPending) return <p className="status">Computing the headroom table…</p>;
  if (report.isError) return <p className="error">{report.error.message}</p>;
  const r = report.data;
  const edits = {
    setHlp: (s: SliceFigures, value: number) =>
      settings.mutate({
        slice: s.id,
        run: r.run,
        hlp: { value, source: 'entered in the dashboard' },
      }),
    setWeight: (s: SliceFigures, field: 'ease' | 'importance', value: number) =>
      settings.mutate({ slice: s.id, run: r.run, [field]: value }),
    openSlice: (s: SliceFigures) => openExamples({ slice: s.id }),
  };
  return (
    <main className="dashboard">
      <header className="bar">
        <h1>Headroom</h1>
        <span className="project" title={r.project}>
          {r.project}
        </span>
        <RunPicker current={r.run} />
        <LabelsPicker />
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
        </span>
        <button
          type="button"
          onClick={() => setScreen('examples')}
          title="Browse and tag the examples (errors first)"
        >
          Examples
        </button>
        <button
          type="button"
          onClick={() => setScreen('review')}
          title="Review the labels most likely wrong"
        >
          Review labels
        </button>
        <button type="button" onClick={() => setProject(null)}>
          Close project
        </button>
      </header>
      {settings.isError && <p className="error">Not saved: {settings.error.message}</p>}
      <div className="columns">
        <SliceTable overall={r.overall} slices={shown} edits={edits} />
        <GainChart slices={shown} />
      </div>
    </main>
  );
}
