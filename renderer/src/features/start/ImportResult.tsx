import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ImportSummary } from '../../../../shared/imports.ts';
import { useApi } from '../../api/context.tsx';
import { ImportGlance } from './ImportGlance.tsx';

const PAGE = 50;

/** After the import: counts, the rejected rows (paged), and keep or discard. */
export function ImportResult(props: {
  summary: ImportSummary;
  /** A new project (not an import into an open one). */
  fresh: boolean;
  onKeep(): void;
  onDiscard(): void;
}) {
  const api = useApi();
  const { summary } = props;
  const [offset, setOffset] = useState(0);
  // Rejects live in the project's import log: the project is open (the screen opened it).
  const rejects = useQuery({
    queryKey: ['imports.rejects', summary.importId, summary.project, offset],
    queryFn: () => api.call('imports.rejects', { importId: summary.importId, offset, limit: PAGE }),
    enabled: summary.rowsRejected > 0,
  });
  const total = rejects.data?.total ?? summary.rowsRejected;
  return (
    <div className="summary">
      <p>
        Imported {summary.rowsImported.toLocaleString('en-US')} of{' '}
        {summary.rowsRead.toLocaleString('en-US')} rows
        {summary.rowsRejected > 0
          ? `; ${summary.rowsRejected.toLocaleString('en-US')} rejected`
          : ''}{' '}
        in {(summary.elapsedMs / 1000).toFixed(1)} s.
      </p>
      {props.fresh && <SavedAt path={summary.project} />}
      {summary.notes.map((n) => (
        <p key={n} className="hint">
          {n}
        </p>
      ))}
      <ImportGlance summary={summary} fresh={props.fresh} />
      {summary.rowsRejected > 0 && (
        <>
          <table className="rejects">
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Column</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {(rejects.data?.rejects ?? summary.rejects).map((r) => (
                <tr key={`${r.line}-${r.column}-${r.reason}`}>
                  <td className="num">{r.line}</td>
                  <td>{r.column ?? ''}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
            >
              Previous
            </button>
            <span>
              {offset + 1}–{Math.min(offset + PAGE, total)} of {total.toLocaleString('en-US')}
            </span>
            <button
              type="button"
              disabled={offset + PAGE >= total}
              onClick={() => setOffset(offset + PAGE)}
            >
              Next
            </button>
          </div>
        </>
      )}
      <div className="actions">
        <button type="button" className="primary" onClick={props.onKeep}>
          Open the headroom table
        </button>
        <button
          type="button"
          title="Everything goes back to how it was before the import"
          onClick={props.onDiscard}
        >
          Discard the import
        </button>
      </div>
    </div>
  );
}

/** Where the new project was saved (the full path), with a button that copies it. */
function SavedAt({ path }: { path: string }) {
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(path).then(
      () => setCopied('copied'),
      () => setCopied('failed'),
    );
  return (
    <p className="saved-at">
      Saved as <code aria-label="Project saved as">{path}</code>{' '}
      <button type="button" onClick={() => void copy()}>
        Copy path
      </button>
      {copied && (
        <span className="note" role="status">
          {copied === 'copied' ? ' Copied.' : ' The clipboard is not available: select the path.'}
        </span>
      )}
    </p>
  );
}
