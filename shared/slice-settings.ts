import { z } from 'zod';

/**
 * A value the user entered for a slice's HLP (analysis.md: "or a value the user entered"): the
 * value, the sample size behind it (for its interval) and where it comes from.
 */
export const enteredHlpSchema = z
  .object({
    value: z.number().min(0).max(1),
    n: z.number().int().min(1).max(1e9).nullable(),
    source: z.string().max(500),
  })
  .strict();
export type EnteredHlp = z.infer<typeof enteredHlpSchema>;

/**
 * What a settings edit sets on a slice (slices.settings): an entered HLP (null: back to the HLP
 * from data; n and source may be left out), ease, importance, an expected production share
 * (null: back to the measured n / N).
 */
export const settingsPatchSchema = z.object({
  ease: z.number().finite().min(0).max(1000).optional(),
  importance: z.number().finite().min(0).max(1000).optional(),
  hlp: enteredHlpSchema
    .extend({ n: enteredHlpSchema.shape.n.optional(), source: z.string().max(500).optional() })
    .nullable()
    .optional(),
  share: z.number().min(0).max(1).nullable().optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
