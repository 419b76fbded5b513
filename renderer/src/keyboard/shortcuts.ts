/**
 * Every keyboard shortcut of the app, in one list: the "?" overlay shows it, tooltips quote it
 * (shortcutHint), and the native menu (electron/main/menu-template.ts) uses the same keys for its
 * commands. A screen's own key handler implements its entries.
 */
export type ShortcutScreen =
  | 'everywhere'
  | 'start'
  | 'import'
  | 'dashboard'
  | 'examples'
  | 'review'
  | 'compare'
  | 'discover'
  | 'decisions';

export interface Shortcut {
  id: string;
  keys: string;
  what: string;
  screen: ShortcutScreen;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'help', keys: '?', what: 'Show or hide this list of shortcuts', screen: 'everywhere' },
  { id: 'new', keys: 'Ctrl+N', what: 'New project from a file', screen: 'everywhere' },
  { id: 'open', keys: 'Ctrl+O', what: 'Open a project', screen: 'everywhere' },
  {
    id: 'import-into',
    keys: 'Ctrl+I',
    what: 'Import a file into the open project (a run, human labels, tags)',
    screen: 'everywhere',
  },
  {
    id: 'undo',
    keys: 'Ctrl+Z',
    what: "Undo the screen's last edit: HLP, ease or importance; a tag edit; a verdict",
    screen: 'everywhere',
  },
  { id: 'redo', keys: 'Ctrl+Y', what: 'Redo (also Ctrl+Shift+Z)', screen: 'everywhere' },
  { id: 'export', keys: 'Ctrl+E', what: 'Export the headroom table', screen: 'dashboard' },
  {
    id: 'dash-chart',
    keys: 'g',
    what: 'Potential gain chart or gap × share chart',
    screen: 'dashboard',
  },
  {
    id: 'decide',
    keys: 'd',
    what: 'Decide on the slice whose row has the focus (else the top slice)',
    screen: 'dashboard',
  },
  { id: 'recent-move', keys: '↑ / ↓', what: 'Move through recent projects', screen: 'start' },
  { id: 'recent-open', keys: 'Enter', what: 'Open the selected recent project', screen: 'start' },
  {
    id: 'recent-forget',
    keys: 'Delete',
    what: 'Remove the selected project from the list',
    screen: 'start',
  },
  { id: 'sample', keys: 'Ctrl+Shift+S', what: 'Try the bundled sample', screen: 'start' },
  { id: 'import-run', keys: 'Ctrl+Enter', what: 'Start the import', screen: 'import' },
  { id: 'import-cancel', keys: 'Escape', what: 'Cancel the import, or go back', screen: 'import' },
  { id: 'review-verdicts', keys: 'c / w / a', what: 'Correct, wrong, ambiguous', screen: 'review' },
  { id: 'review-skip', keys: 's', what: 'Skip this example', screen: 'review' },
  { id: 'review-undo', keys: 'u', what: 'Undo the last verdict', screen: 'review' },
  { id: 'review-back', keys: 'Escape', what: 'Back to the dashboard', screen: 'review' },
  { id: 'ex-move', keys: 'j / k', what: 'Next or previous example', screen: 'examples' },
  {
    id: 'ex-move-line',
    keys: '↓ / ↑',
    what: 'Next or previous example; in the grid, the cell below or above',
    screen: 'examples',
  },
  {
    id: 'ex-move-cell',
    keys: '← / → or h / l',
    what: 'Grid: previous or next cell, on to the row before or after at the ends',
    screen: 'examples',
  },
  { id: 'ex-tag', keys: '1-9', what: 'Toggle the tag of the palette', screen: 'examples' },
  { id: 'ex-new-tag', keys: 'n', what: 'New tag', screen: 'examples' },
  { id: 'ex-select', keys: 'x', what: 'Select the example', screen: 'examples' },
  { id: 'ex-search', keys: '/', what: 'Search', screen: 'examples' },
  { id: 'ex-matrix', keys: 'c', what: 'Table or confusion matrix', screen: 'examples' },
  { id: 'ex-grid', keys: 'g', what: 'Table or grid of thumbnails', screen: 'examples' },
  { id: 'compare-back', keys: 'Escape', what: 'Back to the dashboard', screen: 'compare' },
  { id: 'discover-back', keys: 'Escape', what: 'Back to the dashboard', screen: 'discover' },
  { id: 'decisions-back', keys: 'Escape', what: 'Back to the dashboard', screen: 'decisions' },
];

/** "Open a project (Ctrl+O)": a tooltip naming the shortcut of an entry of the list. */
export function shortcutHint(id: string, text?: string): string {
  const s = SHORTCUTS.find((x) => x.id === id);
  if (!s) throw new Error(`no shortcut "${id}"`);
  return `${text ?? s.what} (${s.keys})`;
}

/** Whether a key event is the given "Ctrl+Shift+X"-style combination (Cmd counts as Ctrl). */
export function matches(
  e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean },
  keys: string,
): boolean {
  const parts = keys.split('+');
  const key = parts.pop() ?? '';
  const want = new Set(parts);
  if ((e.ctrlKey || e.metaKey) !== want.has('Ctrl')) return false;
  if (e.altKey !== want.has('Alt')) return false;
  // Shift must match exactly for letters and named keys (Ctrl+Z is not Ctrl+Shift+Z); a symbol
  // such as "?" may need Shift to be typed at all, so there only a wanted Shift is checked.
  const strictShift = key.length > 1 || /^[a-z]$/i.test(key);
  if (strictShift && want.has('Shift') !== e.shiftKey) return false;
  if (want.has('Shift') && !e.shiftKey) return false;
  return e.key.toLowerCase() === key.toLowerCase();
}

/**
 * Typing in a field never triggers single-key shortcuts. A checkbox is no field: it takes only
 * Space, so a row's checkbox just clicked (it keeps the focus) leaves J / K and the arrows working.
 */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as { tagName?: string; type?: string; isContentEditable?: boolean } | null;
  return (
    !!el &&
    ((el.tagName === 'INPUT' && el.type !== 'checkbox') ||
      el.tagName === 'TEXTAREA' ||
      el.tagName === 'SELECT' ||
      el.isContentEditable === true)
  );
}

/** A modal dialog is open: it has the keys, the screen behind it takes none. */
export function dialogOpen(): boolean {
  return document.querySelector('[aria-modal="true"]') !== null;
}
