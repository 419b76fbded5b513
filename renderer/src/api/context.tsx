import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import type { EventPayload } from '../../../shared/contract.ts';
import { useUi } from '../stores/ui.ts';
import type { ApiClient } from './client.ts';

const ApiContext = createContext<ApiClient | null>(null);

export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error('no ApiClient');
  return api;
}

/**
 * Which queries (by the first element of their key) an engine change affects; a change not listed
 * refetches everything. Tag edits leave project.info alone: it is costly and only shows counts.
 */
/** The dashboard's settings edits and their undo/redo, whose answers carry the report. */
export const SETTINGS_MUTATION = ['slice-settings'];

const AFFECTED: Partial<Record<EventPayload<'project.changed'>['what'], string[]>> = {
  settings: ['report', 'settingsHistory', 'binCounts'],
  decisions: ['decisions'],
  tags: [
    'report',
    'examples',
    'example',
    'tags',
    'tagHistory',
    'confusion',
    'suspects',
    'compare',
    'discover',
  ],
};

/** Refetches what the engine says changed (push events invalidate the query cache). */
function EventBridge({ api }: { api: ApiClient }) {
  const qc = useQueryClient();
  useEffect(
    () =>
      api.onEvent((e) => {
        if (e.event === 'app.hostRestarted') {
          // The desktop app's engine was restarted with nothing open: open the project again.
          const { projectPath, setProject } = useUi.getState();
          const reopened = projectPath
            ? api.call('project.open', { path: projectPath }).then(
                () => undefined,
                () => setProject(null),
              )
            : Promise.resolve();
          void reopened.then(() => qc.invalidateQueries());
          return;
        }
        if (e.event === 'project.upgrading') {
          useUi.getState().setUpgrade({ info: e.payload, done: false });
          return;
        }
        if (e.event !== 'project.changed') return;
        const { what } = e.payload;
        // Our own settings edit answers with the re-ranked report: refetching it would only
        // draw the same table twice (another window's edit still refetches).
        if (what === 'settings' && qc.isMutating({ mutationKey: SETTINGS_MUTATION }) > 0) {
          void qc.invalidateQueries({ refetchType: 'none' });
          return;
        }
        const keys = AFFECTED[what];
        if (!keys) {
          void qc.invalidateQueries();
          return;
        }
        // Refetch what depends on the change; mark the rest stale for its next use.
        void qc.invalidateQueries({
          predicate: (q) => keys.includes(String(q.queryKey[0])),
        });
        void qc.invalidateQueries({
          predicate: (q) => !keys.includes(String(q.queryKey[0])),
          refetchType: 'none',
        });
      }),
    [api, qc],
  );
  return null;
}

export function ApiProvider({ api, children }: { api: ApiClient; children: ReactNode }) {
  const qc = useMemo(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } }),
    [],
  );
  return (
    <ApiContext.Provider value={api}>
      <QueryClientProvider client={qc}>
        <EventBridge api={api} />
        {children}
      </QueryClientProvider>
    </ApiContext.Provider>
  );
}
