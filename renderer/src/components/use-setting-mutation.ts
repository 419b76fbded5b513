import { useState } from 'react';

/**
 * The scaffolding of a dialog that saves (or removes) something in the project: one call at a
 * time (busy), the engine's refusal kept as the dialog's error (shown in place; the dialog stays
 * open), and what to do once the call succeeded (by default: close). Used by the requirement,
 * target and decide dialogs and NameDialog.
 */
export function useSettingMutation(onClose: () => void) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** Calls `action`; on success hands its answer to `done` (default: close the dialog). */
  const run = async <T>(action: () => Promise<T>, done: (out: T) => void = onClose) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    let out: T;
    try {
      out = await action();
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
      return;
    }
    setBusy(false);
    done(out);
  };
  return {
    error,
    busy,
    /** An edit clears the last refusal. */
    clearError: () => setError(null),
    run,
  };
}
