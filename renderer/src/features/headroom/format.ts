export const pct = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined ? '–' : `${(x * 100).toFixed(digits)}%`;

export const ci = (c: [number, number] | null | undefined, digits = 1): string =>
  c ? `${(c[0] * 100).toFixed(digits)} to ${(c[1] * 100).toFixed(digits)}%` : '';
