import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useApi } from '../../api/context.tsx';
import { desktop } from '../../api/desktop.ts';
import { matches, shortcutHint, SHORTCUTS } from '../../keyboard/shortcuts.ts';
import { useUi } from '../../stores/ui.ts';
import { RecentProjects } from './RecentProjects.tsx';

const SAMPLE_KEYS = SHORTCUTS.find((s) => s.id === 'sample')?.keys ?? '';

/**
 * The first screen: recent projects, a new project from a predictions file (native dialog, drag
 * and drop, or a path box in the browser mode), open a project, or try the bundled sample.
 */
export function StartScreen() {
  const api = useApi();
  const shell = desktop();
  const setProject = useUi((s) => s.setProject);
  const startImport = useUi((s) => s.startImport);
  const notice = useUi((s) => s.notice);
  const setNotice = useUi((s) => s.setNotice);
  const [path, setPath] = useState('');
  const [file, setFile] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const fileBox = useRef<HTMLInputElement>(null);

  const open = async (p: string) => {
    setNotice(null);
    try {
      const info = await api.call('project.open', { path: p });
      setProject(info.path);
    } catch (err) {
      setNotice((err as Error).message);
    }
  };

  const openSample = async () => {
    setNotice(null);
    setBusy('Preparing the sample…');
    try {
      const info = await api.call('app.openSample', {});
      setProject(info.path);
    } catch (err) {
      setNotice((err as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const sampleRef = useRef(openSample);
  sampleRef.current = openSample;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (matches(e, SAMPLE_KEYS)) {
        e.preventDefault();
        void sampleRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const chooseFile = async () => {
    if (!shell) return;
    const picked = (await shell.dialog({ kind: 'open', purpose: 'data' })).path;
    if (picked) startImport({ file: picked, into: null });
  };
  const chooseProject = async () => {
    if (!shell) return;
    const picked = (await shell.dialog({ kind: 'open', purpose: 'project' })).path;
    if (picked) await open(picked);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const dropped = e.dataTransfer.files[0];
    if (!dropped) return;
    if (shell) {
      const p = shell.pathForFile(dropped);
      if (p.endsWith('.headroom')) void open(p);
      else startImport({ file: p, into: null });
      return;
    }
    // A page in a browser never learns where a dropped file lives: the engine needs the path.
    setNotice(
      `"${dropped.name}" was dropped, but a browser does not tell the page where the file is. Type its path in the box below (the engine reads it from disk).`,
    );
    fileBox.current?.focus();
  };

  return (
    <main
      className={dragging ? 'start dragging' : 'start'}
      onDragOver={(e) => {
        // Only the desktop app takes a dropped file (it learns its path); a browser page never
        // does, so it shows no drop target. The drop is still caught: the browser would otherwise
        // leave the app to show the file.
        e.preventDefault();
        if (shell) setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <h1>Headroom</h1>
      <p className="lead">
        For every slice of your data: how accurate the model is, how accurate humans are, the gap,
        and how much overall accuracy would rise if the slice reached human level. Browse the
        errors, tag them, and review labels that look wrong.
      </p>
      <p className="sample-line">
        New here?{' '}
        <button
          type="button"
          className="link"
          title={shortcutHint('sample')}
          disabled={busy !== null}
          onClick={() => void openSample()}
        >
          Try the sample
        </button>{' '}
        (3,000 support tickets, with human votes). {busy && <span role="status">{busy}</span>}
      </p>
      {notice && (
        <p className="error" role="alert">
          {notice}
        </p>
      )}
      <RecentProjects onOpen={(p) => void open(p)} />
      <section>
        <h2>New project from a file</h2>
        <p className="hint">
          {shell
            ? 'Drop a file on this window, or choose one.'
            : 'Type the path of a predictions file (CSV, JSONL or Parquet): the engine reads it where it lies, nothing is uploaded.'}
        </p>
        {shell ? (
          <button
            type="button"
            title={shortcutHint('new', 'Choose a predictions file')}
            onClick={() => void chooseFile()}
          >
            Choose a file…
          </button>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (file.trim()) startImport({ file: file.trim(), into: null });
            }}
          >
            <input
              ref={fileBox}
              aria-label="Predictions file"
              placeholder="/path/to/predictions.csv"
              value={file}
              onChange={(e) => setFile(e.target.value)}
            />
            <button type="submit" disabled={!file.trim()} title={shortcutHint('new', 'Preview')}>
              Preview
            </button>
          </form>
        )}
      </section>
      <section>
        <h2>Open a project</h2>
        {shell ? (
          <button
            type="button"
            title={shortcutHint('open', 'Open a project')}
            onClick={() => void chooseProject()}
          >
            Open Project…
          </button>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void open(path);
            }}
          >
            <input
              id="open-project-path"
              aria-label="Project file"
              placeholder="/path/to/project.headroom"
              value={path}
              onChange={(e) => setPath(e.target.value)}
            />
            <button type="submit" disabled={!path} title={shortcutHint('open', 'Open')}>
              Open
            </button>
          </form>
        )}
      </section>
      <details className="format">
        <summary>The file format</summary>
        <p>
          One row per example, as CSV, JSONL or Parquet. Columns are recognised by name and can be
          changed before the import: <code>id</code>, <code>label</code> (the given label),{' '}
          <code>prediction</code>, optionally <code>confidence</code>, class probabilities{' '}
          <code>p_&lt;class&gt;</code>, human annotations (<code>human_label</code> columns or votes{' '}
          <code>human_votes_&lt;class&gt;</code>), the <code>input</code> (text or a path to an
          image or audio file), and any other column as metadata to slice by.
        </p>
      </details>
      <p className="hint">Press ? for keyboard shortcuts.</p>
    </main>
  );
}
