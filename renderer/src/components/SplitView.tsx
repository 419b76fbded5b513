import { useRef, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { usePersistentState } from '../stores/persistent-state.ts';

const STEP = 24;

/**
 * Two panes side by side with a handle between them: drag it, or focus it and press ← / → (Home
 * and End for the limits), to give the right pane more or less room. The right pane's width is
 * remembered under `storageKey`. A narrow window (CSS: .split) stacks the panes instead.
 */
export function SplitView({
  left,
  right,
  storageKey,
  initial,
  min,
  max,
  label,
}: {
  left: ReactNode;
  right: ReactNode;
  storageKey: string;
  /** The right pane's width in px at first. */
  initial: number;
  min: number;
  max: number;
  /** What the handle resizes, for screen readers ("chart width"). */
  label: string;
}) {
  const [saved, setSaved] = usePersistentState<{ width: number }>(storageKey, { width: initial });
  const width = Math.min(max, Math.max(min, Number(saved.width) || initial));
  const box = useRef<HTMLDivElement>(null);
  const set = (w: number) => setSaved({ width: Math.round(Math.min(max, Math.max(min, w))) });
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!e.currentTarget.hasPointerCapture(e.pointerId) || !box.current) return;
    set(box.current.getBoundingClientRect().right - e.clientX);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const to =
      e.key === 'ArrowLeft'
        ? width + STEP
        : e.key === 'ArrowRight'
          ? width - STEP
          : e.key === 'Home'
            ? max
            : e.key === 'End'
              ? min
              : null;
    if (to === null) return;
    e.preventDefault();
    set(to);
  };
  return (
    <div
      className="split"
      ref={box}
      style={{ gridTemplateColumns: `minmax(0, 1fr) 10px ${width}px` }}
    >
      <div className="split-main">{left}</div>
      <div
        className="split-handle"
        role="separator"
        aria-orientation="vertical"
        aria-label={label}
        aria-valuenow={width}
        aria-valuemin={min}
        aria-valuemax={max}
        tabIndex={0}
        title="Drag, or press ← / →, to resize"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onKeyDown={onKeyDown}
      />
      <div className="split-side">{right}</div>
    </div>
  );
}
