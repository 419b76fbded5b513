import type { SliceFigures } from '../../../../shared/report.ts';

/** Slices of a group shown while it is collapsed (its top ones by priority). */
export const GROUP_TOP = 3;

/** The table's grouping preferences (kept like the other view preferences). */
export interface GroupPrefs {
  /** Group the ranked slices by source (off: one flat ranking). */
  grouped: boolean;
  /** Group key -> expanded. Keys hold column names: read with Object.hasOwn. */
  open: Record<string, boolean>;
  /** Slice id -> its repeats shown. */
  repeats: Record<string, boolean>;
}

export const DEFAULT_GROUP_PREFS: GroupPrefs = { grouped: true, open: {}, repeats: {} };

/** The source a slice comes from: its metadata column, or classes, tags, rules. */
export function groupOf(s: SliceFigures): { key: string; label: string; binOf?: string } {
  if (s.kind === 'metadata') {
    const rest = s.id.slice('meta:'.length);
    const bin = /^(.*):bin\d+$/.exec(rest);
    const column = bin ? (bin[1] as string) : rest.slice(0, Math.max(0, rest.indexOf('=')));
    const group = { key: `column:${column}`, label: `column ${column}` };
    return bin ? { ...group, binOf: column } : group;
  }
  if (s.kind === 'class') return { key: 'classes', label: 'classes' };
  if (s.kind === 'tag') return { key: 'tags', label: 'tags' };
  return { key: 'rules', label: 'rules' };
}

const has = (r: Record<string, boolean>, k: string) => Object.hasOwn(r, k) && r[k] === true;

/** A row of the table, and what to draw around it. */
export interface TableRow {
  slice: SliceFigures;
  /** Draw the group's head before this row. */
  head?: {
    key: string;
    label: string;
    size: number;
    open: boolean;
    /** A binned numeric column: its name, and its bin with the largest gap (null: no gap known). */
    binned?: { column: string; worst: SliceFigures | null };
  };
  /** Draw a "N more" toggle after this row (the group's last row shown). */
  more?: { key: string; hidden: number; open: boolean };
  /** The slices that repeat this one, and whether they are shown. */
  repeats?: { count: number; open: boolean };
  /** This row repeats the slice above it. */
  repeat?: boolean;
}

/**
 * The dashboard's rows from the report's slices (ranked, each repeat after the slice it repeats):
 * grouped by source (groups ordered by their best slice), a collapsed group showing its top
 * GROUP_TOP slices; repeats hidden under their slice unless opened.
 */
export function tableRows(slices: SliceFigures[], prefs: GroupPrefs): TableRow[] {
  const repeatsOf = new Map<string, SliceFigures[]>();
  for (const s of slices) {
    if (s.redundant_with === undefined) continue;
    repeatsOf.set(s.redundant_with, [...(repeatsOf.get(s.redundant_with) ?? []), s]);
  }
  const withRepeats = (s: SliceFigures): TableRow[] => {
    const reps = repeatsOf.get(s.id) ?? [];
    if (reps.length === 0) return [{ slice: s }];
    const open = has(prefs.repeats, s.id);
    return [
      { slice: s, repeats: { count: reps.length, open } },
      ...(open ? reps.map((r) => ({ slice: r, repeat: true })) : []),
    ];
  };
  const ranked = slices.filter((s) => s.redundant_with === undefined);
  if (!prefs.grouped) return ranked.flatMap(withRepeats);
  const groups = new Map<string, { label: string; binOf?: string; slices: SliceFigures[] }>();
  for (const s of ranked) {
    const g = groupOf(s);
    const hit = groups.get(g.key);
    if (hit) hit.slices.push(s);
    else groups.set(g.key, { ...g, slices: [s] });
  }
  const out: TableRow[] = [];
  for (const [key, g] of groups) {
    const open = has(prefs.open, key);
    const shown = open ? g.slices : g.slices.slice(0, GROUP_TOP);
    const rows = shown.flatMap(withRepeats);
    const first = rows[0] as TableRow;
    const head: NonNullable<TableRow['head']> = {
      key,
      label: g.label,
      size: g.slices.length,
      open,
    };
    if (g.binOf !== undefined) head.binned = { column: g.binOf, worst: worstGap(g.slices) };
    rows[0] = { ...first, head };
    if (g.slices.length > GROUP_TOP) {
      const last = rows[rows.length - 1] as TableRow;
      rows[rows.length - 1] = {
        ...last,
        more: { key, hidden: g.slices.length - GROUP_TOP, open },
      };
    }
    out.push(...rows);
  }
  return out;
}

/** The slice with the largest gap (null when no slice has one). */
function worstGap(slices: SliceFigures[]): SliceFigures | null {
  let worst: SliceFigures | null = null;
  for (const s of slices) {
    if (s.gap !== null && (worst === null || s.gap > (worst.gap as number))) worst = s;
  }
  return worst;
}
