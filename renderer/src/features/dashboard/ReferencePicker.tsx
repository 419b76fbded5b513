import { useMutation, useQuery } from '@tanstack/react-query';
import type { Reference } from '../../../../shared/baselines.ts';
import { useApi } from '../../api/context.tsx';
import { useUi } from '../../stores/ui.ts';
import { baselineName } from '../../../../shared/figure-names.ts';

const FIXED: Reference[] = ['hlp', 'best', 'target'];

/**
 * What the gap is measured against: humans, the best baseline of each slice, the entered targets,
 * or another run (analysis.md 8.3). The first entry follows the project's default; "Make default"
 * saves the choice in the project (undone like the other settings).
 */
export function ReferencePicker({ current, run }: { current: Reference | undefined; run: string }) {
  const api = useApi();
  const { projectPath, reference, setReference } = useUi();
  const runs = useQuery({
    queryKey: ['runs', projectPath],
    queryFn: () => api.call('runs.list', {}),
  });
  const save = useMutation({
    mutationFn: (r: Reference) => api.call('baselines.setReference', { reference: r }),
    onSuccess: () => setReference(undefined),
  });
  const others = (runs.data?.runs ?? [])
    .map((r) => r.name)
    .filter((name) => name !== run)
    .map((name): Reference => `run:${name}`);
  const choices = [...FIXED, ...others];
  return (
    <span className="reference-picker">
      <label title="What the gap, the potential gain and the ranking are measured against">
        Reference{' '}
        <select
          aria-label="Reference"
          value={reference ?? ''}
          onChange={(e) =>
            setReference(e.target.value === '' ? undefined : (e.target.value as Reference))
          }
        >
          <option value="">project default{current ? ` (${baselineName(current)})` : ''}</option>
          {choices.map((r) => (
            <option key={r} value={r}>
              {r === 'best' ? 'best of each slice' : baselineName(r)}
            </option>
          ))}
        </select>
      </label>
      {reference !== undefined && (
        <button
          type="button"
          title="Save this reference as the project's default (undo with Ctrl+Z)"
          disabled={save.isPending}
          onClick={() => save.mutate(reference)}
        >
          Make default
        </button>
      )}
      {save.isError && <span className="error">{save.error.message}</span>}
    </span>
  );
}
