import type { ReactNode } from 'react';
import type { ExampleRow } from '../../../../shared/examples.ts';
import { pct } from '../dashboard/format.ts';
import { tagColor } from './tag-color.ts';

/** A column of the examples table: what it shows and how wide it starts. */
export interface ExampleColumn {
  id: string;
  header: string;
  size: number;
  /** The narrowest it is fitted to in a narrow window (default 60 px). */
  minSize?: number;
  render(row: ExampleRow, ctx: CellContext): ReactNode;
}

export interface CellContext {
  tagName(id: number): { name: string; color: string | null } | undefined;
}

/** A tag chip: its colour as the border and a light fill of it. */
export function chipStyle(color: string) {
  return { borderColor: color, background: `color-mix(in srgb, ${color} 18%, transparent)` };
}

/** Chips drawn in a row's tag cell; more show as "+N" (the cell is narrow, and rows are redrawn
 * on every scroll frame). */
const CHIPS_SHOWN = 3;

/**
 * A row's tag chips: always CHIPS_SHOWN chip elements and the "+N" one, those a row does not use
 * hidden. A row element handed to another example on a scroll (row-slots.ts) keeps its elements and
 * rewrites their text and colour: keyed by tag, or as many as the row has, a row's chips would be
 * removed and built again on every scroll frame.
 */
export function tagChips(row: ExampleRow, ctx: CellContext): ReactNode {
  const chips = Array.from({ length: CHIPS_SHOWN }, (_, k) => {
    const id = row.tags[k];
    // A space, not nothing: the chip keeps its text node for the next row's tag.
    if (id === undefined)
      return (
        <span key={k} className="chip" hidden>
          {' '}
        </span>
      );
    const t = ctx.tagName(id);
    return (
      <span
        key={k}
        className="chip"
        style={t ? chipStyle(tagColor({ id, color: t.color })) : undefined}
      >
        {t?.name ?? `#${id}`}
      </span>
    );
  });
  const more = row.tags.length - CHIPS_SHOWN;
  return (
    <span className="tag-list">
      {chips}
      <span
        className="more"
        hidden={more <= 0}
        title={
          more > 0 ? row.tags.map((id) => ctx.tagName(id)?.name ?? `#${id}`).join(', ') : undefined
        }
      >
        {more > 0 ? `+${more}` : ' '}
      </span>
    </span>
  );
}

export const BASE_COLUMNS: ExampleColumn[] = [
  { id: 'id', header: 'id', size: 90, minSize: 50, render: (r) => r.id },
  { id: 'input', header: 'Input', size: 260, minSize: 80, render: (r) => r.input ?? '' },
  {
    id: 'label',
    header: 'Label',
    size: 110,
    minSize: 56,
    render: (r) =>
      r.originalLabel === null ? (
        r.label
      ) : (
        <span title={`corrected from "${r.originalLabel}"`}>{r.label} ✎</span>
      ),
  },
  {
    id: 'prediction',
    header: 'Prediction',
    size: 110,
    minSize: 56,
    render: (r) => r.prediction ?? '—',
  },
  {
    id: 'confidence',
    header: 'Confidence',
    size: 90,
    minSize: 64, // "100.0%" whole
    render: (r) => (r.confidence === null ? '—' : pct(r.confidence)),
  },
  {
    id: 'correct',
    header: 'Correct',
    size: 70,
    minSize: 44,
    render: (r) =>
      r.correct === null
        ? '—'
        : r.correct === 1
          ? '✓'
          : r.correct === 0
            ? '✗'
            : r.correct.toFixed(2),
  },
  { id: 'tags', header: 'Tags', size: 180, minSize: 70, render: tagChips },
];

/** Run A's prediction beside B's (the view's run), when the filter compares with run A. */
export function comparedColumn(run: string): ExampleColumn {
  return {
    id: 'compared',
    header: `A prediction`,
    size: 110,
    render: (r) =>
      r.compared ? (
        <span title={`run A (${run}) predicted ${r.compared.prediction ?? 'nothing'}`}>
          {r.compared.prediction ?? '—'}{' '}
          {r.compared.correct === 1 ? '✓' : r.compared.correct === 0 ? '✗' : ''}
        </span>
      ) : (
        '—'
      ),
  };
}

export function metaColumn(name: string): ExampleColumn {
  return {
    id: `meta:${name}`,
    header: name,
    size: 110,
    render: (r) => {
      const v = r.meta[name];
      return v === null || v === undefined ? '' : String(v);
    },
  };
}

/** Whether the engine can sort by this column (its id is then the sort key). */
export function sortable(id: string): boolean {
  return id !== 'input' && id !== 'tags' && id !== 'correct' && id !== 'compared';
}
