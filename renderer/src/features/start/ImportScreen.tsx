import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { ImportProgress, ImportSummary } from '../../../../shared/imports.ts';
import { IMPORT_KINDS } from '../../../../shared/role-names.ts';
import type { ColumnRole, ImportKind } from '../../../../shared/roles.ts';
import { useApi } from '../../api/context.tsx';
import { desktop } from '../../api/desktop.ts';
import { matches, shortcutHint, SHORTCUTS } from '../../keyboard/shortcuts.ts';
import { useUi } from '../../stores/ui.ts';
import { ImportPreview } from './ImportPreview.tsx';
import { ImportResult } from './ImportResult.tsx';
import { mappingProblems, suggestProjectPath, timeLeft } from './import-logic.ts';

const RUN_KEYS = SHORTCUTS.find((s) => s.id === 'import-run')?.keys ?? '';
const JOB = 'ui-import';

/**
 * A file on its way into a project: preview and column roles, validation, progress with Cancel,
 * then the summary with rejected rows and keep or discard.
 */
export function ImportScreen() {
  const importing = useUi((s) => s.importing);
  if (!importing) return null;
  // A new file starts afresh (its own suggested project, roles and progress).
  return <ImportFlow key={`${importing.file}|${importing.into}`} {...importing} />;
}

function ImportFlow({ file, into }: { file: string; into: string | null }) {
  const api = useApi();
  const shell = desktop();
  const setImporting = useUi((s) => s.setImporting);
  const setProject = useUi((s) => s.setProject);
  const [target, setTarget] = useState(() => into ?? suggestProjectPath(file));
  const [overrides, setOverrides] = useState<Record<string, ColumnRole>>({});
  /** Into an existing project: what the file adds (a run of another model, human labels...). */
  const [kind, setKind] = useState<ImportKind>(into ? 'run' : 'examples');
  const [name, setName] = useState('');
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Into an existing project: the copy taken before the import, so Discard can restore it. */
  const [snapshotId, setSnapshotId] = useState<string | null>(null);

  const preview = useQuery({
    queryKey: ['datasets.preview', file, overrides, kind],
    queryFn: () => api.call('datasets.preview', { file, map: overrides, kind, rows: 10 }),
    placeholderData: keepPreviousData,
    enabled: file !== '',
  });
  const mapping = preview.data?.mapping ?? [];
  const problems = [
    ...(preview.data?.problem ? [preview.data.problem] : []),
    ...(preview.data && !into ? mappingProblems(mapping) : []),
  ];
  const ready = !!preview.data && problems.length === 0 && target.trim() !== '' && !busy;

  useEffect(
    () =>
      api.onEvent((e) => {
        if (e.event === 'import.progress') setProgress(e.payload as ImportProgress);
      }),
    [api],
  );

  const run = async () => {
    if (!ready) return;
    setError(null);
    setBusy(true);
    setProgress(null);
    try {
      if (into) setSnapshotId((await api.call('app.snapshot', { project: into })).snapshotId);
      const s = await api.call('datasets.import', {
        project: target.trim(),
        file,
        map: overrides,
        jobId: JOB,
        ...(into ? { kind, ...(name.trim() ? { name: name.trim() } : {}) } : {}),
      });
      // The summary's rejected rows are paged from the project's import log, and its figures at
      // a glance come from the project: open it (Discard closes and restores or deletes it).
      await api.call('project.open', { path: s.project });
      setSummary(s);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const keys = useRef({ run, busy });
  keys.current = { run, busy };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (matches(e, RUN_KEYS)) {
        e.preventDefault();
        void keys.current.run();
      } else if (e.key === 'Escape') {
        if (keys.current.busy) void api.call('jobs.cancel', { jobId: JOB });
        else if (!summary) setImporting(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [api, setImporting, summary]);

  const keep = async () => {
    if (!summary) return;
    try {
      if (snapshotId) await api.call('app.dropSnapshot', { snapshotId });
      const info = await api.call('project.open', { path: summary.project });
      setImporting(null);
      setProject(info.path);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const discard = async () => {
    if (!summary) return;
    try {
      await api.call('app.discardImport', {
        importId: summary.importId,
        project: summary.project,
        ...(snapshotId ? { snapshotId } : {}),
      });
      setImporting(null);
      if (into) {
        // Back to the project as it was before the import.
        const info = await api.call('project.open', { path: into });
        setProject(info.path);
      } else setProject(null);
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const chooseTarget = async () => {
    const picked = await shell?.dialog({
      kind: 'save',
      purpose: 'newProject',
      defaultPath: target,
    });
    if (picked?.path) setTarget(picked.path);
  };

  const pct = progress && progress.totalBytes > 0 ? progress.bytes / progress.totalBytes : 0;
  const left = progress ? timeLeft(progress) : null;
  return (
    <main className="start import">
      <header className="bar">
        <h1>{into ? 'Import into the project' : 'New project'}</h1>
        <button
          type="button"
          disabled={busy}
          title={shortcutHint('import-cancel', 'Back')}
          onClick={() => setImporting(null)}
        >
          Back
        </button>
      </header>
      {file ? (
        <p className="hint">
          File: <code>{file}</code>
        </p>
      ) : (
        <FileBox onFile={(f) => setImporting({ file: f, into })} />
      )}
      {!summary && file && (
        <>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void run();
            }}
          >
            <input
              aria-label="New project file"
              placeholder="/path/to/new.headroom"
              value={target}
              readOnly={into !== null}
              onChange={(e) => setTarget(e.target.value)}
            />
            {into && (
              <>
                <select
                  aria-label="What the file adds"
                  value={kind}
                  onChange={(e) => setKind(e.target.value as ImportKind)}
                >
                  {IMPORT_KINDS.filter((k) => k !== 'examples').map((k) => (
                    <option key={k} value={k}>
                      {k}
                    </option>
                  ))}
                </select>
                <input
                  aria-label="Name (of the run or human set)"
                  placeholder="name"
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                />
              </>
            )}
            {shell && !into && (
              <button type="button" onClick={() => void chooseTarget()}>
                Save as…
              </button>
            )}
            <button
              type="submit"
              className="primary"
              disabled={!ready}
              title={shortcutHint('import-run', 'Import')}
            >
              Import
            </button>
            {busy && (
              <button
                type="button"
                title={shortcutHint('import-cancel', 'Cancel the import')}
                onClick={() => void api.call('jobs.cancel', { jobId: JOB })}
              >
                Cancel
              </button>
            )}
          </form>
          {busy && (
            <div
              className="progress"
              role="progressbar"
              aria-label="Import progress"
              aria-valuenow={Math.round(pct * 100)}
              aria-valuemin={0}
              aria-valuemax={100}
            >
              <div className="progress-fill" style={{ width: `${pct * 100}%` }} />
              <span>
                {progress
                  ? `${progress.rows.toLocaleString('en-US')} rows, ${Math.round(progress.rowsPerSec).toLocaleString('en-US')} rows/s${left ? `, ${left}` : ''}`
                  : 'Starting…'}
              </span>
            </div>
          )}
          {problems.length > 0 && (
            <ul className="problems" role="alert" aria-label="Fix before importing">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          {preview.error && (
            <p className="error" role="alert">
              {preview.error.message}
            </p>
          )}
          {preview.data && (
            <ImportPreview
              header={preview.data.header}
              rows={preview.data.rows}
              mapping={mapping}
              disabled={busy}
              onRole={(column, role) => setOverrides((o) => ({ ...o, [column]: role }))}
            />
          )}
        </>
      )}
      {summary && (
        <ImportResult
          summary={summary}
          fresh={into === null}
          canDiscard={into === null || snapshotId !== null}
          onKeep={() => void keep()}
          onDiscard={() => void discard()}
        />
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}

/** The browser mode has no file dialog: the path of the file to import, typed. */
function FileBox({ onFile }: { onFile(file: string): void }) {
  const [file, setFile] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (file.trim()) onFile(file.trim());
      }}
    >
      <input
        autoFocus
        aria-label="Predictions file"
        placeholder="/path/to/file.csv"
        value={file}
        onChange={(e) => setFile(e.target.value)}
      />
      <button type="submit" disabled={!file.trim()}>
        Preview
      </button>
    </form>
  );
}
