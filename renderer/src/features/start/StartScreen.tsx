import { useEffect, useState } from 'react';
import type { ImportProgress, ImportSummary } from '../../../../shared/imports.ts';
import { useApi } from '../../api/context.tsx';
import { useUi } from '../../stores/ui.ts';

/** Open a project, or make one from a predictions file (CSV, JSONL, Parquet) with progress. */
export function StartScreen() {
  const api = useApi();
  const setProject = useUi((s) => s.setProject);
  const [path, setPath] = useState('');
  const [file, setFile] = useState('');
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const jobId = 'ui-import';

  useEffect(
    () =>
      api.onEvent((e) => {
        if (e.event === 'import.progress') setProgress(e.payload as ImportProgress);
      }),
    [api],
  );

  const open = async (p: string) => {
    setError(null);
    try {
      await api.call('project.open', { path: p });
      setProject(p);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const importFile = async () => {
    setError(null);
    setSummary(null);
    setBusy(true);
    try {
      const s = await api.call('datasets.import', { project: target, file, jobId });
      setSummary(s);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  const pctDone = progress && progress.totalBytes > 0 ? progress.bytes / progress.totalBytes : 0;
  return (
    <main className="start">
      <h1>Headroom</h1>
      <p className="lead">
        For every slice of your data: how accurate the model is, how accurate humans are, the gap,
        and how much overall accuracy would rise if the slice reached human level. One row per
        example with an id, the given label and the model's prediction (CSV, JSONL or Parquet).
      </p>
      <section>
        <h2>Open a project</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void open(path);
          }}
        >
          <input
            aria-label="Project file"
            placeholder="/path/to/project.headroom"
            value={path}
            onChange={(e) => setPath(e.target.value)}
          />
          <button type="submit" disabled={!path}>
            Open
          </button>
        </form>
      </section>
      <section>
        <h2>New project from a file</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void importFile();
          }}
        >
          <input
            aria-label="Predictions file"
            placeholder="/path/to/predictions.csv"
            value={file}
            onChange={(e) => setFile(e.target.value)}
          />
          <input
            aria-label="New project file"
            placeholder="/path/to/new.headroom"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
          />
          <button type="submit" disabled={!file || !target || busy}>
            Import
          </button>
          {busy && (
            <button type="button" onClick={() => void api.call('jobs.cancel', { jobId })}>
              Cancel
            </button>
          )}
        </form>
        {busy && (
          <div
            className="progress"
            role="progressbar"
            aria-valuenow={Math.round(pctDone * 100)}
            aria-valuemin={0}
            aria-valuemax={100}
          >
            <div className="progress-fill" style={{ width: `${pctDone * 100}%` }} />
            <span>
              {progress
                ? `${progress.rows.toLocaleString('en-US')} rows, ${progress.rowsPerSec.toLocaleString('en-US')} rows/s`
                : 'Starting…'}
            </span>
          </div>
        )}
        {summary && (
          <div className="summary">
            <p>
              Imported {summary.rowsImported.toLocaleString('en-US')} of{' '}
              {summary.rowsRead.toLocaleString('en-US')} rows
              {summary.rowsRejected > 0 ? `; ${summary.rowsRejected} rejected` : ''}.
            </p>
            {summary.rejects.length > 0 && (
              <ul className="rejects">
                {summary.rejects.slice(0, 10).map((r) => (
                  <li key={`${r.line}-${r.column}`}>
                    line {r.line}
                    {r.column ? `, column ${r.column}` : ''}: {r.reason}
                  </li>
                ))}
              </ul>
            )}
            <button type="button" onClick={() => void open(summary.project)}>
              Open the headroom table
            </button>
          </div>
        )}
      </section>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
