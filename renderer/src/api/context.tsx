import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import type { ApiClient } from './client.ts';

const ApiContext = createContext<ApiClient | null>(null);

export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error('no ApiClient');
  return api;
}

/** Refetches what the engine says changed (push events invalidate the query cache). */
function EventBridge({ api }: { api: ApiClient }) {
  const qc = useQueryClient();
  useEffect(
    () =>
      api.onEvent((e) => {
        if (e.event === 'project.changed') void qc.invalidateQueries();
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
