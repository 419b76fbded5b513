import { join } from 'node:path';
import { expect } from 'vitest';
import type { Decision, DecisionFigures } from '../../shared/decisions.ts';
import type { MemoInput } from '../../shared/memo.ts';
import { reportSchema, type Report, type SliceFigures } from '../../shared/report.ts';
import { DATASETS, headroomCli } from '../helpers.ts';

/**
 * The real CIFAR-10 test set imported with the real CLI into `dir`, and its report as
 * `headroom report --format json` prints it.
 */
export function cifarReport(dir: string): Report {
  const project = join(dir, 'cifar10.headroom');
  const csv = join(DATASETS, 'cifar10_test/cifar10_test.csv');
  const imp = headroomCli(dir, 'import', csv, '--project', project);
  expect(imp.code, imp.err).toBe(0);
  const rep = headroomCli(dir, 'report', project, '--format', 'json');
  expect(rep.code, rep.err).toBe(0);
  return reportSchema.parse(JSON.parse(rep.out));
}

/** A slice's report figures as a decision's figures. */
export function figuresOf(report: Report, s: SliceFigures): DecisionFigures {
  return {
    run: report.run,
    metric: 'accuracy',
    reference: 'HLP',
    n: s.n,
    accuracy: s.accuracy,
    accuracy_ci: s.accuracy_ci,
    reference_value: s.hlp,
    gap: s.gap,
    gap_ci: s.gap_ci,
    potential_gain: s.potential_gain,
  };
}

/** A decision about `s` taken on these figures, with the given user strings. */
export function decisionOn(
  report: Report,
  s: SliceFigures,
  strings: { id: string; slice: string; owner: string; why: string },
): Decision {
  return {
    ...strings,
    status: 'in_progress',
    at: '2026-11-20T10:00:00Z',
    then: figuresOf(report, s),
    now: null,
    verdict: null,
  };
}

export function memoInput(report: Report, decisions: Decision[]): MemoInput {
  return {
    generated_at: '2026-12-04T09:00:00Z',
    report,
    decisions,
    review: { suspects: 100, reviewed: 40, corrected: 12 },
  };
}
