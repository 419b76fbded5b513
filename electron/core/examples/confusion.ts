import { classMetrics } from '../../../shared/class-metrics.ts';
import type { Confusion } from '../../../shared/examples.ts';
import type { AnalysisIndex } from '../analysis/analysis-index.ts';
import { hasBit, type Bits } from '../analysis/bitset.ts';
import type { ExampleColumns } from './columns.ts';

/** Counts of (given, predicted) over the run's examples, optionally within a filter's bits. */
export function confusion(
  index: AnalysisIndex,
  cols: ExampleColumns,
  within: Bits | null,
): Confusion {
  const k = cols.classes.length;
  const counts = new Int32Array(k * k);
  let unpredicted = 0;
  for (let pos = 0; pos < index.n; pos++) {
    if (!hasBit(index.inRun, pos)) continue;
    if (within && !hasBit(within, pos)) continue;
    const pred = cols.prediction[pos] as number;
    if (pred < 0) unpredicted++;
    else
      counts[(cols.label[pos] as number) * k + pred] =
        (counts[(cols.label[pos] as number) * k + pred] as number) + 1;
  }
  // Only classes that occur, so a run over 3 of 1000 classes does not draw a 1000 x 1000 grid.
  const used: number[] = [];
  for (let c = 0; c < k; c++) {
    let any = false;
    for (let j = 0; j < k && !any; j++) any = counts[c * k + j] !== 0 || counts[j * k + c] !== 0;
    if (any) used.push(c);
  }
  const classes = used.map((c) => cols.classes[c] as string);
  const matrix = used.map((i) => used.map((j) => counts[i * k + j] as number));
  return {
    run: index.run.name,
    labels: index.labels,
    classes,
    counts: matrix,
    unpredicted,
    perClass: classMetrics(classes, matrix),
  };
}
