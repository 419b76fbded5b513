import { useState } from 'react';

/**
 * A number shown as text; click or Enter to edit, Enter or blur to save, Escape to cancel. With
 * onClear, saving an empty field clears the value (back to the measured one).
 */
export function EditableNumber({
  value,
  display,
  label,
  parse,
  onSave,
  onClear,
  title,
}: {
  value: number | null;
  display: string;
  label: string;
  parse: (text: string) => number | null;
  onSave: (v: number) => void;
  onClear?: () => void;
  title?: string;
}) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState(false);
  if (!editing) {
    return (
      <button
        type="button"
        className="editable"
        title={title ?? `Edit ${label} (Enter)`}
        aria-label={`${label}: ${display}. Press Enter to edit`}
        onClick={() => {
          setText(value === null ? '' : display.replace('%', ''));
          setEditing(true);
        }}
      >
        {display}
      </button>
    );
  }
  const commit = () => {
    if (onClear && text.trim() === '') {
      setEditing(false);
      setError(false);
      onClear();
      return;
    }
    const v = parse(text);
    if (v === null) {
      setError(true);
      return;
    }
    setEditing(false);
    setError(false);
    onSave(v);
  };
  return (
    <input
      autoFocus
      className={error ? 'edit error' : 'edit'}
      aria-label={label}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') setEditing(false);
      }}
    />
  );
}
