import { z } from 'zod';

/**
 * Public shapes of issue #15 (analysis.md section 8): a slice's baselines, the reference the gap is
 * measured against, requirements and their status, and the metric. Fractions, never percentages.
 */

const interval = z.tuple([z.number(), z.number()]);

/** One baseline of a slice: `hlp`, `run:NAME`, `target` or `majority` (analysis.md 8.2). */
export const baselineSchema = z.object({
  source: z.string(),
  /** Where it comes from: the human set ("cifar10h (votes)"), a target's entered source text. */
  detail: z.string().nullable(),
  value: z.number(),
  /** 95% interval; null for a target entered without a sample size. */
  ci: interval.nullable(),
  /** Sample size; null for an entered value without one. */
  n: z.number().nullable(),
});
export type Baseline = z.infer<typeof baselineSchema>;

/** Baselines that can serve as the reference (never `majority`: the floor is not a level to reach). */
export const REFERENCE_KINDS = ['hlp', 'best', 'target'] as const;

/** `hlp`, `best`, `target` or `run:NAME` (analysis.md 8.3). */
export const referenceSchema = z.union([
  z.enum(REFERENCE_KINDS),
  z.string().regex(/^run:.+$/s, 'a run reference is run:NAME'),
]);
export type Reference = z.infer<typeof referenceSchema>;

export const REQUIREMENT_STATUSES = ['ok', 'at_risk', 'fails'] as const;
export const requirementStatusSchema = z.enum(REQUIREMENT_STATUSES);
export type RequirementStatus = z.infer<typeof requirementStatusSchema>;

/** The metric a report is computed with (analysis.md 8.1). */
export type Metric =
  | { kind: 'accuracy' }
  | { kind: 'score' }
  | { kind: 'recall'; cls: string }
  | { kind: 'precision'; cls: string };

/** The text form of a metric: `accuracy`, `score`, `recall:C`, `precision:C`. */
export function metricText(m: Metric): string {
  return m.kind === 'recall' || m.kind === 'precision' ? `${m.kind}:${m.cls}` : m.kind;
}
