import { useState } from 'react';
import { useApi } from '../../api/context.tsx';
import { saveFile } from '../../api/save-file.ts';
import { useUi } from '../../stores/ui.ts';

const FORMATS = [
  { format: 'html', label: 'Memo', title: 'The planning memo as a one-page HTML document' },
  { format: 'md', label: 'Memo (.md)', title: 'The planning memo as Markdown' },
] as const;

/**
 * The planning memo (memo.build, issue #17) of `run` (undefined: the latest run): downloaded in
 * the browser mode, saved where the save dialog says in the desktop app. What happened is said
 * beside the buttons.
 */
export function MemoButtons({ run }: { run: string | undefined }) {
  const api = useApi();
  const labels = useUi((s) => s.labels);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const build = async (format: 'html' | 'md') => {
    setBusy(true);
    setStatus(null);
    const input = { format, labels, ...(run !== undefined ? { run } : {}) };
    try {
      const file = await api.call('memo.build', input);
      const done = await saveFile(file, (path) => api.call('memo.build', { ...input, path }));
      if (done !== null) setStatus({ text: done, error: false });
    } catch (err) {
      setStatus({ text: `No memo: ${(err as Error).message}`, error: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="memo-buttons">
      {FORMATS.map((f) => (
        <button
          key={f.format}
          type="button"
          title={f.title}
          disabled={busy}
          onClick={() => void build(f.format)}
        >
          {f.label}
        </button>
      ))}
      {status && (
        <span className={status.error ? 'error' : 'note'} role={status.error ? 'alert' : 'status'}>
          {status.text}
        </span>
      )}
    </span>
  );
}
