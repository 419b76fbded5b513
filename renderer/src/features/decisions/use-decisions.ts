import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { DecisionMark } from '../../../../shared/decisions.ts';
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

/**
 * The open decisions by slice name (a decision names its slice as the report does), for the
 * dashboard's marks: decisions.open, which reads the log only (decisions.list compares runs).
 */
export function useOpenDecisions(): ReadonlyMap<string, DecisionMark[]> {
  const api = useApi();
  const projectPath = useUi((s) => s.projectPath);
  const open = useQuery({
    queryKey: ['decisions', projectPath, 'open'],
    queryFn: () => api.call('decisions.open', {}),
  });
  return useMemo(() => {
    const bySlice = new Map<string, DecisionMark[]>();
    for (const d of open.data?.decisions ?? []) {
      bySlice.set(d.slice, [...(bySlice.get(d.slice) ?? []), d]);
    }
    return bySlice;
  }, [open.data]);
}

/** "ana", "ana, bo": who owns a slice's open decisions. */
export function ownersOf(decisions: readonly DecisionMark[]): string {
  return [...new Set(decisions.map((d) => d.owner))].join(', ');
}
