import {
  createColumnHelper,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type VisibilityState,
} from '@tanstack/react-table';
import { memo, useMemo, useRef } from 'react';
import { ColumnsMenu } from '../../components/ColumnsMenu.tsx';
import { SliceRowsTable } from '../../components/SliceRowsTable.tsx';
import { shortcutHint } from '../../keyboard/shortcuts.ts';
import { usePersistentState } from '../../stores/persistent-state.ts';
import type { SliceFigures } from '../../../../shared/report.ts';
import { DecisionBadge } from '../decisions/DecisionBadge.tsx';
import { EditableNumber } from './EditableNumber.tsx';
import { HlpEditor, parsePct, type EnteredHlp } from './HlpEditor.tsx';
import { IntervalBar } from './IntervalBar.tsx';
import { PlanHint } from './PlanHint.tsx';
import { SliceGroupRows } from './SliceGroupRows.tsx';
import { DEFAULT_GROUP_PREFS, tableRows, type GroupPrefs } from './slice-groups.ts';
import { ci, pct } from './format.ts';
import { baselineName } from '../../../../shared/figure-names.ts';

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
  /** Opens the requirement editor (analysis.md 8.4) on the slice. */
  editRequirement(slice: SliceFigures): void;
  /** Opens the target editor (8.2) on the slice. */
  editTarget(slice: SliceFigures): void;
  /** Opens the Decide dialog on the slice (issue #17). */
  decide(slice: SliceFigures): void;
}

/** What the table shows of the report's baselines: their sources and the reference's name. */
export interface BaselineView {
  /** Baseline sources other than hlp found in the report (majority, target, run:NAME). */
  sources: string[];
  /** The reference's name ("humans", "best", "run old"); null: the HLP column is the reference. */
  reference: string | null;
  /** The metric's heading (shared/figure-names.ts metricTitle: "Accuracy", "Recall of cat"). */
  metric: string;
}

const STATUS_TEXT = { ok: 'ok', at_risk: 'at risk', fails: 'fails' } as const;

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
  hlp: 'HLP',
  gap: 'Gap',
  potential_gain: 'Potential gain',
  ease: 'Ease',
  importance: 'Importance',
  priority: 'Priority',
  error_coverage: 'Of errors (error coverage)',
  error_rate: 'Error rate',
  reference_value: 'Reference',
  requirement_status: 'Requirement',
};

function headerOf(id: string, view: BaselineView): string {
  if (id.startsWith('baseline:')) return `Baseline: ${baselineName(id.slice(9))}`;
  if (id === 'accuracy') return view.metric;
  return HEADERS[id] ?? id;
}

/** A baseline's value with its interval, sample size and source in the tooltip. */
function baselineCell(s: SliceFigures, source: string) {
  const b = s.baselines?.find((x) => x.source === source);
  if (!b) return <span className="muted">–</span>;
  const n = b.n !== null ? `, n = ${b.n.toLocaleString('en-US')}` : '';
  const why = b.ci ? `95% CI ${ci(b.ci)}` : 'no interval (no sample size)';
  return (
    <span title={`${baselineName(source)}${b.detail ? ` (${b.detail})` : ''}: ${why}${n}`}>
      {pct(b.value)}
    </span>
  );
}

function baselineColumns(view: BaselineView, edits: SliceEdits) {
  const cols = [];
  if (view.reference !== null) {
    const name = view.reference;
    cols.push(
      col.accessor((s) => s.reference_value ?? null, {
        id: 'reference_value',
        header: `Reference: ${name}`,
        cell: (c) => {
          const s = c.row.original;
          if (s.reference_value === null || s.reference_value === undefined) {
            return <span className="muted">no reference</span>;
          }
          // Under `best` a slice names the baseline it used when it is not the humans' level.
          const used = s.reference_source ? baselineName(s.reference_source) : name;
          return (
            <span title={`Measured against ${used}`}>
              {pct(s.reference_value)}
              {used !== name && used !== 'humans' && <span className="source"> {used}</span>}
            </span>
          );
        },
      }),
    );
  }
  for (const source of view.sources) {
    cols.push(
      col.display({
        id: `baseline:${source}`,
        header: baselineName(source),
        cell: (c) =>
          source === 'target' ? (
            <button
              type="button"
              className="link"
              title="Enter a target for this slice or for all slices"
              aria-label={`target of ${c.row.original.name}`}
              onClick={() => edits.editTarget(c.row.original)}
            >
              {c.row.original.baselines?.some((b) => b.source === 'target')
                ? baselineCell(c.row.original, source)
                : 'set…'}
            </button>
          ) : (
            baselineCell(c.row.original, source)
          ),
      }),
    );
  }
  return cols;
}

function columns(edits: SliceEdits, view: BaselineView) {
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
          {c.row.original.kind !== 'overall' && (
            <>
              <DecisionBadge slice={c.getValue()} />
              <button
                type="button"
                className="icon decide"
                aria-label={`Decide on ${c.getValue()}`}
                title={shortcutHint('decide', 'Decide on this slice: owner, why, expected gain')}
                onClick={() => edits.decide(c.row.original)}
              >
                ◇
              </button>
            </>
          )}
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
      header: view.metric,
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
    ...baselineColumns(view, edits),
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
    col.accessor((s) => s.requirement_status ?? null, {
      id: 'requirement_status',
      header: 'Requirement',
      cell: (c) => {
        const s = c.row.original;
        const status = s.requirement_status ?? null;
        return (
          <span className="requirement">
            {status && (
              <span className={`status status-${status}`} title={`${s.requirement ?? ''}`}>
                {STATUS_TEXT[status]}
              </span>
            )}
            <button
              type="button"
              className="icon"
              aria-label={`requirement of ${s.name}`}
              title={
                s.requirement
                  ? `Requirement ${s.requirement}: change or remove`
                  : 'Set a requirement'
              }
              onClick={() => edits.editRequirement(s)}
            >
              {s.requirement ? '✎' : '+'}
            </button>
          </span>
        );
      },
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
          <details className="note plan">
            <summary title="How many more examples this slice needs">too small</summary>
            <div className="plan-popover">
              <PlanHint slice={c.row.original} figure="accuracy" halfWidth={0.05} />
              {c.row.original.gap !== null && (
                <PlanHint slice={c.row.original} figure="gap_vs_zero" />
              )}
            </div>
          </details>
        ) : (c.row.original.gap ?? 0) < 0 ? (
          <span className="note">
            {view.reference === null ? 'model beats humans' : 'model beats reference'}
          </span>
        ) : null,
    }),
  ];
}

/** The ranked slice table; the overall row is pinned on top. Re-renders only for new figures. */
export const SliceTable = memo(function SliceTable({
  overall,
  slices,
  edits,
  baselines,
  extra,
}: {
  overall: SliceFigures;
  slices: SliceFigures[];
  edits: SliceEdits;
  baselines: BaselineView;
  /** Columns shown after accuracy (the threshold's precision, recall and AP). */
  extra?: ColumnDef<SliceFigures, unknown>[];
}) {
  // Stable column definitions and data: the table recomputes only when the report changes.
  const editsRef = useRef(edits);
  editsRef.current = edits;
  const base = useMemo(
    () =>
      columns(
        {
          setHlp: (s, v) => editsRef.current.setHlp(s, v),
          setWeight: (s, f, v) => editsRef.current.setWeight(s, f, v),
          openSlice: (s) => editsRef.current.openSlice(s),
          deleteRule: (s) => editsRef.current.deleteRule(s),
          setShare: (s, v) => editsRef.current.setShare(s, v),
          editRequirement: (s) => editsRef.current.editRequirement(s),
          editTarget: (s) => editsRef.current.editTarget(s),
          decide: (s) => editsRef.current.decide(s),
        },
        baselines,
      ),
    // The columns change with the baseline sources, the reference and the metric, not with
    // every report.
    [baselines.sources.join('\n'), baselines.reference, baselines.metric],
  );
  const cols = useMemo(() => {
    if (!extra?.length) return base;
    const at = base.findIndex((c) => 'accessorKey' in c && c.accessorKey === 'accuracy') + 1;
    return [...base.slice(0, at), ...extra, ...base.slice(at)] as typeof base;
  }, [base, extra]);
  const [groups, setGroups] = usePersistentState<GroupPrefs>(
    'headroom.dashboard.groups',
    DEFAULT_GROUP_PREFS,
  );
  const rows = useMemo(() => tableRows(slices, groups), [slices, groups]);
  const data = useMemo(() => [overall, ...rows.map((r) => r.slice)], [overall, rows]);
  const byId = useMemo(() => new Map(rows.map((r) => [r.slice.id, r])), [rows]);
  // Error rate is 1 - accuracy, and the majority class's accuracy is the no-skill floor (100% on
  // a class slice): hidden until asked for. The choice is the app's, not a project's.
  const [visibility, setVisibility] = usePersistentState<VisibilityState>(
    'headroom.dashboard.columns',
    { error_rate: false, 'baseline:majority': false },
  );
  // Ng's ease and importance show once a slice has a weight other than 1 (or when asked for
  // under Columns): until then they are all 1 and the priority equals the potential gain.
  const weighted = data.some((s) => s.ease !== 1 || s.importance !== 1);
  // The requirement status shows once a requirement exists (the summary line adds the first).
  const required = data.some((s) => s.requirement != null);
  const table = useReactTable({
    data,
    columns: cols,
    state: {
      columnVisibility: {
        ease: weighted,
        importance: weighted,
        requirement_status: required,
        ...visibility,
      },
    },
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
        <ColumnsMenu table={table} headerOf={(id) => headerOf(id, baselines)} />
      </div>
      <SliceRowsTable
        table={table}
        className="slices"
        rowClass={(s, i) => [
          i === 0 ? 'overall' : '',
          s.too_small ? 'muted' : '',
          s.requirement_status === 'fails' ? 'fails' : '',
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
