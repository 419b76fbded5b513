import { useState } from 'react';
import { useApi } from '../../api/context.tsx';
import { ChoiceDialog } from '../../components/ChoiceDialog.tsx';

/**
 * Saves the filter's rule expression as a named rule slice: it then has its figures on the
 * dashboard and can be picked in the Slice filter.
 */
export function SaveRuleDialog(props: {
  expression: string;
  onSaved(text: string): void;
  onClose(): void;
}) {
  const api = useApi();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    if (name.trim() === '' || busy) return;
    setBusy(true);
    try {
      const r = await api.call('rules.add', { name: name.trim(), expression: props.expression });
      props.onSaved(
        `Saved the rule slice "${r.name}" (${r.n.toLocaleString('en-US')} examples): it is on the dashboard`,
      );
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  };
  return (
    <ChoiceDialog
      title="Save the rule as a slice"
      choices={[{ label: 'Save', onPick: () => void save() }]}
      disabled={name.trim() === '' || busy}
      onClose={props.onClose}
    >
      <p>
        <code>{props.expression}</code>
      </p>
      <label className="field">
        <span>Name of the slice</span>
        <input
          autoFocus
          aria-label="Name of the slice"
          value={name}
          maxLength={200}
          onChange={(e) => {
            setName(e.target.value);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void save();
          }}
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </ChoiceDialog>
  );
}
