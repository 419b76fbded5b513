import { formatPercent } from '../../../../shared/format.ts';

export const pct = (x: number | null | undefined, digits = 1): string => formatPercent(x, digits);

export const ci = (c: [number, number] | null | undefined, digits = 1): string =>
  c ? `${(c[0] * 100).toFixed(digits)} to ${(c[1] * 100).toFixed(digits)}%` : '';
