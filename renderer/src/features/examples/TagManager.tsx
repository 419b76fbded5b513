import { useQuery } from '@tanstack/react-query';
import { useLayoutEffect, useRef, useState } from 'react';
import { useApi } from '../../api/context.tsx';
import { useUi } from '../../stores/ui.ts';
import type { Tags } from './use-tags.ts';

/** Rename, merge, color, describe, delete to trash and restore. Every change can be undone. */
export function TagManager({ tags, onClose }: { tags: Tags; onClose(): void }) {
  const api = useApi();
  const project = useUi((s) => s.projectPath);
  // The manager shows the trash too (the palette's list leaves it out).
  const all = useQuery({
    queryKey: ['tags', project, 'all'],
    queryFn: () => api.call('tags.list', {}),
  });
  const live = all.data?.tags ?? tags.list.data?.tags ?? [];
  const trash = all.data?.trash ?? [];
  const [names, setNames] = useState<Record<number, string>>({});
  const run = tags.manage.mutate;
  // A modal: it has the keys (the screen's and the "?" overlay's stay quiet while it is open) and
  // Escape closes it wherever the focus is.
  const close = useRef<HTMLButtonElement>(null);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  useLayoutEffect(() => {
    close.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      onCloseRef.current();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  return (
    <div className="tag-manager" role="dialog" aria-modal="true" aria-label="Manage tags">
      <header>
        <h2>Tags</h2>
        <button type="button" ref={close} onClick={onClose} title="Close (Esc)">
          Close
        </button>
      </header>
      {live.length === 0 && <p className="muted">No tags yet: tag an example with N.</p>}
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>n</th>
            <th>Color</th>
            <th>Description</th>
            <th>Merge into</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {live.map((t) => (
            <tr key={t.id}>
              <td>
                <input
                  aria-label={`Name of ${t.name}`}
                  value={names[t.id] ?? t.name}
                  maxLength={200}
                  onChange={(e) => setNames({ ...names, [t.id]: e.target.value })}
                  onBlur={() => {
                    const to = (names[t.id] ?? t.name).trim();
                    if (to && to !== t.name) run({ kind: 'rename', from: t.name, to });
                    setNames(({ [t.id]: _, ...rest }) => rest);
                  }}
                  onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
                />
              </td>
              <td className="num">{t.n.toLocaleString('en-US')}</td>
              <td>
                <input
                  type="color"
                  aria-label={`Color of ${t.name}`}
                  value={t.color ?? '#888888'}
                  onChange={(e) => run({ kind: 'update', tag: t.name, color: e.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label={`Description of ${t.name}`}
                  defaultValue={t.description ?? ''}
                  maxLength={2000}
                  onBlur={(e) => {
                    const v = e.target.value.trim() || null;
                    if (v !== t.description) run({ kind: 'update', tag: t.name, description: v });
                  }}
                />
              </td>
              <td>
                <select
                  aria-label={`Merge ${t.name} into`}
                  value=""
                  onChange={(e) =>
                    e.target.value && run({ kind: 'merge', from: t.name, into: e.target.value })
                  }
                >
                  <option value="">—</option>
                  {live
                    .filter((o) => o.id !== t.id)
                    .map((o) => (
                      <option key={o.id} value={o.name}>
                        {o.name}
                      </option>
                    ))}
                </select>
              </td>
              <td>
                <button type="button" onClick={() => run({ kind: 'delete', tag: t.name })}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {trash.length > 0 && (
        <>
          <h3>Trash</h3>
          <ul className="trash">
            {trash.map((t) => (
              <li key={t.id}>
                {t.name} <span className="muted">({t.n})</span>{' '}
                <button type="button" onClick={() => run({ kind: 'restore', tag: t.name })}>
                  Restore
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {tags.manage.isError && <p className="error">{tags.manage.error.message}</p>}
    </div>
  );
}
