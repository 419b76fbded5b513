import { useEffect, useRef } from 'react';

export type ExportFormat = 'md' | 'csv' | 'json';

const FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'md', label: 'Markdown' },
  { format: 'csv', label: 'CSV' },
  { format: 'json', label: 'JSON' },
];

/** File > Export Report (Ctrl+E): the table's format, chosen from the keyboard or the mouse. */
export function ExportDialog(props: { onPick(format: ExportFormat): void; onClose(): void }) {
  const first = useRef<HTMLButtonElement>(null);
  const close = useRef(props.onClose);
  close.current = props.onClose;
  useEffect(() => {
    first.current?.focus();
    // Escape closes it wherever the focus is (also before the first button has it).
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      close.current();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label="Export the table">
      <div className="overlay-box">
        <h2>Export the table</h2>
        <p>The ranked table with every figure of this run and label set.</p>
        <p className="export-formats">
          {FORMATS.map((f, i) => (
            <button
              key={f.format}
              type="button"
              ref={i === 0 ? first : undefined}
              onClick={() => props.onPick(f.format)}
            >
              {f.label}
            </button>
          ))}
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
        </p>
      </div>
    </div>
  );
}
