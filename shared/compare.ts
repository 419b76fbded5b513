import { z } from 'zod';
import { labelSetSchema, sliceKindSchema } from './report.ts';

const interval = z.tuple([z.number(), z.number()]);

/**
 * One slice of two runs on the same examples (analysis.md section 6): each run's accuracy over
 * the examples both runs predicted, B − A with its paired interval, McNemar's exact test, and
 * the flag of a significant drop (a regression) or rise after Holm's correction over the table.
 */
export const sliceComparisonSchema = z.object({
  id: z.string(),
  kind: z.union([sliceKindSchema, z.literal('overall')]),
  name: z.string(),
  /** Examples of the slice both runs predicted. */
  n: z.number().int(),
  accuracy_a: z.number().nullable(),
  accuracy_b: z.number().nullable(),
  /** accuracy_b − accuracy_a. */
  diff: z.number().nullable(),
  diff_ci: interval.nullable(),
  /** Examples only run A gets right, and only run B. */
  a_only: z.number().int(),
  b_only: z.number().int(),
  /** McNemar's exact two-sided p, and after Holm's correction over every row of the table. */
  p: z.number().nullable(),
  p_holm: z.number().nullable(),
  regression: z.boolean(),
  improvement: z.boolean(),
});
export type SliceComparison = z.infer<typeof sliceComparisonSchema>;

export const runComparisonSchema = z.object({
  project: z.string(),
  a: z.string(),
  b: z.string(),
  labels: labelSetSchema,
  overall: sliceComparisonSchema,
  /** Every slice with paired examples, the largest drop first. */
  slices: z.array(sliceComparisonSchema),
});
export type RunComparison = z.infer<typeof runComparisonSchema>;
