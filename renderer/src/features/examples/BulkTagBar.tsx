import { useState } from 'react';
import type { Tags } from './use-tags.ts';

/** Tag (or untag) the selection or everything the filter matches, after saying how many. */
export function BulkTagBar(props: {
  tags: Tags;
  scope: 'selected' | 'all';
  count: number;
  onApply(tag: string, remove: boolean): void;
  onCancel(): void;
}) {
  const [name, setName] = useState('');
  const n = props.count.toLocaleString('en-US');
  const what = props.scope === 'selected' ? `the ${n} selected` : `all ${n} matching`;
  const ok = name.trim().length > 0 && props.count > 0;
  return (
    <form
      className="bulk-bar"
      aria-label="Bulk tagging"
      onSubmit={(e) => {
        e.preventDefault();
        if (ok) props.onApply(name.trim(), false);
      }}
      onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}
    >
      <span>Tag {what} examples as</span>
      <input
        autoFocus
        aria-label="Tag for the bulk step"
        list="bulk-tag-names"
        value={name}
        maxLength={200}
        onChange={(e) => setName(e.target.value)}
      />
      <datalist id="bulk-tag-names">
        {props.tags.palette.map((t) => (
          <option key={t.id} value={t.name} />
        ))}
      </datalist>
      <button type="submit" disabled={!ok}>
        Add to {n}
      </button>
      <button
        type="button"
        disabled={!ok || !props.tags.palette.some((t) => t.name === name.trim())}
        onClick={() => props.onApply(name.trim(), true)}
      >
        Remove from {n}
      </button>
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </form>
  );
}
