import { useState, type ReactNode } from 'react';
import { ChoiceDialog } from './ChoiceDialog.tsx';
import { useSettingMutation } from './use-setting-mutation.ts';

/** NameDialog's callers close it themselves once saved (in onSave). */
const callerCloses = () => {};

/**
 * A modal that asks for a name and saves it: Enter or the action button saves; the engine's
 * refusal (a name taken, too long) is shown in place and the dialog stays open.
 */
export function NameDialog(props: {
  title: string;
  /** The field's label ("Name of the slice", "Tag name"). */
  label: string;
  action: string;
  initial?: string;
  children?: ReactNode;
  /** Resolves when saved (the caller closes the dialog); a rejection's message is shown. */
  onSave(name: string): Promise<void>;
  onClose(): void;
}) {
  const [name, setName] = useState(props.initial ?? '');
  const { error, busy, clearError, run } = useSettingMutation(props.onClose);
  const save = async () => {
    if (name.trim() === '') return;
    await run(() => props.onSave(name.trim()), callerCloses);
  };
  return (
    <ChoiceDialog
      title={props.title}
      choices={[{ label: props.action, onPick: () => void save() }]}
      disabled={name.trim() === '' || busy}
      onClose={props.onClose}
    >
      {props.children}
      <label className="field">
        <span>{props.label}</span>
        <input
          autoFocus
          aria-label={props.label}
          value={name}
          maxLength={200}
          onChange={(e) => {
            setName(e.target.value);
            clearError();
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
