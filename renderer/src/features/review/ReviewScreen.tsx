import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useApi } from '../../api/context.tsx';
import { MediaPreview } from '../../components/MediaPreview.tsx';
import { useUi } from '../../stores/ui.ts';
import { pct } from '../dashboard/format.ts';
import { formatCount } from '../../../../shared/format.ts';
import { useCommand } from '../../keyboard/use-command.ts';

/**
 * The review queue: one suspect at a time, most suspicious first. Keys: c label correct,
 * w label wrong (the corrected class below, the likely one preselected), a ambiguous, s skip,
 * u undo the last verdict, Escape back to the table.
 */
export function ReviewScreen() {
  const api = useApi();
  const qc = useQueryClient();
  const { reviewer, setReviewer, setScreen, projectPath } = useUi();
  const [skipped, setSkipped] = useState<string[]>([]);
  // The class chosen in "Corrected class", kept with the id of the example it was chosen for.
  const [chosen, setChosen] = useState<{ id: string; label: string } | null>(null);
  const report = useQuery({
    queryKey: ['report', projectPath, 'original'],
    queryFn: () => api.call('slices.report', { labels: 'original' }),
  });
  // The queue starts with the slice at the top of the headroom ranking; '' is all examples.
  const [chosenScope, setScope] = useState<string | null>(null);
  const scope = chosenScope ?? report.data?.slices[0]?.id ?? '';
  const queue = useQuery({
    queryKey: ['suspects', projectPath, scope],
    enabled: chosenScope !== null || report.isSuccess || report.isError,
    queryFn: () =>
      api.call('suspects.list', { top: 500, unreviewed: true, ...(scope ? { slice: scope } : {}) }),
  });
  // The whole project's queue (the same query as the "all examples" scope), for the scope banner.
  const whole = useQuery({
    queryKey: ['suspects', projectPath, ''],
    enabled: scope !== '',
    queryFn: () => api.call('suspects.list', { top: 500, unreviewed: true }),
  });
  const scopeName = (report.data?.slices ?? []).find((sl) => sl.id === scope)?.name ?? scope;
  const info = useQuery({
    queryKey: ['info', projectPath],
    queryFn: () => api.call('project.info', {}),
  });
  const done = useQuery({
    queryKey: ['verdicts', projectPath],
    queryFn: () => api.call('review.current', {}),
  });
  const items = (queue.data?.suspects ?? []).filter((s) => !skipped.includes(s.id));
  const current = items[0];
  const classes = info.data?.runs[0]?.classes ?? [];
  // Derived while rendering, not set by an effect: the first frame of the next example (and a key
  // pressed during it) never shows or saves the class chosen for the one before.
  const correction =
    chosen !== null && chosen.id === current?.id
      ? chosen.label
      : (current?.likely ?? current?.prediction ?? '');
  const setCorrection = (label: string) => {
    if (current) setChosen({ id: current.id, label });
  };

  // Not awaited by the mutations: a verdict is done once saved, so the next key is taken while
  // the queue and the figures refetch (awaiting them dropped keys pressed in between).
  const refresh = () => qc.invalidateQueries();
  const verdict = useMutation({
    mutationFn: (v: { verdict: 'correct' | 'wrong' | 'ambiguous'; correctedLabel?: string }) =>
      api.call('review.verdict', {
        id: current?.id as string,
        verdict: v.verdict,
        ...(v.correctedLabel ? { correctedLabel: v.correctedLabel } : {}),
        ...(reviewer ? { reviewer } : {}),
      }),
    onSuccess: () => void refresh(),
  });
  const undo = useMutation({
    mutationFn: () => api.call('review.undo', {}),
    onSuccess: () => void refresh(),
  });

  useCommand((c) => {
    if (c.command === 'edit.undo') undo.mutate();
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement) return;
      // Ctrl+C copies, Ctrl+Z comes as the undo command: verdict keys are plain letters only.
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'Escape') setScreen('dashboard');
      if (e.key === 'u') undo.mutate();
      if (!current || verdict.isPending) return;
      if (e.key === 'c') verdict.mutate({ verdict: 'correct' });
      if (e.key === 'a') verdict.mutate({ verdict: 'ambiguous' });
      if (e.key === 'w' && correction && correction !== current.label) {
        verdict.mutate({ verdict: 'wrong', correctedLabel: correction });
      }
      if (e.key === 's') setSkipped((s) => [...s, current.id]);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const wrong = done.data?.verdicts.filter((v) => v.verdict === 'wrong').length ?? 0;
  return (
    <main className="review">
      <header className="bar">
        <h1>Review labels</h1>
        <span className="review-progress">
          reviewed {done.data?.verdicts.length ?? 0} · remaining {items.length} · wrong so far{' '}
          {wrong}
        </span>
        <label>
          Queue{' '}
          <select
            aria-label="Queue"
            value={scope}
            onChange={(e) => {
              setScope(e.target.value);
              setSkipped([]);
            }}
          >
            <option value="">all examples</option>
            {(report.data?.slices ?? []).map((sl) => (
              <option key={sl.id} value={sl.id}>
                {sl.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Reviewer{' '}
          <input
            aria-label="Reviewer"
            value={reviewer}
            onChange={(e) => setReviewer(e.target.value)}
          />
        </label>
        <button type="button" onClick={() => undo.mutate()} title="Undo the last verdict (u)">
          Undo
        </button>
        <button
          type="button"
          onClick={() => setScreen('dashboard')}
          title="Back to the table (Escape)"
        >
          Back to the table
        </button>
      </header>
      {scope !== '' && (
        <p className="scope-banner" role="note" aria-label="Queue scope">
          This queue holds only the suspects of <strong>{scopeName}</strong> (
          {formatCount(items.length, 'left', 'left')} here
          {whole.data
            ? `; ${whole.data.suspects.length >= 500 ? '500+' : whole.data.suspects.length.toLocaleString('en-US')} in the whole project`
            : ''}
          ).{' '}
          <button
            type="button"
            onClick={() => {
              setScope('');
              setSkipped([]);
            }}
          >
            Review the whole project
          </button>
        </p>
      )}
      {(verdict.isError || undo.isError) && (
        <p className="error" role="alert">
          {(verdict.error ?? undo.error)?.message}
        </p>
      )}
      {queue.isPending && <p className="status">Ranking suspect labels…</p>}
      {!queue.isPending && !current && <p className="empty">No suspect labels left to review.</p>}
      {current && (
        <section className="suspect" data-id={current.id}>
          <h2>
            Example <span className="mono">{current.id}</span>
          </h2>
          <dl>
            <dt>Given label</dt>
            <dd className="given">{current.label}</dd>
            <dt>Likely class</dt>
            <dd>{current.likely ?? '–'}</dd>
            <dt>Model predicts</dt>
            <dd>{current.prediction ?? '–'}</dd>
            <dt>p(given label)</dt>
            <dd>{pct(current.selfConfidence)}</dd>
            <dt>Humans agreeing</dt>
            <dd>{pct(current.humanAgreement)}</dd>
          </dl>
          {current.input && <MediaPreview id={current.id} input={current.input} />}
          {current.topClasses.length > 0 && (
            <figure className="probs">
              <figcaption>Model probabilities</figcaption>
              {current.topClasses.map((c) => (
                <div key={c.label} className="prob-row">
                  <span className={c.label === current.label ? 'prob-label given' : 'prob-label'}>
                    {c.label}
                  </span>
                  <svg width={160} height={10} aria-hidden="true">
                    <rect x={0} y={1} width={Math.max(1, c.p * 160)} height={8} className="bar" />
                  </svg>
                  <span>{pct(c.p)}</span>
                </div>
              ))}
            </figure>
          )}
          <ul className="reasons">
            {current.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          <div className="verdicts">
            <button type="button" onClick={() => verdict.mutate({ verdict: 'correct' })}>
              Label correct (c)
            </button>
            <label>
              Corrected class{' '}
              <select
                aria-label="Corrected class"
                value={correction}
                onChange={(e) => setCorrection(e.target.value)}
              >
                {[...new Set([correction, ...classes])].filter(Boolean).map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              disabled={!correction || correction === current.label}
              onClick={() => verdict.mutate({ verdict: 'wrong', correctedLabel: correction })}
            >
              Label wrong (w)
            </button>
            <button type="button" onClick={() => verdict.mutate({ verdict: 'ambiguous' })}>
              Ambiguous (a)
            </button>
            <button type="button" onClick={() => setSkipped((s) => [...s, current.id])}>
              Skip (s)
            </button>
          </div>
        </section>
      )}
    </main>
  );
}
