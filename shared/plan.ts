import { z } from 'zod';
import { sliceFiguresSchema } from './report.ts';

/**
 * The figures a sample-size plan can aim at (analysis.md "Planning sample sizes"): the 95%
 * interval of the accuracy, of the HLP or of the gap narrowed to a half-width, or the gap's
 * interval clear of zero.
 */
export const PLAN_FIGURES = ['accuracy', 'hlp', 'gap', 'gap_vs_zero'] as const;
export const planFigureSchema = z.enum(PLAN_FIGURES);
export type PlanFigure = z.infer<typeof planFigureSchema>;

/** What a plan's counts count: examples with a prediction, or examples with human labels. */
export const PLAN_COUNTS = ['predictions', 'human_labels'] as const;

/** The probability, when the current proportions are the truth, that the planned n suffices. */
export const DEFAULT_ASSURANCE = 0.95;

export const planInputSchema = z.object({
  /** The slice's figures, as `headroom report --format json` gives them. */
  slice: sliceFiguresSchema,
  figure: planFigureSchema,
  /** The target half-width of the 95% interval (a fraction, 0.02 = ±2 points); not for gap_vs_zero. */
  half_width: z.number().gt(0).lte(0.5).nullable().default(null),
  /** See DEFAULT_ASSURANCE; 0.5 plans at the point estimate itself. */
  assurance: z.number().gte(0.5).lt(1).default(DEFAULT_ASSURANCE),
});
export type PlanInput = z.input<typeof planInputSchema>;

/**
 * A plan: how many examples the slice needs in all (`n_needed_total`) and how many more than it
 * has (`n_more`, 0 when the current interval already meets the target). `n_needed_total` is null
 * when no sample size can reach the target (a gap of exactly 0 is never told from zero; no HLP;
 * an HLP entered without a sample size is taken as exact), and `reason` then says why. A public
 * format, like the report.
 */
export const planSchema = z.object({
  slice: z.string(),
  figure: planFigureSchema,
  /** The target half-width; for gap_vs_zero, |gap| (the arm of the interval toward 0 must be shorter). */
  half_width: z.number().nullable(),
  /** What n_now, n_needed_total and n_more count. */
  counts: z.enum(PLAN_COUNTS),
  n_now: z.number().int(),
  n_needed_total: z.number().int().nullable(),
  n_more: z.number().int().nullable(),
  /** Why n_needed_total is null, or that the target is already met; else null. */
  reason: z.string().nullable(),
});
export type Plan = z.infer<typeof planSchema>;
