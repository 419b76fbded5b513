import { useState } from 'react';
import type { SliceFigures } from '../../../../shared/report.ts';
import { useApi } from '../../api/context.tsx';
import { ChoiceDialog } from '../../components/ChoiceDialog.tsx';
import { useSettingMutation } from '../../components/use-setting-mutation.ts';

/** A metadata slice's column ("meta:region=south" -> "region"), else null. */
export function metadataColumn(s: SliceFigures): string | null {
  if (!s.id.startsWith('meta:')) return null;
  const rest = s.id.slice(5);
  const bin = rest.indexOf(':bin');
  const eq = rest.indexOf('=');
  const end = [bin, eq].filter((i) => i > 0).sort((a, b) => a - b)[0];
  return end === undefined ? null : rest.slice(0, end);
}

/**
 * A requirement (a satisficing metric, analysis.md 8.4): a minimum of the metric (`>= 0.9`) or a
 * distance below overall (`>= overall - 0.02`), for this slice, every slice of its column, or all
 * slices. The engine checks the text; its message shows here, where it can be corrected.
 */
export function RequirementDialog({
  slice,
  slices,
  onClose,
}: {
  /** The slice it was opened from; null: from the summary line (any scope may be picked). */
  slice: SliceFigures | null;
  slices: SliceFigures[];
  onClose(): void;
}) {
  const api = useApi();
  const column = slice ? metadataColumn(slice) : null;
  const columns = [...new Set(slices.map(metadataColumn).filter((c) => c !== null))];
  const scopes = slice
    ? [
        ...(slice.kind !== 'overall'
          ? [{ value: slice.id, label: `this slice (${slice.name})` }]
          : []),
        ...(column ? [{ value: `${column}=*`, label: `every slice of ${column}` }] : []),
        { value: 'all', label: 'all slices' },
      ]
    : [
        { value: 'all', label: 'all slices' },
        ...columns.map((c) => ({ value: `${c}=*`, label: `every slice of ${c}` })),
        ...slices.map((s) => ({ value: s.id, label: s.name })),
      ];
  const [scope, setScope] = useState(scopes[0]?.value ?? 'all');
  const [text, setText] = useState(slice?.requirement ?? '>= 0.9');
  const [source, setSource] = useState('');
  const mutation = useSettingMutation(onClose);
  const save = () =>
    void mutation.run(() =>
      api.call('baselines.setRequirement', {
        scope,
        text: text.trim(),
        ...(source.trim() ? { source: source.trim() } : {}),
      }),
    );
  const remove = () => void mutation.run(() => api.call('baselines.clearRequirement', { scope }));
  return (
    <ChoiceDialog
      title="Requirement"
      choices={[
        { label: 'Save', onPick: save },
        { label: 'Remove', onPick: remove },
      ]}
      disabled={text.trim() === '' || mutation.busy}
      onClose={onClose}
    >
      <form
        className="dialog-form"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label>
          For{' '}
          <select
            aria-label="Requirement scope"
            value={scope}
            onChange={(e) => setScope(e.target.value)}
          >
            {scopes.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          The metric must be{' '}
          <input
            aria-label="Requirement text"
            autoFocus
            value={text}
            placeholder=">= 0.9 or >= overall - 0.02"
            onChange={(e) => {
              setText(e.target.value);
              mutation.clearError();
            }}
          />
        </label>
        <label>
          Source{' '}
          <input
            aria-label="Requirement source"
            value={source}
            placeholder="policy, contract, regulator…"
            onChange={(e) => setSource(e.target.value)}
          />
        </label>
        <p className="hint">
          A slice fails when its whole 95% interval lies below the bound, is at risk when the
          interval straddles it, and is ok otherwise.
        </p>
        {mutation.error && (
          <p className="error" role="alert">
            {mutation.error}
          </p>
        )}
      </form>
    </ChoiceDialog>
  );
}
