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

/**
 * A number with thousands separators, as `n.toLocaleString('en-US')` writes it ("10,000").
 * Whole numbers are grouped here: the first toLocaleString of a process loads ICU's number
 * formatting, 30-80 ms that a CLI command (`headroom info`) would otherwise pay to print one count.
 */
export function formatThousands(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 || Object.is(n, -0) ? `-${out}` : out;
}

/** "1 example", "1,000 examples": a count with its noun, singular for exactly one. */
export function formatCount(n: number, noun: string, plural = `${noun}s`): string {
  return `${formatThousands(n)} ${n === 1 ? noun : plural}`;
}
