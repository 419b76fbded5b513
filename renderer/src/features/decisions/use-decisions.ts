import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Decision } from '../../../../shared/decisions.ts';
import { useApi } from '../../api/context.tsx';
import { useUi } from '../../stores/ui.ts';

/**
 * The decisions log then versus now in `run` (undefined: the engine's default, the latest run).
 * Refetched when the engine says the decisions (or anything else) changed.
 */
export function useDecisions(run?: string) {
  const api = useApi();
  const projectPath = useUi((s) => s.projectPath);
  const labels = useUi((s) => s.labels);
  return useQuery({
    queryKey: ['decisions', projectPath, run ?? '', labels],
    queryFn: () => api.call('decisions.list', run === undefined ? { labels } : { run, labels }),
  });
}

/** The open decisions by slice name (a decision names its slice as the report does). */
export function useOpenDecisions(): ReadonlyMap<string, Decision[]> {
  const list = useDecisions();
  return useMemo(() => {
    const bySlice = new Map<string, Decision[]>();
    for (const d of list.data?.decisions ?? []) {
      if (d.status !== 'open') continue;
      bySlice.set(d.slice, [...(bySlice.get(d.slice) ?? []), d]);
    }
    return bySlice;
  }, [list.data]);
}

/** "ana", "ana, bo": who owns a slice's open decisions. */
export function ownersOf(decisions: readonly Decision[]): string {
  return [...new Set(decisions.map((d) => d.owner))].join(', ');
}
