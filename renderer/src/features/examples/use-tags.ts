import { useMutation, useQuery } from '@tanstack/react-query';
import type { MethodInput } from '../../../../shared/contract.ts';
import { useApi } from '../../api/context.tsx';
import { useUi } from '../../stores/ui.ts';

/**
 * Tags and their edits. Every edit is saved by the engine before it answers; the engine's
 * project.changed event then refreshes every view (table, detail, dashboard figures).
 */
export function useTags() {
  const api = useApi();
  const project = useUi((s) => s.projectPath);
  const list = useQuery({
    queryKey: ['tags', project, 'live'],
    queryFn: () => api.call('tags.list', { liveOnly: true }),
  });
  const history = useQuery({
    queryKey: ['tagHistory', project],
    queryFn: () => api.call('tags.history', {}),
  });
  const apply = useMutation({
    mutationFn: (input: MethodInput<'tags.apply'>) => api.call('tags.apply', input),
  });
  const remove = useMutation({
    mutationFn: (input: MethodInput<'tags.remove'>) => api.call('tags.remove', input),
  });
  const undo = useMutation({ mutationFn: () => api.call('tags.undo', {}) });
  const redo = useMutation({ mutationFn: () => api.call('tags.redo', {}) });
  const manage = useMutation({
    mutationFn: async (
      op:
        | { kind: 'rename'; from: string; to: string }
        | { kind: 'merge'; from: string; into: string }
        | { kind: 'delete' | 'restore'; tag: string }
        | { kind: 'update'; tag: string; color?: string | null; description?: string | null },
    ) => {
      switch (op.kind) {
        case 'rename':
          return api.call('tags.rename', { from: op.from, to: op.to });
        case 'merge':
          return api.call('tags.merge', { from: op.from, into: op.into });
        case 'delete':
          return api.call('tags.delete', { tag: op.tag });
        case 'restore':
          return api.call('tags.restore', { tag: op.tag });
        case 'update':
          return api.call('tags.update', {
            tag: op.tag,
            ...(op.color !== undefined ? { color: op.color } : {}),
            ...(op.description !== undefined ? { description: op.description } : {}),
          });
      }
    },
  });
  /** Palette order: oldest first, so a tag's number key never changes when others are added. */
  const palette = [...(list.data?.tags ?? [])].sort((a, b) => a.id - b.id);
  const error = [apply, remove, undo, redo, manage].find((m) => m.isError)?.error ?? null;
  return { list, history, palette, apply, remove, undo, redo, manage, error };
}

export type Tags = ReturnType<typeof useTags>;
