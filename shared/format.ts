/** A fraction as a percentage for people ("92.9%"); `empty` for a missing value. */
export function formatPercent(x: number | null | undefined, digits = 1, empty = '–'): string {
  return x === null || x === undefined ? empty : `${(x * 100).toFixed(digits)}%`;
}
