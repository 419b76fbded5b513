import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ExampleFilter } from '../../../../shared/examples.ts';
import { useReport } from '../dashboard/use-report.ts';
import { useUi } from '../../stores/ui.ts';
import { SaveRuleDialog } from './SaveRuleDialog.tsx';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

/** A text input that applies its value on Enter or blur (typing does not refetch per key). */
function CommitInput(props: {
  value: string | undefined;
  onCommit(v: string | undefined): void;
  placeholder?: string;
  label: string;
  id?: string;
}) {
  const [text, setText] = useState(props.value ?? '');
  useEffect(() => setText(props.value ?? ''), [props.value]);
  const commit = () => props.onCommit(text.trim() === '' ? undefined : text.trim());
  return (
    <input
      id={props.id}
      aria-label={props.label}
      placeholder={props.placeholder}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
        if (e.key === 'Escape') (e.target as HTMLInputElement).blur();
      }}
    />
  );
}

/** A search box that applies what is typed once typing pauses (and at once on Enter). */
export const SEARCH_DEBOUNCE_MS = 250;
function SearchInput(props: {
  value: string | undefined;
  onCommit(v: string | undefined): void;
  id: string;
  label: string;
  placeholder: string;
}) {
  const [text, setText] = useState(props.value ?? '');
  useEffect(() => setText(props.value ?? ''), [props.value]);
  const { onCommit, value } = props;
  useEffect(() => {
    const want = text.trim() === '' ? undefined : text.trim();
    if (want === value) return;
    const t = setTimeout(() => onCommit(want), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text, value, onCommit]);
  return (
    <input
      id={props.id}
      type="search"
      aria-label={props.label}
      placeholder={props.placeholder}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') props.onCommit(text.trim() === '' ? undefined : text.trim());
        if (e.key === 'Escape') (e.target as HTMLInputElement).blur();
      }}
    />
  );
}

function numberOrUndefined(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v.replace('%', '')) / (v.includes('%') ? 100 : 1);
  return Number.isFinite(x) && x >= 0 && x <= 1 ? x : undefined;
}

/** The errors browser's filters; each change replaces the filter in the UI store. */
export function FilterBar({ classes, say }: { classes: string[]; say(text: string): void }) {
  const { filter, setFilter } = useUi();
  const [saving, setSaving] = useState(false);
  const report = useReport();
  const set = (patch: Partial<ExampleFilter>) => {
    const next = Object.entries({ ...filter, ...patch }).filter(
      ([, v]) => v !== undefined && v !== false,
    );
    setFilter(Object.fromEntries(next) as ExampleFilter);
  };
  // Stable across renders, so the search box's pause timer is not restarted by each render.
  const filterRef = useRef(filter);
  filterRef.current = filter;
  const commitText = useCallback(
    (text: string | undefined) => {
      const next = Object.entries({ ...filterRef.current, text }).filter(
        ([, v]) => v !== undefined && v !== false,
      );
      setFilter(Object.fromEntries(next) as ExampleFilter);
    },
    [setFilter],
  );
  const classSelect = (key: 'given' | 'predicted', label: string) => (
    <Field label={label}>
      <select
        aria-label={label}
        value={filter[key] ?? ''}
        onChange={(e) => set({ [key]: e.target.value || undefined })}
      >
        <option value="">any</option>
        {classes.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </Field>
  );
  return (
    <div className="filter-bar" role="search">
      <Field label="Show">
        <select
          aria-label="Outcome"
          value={filter.outcome ?? ''}
          onChange={(e) =>
            set({ outcome: (e.target.value || undefined) as ExampleFilter['outcome'] })
          }
        >
          <option value="">all</option>
          <option value="errors">errors only</option>
          <option value="correct">correct only</option>
        </select>
      </Field>
      {classSelect('given', 'Given')}
      {classSelect('predicted', 'Predicted')}
      <Field label="Slice">
        <select
          aria-label="Slice"
          value={filter.slice ?? ''}
          onChange={(e) => set({ slice: e.target.value || undefined })}
        >
          <option value="">any</option>
          {report.data?.slices.map((s) => (
            <option key={s.id} value={s.id}>
              {s.kind}: {s.name}
            </option>
          ))}
        </select>
      </Field>
      <label className="check">
        <input
          type="checkbox"
          checked={!!filter.notInSlice}
          disabled={!filter.slice}
          onChange={(e) => set({ notInSlice: e.target.checked })}
        />{' '}
        not in slice
      </label>
      {filter.alsoIn && (
        <span className="chip" title="A discovered slice: examples in all of these">
          in{' '}
          {filter.alsoIn
            .map((id) => report.data?.slices.find((s) => s.id === id)?.name ?? id)
            .join(' and ')}
          <button
            type="button"
            className="icon"
            aria-label="Remove the discovered slice from the filter"
            onClick={() => set({ alsoIn: undefined })}
          >
            ×
          </button>
        </span>
      )}
      {filter.compare && (
        <Field label={`Against run A: ${filter.compare.run}`}>
          <span className="range">
            <select
              aria-label="Compared with run A"
              value={filter.compare.only}
              onChange={(e) =>
                set({
                  compare: {
                    run: filter.compare?.run ?? '',
                    only: e.target.value as 'a-right-b-wrong' | 'a-wrong-b-right',
                  },
                })
              }
            >
              <option value="a-right-b-wrong">A right, B wrong</option>
              <option value="a-wrong-b-right">A wrong, B right</option>
            </select>
            <button
              type="button"
              className="icon"
              aria-label="Stop comparing with run A"
              onClick={() => set({ compare: undefined })}
            >
              ×
            </button>
          </span>
        </Field>
      )}
      <label className="check">
        <input
          type="checkbox"
          checked={!!filter.untagged}
          onChange={(e) => set({ untagged: e.target.checked })}
        />{' '}
        untagged
      </label>
      <Field label="Confidence">
        <span className="range">
          <CommitInput
            label="Minimum confidence"
            placeholder="min"
            value={filter.minConfidence?.toString()}
            onCommit={(v) => set({ minConfidence: numberOrUndefined(v) })}
          />
          –
          <CommitInput
            label="Maximum confidence"
            placeholder="max"
            value={filter.maxConfidence?.toString()}
            onCommit={(v) => set({ maxConfidence: numberOrUndefined(v) })}
          />
        </span>
      </Field>
      <Field label="Rule">
        <CommitInput
          label="Rule expression"
          placeholder='e.g. confidence < 0.6 and device = "phone"'
          value={filter.rule}
          onCommit={(rule) => set({ rule })}
        />
      </Field>
      {filter.rule && (
        <button
          type="button"
          onClick={() => setSaving(true)}
          title="Name this rule: it becomes a slice with its figures on the dashboard"
        >
          Save as slice…
        </button>
      )}
      {saving && filter.rule && (
        <SaveRuleDialog
          expression={filter.rule}
          onSaved={(text) => {
            setSaving(false);
            say(text);
          }}
          onClose={() => setSaving(false)}
        />
      )}
      <Field label="Search (/)">
        <SearchInput
          id="example-search"
          label="Search the input and id"
          placeholder="type to search input and id"
          value={filter.text}
          onCommit={commitText}
        />
      </Field>
      <button
        type="button"
        onClick={() => setFilter({})}
        disabled={Object.keys(filter).length === 0}
      >
        Clear filters
      </button>
    </div>
  );
}
