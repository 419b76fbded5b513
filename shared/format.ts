/** A fraction as a percentage for people ("92.9%"); `empty` for a missing value. */
export function formatPercent(x: number | null | undefined, digits = 1, empty = '–'): string {
  return x === null || x === undefined ? empty : `${(x * 100).toFixed(digits)}%`;
}

/** A difference of fractions in signed percentage points ("+1.2", "-24.2"); `empty` for none. */
export function formatPoints(x: number | null | undefined, empty = '–'): string {
  return x === null || x === undefined ? empty : `${x > 0 ? '+' : ''}${(x * 100).toFixed(1)}`;
}

/** A p-value to 4 decimals, tiny ones as "<0.0001"; `empty` for none. */
export function formatPValue(p: number | null | undefined, empty = '–'): string {
  return p === null || p === undefined ? empty : p < 0.0001 ? '<0.0001' : p.toFixed(4);
}

/** "1 example", "1,000 examples": a count with its noun, singular for exactly one. */
export function formatCount(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : plural}`;
}
