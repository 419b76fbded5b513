import { z } from 'zod';
import { baselineSchema, referenceSchema, requirementStatusSchema } from './baselines.ts';

/** The kinds of slice (analysis.md section 4). */
export const SLICE_KINDS = ['metadata', 'class', 'tag', 'rule'] as const;
export const sliceKindSchema = z.enum(SLICE_KINDS);
export type SliceKind = z.infer<typeof sliceKindSchema>;

const interval = z.tuple([z.number(), z.number()]);

/**
 * The figures of one slice, exactly as analysis.md section 2-3 defines them. Fractions, never
 * percentages. A public format: scripts read it from `headroom report --format json`.
 */
export const sliceFiguresSchema = z.object({
  id: z.string(),
  kind: z.union([sliceKindSchema, z.literal('overall')]),
  name: z.string(),
  n: z.number().int(),
  /** n / N, or the expected production share a user entered (then share_entered is true). */
  share: z.number(),
  share_entered: z.boolean(),
  accuracy: z.number().nullable(),
  accuracy_ci: interval.nullable(),
  error_rate: z.number().nullable(),
  error_coverage: z.number().nullable(),
  hlp: z.number().nullable(),
  hlp_n: z.number().int().nullable(),
  hlp_ci: interval.nullable(),
  hlp_source: z.string().nullable(),
  /** The HLP is a value the user entered (else it comes from the human labels, or is null). */
  hlp_entered: z.boolean(),
  gap: z.number().nullable(),
  gap_ci: interval.nullable(),
  potential_gain: z.number().nullable(),
  potential_gain_ci: interval.nullable(),
  ease: z.number(),
  importance: z.number(),
  priority: z.number().nullable(),
  too_small: z.boolean(),
  /** The slice's baselines under the report's metric: hlp, run:NAME, target, majority (analysis.md 8.2). */
  baselines: z.array(baselineSchema).optional(),
  /** The value of the baseline the gap is measured against, and which one (null: no reference). */
  reference_value: z.number().nullable().optional(),
  reference_source: z.string().nullable().optional(),
  /** The requirement the slice is held to (its own, its column's, or all slices'), and its status. */
  requirement: z.string().nullable().optional(),
  requirement_status: requirementStatusSchema.nullable().optional(),
  /** Average precision of the positive class in the slice (analysis.md 8.1); only with a positive class. */
  ap: z.number().nullable().optional(),
  /**
   * Present only on a slice with the same members as another to 99% or more (Jaccard): the id of
   * the slice it repeats. It is not ranked: it follows that slice in `slices` (analysis.md 4).
   */
  redundant_with: z.string().optional(),
});
export type SliceFigures = z.infer<typeof sliceFiguresSchema>;

export const LABEL_SETS = ['original', 'corrected'] as const;
export const labelSetSchema = z.enum(LABEL_SETS);
/** Original labels, or the labels after review (a 'wrong' verdict's correction). */
export type LabelSet = z.infer<typeof labelSetSchema>;

export const reportSchema = z.object({
  project: z.string(),
  run: z.string(),
  labels: labelSetSchema,
  overall: sliceFiguresSchema,
  slices: z.array(sliceFiguresSchema),
  /** The metric (analysis.md 8.1): accuracy, score, recall:C or precision:C. */
  metric: z.string().optional(),
  /** The reference every gap is measured against (analysis.md 8.3). */
  reference: referenceSchema.optional(),
  /** The positive class of `threshold` and `ap`, when one was given (analysis.md 8.1). */
  positive: z.string().optional(),
  /** The decision threshold on the positive class, when one was set. */
  threshold: z.number().optional(),
});
export type Report = z.infer<typeof reportSchema>;
