import { metricName } from '../../../../shared/figure-names.ts';
import { useUi } from '../../stores/ui.ts';

/**
 * The metric every figure is computed with (analysis.md 8.1): accuracy, or the recall or the
 * precision of one class (accuracy over the examples labelled, or predicted, that class).
 * The decision threshold, for runs with probabilities, sits next to it.
 */
export function MetricPicker({ classes, current }: { classes: string[]; current: string }) {
  const { metric, setMetric } = useUi();
  const choices = [
    'accuracy',
    ...(current === 'score' ? ['score'] : []),
    ...classes.flatMap((c) => [`recall:${c}`, `precision:${c}`]),
  ];
  return (
    <label title="Recall of C: over the examples labelled C, the share predicted C. Precision of C: over the examples predicted C, the share labelled C.">
      Metric{' '}
      <select
        aria-label="Metric"
        value={metric ?? current}
        onChange={(e) => setMetric(e.target.value === 'accuracy' ? undefined : e.target.value)}
      >
        {choices.map((m) => (
          <option key={m} value={m}>
            {metricName(m)}
          </option>
        ))}
      </select>
    </label>
  );
}
