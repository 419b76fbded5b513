import type { Reference } from './baselines.ts';

/**
 * How the metric and the baselines of a report are named in words, one home for the dashboard,
 * the memo and the CLI's tables (analysis.md 8.1-8.3), so no figure measured against another run
 * is labelled as the humans' and no recall is labelled accuracy.
 */

/** The metric in words: `accuracy`, `score`, `recall of C`, `precision of C`. */
export function metricName(metric: string | undefined): string {
  if (metric === undefined) return 'accuracy';
  const at = metric.indexOf(':');
  return at < 0 ? metric : `${metric.slice(0, at)} of ${metric.slice(at + 1)}`;
}

/** As a heading: the metric's name with a capital (`Accuracy`, `Recall of cat`). */
export function metricTitle(metric: string | undefined): string {
  const name = metricName(metric);
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * A baseline source or a reference, short: `hlp` is the humans' level (`humans`), `run:NAME`
 * another run of the project (`run NAME`), `target` an entered level, `majority` the no-skill
 * floor, `best` the highest measured or entered baseline of each slice.
 */
export function baselineName(source: string): string {
  if (source === 'hlp') return 'humans';
  if (source.startsWith('run:')) return `run ${source.slice(4)}`;
  return source;
}

/** The reference a gap is measured against, short (`humans`, `run old`, `target`, `best`). */
export function referenceName(reference: Reference | undefined): string {
  return reference === undefined ? 'reference' : baselineName(reference);
}

/**
 * The reference in a sentence ("the gap to ..."): `human level`, `run old`, `the target`, `the
 * best baseline of each slice`. A report without one (older JSON) is measured against humans.
 */
export function referencePhrase(reference: Reference | undefined): string {
  const r = reference ?? 'hlp';
  if (r === 'hlp') return 'human level';
  if (r === 'best') return 'the best baseline of each slice';
  if (r === 'target') return 'the target';
  return baselineName(r);
}

/** The reference as a column or axis label: `HLP`, `run old`, `target`, `best`. */
export function referenceLabel(reference: Reference | undefined): string {
  const r = reference ?? 'hlp';
  return r === 'hlp' ? 'HLP' : baselineName(r);
}
