import { useEffect, useState } from 'react';
import type { ImportProgress, ImportSummary } from '../../../../shared/imports.ts';
import type { ColumnRole, ImportKind } from '../../../../shared/roles.ts';
import { useApi } from '../../api/context.tsx';
import { useUi } from '../../stores/ui.ts';

const JOB = 'ui-import';

export interface ImportRequest {
  target: string;
  file: string;
  overrides: Record<string, ColumnRole>;
  kind: ImportKind;
  name: string;
}

/**
 * One import as the screen drives it: run (progress events while it goes), then keep or discard
 * the result. Into an existing project (`into`) the engine keeps a copy first, so a discard puts
 * the project back as it was.
 */
export function useImportJob(into: string | null) {
  const api = useApi();
  const setImporting = useUi((s) => s.setImporting);
  const setProject = useUi((s) => s.setProject);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(
    () =>
      api.onEvent((e) => {
        if (e.event === 'imports.progress') setProgress(e.payload);
      }),
    [api],
  );

  const run = async (req: ImportRequest) => {
    setError(null);
    setBusy(true);
    setProgress(null);
    try {
      const name = req.name.trim();
      const s = await api.call('imports.run', {
        project: req.target.trim(),
        file: req.file,
        map: req.overrides,
        jobId: JOB,
        ...(into ? { kind: req.kind, ...(name ? { name } : {}), discardable: true } : {}),
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
  const cancel = () => void api.call('imports.cancel', { jobId: JOB });
  const keep = async () => {
    if (!summary) return;
    try {
      await api.call('imports.keep', { importId: summary.importId, project: summary.project });
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
      await api.call('imports.discard', { importId: summary.importId, project: summary.project });
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
  return { progress, busy, summary, error, run, cancel, keep, discard };
}
