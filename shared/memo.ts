import { z } from 'zod';
import { decisionSchema } from './decisions.ts';
import { reportSchema } from './report.ts';

/** The label review's counts, as the memo shows them (taken as given). */
export const reviewStatusSchema = z.object({
  /** Examples in the suspects queue. */
  suspects: z.number().int().nonnegative(),
  /** Of them, how many have a verdict. */
  reviewed: z.number().int().nonnegative(),
  /** Verdicts "label is wrong" with a corrected label. */
  corrected: z.number().int().nonnegative(),
});
export type ReviewStatus = z.infer<typeof reviewStatusSchema>;

/**
 * What a planning memo is made of: the report (`headroom report --format json`), the decisions
 * log, the label review's counts, when it was made and how many top slices it lists.
 */
export const memoInputSchema = z.object({
  title: z.string().default('Headroom planning memo'),
  /** An ISO 8601 time, given by the caller so that the memo is a pure function of its input. */
  generated_at: z.string(),
  report: reportSchema,
  decisions: z.array(decisionSchema),
  review: reviewStatusSchema,
  /** Slices in the table of top slices (by priority), 1..30. */
  top: z.number().int().min(1).max(30).default(8),
});
export type MemoInput = z.input<typeof memoInputSchema>;
export type MemoData = z.output<typeof memoInputSchema>;
