import {
  createColumnHelper,
  getCoreRowModel,
  useReactTable,
  type VisibilityState,
} from '@tanstack/react-table';
import { memo, useMemo, useRef } from 'react';
import { ColumnsMenu } from '../../components/ColumnsMenu.tsx';
import { SliceRowsTable } from '../../components/SliceRowsTable.tsx';
import { usePersistentState } from '../../stores/persistent-state.ts';
import type { SliceFigures } from '../../../../shared/report.ts';
import { EditableNumber } from './EditableNumber.tsx';
import { HlpEditor, parsePct, type EnteredHlp } from './HlpEditor.tsx';
import { IntervalBar } from './IntervalBar.tsx';
import { SliceGroupRows } from './SliceGroupRows.tsx';
import { DEFAULT_GROUP_PREFS, tableRows, type GroupPrefs } from './slice-groups.ts';
import { ci, pct } from './format.ts';

export interface SliceEdits {
  /** An entered HLP, or null: back to the HLP from the human labels. */
  setHlp(slice: SliceFigures, hlp: EnteredHlp | null): void;
  /** An expected production share, or null: back to the measured n / N. */
  setShare(slice: SliceFigures, share: number | null): void;
  setWeight(slice: SliceFigures, field: 'ease' | 'importance', value: number): void;
  /** Opens the errors browser on the slice's examples. */
  openSlice(slice: SliceFigures): void;
  /** Asks to delete a rule slice. */
  deleteRule(slice: SliceFigures): void;
}

const col = createColumnHelper<SliceFigures>();

const parseWeight = (t: string) => {
  const v = Number(t.trim());
  return Number.isFinite(v) && v >= 0 && t.trim() !== '' ? v : null;
};

/** Ng's ease or importance: a number edited in place. */
function weightColumn(field: 'ease' | 'importance', header: string, edits: SliceEdits) {
  return col.accessor(field, {
    header,
    cell: (c) => (
      <EditableNumber
        value={c.getValue()}
        display={String(c.getValue())}
        label={`${field} of ${c.row.original.name}`}
        parse={parseWeight}
        onSave={(v) => edits.setWeight(c.row.original, field, v)}
      />
    ),
  });
}

/** Column names for the Columns menu. */
const HEADERS: Record<string, string> = {
  n: 'n',
  share: 'Share',
  accuracy: 'Accuracy',
  hlp: 'HLP',
  gap: 'Gap',
  potential_gain: 'Potential gain',
  ease: 'Ease',
  importance: 'Importance',
  priority: 'Priority',
  error_coverage: 'Of errors (error coverage)',
  error_rate: 'Error rate',
};

function columns(edits: SliceEdits) {
  return [
    col.accessor('name', {
      header: 'Slice',
      enableHiding: false,
      cell: (c) => (
        <span className="slice-name">
          {c.row.original.kind === 'overall' ? (
            c.getValue()
          ) : (
            <button
              type="button"
              className="link"
              title="Show this slice's examples"
              onClick={() => edits.openSlice(c.row.original)}
            >
              {c.getValue()}
            </button>
          )}
          <span className={`kind kind-${c.row.original.kind}`}>{c.row.original.kind}</span>
          {c.row.original.kind === 'rule' && (
            <button
              type="button"
              className="icon"
              aria-label={`Delete the rule ${c.getValue()}`}
              title="Delete this rule slice"
              onClick={() => edits.deleteRule(c.row.original)}
            >
              ×
            </button>
          )}
        </span>
      ),
    }),
    col.accessor('n', { header: 'n', cell: (c) => c.getValue().toLocaleString('en-US') }),
    col.accessor('share', {
      header: 'Share',
      cell: (c) => {
        const s = c.row.original;
        if (s.kind === 'overall') return pct(c.getValue());
        const display = `${pct(c.getValue())}${s.share_entered ? '*' : ''}`;
        return (
          <EditableNumber
            value={c.getValue()}
            display={display}
            label={`share of ${s.name}`}
            title={
              s.share_entered
                ? 'Entered: the expected share of production data. Empty the field for n / N.'
                : 'n / N of this data. Enter the expected share of production data instead.'
            }
            parse={parsePct}
            onSave={(v) => edits.setShare(s, v)}
            onClear={() => edits.setShare(s, null)}
          />
        );
      },
    }),
    col.accessor('accuracy', {
      header: 'Accuracy',
      cell: (c) => (
        <span title={`95% CI ${ci(c.row.original.accuracy_ci)}`}>
          {pct(c.getValue())} <IntervalBar value={c.getValue()} ci={c.row.original.accuracy_ci} />
        </span>
      ),
    }),
    col.accessor('hlp', {
      header: 'HLP',
      cell: (c) => (
        <HlpEditor slice={c.row.original} onSave={(h) => edits.setHlp(c.row.original, h)} />
      ),
    }),
    col.accessor('gap', {
      header: 'Gap',
      cell: (c) => (
        <span
          title={`95% CI ${ci(c.row.original.gap_ci)}`}
          className={(c.getValue() ?? 0) < 0 ? 'negative' : ''}
        >
          {pct(c.getValue())}
        </span>
      ),
    }),
    col.accessor('potential_gain', {
      header: 'Potential gain',
      cell: (c) => (
        <span title={`95% CI ${ci(c.row.original.potential_gain_ci, 2)}`}>
          {pct(c.getValue(), 2)}{' '}
          <IntervalBar value={c.getValue()} ci={c.row.original.potential_gain_ci} max={0.05} />
        </span>
      ),
    }),
    weightColumn('ease', 'Ease', edits),
    weightColumn('importance', 'Importance', edits),
    col.accessor('priority', { header: 'Priority', cell: (c) => pct(c.getValue(), 2) }),
    col.accessor('error_coverage', {
      header: 'Of errors',
      cell: (c) => (
        <span title="The slice's share of all the model's errors (error coverage)">
          {pct(c.getValue())}
        </span>
      ),
    }),
    col.accessor('error_rate', { header: 'Error rate', cell: (c) => pct(c.getValue()) }),
    col.display({
      id: 'note',
      header: '',
      enableHiding: false,
      cell: (c) =>
        c.row.original.too_small ? (
          <span className="note">too small</span>
        ) : (c.row.original.gap ?? 0) < 0 ? (
          <span className="note">model beats humans</span>
        ) : null,
    }),
  ];
}

/** The ranked slice table; the overall row is pinned on top. Re-renders only for new figures. */
export const SliceTable = memo(function SliceTable({
  overall,
  slices,
  edits,
}: {
  overall: SliceFigures;
  slices: SliceFigures[];
  edits: SliceEdits;
}) {
  // Stable column definitions and data: the table recomputes only when the report changes.
  const editsRef = useRef(edits);
  editsRef.current = edits;
  const cols = useMemo(
    () =>
      columns({
        setHlp: (s, v) => editsRef.current.setHlp(s, v),
        setWeight: (s, f, v) => editsRef.current.setWeight(s, f, v),
        openSlice: (s) => editsRef.current.openSlice(s),
        deleteRule: (s) => editsRef.current.deleteRule(s),
        setShare: (s, v) => editsRef.current.setShare(s, v),
      }),
    [],
  );
  const [groups, setGroups] = usePersistentState<GroupPrefs>(
    'headroom.dashboard.groups',
    DEFAULT_GROUP_PREFS,
  );
  const rows = useMemo(() => tableRows(slices, groups), [slices, groups]);
  const data = useMemo(() => [overall, ...rows.map((r) => r.slice)], [overall, rows]);
  const byId = useMemo(() => new Map(rows.map((r) => [r.slice.id, r])), [rows]);
  // Error rate is 1 - accuracy: hidden until asked for. The choice is the app's, not a project's.
  const [visibility, setVisibility] = usePersistentState<VisibilityState>(
    'headroom.dashboard.columns',
    { error_rate: false },
  );
  const table = useReactTable({
    data,
    columns: cols,
    state: { columnVisibility: visibility },
    onColumnVisibilityChange: setVisibility,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.id,
  });
  return (
    <div className="slice-table">
      <div className="columns-menu">
        <label
          className="group-toggle"
          title="Group the slices by their source (column, classes, tags, rules)"
        >
          <input
            type="checkbox"
            checked={groups.grouped}
            onChange={() => setGroups((g) => ({ ...g, grouped: !g.grouped }))}
          />{' '}
          Group by source
        </label>
        <ColumnsMenu table={table} headerOf={(id) => HEADERS[id] ?? id} />
      </div>
      <SliceRowsTable
        table={table}
        className="slices"
        rowClass={(s, i) => [
          i === 0 ? 'overall' : '',
          s.too_small ? 'muted' : '',
          byId.get(s.id)?.repeat ? 'repeat' : '',
        ]}
        around={(s, span) => {
          const row = byId.get(s.id);
          return row ? SliceGroupRows({ row, span, prefs: groups, setPrefs: setGroups }) : {};
        }}
      />
    </div>
  );
});
