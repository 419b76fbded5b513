import { useEffect, useRef, useState } from 'react';
import { dialogOpen, isTyping, SHORTCUTS, type ShortcutScreen } from './shortcuts.ts';

const SCREEN_NAMES: Record<ShortcutScreen, string> = {
  everywhere: 'Everywhere',
  start: 'Start screen',
  import: 'Import',
  dashboard: 'Dashboard',
  examples: 'Errors browser',
  review: 'Review queue',
  compare: 'Compare runs',
  discover: 'Discover slices',
  decisions: 'Decisions',
};

/** The "?" overlay: every shortcut of shortcuts.ts, grouped by screen. Escape or "?" closes it. */
export function ShortcutsOverlay() {
  const [open, setOpen] = useState(false);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Another dialog has the keys: "?" does not open this list on top of it.
      if (e.key === '?' && !isTyping(e.target) && (open || !dialogOpen())) {
        e.preventDefault();
        setOpen((o) => !o);
      } else if (e.key === 'Escape' && open) {
        e.stopPropagation();
        setOpen(false);
      }
    };
    const onCommand = (e: Event) => {
      if ((e as CustomEvent<{ command: string }>).detail.command === 'help.shortcuts') {
        setOpen((o) => !o);
      }
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('headroom:command', onCommand);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('headroom:command', onCommand);
    };
  }, [open]);
  useEffect(() => {
    if (open) closeRef.current?.focus();
  }, [open]);
  if (!open) return null;
  const screens = [...new Set(SHORTCUTS.map((s) => s.screen))];
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts">
      <div className="overlay-box">
        <header className="bar">
          <h2>Keyboard shortcuts</h2>
          <button type="button" ref={closeRef} onClick={() => setOpen(false)}>
            Close (Esc)
          </button>
        </header>
        {screens.map((screen) => (
          <section key={screen}>
            <h3>{SCREEN_NAMES[screen]}</h3>
            <table className="shortcuts">
              <tbody>
                {SHORTCUTS.filter((s) => s.screen === screen).map((s) => (
                  <tr key={s.id}>
                    <td>
                      <kbd>{s.keys}</kbd>
                    </td>
                    <td>{s.what}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </div>
  );
}
