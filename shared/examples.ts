import { z } from 'zod';
import { classMetricsSchema } from './class-metrics.ts';
import { labelSetSchema } from './report.ts';

const text = z.string().max(10_000);
const className = z.string().min(1).max(1000);

/**
 * Which examples the errors browser shows. Every field narrows the set; all are optional and
 * combine with AND. A confusion-matrix cell is `given` plus `predicted`.
 */
export const exampleFilterSchema = z
  .object({
    /** Only the model's errors, or only its correct answers (graded runs: score < 1 / = 1). */
    outcome: z.enum(['errors', 'correct']).optional(),
    /** The given label (the corrected one when the labels are 'corrected'). */
    given: className.optional(),
    predicted: className.optional(),
    /** A slice id as the report gives it ("class:cat", "tag:3", "meta:device=phone", "rule:2"). */
    slice: z.string().min(1).max(1000).optional(),
    /** Examples NOT in `slice`. */
    notInSlice: z.boolean().optional(),
    /** Examples in every one of these slices too (a discovered slice's predicates). */
    alsoIn: z.array(z.string().min(1).max(1000)).min(1).max(3).optional(),
    /** Examples with no live tag. */
    untagged: z.boolean().optional(),
    minConfidence: z.number().min(0).max(1).optional(),
    maxConfidence: z.number().min(0).max(1).optional(),
    /** A rule expression (the language of saved rules). */
    rule: text.min(1).optional(),
    /** Case-insensitive substring of the input or the id. */
    text: z.string().min(1).max(1000).optional(),
    /**
     * Against another run A (the view's run is B), over the examples both predicted: those A gets
     * right and B wrong (a regression's examples), or the reverse. Rows then carry A's prediction.
     */
    compare: z
      .object({
        run: z.string().min(1).max(200),
        only: z.enum(['a-right-b-wrong', 'a-wrong-b-right']),
      })
      .strict()
      .optional(),
  })
  .strict();
export type ExampleFilter = z.infer<typeof exampleFilterSchema>;

/** Sort keys: file order, id, confidence, labels, or a metadata column ("meta:<column name>"). */
export const exampleSortSchema = z
  .object({
    key: z.union([
      z.enum(['pos', 'id', 'confidence', 'label', 'prediction']),
      z.string().regex(/^meta:.{1,1000}$/s),
    ]),
    dir: z.enum(['asc', 'desc']).default('asc'),
  })
  .strict();
export type ExampleSort = z.infer<typeof exampleSortSchema>;

export const exampleViewSchema = z
  .object({
    run: z.string().min(1).max(200).optional(),
    labels: labelSetSchema.optional(),
    filter: exampleFilterSchema.default({}),
  })
  .strict();

export const exampleRowSchema = z.object({
  pos: z.number().int(),
  id: z.string(),
  input: z.string().nullable(),
  /** The label in use (corrected when the view asks for corrected labels). */
  label: z.string(),
  /** The label as imported, when a verdict changed it. */
  originalLabel: z.string().nullable(),
  prediction: z.string().nullable(),
  confidence: z.number().nullable(),
  /** 1/0, or a graded score in [0, 1]; null when the run has no prediction for it. */
  correct: z.number().nullable(),
  /** Ids of the live tags it carries. */
  tags: z.array(z.number().int()),
  /** Metadata values by column name. */
  meta: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  /** Run A's prediction and correctness, when the filter compares with run A. */
  compared: z
    .object({ run: z.string(), prediction: z.string().nullable(), correct: z.number().nullable() })
    .optional(),
});
export type ExampleRow = z.infer<typeof exampleRowSchema>;

export const examplePageInputSchema = exampleViewSchema
  .extend({
    sort: exampleSortSchema.default({ key: 'pos', dir: 'asc' }),
    /** Keyset cursor: continue after this example (its position), in the sort order. */
    after: z.number().int().min(0).optional(),
    /** Random access for a scrollbar: skip this many matches (counted over bits, not SQL). */
    offset: z.number().int().min(0).max(1e9).optional(),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .strict();

export const examplePageSchema = z.object({
  /** Examples matching the filter. */
  total: z.number().int(),
  /** The offset of the first row returned (when known: always for offset paging). */
  offset: z.number().int().nullable(),
  rows: z.array(exampleRowSchema),
  /** Pass as `after` for the next page; null at the end. */
  next: z.number().int().nullable(),
  /** Metadata column names, in file order (the table's optional columns). */
  columns: z.array(z.string()),
});
export type ExamplePage = z.infer<typeof examplePageSchema>;

export const exampleDetailSchema = z.object({
  row: exampleRowSchema,
  run: z.string(),
  /** Class probabilities of the run, highest first. */
  probabilities: z.array(z.object({ label: z.string(), p: z.number() })),
  /** Human votes per class, when the project has a human set with votes. */
  humanVotes: z.array(z.object({ label: z.string(), votes: z.number() })),
  humanAgreement: z.number().nullable(),
  /** Line in the imported file. */
  line: z.number().int(),
  verdicts: z.array(
    z.object({
      verdict: z.string(),
      correctedLabel: z.string().nullable(),
      reviewer: z.string().nullable(),
      at: z.string(),
    }),
  ),
});
export type ExampleDetail = z.infer<typeof exampleDetailSchema>;

export const confusionSchema = z.object({
  run: z.string(),
  labels: labelSetSchema,
  /** Classes in the matrix (given or predicted), sorted by name. */
  classes: z.array(z.string()),
  /** counts[i][j]: given classes[i], predicted classes[j]. */
  counts: z.array(z.array(z.number().int())),
  /** Examples of the run without a prediction (graded-only runs, gaps). */
  unpredicted: z.number().int(),
  /** Recall, precision and F1 per class of `classes`, from these counts. */
  perClass: z.array(classMetricsSchema),
});
export type Confusion = z.infer<typeof confusionSchema>;
