import type { Range } from '@tanstack/react-virtual';
import { useCallback, useRef } from 'react';

/**
 * How the examples table and grid keep their row elements while scrolling. A virtualizer draws the
 * rows in view; keyed by index, each scroll frame would build the row elements that came into view
 * and remove those that left, and React would move elements to keep index order (a moved element
 * is styled and laid out again whole).
 *
 * Instead the window is always the same number of rows (useSteadyRange: the most rows ever in view,
 * taken further down when fewer are in view, as at a partly shown row) and each row is drawn under
 * a slot, its index modulo that number (useRowSlots). The row scrolled in takes the slot of the row
 * scrolled out: the same element, at the same place in the DOM, with its text rewritten.
 */
export function useSteadyRange(): (range: Range) => number[] {
  const most = useRef(0);
  return useCallback((range: Range) => {
    const { startIndex, endIndex, overscan, count } = range;
    most.current = Math.max(most.current, endIndex - startIndex + 1 + 2 * overscan);
    const length = Math.min(count, most.current);
    const start = Math.max(0, Math.min(startIndex - overscan, count - length));
    return Array.from({ length }, (_, k) => start + k);
  }, []);
}

/** The window's rows in slot order, each with its slot (the key to draw it under). */
export function useRowSlots<T extends { index: number }>(items: readonly T[]) {
  const count = useRef(0);
  count.current = Math.max(count.current, items.length);
  const slots = count.current;
  return items.map((item) => ({ item, slot: item.index % slots })).sort((a, b) => a.slot - b.slot);
}
