import { useQuery } from '@tanstack/react-query';
import type { ExampleRow } from '../../../../shared/examples.ts';
import { useApi } from '../../api/context.tsx';
import { MediaPreview } from '../../components/MediaPreview.tsx';
import { useRunView } from '../../stores/view.ts';
import { pct } from '../dashboard/format.ts';
import { TagPalette } from './TagPalette.tsx';
import type { Tags } from './use-tags.ts';

/** The current example: its input, label and prediction, probabilities, metadata and tags. */
export function DetailPane(props: {
  row: ExampleRow | undefined;
  tags: Tags;
  creating: boolean;
  setCreating(v: boolean): void;
  onToggle(tag: { id: number; name: string }): void;
  onCreate(name: string): void;
}) {
  const api = useApi();
  const view = useRunView();
  const id = props.row?.id;
  const detail = useQuery({
    queryKey: ['example', ...view.key, id],
    queryFn: () => api.call('examples.get', { id: id as string, ...view.args }),
    enabled: id !== undefined,
  });
  if (!props.row) {
    return (
      <aside className="detail empty">
        <p>Select an example (click a row, or J / K to move).</p>
      </aside>
    );
  }
  const d = detail.data;
  const row = d?.row ?? props.row;
  const top = d?.probabilities.slice(0, 10) ?? [];
  return (
    <aside className="detail" aria-label="Example detail">
      <h2>
        Example <span className="mono">{row.id}</span>
        {d && <span className="muted"> · line {d.line.toLocaleString('en-US')}</span>}
      </h2>
      <div className="input-view">
        <MediaPreview id={row.id} input={row.input} />
      </div>
      <dl className="facts">
        <dt>Label</dt>
        <dd>
          {row.label}
          {row.originalLabel !== null && <span className="muted"> (was {row.originalLabel})</span>}
        </dd>
        <dt>Prediction</dt>
        <dd className={row.correct === 0 ? 'bad' : undefined}>
          {row.prediction ?? '—'} {row.correct === 1 ? '✓' : row.correct === 0 ? '✗' : ''}
        </dd>
        <dt>Confidence</dt>
        <dd>{pct(row.confidence)}</dd>
        {d?.humanAgreement != null && (
          <>
            <dt>Humans agree</dt>
            <dd>{pct(d.humanAgreement)}</dd>
          </>
        )}
      </dl>
      {top.length > 0 && (
        <div className="probs" aria-label="Class probabilities">
          {top.map((p) => (
            <div key={p.label} className="prob">
              <span className={p.label === row.label ? 'given' : undefined}>{p.label}</span>
              <span className="bar">
                <span style={{ width: `${Math.max(0, Math.min(1, p.p)) * 100}%` }} />
              </span>
              <span className="num">{pct(p.p)}</span>
            </div>
          ))}
        </div>
      )}
      {d && d.humanVotes.length > 0 && (
        <p className="votes">
          Human votes:{' '}
          {d.humanVotes.map((v) => (
            <span key={v.label} className="chip">
              {v.label} × {v.votes}
            </span>
          ))}
        </p>
      )}
      <h3>Tags</h3>
      <TagPalette
        tags={props.tags}
        row={row}
        creating={props.creating}
        setCreating={props.setCreating}
        onToggle={props.onToggle}
        onCreate={props.onCreate}
      />
      {Object.keys(row.meta).length > 0 && (
        <>
          <h3>Metadata</h3>
          <dl className="facts meta">
            {Object.entries(row.meta).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v === null ? '—' : String(v)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {d && d.verdicts.length > 0 && (
        <>
          <h3>Review</h3>
          <ul className="verdicts">
            {d.verdicts.map((v, k) => (
              <li key={k}>
                {v.verdict}
                {v.correctedLabel && ` → ${v.correctedLabel}`}
                {v.reviewer && ` by ${v.reviewer}`} <span className="muted">{v.at}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
