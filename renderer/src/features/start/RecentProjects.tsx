import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, type KeyboardEvent } from 'react';
import { useApi } from '../../api/context.tsx';
import { shortcutHint } from '../../keyboard/shortcuts.ts';

/** Recent projects: ↑/↓ move, Enter opens, Delete removes one from the list (not the file). */
export function RecentProjects({ onOpen }: { onOpen(path: string): void }) {
  const api = useApi();
  const qc = useQueryClient();
  const list = useRef<HTMLUListElement>(null);
  const recent = useQuery({
    queryKey: ['app.recent'],
    queryFn: () => api.call('app.recent', {}),
    staleTime: 0,
  });
  const projects = recent.data?.projects ?? [];
  if (projects.length === 0) return null;

  const forget = (path: string) =>
    void api
      .call('app.forgetRecent', { path })
      .then(() => qc.invalidateQueries({ queryKey: ['app.recent'] }));
  const onKey = (e: KeyboardEvent<HTMLButtonElement>, i: number, path: string) => {
    const buttons = [...(list.current?.querySelectorAll('button.recent-open') ?? [])];
    const focus = (j: number) => (buttons[j] as HTMLButtonElement | undefined)?.focus();
    if (e.key === 'ArrowDown') focus(Math.min(i + 1, buttons.length - 1));
    else if (e.key === 'ArrowUp') focus(Math.max(i - 1, 0));
    else if (e.key === 'Home') focus(0);
    else if (e.key === 'End') focus(buttons.length - 1);
    else if (e.key === 'Delete') forget(path);
    else return;
    e.preventDefault();
  };

  return (
    <section aria-labelledby="recent-heading">
      <h2 id="recent-heading">Recent projects</h2>
      <ul className="recent" ref={list}>
        {projects.map((p, i) => (
          <li key={p.path}>
            <button
              type="button"
              className="recent-open"
              title={`${p.path}\n${shortcutHint('recent-open', 'Open')}, ${shortcutHint('recent-forget', 'remove from the list')}`}
              onClick={() => onOpen(p.path)}
              onKeyDown={(e) => onKey(e, i, p.path)}
            >
              <span className="recent-name">{p.name}</span>
              <span className="recent-path">{p.path}</span>
              <span className="recent-date">{new Date(p.modified).toLocaleString()}</span>
            </button>
            <button
              type="button"
              className="icon recent-forget"
              aria-label={`Remove ${p.name} from the list`}
              title={shortcutHint('recent-forget', 'Remove from the list (the file stays)')}
              onClick={() => forget(p.path)}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
