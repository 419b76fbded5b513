import { useState } from 'react';

/** A number shown as text; click or Enter to edit, Enter or blur to save, Escape to cancel. */
export function EditableNumber({
  value,
  display,
  label,
  parse,
  onSave,
}: {
  value: number | null;
  display: string;
  label: string;
  parse: (text: string) => number | null;
  onSave: (v: number) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState(false);
  if (!editing) {
    return (
      <button
        type="button"
        className="editable"
        title={`Edit ${label} (Enter)`}
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
