import type { Reference } from '../../../../shared/baselines.ts';

/**
 * How a baseline source or a reference is named on screen (analysis.md 8.2-8.3): `hlp` is the
 * humans' level, `run:NAME` another run of the project, `target` an entered level, `majority` the
 * no-skill floor, `best` the highest measured or entered baseline of each slice.
 */
export function baselineName(source: string): string {
  if (source === 'hlp') return 'humans';
  if (source.startsWith('run:')) return `run ${source.slice(4)}`;
  return source;
}

export function referenceName(reference: Reference | undefined): string {
  return reference === undefined ? 'reference' : baselineName(reference);
}
