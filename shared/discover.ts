import { z } from 'zod';
import { labelSetSchema } from './report.ts';

/** A discovered slice (analysis.md section 4): a proposal, saved only when a person accepts it. */
export const discoveredSliceSchema = z.object({
  /** The metadata slices it is the intersection of. */
  predicates: z.array(z.object({ id: z.string(), name: z.string() })),
  name: z.string(),
  n: z.number().int(),
  errors: z.number(),
  error_rate: z.number(),
  /** SliceLine's score: α · (error_rate / overall error rate − 1) − (1 − α) · (N / n − 1). */
  score: z.number(),
  potential_gain: z.number().nullable(),
});
export type DiscoveredSliceInfo = z.infer<typeof discoveredSliceSchema>;

export const discoverySchema = z.object({
  run: z.string(),
  labels: labelSetSchema,
  overall_error_rate: z.number(),
  /** Best score first. */
  slices: z.array(discoveredSliceSchema),
});
export type Discovery = z.infer<typeof discoverySchema>;
