/** A generous width of one character of the charts' 11 px label font, for laying labels out. */
export const LABEL_CHAR_PX = 6.6;

/**
 * A slice's label on a chart: its name when it fits in `maxChars`, else its short form, the value
 * part alone ("in [107, 118)" for "tenure_months in [107, 118)", "= cat" for "label = cat"); never
 * a name cut mid-word. The chart puts the full name in the label's tooltip.
 */
export function chartLabel(name: string, maxChars: number): string {
  if (name.length <= maxChars) return name;
  const at = Math.max(name.lastIndexOf(' = '), name.lastIndexOf(' in '));
  return at > 0 ? name.slice(at + 1) : name;
}
