import { useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import type { SliceFigures } from '../../../../shared/report.ts';
import type { EnteredHlp } from '../../../../shared/slice-settings.ts';
import { pct } from './format.ts';
import { PlanHint } from './PlanHint.tsx';

export type { EnteredHlp } from '../../../../shared/slice-settings.ts';

export const DEFAULT_HLP_SOURCE = 'entered in the dashboard';

/** "93.5" or "93.5%" -> 0.935, parsed as a decimal (93.5e-2) so no binary rounding creeps in. */
export function parsePct(t: string): number | null {
  const text = t.replace('%', '').trim();
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  const v = Number(`${text}e-2`);
  return v >= 0 && v <= 1 ? v : null;
}

/** An optional sample size: '' -> null; a whole number >= 1, else undefined (not valid). */
export function parseSampleSize(t: string): number | null | undefined {
  const text = t.trim().replace(/[,_\s]/g, '');
  if (text === '') return null;
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 1e9 ? n : undefined;
}

function hlpTitle(s: SliceFigures): string {
  if (s.hlp === null) return 'No human data: click to enter an HLP';
  const n = s.hlp_n !== null ? `, n = ${s.hlp_n.toLocaleString('en-US')}` : '';
  return `${s.hlp_source ?? ''}${n}`;
}

/**
 * The HLP cell of the dashboard: a click (or Enter) opens a small form under it with the value,
 * an optional sample size (it gives the entered HLP an interval) and a source; Enter or leaving
 * the form saves, Escape cancels, "Use data" goes back to the HLP from human labels.
 */
export function HlpEditor({
  slice,
  onSave,
}: {
  slice: SliceFigures;
  onSave: (hlp: EnteredHlp | null) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const [n, setN] = useState('');
  const [source, setSource] = useState('');
  const [error, setError] = useState<string | null>(null);
  const form = useRef<HTMLDivElement>(null);
  const label = `HLP of ${slice.name}`;
  const display = pct(slice.hlp);
  if (!editing) {
    return (
      <button
        type="button"
        className="editable"
        title={hlpTitle(slice)}
        aria-label={`${label}: ${display}. Press Enter to edit`}
        onClick={() => {
          setValue(slice.hlp === null ? '' : display.replace('%', ''));
          setN(slice.hlp_entered && slice.hlp_n !== null ? String(slice.hlp_n) : '');
          setSource(slice.hlp_entered ? (slice.hlp_source ?? '') : '');
          setError(null);
          setEditing(true);
        }}
      >
        {display}
      </button>
    );
  }
  const commit = () => {
    const v = parsePct(value);
    if (v === null) {
      setError('HLP is a percentage from 0 to 100');
      return;
    }
    const size = parseSampleSize(n);
    if (size === undefined) {
      setError('n is a whole number of examples, or empty');
      return;
    }
    setEditing(false);
    onSave({ value: v, n: size, source: source.trim() || DEFAULT_HLP_SOURCE });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.target as HTMLElement).tagName !== 'BUTTON') {
      e.preventDefault();
      commit();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setEditing(false);
    }
  };
  // Leaving the form (not moving between its fields) saves, as a spreadsheet cell would.
  const onBlur = (e: FocusEvent) => {
    if (!form.current?.contains(e.relatedTarget as Node | null)) commit();
  };
  return (
    <div className="hlp-editor" ref={form} onKeyDown={onKeyDown} onBlur={onBlur}>
      <input
        autoFocus
        className={error ? 'edit error' : 'edit'}
        aria-label={label}
        aria-invalid={error !== null}
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      <div className="hlp-popover" role="group" aria-label={`Where ${slice.name}'s HLP comes from`}>
        <label>
          n
          <input
            className="edit"
            aria-label={`HLP sample size, ${slice.name}`}
            placeholder="optional"
            inputMode="numeric"
            value={n}
            onChange={(e) => setN(e.target.value)}
          />
        </label>
        <label>
          source
          <input
            className="edit wide"
            aria-label={`HLP source, ${slice.name}`}
            placeholder={DEFAULT_HLP_SOURCE}
            maxLength={500}
            value={source}
            onChange={(e) => setSource(e.target.value)}
          />
        </label>
        {slice.hlp_entered && (
          <button
            type="button"
            title="Forget the entered value: the HLP comes from the human labels again (if any)"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              setEditing(false);
              onSave(null);
            }}
          >
            Use data
          </button>
        )}
        {error && (
          <span className="error" role="alert">
            {error}
          </span>
        )}
        {slice.hlp_ci && !slice.hlp_entered && slice.hlp_ci[1] > slice.hlp_ci[0] && (
          // How many more human labels would halve the HLP's interval.
          <PlanHint
            slice={slice}
            figure="hlp"
            halfWidth={Math.min(0.5, (slice.hlp_ci[1] - slice.hlp_ci[0]) / 4)}
          />
        )}
      </div>
    </div>
  );
}
