import { z } from 'zod';

/** Why an example is in the review queue (analysis.md section 5). */
export const SUSPECT_SOURCES = ['combined', 'probabilities', 'humans', 'confidence'] as const;
export const suspectSourceSchema = z.enum(SUSPECT_SOURCES);
export type SuspectSource = z.infer<typeof suspectSourceSchema>;

/** A reviewer's verdict on an example's given label. */
export const VERDICTS = ['correct', 'wrong', 'ambiguous'] as const;
export const verdictSchema = z.enum(VERDICTS);
export type Verdict = z.infer<typeof verdictSchema>;

/** An example whose given label is likely wrong, with the evidence. */
export const suspectSchema = z.object({
  pos: z.number().int(),
  id: z.string(),
  label: z.string(),
  prediction: z.string().nullable(),
  /** The class the evidence points to (confident learning's, or the humans' majority). */
  likely: z.string().nullable(),
  /** p(given label) under the model; null without probabilities. */
  selfConfidence: z.number().nullable(),
  /** p(given) − max p(other): negative when the model prefers another class. */
  margin: z.number().nullable(),
  /** Fraction of annotators who chose the given label; null without human data. */
  humanAgreement: z.number().nullable(),
  /** Suspicion in [0, 1]; the queue is sorted by it, highest first. */
  score: z.number(),
  reasons: z.array(z.string()),
  /** The example's input as stored (its text, or a media path). */
  input: z.string().nullable(),
  /** The model's most probable classes, highest first (empty without probabilities). */
  topClasses: z.array(z.object({ label: z.string(), p: z.number() })),
});
export type Suspect = z.infer<typeof suspectSchema>;
