import { useLayoutEffect, useRef, type ReactNode } from 'react';

export interface Choice {
  label: string;
  onPick(): void;
}

/**
 * A small modal question with a row of answers and Cancel: the first answer has the focus (unless
 * a field inside took it), Escape (wherever the focus is) and Cancel close it.
 */
export function ChoiceDialog(props: {
  title: string;
  children: ReactNode;
  choices: Choice[];
  /** Answers are disabled (a field inside is not valid yet). */
  disabled?: boolean;
  onClose(): void;
}) {
  const first = useRef<HTMLButtonElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const close = useRef(props.onClose);
  close.current = props.onClose;
  // Before the first paint: a key pressed as soon as the dialog shows already reaches it.
  useLayoutEffect(() => {
    if (!box.current?.contains(document.activeElement)) first.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      close.current();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label={props.title}>
      <div className="overlay-box" ref={box}>
        <h2>{props.title}</h2>
        {props.children}
        <p className="choices">
          {props.choices.map((c, i) => (
            <button
              key={c.label}
              type="button"
              ref={i === 0 ? first : undefined}
              disabled={props.disabled}
              onClick={c.onPick}
            >
              {c.label}
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
