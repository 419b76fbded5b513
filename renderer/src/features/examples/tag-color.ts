/**
 * A tag's colour: the one chosen in the tag manager, else one of ten distinguishable hues picked
 * by the tag's id, so tags never all look the same grey and a tag keeps its hue across screens.
 */
const DEFAULT_HUES = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#ff9da7',
  '#9c755f',
  '#79706e',
] as const;

export function tagColor(tag: { id: number; color: string | null }): string {
  return tag.color ?? (DEFAULT_HUES[Math.abs(tag.id) % DEFAULT_HUES.length] as string);
}
