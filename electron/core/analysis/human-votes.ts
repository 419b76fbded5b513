/**
 * Human vote counts as a human set stores them (human_annotations.votes): JSON text, either an
 * array in the set's class order (human_sets.classes) or an object by class name. The one reader
 * of that text: the index (agreement with a corrected label), the vote shares of a class
 * (precision's HLP), the suspects' evidence and the example detail all read it here.
 */

/** The votes per class, or null without votes (or an array whose classes the set lacks). */
export function parseVotes(
  votes: string | null,
  classes: readonly string[] | null,
): Map<string, number> | null {
  if (votes === null) return null;
  const parsed = JSON.parse(votes) as number[] | Record<string, number>;
  const out = new Map<string, number>();
  if (Array.isArray(parsed)) {
    if (!classes) return null;
    parsed.forEach((v, i) => {
      const cls = classes[i] ?? String(i);
      out.set(cls, (out.get(cls) ?? 0) + v);
    });
  } else for (const [cls, v] of Object.entries(parsed)) out.set(cls, v);
  return out;
}

/** The fraction of the votes that chose `cls`, or null without votes (none, or all zero). */
export function voteShare(votes: ReadonlyMap<string, number> | null, cls: string): number | null {
  if (!votes) return null;
  let total = 0;
  for (const v of votes.values()) total += v;
  return total > 0 ? (votes.get(cls) ?? 0) / total : null;
}

/** The classes of a human set (human_sets.classes), or null when it names none. */
export function voteClasses(classes: string | null): string[] | null {
  return classes ? (JSON.parse(classes) as string[]) : null;
}
