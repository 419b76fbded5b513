import type { ReactNode } from 'react';
import { BinCountControl } from './BinCountControl.tsx';
import { pct } from './format.ts';
import type { GroupPrefs, TableRow } from './slice-groups.ts';

type SetPrefs = (f: (p: GroupPrefs) => GroupPrefs) => void;

/** Flips one key of a preference record (a fresh object: keys are user text, never looked up raw). */
function flip(r: Record<string, boolean>, key: string): Record<string, boolean> {
  const on = Object.hasOwn(r, key) && r[key] === true;
  return { ...r, [key]: !on };
}

/**
 * The rows drawn around one slice row of the dashboard table: its group's head (a collapse
 * toggle), the group's "N more" toggle, and the toggle of the slices that repeat it.
 */
export function SliceGroupRows({
  row,
  span,
  prefs,
  setPrefs,
}: {
  row: TableRow;
  span: number;
  prefs: GroupPrefs;
  setPrefs: SetPrefs;
}): { before?: ReactNode; after?: ReactNode } {
  const toggleGroup = (key: string) => setPrefs((p) => ({ ...p, open: flip(p.open, key) }));
  const out: { before?: ReactNode; after?: ReactNode } = {};
  const { head, more, repeats } = row;
  if (head) {
    out.before = (
      <tr className="group-head" data-group={head.key}>
        <td colSpan={span}>
          <button
            type="button"
            className="link"
            aria-expanded={head.open}
            onClick={() => toggleGroup(head.key)}
            title={
              head.open
                ? 'Show only the top slices of this group'
                : 'Show every slice of this group'
            }
          >
            {head.open ? '▾' : '▸'} {head.label}
          </button>{' '}
          <span className="group-size">
            {head.size} {head.size === 1 ? 'slice' : 'slices'}
          </span>
          {head.binned && (
            <>
              {' '}
              <BinCountControl column={head.binned.column} />
              {!head.open && (
                <span className="bin-summary">
                  {' '}
                  as bins: {head.size} {head.size === 1 ? 'bin' : 'bins'}
                  {head.binned.worst &&
                    `, worst gap ${pct(head.binned.worst.gap)} in ${head.binned.worst.name}`}
                </span>
              )}
            </>
          )}
        </td>
      </tr>
    );
  }
  const after: ReactNode[] = [];
  if (repeats) {
    after.push(
      <tr key="repeats" className="repeat-toggle">
        <td colSpan={span}>
          <button
            type="button"
            className="link"
            aria-expanded={repeats.open}
            onClick={() => setPrefs((p) => ({ ...p, repeats: flip(p.repeats, row.slice.id) }))}
            title="Slices with the same examples as this one to 99% or more (Jaccard): not ranked"
          >
            {repeats.open ? 'Hide' : 'Show'} {repeats.count}{' '}
            {repeats.count === 1 ? 'slice that repeats' : 'slices that repeat'} {row.slice.name}
          </button>
        </td>
      </tr>,
    );
  }
  if (more && prefs.grouped) {
    after.push(
      <tr key="more" className="group-more" data-group={more.key}>
        <td colSpan={span}>
          <button
            type="button"
            className="link"
            aria-expanded={more.open}
            onClick={() => toggleGroup(more.key)}
          >
            {more.open ? 'Show the top slices only' : `${more.hidden} more`}
          </button>
        </td>
      </tr>,
    );
  }
  if (after.length > 0) out.after = after;
  return out;
}
