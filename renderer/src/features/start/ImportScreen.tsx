import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { ColumnRole, ImportKind } from '../../../../shared/roles.ts';
import { useApi } from '../../api/context.tsx';
import { matches, shortcutHint, SHORTCUTS } from '../../keyboard/shortcuts.ts';
import { useUi } from '../../stores/ui.ts';
import { FileBox } from './FileBox.tsx';
import { ImportPreview } from './ImportPreview.tsx';
import { ImportProgressBar } from './ImportProgressBar.tsx';
import { ImportResult } from './ImportResult.tsx';
import { ImportTargetForm } from './ImportTargetForm.tsx';
import { engineProblemInUiWords, missingRoles, roleConflicts } from './import-logic.ts';
import { useImportJob } from './use-import-job.ts';

const RUN_KEYS = SHORTCUTS.find((s) => s.id === 'import-run')?.keys ?? '';

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
  const setImporting = useUi((s) => s.setImporting);
  /** The path typed or chosen; until then the engine's default (app/default-project-path.ts). */
  const [chosenTarget, setTarget] = useState<string | null>(into);
  const [overrides, setOverrides] = useState<Record<string, ColumnRole>>({});
  /** Into an existing project: what the file adds (a run of another model, human labels...). */
  const [kind, setKind] = useState<ImportKind>(into ? 'run' : 'examples');
  const [name, setName] = useState('');
  const job = useImportJob(into);
  const { busy, summary } = job;

  const preview = useQuery({
    queryKey: ['imports.preview', file, overrides, kind],
    queryFn: () => api.call('imports.preview', { file, map: overrides, kind, rows: 10 }),
    placeholderData: keepPreviousData,
    enabled: file !== '',
  });
  const target = chosenTarget ?? preview.data?.suggestedProject ?? '';
  const mapping = preview.data?.mapping ?? [];
  const conflicts = roleConflicts(mapping);
  const missing = preview.data && !into ? missingRoles(mapping) : [];
  // The engine's objection is shown only where the screen's own checks found nothing (one message
  // per problem, in the screen's words).
  const engineProblem =
    preview.data?.problem && conflicts.size === 0 && missing.length === 0
      ? [engineProblemInUiWords(preview.data.problem)]
      : [];
  const problems = [
    ...missing,
    ...(conflicts.size > 0 ? ['Some columns share a role: see the marked rows.'] : []),
    ...engineProblem,
  ];
  // A failed import that names the project's folder is about the path: shown at the field, where
  // it can be corrected; any other failure (a cancel, a bad file) below the form.
  const folder = target.trim().replace(/[/\\][^/\\]*$/, '');
  const targetError =
    into === null && !summary && job.error && folder !== '' && job.error.includes(folder)
      ? job.error
      : null;
  const ready = !!preview.data && problems.length === 0 && target.trim() !== '' && !busy;

  const run = async () => {
    if (ready) await job.run({ target, file, overrides, kind, name });
  };
  const keys = useRef({ run, busy, cancel: job.cancel });
  keys.current = { run, busy, cancel: job.cancel };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (matches(e, RUN_KEYS)) {
        e.preventDefault();
        void keys.current.run();
      } else if (e.key === 'Escape') {
        if (keys.current.busy) keys.current.cancel();
        else if (!summary) setImporting(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setImporting, summary]);

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
          <ImportTargetForm
            into={into}
            target={target}
            onTarget={setTarget}
            kind={kind}
            onKind={setKind}
            name={name}
            onName={setName}
            targetError={targetError}
            ready={ready}
            busy={busy}
            onRun={() => void run()}
            onCancel={job.cancel}
          />
          {busy && <ImportProgressBar progress={job.progress} />}
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
              conflicts={conflicts}
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
          onKeep={() => void job.keep()}
          onDiscard={() => void job.discard()}
        />
      )}
      {job.error && !targetError && (
        <p className="error" role="alert">
          {job.error}
        </p>
      )}
    </main>
  );
}
