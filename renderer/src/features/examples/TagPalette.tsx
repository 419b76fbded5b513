import { useEffect, useRef, useState } from 'react';
import type { ExampleRow } from '../../../../shared/examples.ts';
import { tagColor } from './tag-color.ts';
import type { Tags } from './use-tags.ts';

/**
 * The tags of the current example as toggles, with number keys 1-9 (handled by the screen), and
 * an inline "new tag" field opened with N.
 */
export function TagPalette(props: {
  tags: Tags;
  row: ExampleRow | undefined;
  creating: boolean;
  setCreating(v: boolean): void;
  onToggle(tag: { id: number; name: string }): void;
  onCreate(name: string): void;
}) {
  const { row, tags } = props;
  const [name, setName] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (props.creating) input.current?.focus();
  }, [props.creating]);
  return (
    <div className="tag-palette" aria-label="Tag palette">
      {tags.palette.length === 0 && (
        <p className="hint" role="note">
          No tags yet. Press <kbd>N</kbd> to create one: it gets key <kbd>1</kbd>, the next{' '}
          <kbd>2</kbd>, and so on.
        </p>
      )}
      {tags.palette.map((t, k) => {
        const has = row?.tags.includes(t.id) ?? false;
        return (
          <button
            key={t.id}
            type="button"
            className={`tag-toggle${has ? ' on' : ''}`}
            aria-pressed={has}
            disabled={!row}
            style={{ borderColor: tagColor(t) }}
            title={`${has ? 'Remove' : 'Add'} "${t.name}"${k < 9 ? ` (key ${k + 1})` : ''}${t.description ? ` — ${t.description}` : ''}`}
            onClick={() => props.onToggle(t)}
          >
            {k < 9 && <kbd>{k + 1}</kbd>} {t.name} <span className="n">{t.n}</span>
          </button>
        );
      })}
      {props.creating ? (
        <form
          className="new-tag"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) props.onCreate(name.trim());
            setName('');
            props.setCreating(false);
          }}
        >
          <input
            ref={input}
            aria-label="New tag name"
            placeholder="new tag, Enter to add"
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setName('');
                props.setCreating(false);
              }
            }}
          />
        </form>
      ) : (
        <button
          type="button"
          disabled={!row}
          title="Create a tag and add it to this example (key N)"
          onClick={() => props.setCreating(true)}
        >
          + New tag <kbd>N</kbd>
        </button>
      )}
    </div>
  );
}
