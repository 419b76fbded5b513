import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { formatCount } from '../../../../shared/format.ts';
import type { ExampleRow } from '../../../../shared/examples.ts';
import { useApi } from '../../api/context.tsx';
import { LabelsPicker, RunPicker } from '../../components/ViewPickers.tsx';
import { useRunView } from '../../stores/view.ts';
import { useReport } from '../dashboard/use-report.ts';
import { dialogOpen, isTyping } from '../../keyboard/shortcuts.ts';
import { useCommand } from '../../keyboard/use-command.ts';
import { useUi } from '../../stores/ui.ts';
import { BulkTagBar } from './BulkTagBar.tsx';
import { ConfusionMatrix } from './ConfusionMatrix.tsx';
import { DetailPane } from './DetailPane.tsx';
import { ExamplesGrid } from './ExamplesGrid.tsx';
import { ExamplesTable } from './ExamplesTable.tsx';
import { FilterBar } from './FilterBar.tsx';
import { TagManager } from './TagManager.tsx';
import { useTags } from './use-tags.ts';

type TableApi = {
  rowAt(i: number): ExampleRow | undefined;
  total: number;
  scrollTo(i: number): void;
  /** Examples a line shows: 1 in the table, the cells of a row in the grid. */
  lanes: number;
};

/**
 * The errors browser: filters, the virtualized examples table (or the confusion matrix), and the
 * current example with its tag palette. Keyboard first: J/K and ↑/↓ move (in the grid ↑/↓ by a row
 * of cells, ←/→ and H/L by a cell; shortcuts.ts), 1-9 toggle tags, N new tag, X select,
 * Ctrl+Z / Ctrl+Shift+Z undo and redo. Keys typed into a filter box stay there (isTyping).
 */
export function ExamplesScreen() {
  const { labels, filter, sort, setSort, setScreen, setProject } = useUi();
  const tags = useTags();
  const [index, setIndex] = useState(-1);
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulk, setBulk] = useState<'selected' | 'all' | null>(null);
  const [view, setView] = useState<'table' | 'grid' | 'matrix'>('table');
  const [managing, setManaging] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const table = useRef<TableApi | null>(null);
  // The current row, the detail pane and the bulk count are read from the table's rows: when they
  // change (a page arrives, the total of a new filter), this screen draws again. A key that moves
  // onto a row whose page is not the table's yet (scrolled away) then shows it once it is.
  const [, setRowsSeen] = useState<TableApi['rowAt'] | null>(null);
  const bind = useCallback((t: TableApi) => {
    const before = table.current;
    table.current = t;
    if (before?.rowAt !== t.rowAt || before.total !== t.total || before.lanes !== t.lanes)
      setRowsSeen(() => t.rowAt);
  }, []);
  // The class list of the filters: the report's class slices (the dashboard has it cached).
  const report = useReport();
  const { args, run } = useRunView();
  const classes = (report.data?.slices ?? [])
    .filter((s) => s.kind === 'class')
    .map((s) => s.id.slice('class:'.length))
    .sort();

  // A new filter or sort is a new list: start at its top, with nothing selected.
  const viewKey = JSON.stringify([filter, sort, labels]);
  useEffect(() => {
    setIndex(-1);
    setSelected(new Set());
  }, [viewKey]);

  const row = index >= 0 ? table.current?.rowAt(index) : undefined;
  const move = (delta: number) => {
    const t = table.current;
    if (!t || t.total === 0) return;
    const next = Math.max(0, Math.min(t.total - 1, index < 0 ? 0 : index + delta));
    setIndex(next);
    t.scrollTo(next);
  };
  /** One line down or up: the next or previous example, or in the grid the cell below or above. */
  const moveLine = (dir: 1 | -1) => {
    const t = table.current;
    if (!t) return;
    // Not from the last line down or the first up; into a short last row, its last cell.
    const to = index + dir * t.lanes;
    const lastLine = Math.floor((t.total - 1) / t.lanes);
    if (index >= 0 && (to < 0 || Math.floor(to / t.lanes) > lastLine)) return;
    move(dir * t.lanes);
  };
  const say = (text: string) => {
    setNotice(text);
    setTimeout(() => setNotice((n) => (n === text ? null : n)), 4000);
  };
  // Tag keys and palette clicks act on the engine's current state of the example, one after the
  // other: the row drawn in the table may be a page fetched before the last edit, so a quick
  // second press must not read "untagged" from it and tag again (issue #20.1).
  const api = useApi();
  const tagQueue = useRef<Promise<void>>(Promise.resolve());
  const toggleTag = (tag: { id: number; name: string }) => {
    if (!row) return;
    const id = row.id;
    tagQueue.current = tagQueue.current.then(async () => {
      try {
        const fresh = await api.call('examples.get', { id, ...args });
        const input = { tag: tag.name, ids: [id], ...args };
        if (fresh.row.tags.includes(tag.id)) {
          await tags.remove.mutateAsync(input);
          say(`Removed "${tag.name}" from ${id}`);
        } else {
          await tags.apply.mutateAsync(input);
          say(`Tagged ${id} as "${tag.name}"`);
        }
      } catch (err) {
        say((err as Error).message);
      }
    });
  };
  const createTag = (name: string) => {
    if (!row) return;
    const id = row.id;
    tagQueue.current = tagQueue.current.then(async () => {
      try {
        await tags.apply.mutateAsync({ tag: name, ids: [id], ...args });
        say(`Tagged ${id} as "${name}"`);
      } catch (err) {
        say((err as Error).message);
      }
    });
  };
  const undo = () =>
    tags.undo.mutate(undefined, {
      onSuccess: (r) => say(r.undone ? `Undone: ${r.undone}` : 'Nothing to undo'),
    });
  const redo = () =>
    tags.redo.mutate(undefined, {
      onSuccess: (r) => say(r.redone ? `Redone: ${r.redone}` : 'Nothing to redo'),
    });

  // Ctrl+Z / Ctrl+Y come as app commands (the menu, or useAppCommands in the browser mode).
  useCommand((c) => {
    if (c.command === 'edit.undo') undo();
    else if (c.command === 'edit.redo') redo();
  });
  const onKey = (e: KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod || e.altKey || isTyping(e.target) || managing || bulk) return;
    if (dialogOpen()) return;
    // In the grid ↑ / ↓ move a row of cells; ← / → (H / L) a cell, on to the next or previous
    // row at a row's ends (the list is in reading order). The table keeps ← / → for scrolling.
    const grid = view === 'grid';
    if (e.key === 'j') move(1);
    else if (e.key === 'k') move(-1);
    else if (e.key === 'ArrowDown') moveLine(1);
    else if (e.key === 'ArrowUp') moveLine(-1);
    else if (grid && (e.key === 'ArrowRight' || e.key === 'l')) move(1);
    else if (grid && (e.key === 'ArrowLeft' || e.key === 'h')) move(-1);
    else if (e.key >= '1' && e.key <= '9') {
      const t = tags.palette[Number(e.key) - 1];
      if (t && row) toggleTag(t);
      else if (!row) say('Select an example first (J / K, or a click)');
      else
        say(
          tags.palette.length === 0
            ? 'No tags yet: press N to create one (it gets key 1)'
            : `No tag on key ${e.key}: tags have keys 1-${Math.min(9, tags.palette.length)}; N creates one`,
        );
    } else if (e.key === 'n' && row) setCreating(true);
    else if (e.key === 'x' && row) toggleSelect(row.id);
    else if (e.key === '/') document.getElementById('example-search')?.focus();
    else if (e.key === 'c') setView((v) => (v === 'matrix' ? 'table' : 'matrix'));
    else if (e.key === 'g') setView((v) => (v === 'grid' ? 'table' : 'grid'));
    else if (e.key === 'Escape') setSelected(new Set());
    else return;
    e.preventDefault();
  };
  const keyRef = useRef(onKey);
  keyRef.current = onKey;
  useEffect(() => {
    const h = (e: KeyboardEvent) => keyRef.current(e);
    window.addEventListener('keydown', h);
    return () => window.removeEventListener('keydown', h);
  }, []);

  const palette = tags.palette;
  const paletteKey = JSON.stringify(palette);
  // Stable while the tags stay the same, so the grid's memoized rows do not all re-render.
  const cellContext = useMemo(
    () => ({ tagName: (id: number) => palette.find((t) => t.id === id) }),
    [paletteKey],
  );
  const toggleSelect = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const total = table.current?.total ?? 0;
  const bulkApply = (tag: string, remove: boolean) => {
    const target = bulk === 'selected' ? { ids: [...selected] } : { filter, ...args };
    const done = (n: number) => {
      say(
        `${remove ? 'Removed' : 'Added'} "${tag}" ${remove ? 'from' : 'to'} ${formatCount(n, 'example')} (Ctrl+Z undoes it)`,
      );
      setBulk(null);
    };
    if (remove) tags.remove.mutate({ tag, ...target }, { onSuccess: (r) => done(r.removed) });
    else tags.apply.mutate({ tag, ...target }, { onSuccess: (r) => done(r.added) });
  };

  return (
    <main className="examples-screen">
      <header className="bar">
        <h1>Examples</h1>
        <button type="button" onClick={() => setScreen('dashboard')} title="The headroom table">
          ← Dashboard
        </button>
        <RunPicker />
        <LabelsPicker />
        <span className="tabs" role="tablist">
          <button
            type="button"
            role="tab"
            aria-selected={view === 'table'}
            onClick={() => setView('table')}
          >
            Table
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={view === 'grid'}
            onClick={() => setView('grid')}
            title="Thumbnails of image inputs (G)"
          >
            Grid
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={view === 'matrix'}
            onClick={() => setView('matrix')}
            title="Confusion matrix (C)"
          >
            Confusion matrix
          </button>
        </span>
        <button
          type="button"
          onClick={undo}
          disabled={!tags.history.data?.undo}
          title={`Undo ${tags.history.data?.undo ?? ''} (Ctrl+Z)`}
        >
          Undo
        </button>
        <button
          type="button"
          onClick={redo}
          disabled={!tags.history.data?.redo}
          title={`Redo ${tags.history.data?.redo ?? ''} (Ctrl+Shift+Z)`}
        >
          Redo
        </button>
        <button
          type="button"
          onClick={() => setManaging(true)}
          title="Rename, merge, color, delete"
        >
          Manage tags
        </button>
        <button type="button" onClick={() => setScreen('review')}>
          Review labels
        </button>
        <button type="button" onClick={() => setProject(null)}>
          Close project
        </button>
      </header>
      <FilterBar classes={classes} say={say} />
      <div className="bulk-actions">
        <button
          type="button"
          disabled={selected.size === 0}
          onClick={() => setBulk('selected')}
          title="Tag the selected examples (X selects the current one)"
        >
          Tag {selected.size.toLocaleString('en-US')} selected…
        </button>
        <button
          type="button"
          disabled={total === 0}
          onClick={() => setBulk('all')}
          title="Tag every example the filter matches"
        >
          Tag all {total.toLocaleString('en-US')} matching…
        </button>
        {notice && (
          <span className="notice" role="status">
            {notice}
          </span>
        )}
        {tags.error && <span className="error">{tags.error.message}</span>}
      </div>
      {bulk && (
        <BulkTagBar
          tags={tags}
          scope={bulk}
          count={bulk === 'selected' ? selected.size : total}
          onApply={bulkApply}
          onCancel={() => setBulk(null)}
        />
      )}
      <div className="examples-body">
        {view === 'table' ? (
          <ExamplesTable
            view={{ filter, sort, labels, run }}
            cellContext={cellContext}
            currentIndex={index}
            onCurrent={(i) => setIndex(i)}
            selected={selected}
            onToggleSelect={toggleSelect}
            onSort={setSort}
            bind={bind}
          />
        ) : view === 'grid' ? (
          <ExamplesGrid
            view={{ filter, sort, labels, run }}
            cellContext={cellContext}
            currentIndex={index}
            onCurrent={(i) => setIndex(i)}
            selected={selected}
            onToggleSelect={toggleSelect}
            bind={bind}
          />
        ) : (
          <ConfusionMatrix onPick={() => setView('table')} />
        )}
        <DetailPane
          row={row}
          tags={tags}
          creating={creating}
          setCreating={setCreating}
          onToggle={toggleTag}
          onCreate={createTag}
        />
      </div>
      {managing && <TagManager tags={tags} onClose={() => setManaging(false)} />}
    </main>
  );
}
