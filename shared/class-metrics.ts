import { z } from 'zod';

/** One class's figures from a confusion matrix (issue #3: per-class precision, recall, F1). */
export const classMetricsSchema = z.object({
  class: z.string(),
  /** Examples given this class (the matrix row's total). */
  n: z.number().int(),
  /** Examples predicted as this class (the column's total). */
  predicted: z.number().int(),
  /** Given and predicted this class (the diagonal). */
  correct: z.number().int(),
  /** correct / n: the class slice's accuracy; null when no example has the class. */
  recall: z.number().nullable(),
  /** correct / predicted; null when nothing is predicted as the class. */
  precision: z.number().nullable(),
  /** 2PR / (P + R); 0 when both are 0, null when either is unknown. */
  f1: z.number().nullable(),
});
export type ClassMetrics = z.infer<typeof classMetricsSchema>;

/** Per-class figures of a square matrix: counts[i][j] = given classes[i], predicted classes[j]. */
export function classMetrics(
  classes: readonly string[],
  counts: readonly number[][],
): ClassMetrics[] {
  return classes.map((name, i) => {
    const row = counts[i] ?? [];
    const n = row.reduce((a, b) => a + b, 0);
    const predicted = counts.reduce((a, r) => a + (r[i] ?? 0), 0);
    const correct = row[i] ?? 0;
    const recall = n > 0 ? correct / n : null;
    const precision = predicted > 0 ? correct / predicted : null;
    const f1 =
      recall === null || precision === null
        ? null
        : recall + precision === 0
          ? 0
          : (2 * precision * recall) / (precision + recall);
    return { class: name, n, predicted, correct, recall, precision, f1 };
  });
}
