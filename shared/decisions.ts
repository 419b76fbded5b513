import { z } from 'zod';

const interval = z.tuple([z.number(), z.number()]);

/**
 * A slice's figures when a decision was taken ("then") or today ("now"): the run they come from,
 * the metric and the reference it is compared with (e.g. "accuracy" against "HLP"), and the
 * figures of analysis.md section 2. Fractions, never percentages.
 */
export const decisionFiguresSchema = z.object({
  run: z.string(),
  metric: z.string(),
  reference: z.string(),
  n: z.number().int().nonnegative(),
  accuracy: z.number().nullable(),
  accuracy_ci: interval.nullable(),
  reference_value: z.number().nullable(),
  gap: z.number().nullable(),
  gap_ci: interval.nullable(),
  potential_gain: z.number().nullable(),
});
export type DecisionFigures = z.infer<typeof decisionFiguresSchema>;

export const DECISION_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
export const decisionStatusSchema = z.enum(DECISION_STATUSES);
export type DecisionStatus = z.infer<typeof decisionStatusSchema>;

/** How a slice moved since the decision (null until it has been looked at again). */
export const DECISION_VERDICTS = ['closed', 'improved', 'unchanged', 'worse'] as const;
export const decisionVerdictSchema = z.enum(DECISION_VERDICTS);
export type DecisionVerdict = z.infer<typeof decisionVerdictSchema>;

/**
 * The slice's accuracy change from the decision's run to the run it is looked at in, on the
 * examples both runs predicted (analysis.md section 6: the paired Newcombe interval of
 * now − then, McNemar's exact p). `then_only` / `now_only`: examples only that run gets right.
 */
export const decisionChangeSchema = z.object({
  run_then: z.string(),
  run_now: z.string(),
  n: z.number().int().nonnegative(),
  accuracy_then: z.number().nullable(),
  accuracy_now: z.number().nullable(),
  diff: z.number().nullable(),
  diff_ci: interval.nullable(),
  then_only: z.number().int().nonnegative(),
  now_only: z.number().int().nonnegative(),
  p: z.number().nullable(),
});
export type DecisionChange = z.infer<typeof decisionChangeSchema>;

/**
 * One entry of the decisions log (issue #17): what the leads decided about a slice, who owns it,
 * why, and the slice's figures then and now. `at` is an ISO 8601 time.
 */
export const decisionSchema = z.object({
  id: z.string(),
  slice: z.string(),
  owner: z.string(),
  why: z.string(),
  status: decisionStatusSchema,
  at: z.string(),
  then: decisionFiguresSchema,
  now: decisionFiguresSchema.nullable(),
  verdict: decisionVerdictSchema.nullable(),
  /** The date it is due (YYYY-MM-DD), when one was given. */
  due: z.string().nullable().optional(),
  /** The gain the leads expect (a fraction of all examples, like potential_gain). */
  expected_gain: z.number().nullable().optional(),
  /** How the slice's accuracy moved (null when no paired examples or closed). */
  change: decisionChangeSchema.nullable().optional(),
  /** When it was closed or superseded (ISO 8601), and why. */
  closed_at: z.string().nullable().optional(),
  closed_why: z.string().nullable().optional(),
});
export type Decision = z.infer<typeof decisionSchema>;

/**
 * An open decision as the dashboard marks its slice (decisions.open): who and why, without the
 * figures then and now (which compare runs, a cost the marks do not need).
 */
export const decisionMarkSchema = decisionSchema.pick({
  id: true,
  slice: true,
  owner: true,
  why: true,
  status: true,
  at: true,
});
export type DecisionMark = z.infer<typeof decisionMarkSchema>;
