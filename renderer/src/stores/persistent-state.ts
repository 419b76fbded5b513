import { useEffect, useState } from 'react';

/**
 * React state kept in localStorage under `key` (the app's own origin): a missing or damaged
 * saved value gives `initial`. Used for view preferences such as column choices, never data.
 */
export function usePersistentState<T extends object>(key: string, initial: T) {
  const [value, setValue] = useState<T>(() => {
    try {
      const saved = JSON.parse(localStorage.getItem(key) ?? 'null') as T | null;
      if (saved && typeof saved === 'object') return saved;
    } catch {
      // A damaged saved value: start from the default.
    }
    return initial;
  });
  useEffect(() => localStorage.setItem(key, JSON.stringify(value)), [key, value]);
  return [value, setValue] as const;
}
