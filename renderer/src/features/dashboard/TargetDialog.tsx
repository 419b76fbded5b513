import { useState } from 'react';
import type { SliceFigures } from '../../../../shared/report.ts';
import { useApi } from '../../api/context.tsx';
import { ChoiceDialog } from '../../components/ChoiceDialog.tsx';
import { parsePct, parseSampleSize } from './HlpEditor.tsx';
import { pct } from './format.ts';
import { useSettingMutation } from '../../components/use-setting-mutation.ts';

/**
 * A target (analysis.md 8.2): a level entered for a slice or for all slices, such as a published
 * result or a business requirement, with its source and an optional sample size (which gives it
 * an interval). It is a baseline like the others: the reference `target` or `best` may use it.
 */
export function TargetDialog({ slice, onClose }: { slice: SliceFigures | null; onClose(): void }) {
  const api = useApi();
  const existing = slice?.baselines?.find((b) => b.source === 'target');
  const [scope, setScope] = useState(slice && slice.kind !== 'overall' ? slice.id : 'all');
  const [value, setValue] = useState(existing ? pct(existing.value).replace('%', '') : '');
  const [source, setSource] = useState(existing?.detail ?? '');
  const [n, setN] = useState(existing?.n ? String(existing.n) : '');
  const mutation = useSettingMutation(onClose);
  const parsed = parsePct(value);
  const size = parseSampleSize(n);
  const save = () => {
    if (parsed === null || size === undefined) return;
    void mutation.run(() =>
      api.call('baselines.setTarget', {
        slice: scope,
        value: parsed,
        n: size,
        ...(source.trim() ? { source: source.trim() } : {}),
      }),
    );
  };
  const remove = () => void mutation.run(() => api.call('baselines.clearTarget', { slice: scope }));
  return (
    <ChoiceDialog
      title="Target"
      choices={[
        { label: 'Save', onPick: save },
        { label: 'Remove', onPick: remove },
      ]}
      disabled={parsed === null || size === undefined || mutation.busy}
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
            aria-label="Target scope"
            value={scope}
            onChange={(e) => setScope(e.target.value)}
          >
            {slice && slice.kind !== 'overall' && <option value={slice.id}>{slice.name}</option>}
            <option value="all">all slices</option>
          </select>
        </label>
        <label>
          Level (%){' '}
          <input
            aria-label="Target value"
            autoFocus
            inputMode="decimal"
            value={value}
            placeholder="95"
            aria-invalid={value !== '' && parsed === null}
            onChange={(e) => {
              setValue(e.target.value);
              mutation.clearError();
            }}
          />
        </label>
        <label>
          Source{' '}
          <input
            aria-label="Target source"
            value={source}
            placeholder="paper, older system, requirement…"
            onChange={(e) => setSource(e.target.value)}
          />
        </label>
        <label>
          Sample size (optional){' '}
          <input
            aria-label="Target sample size"
            inputMode="numeric"
            value={n}
            aria-invalid={size === undefined}
            onChange={(e) => setN(e.target.value)}
          />
        </label>
        {value !== '' && parsed === null && (
          <p className="error">The level is a percentage from 0 to 100, such as 95 or 97.5.</p>
        )}
        {size === undefined && <p className="error">The sample size is a whole number.</p>}
        {mutation.error && (
          <p className="error" role="alert">
            {mutation.error}
          </p>
        )}
      </form>
    </ChoiceDialog>
  );
}
