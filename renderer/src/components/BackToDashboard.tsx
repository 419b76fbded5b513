import { useEffect } from 'react';
import { dialogOpen, isTyping } from '../keyboard/shortcuts.ts';
import { useUi } from '../stores/ui.ts';

/** "← Dashboard": the button, and Escape (outside fields and dialogs) doing the same. */
export function BackToDashboard() {
  const setScreen = useUi((s) => s.setScreen);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || isTyping(e.target)) return;
      if (dialogOpen()) return;
      setScreen('dashboard');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setScreen]);
  return (
    <button type="button" onClick={() => setScreen('dashboard')} title="Back (Escape)">
      ← Dashboard
    </button>
  );
}
