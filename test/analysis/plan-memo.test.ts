import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../shared/plan.ts';
import type { Report } from '../../shared/report.ts';
import { wilson } from '../../electron/core/analysis/intervals.ts';
import { planSampleSize } from '../../electron/core/analysis/sample-size.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import { DATASETS, headroomCli, ok, readSimpleCsv, tempDir } from '../helpers.ts';

/**
 * `headroom plan` (analysis.md section 9) and `headroom memo` on CIFAR-10 through the real CLI:
 * the plan of a small slice equals the module's plan from the slice's counts made here from the
 * CSV.
 */
describe('plan and memo from the CLI (CIFAR-10)', () => {
  const dir = tempDir('headroom-plan-memo-');
  const project = join(dir, 'c10.headroom');
  const csv = readSimpleCsv(join(DATASETS, 'cifar10_test/cifar10_test.csv'));
  let report: Report;

  beforeAll(async () => {
    const service = createService();
    try {
      await ok(
        service.dispatch('imports.run', {
          project,
          file: join(DATASETS, 'cifar10_test/cifar10_test.csv'),
          // Derived from human votes, so not a slice by default: mapped to metadata, its small
          // "contested" value is the slice planned below.
          map: { human_ambiguity: 'metadata' },
        }),
      );
      await ok(service.dispatch('project.open', { path: project }));
      report = await ok<Report>(service.dispatch('slices.report', {}));
    } finally {
      service.close();
    }
  }, 120_000);

  it('plans the accuracy of a small slice from its counts in the CSV', () => {
    const name = 'human_ambiguity = contested';
    const rows = csv.filter((r) => r.human_ambiguity === 'contested');
    const n = rows.length;
    const right = rows.filter((r) => r.label === r.prediction).length;
    expect(n).toBeLessThan(200);
    const fromReport = report.slices.find((s) => s.name === name);
    if (!fromReport) throw new Error(`no slice ${name} in the report`);
    // The module's plan from the counts made here (the rest of the slice's figures as reported).
    const slice = {
      ...fromReport,
      n,
      accuracy: right / n,
      accuracy_ci: wilson(right, n),
    };
    for (const halfWidth of [0.02, 0.05]) {
      const r = headroomCli(
        dir,
        'plan',
        project,
        name,
        '--half-width',
        String(halfWidth),
        '--format',
        'json',
      );
      expect(r.err).toBe('');
      const plan = JSON.parse(r.out) as Plan;
      const expected = planSampleSize({ slice, figure: 'accuracy', half_width: halfWidth });
      expect(plan).toEqual(expected);
      expect(plan).toMatchObject({
        slice: name,
        figure: 'accuracy',
        half_width: halfWidth,
        n_now: n,
        counts: 'predictions',
      });
      expect(plan.n_more).toBe((plan.n_needed_total as number) - n);
      expect(plan.n_more).toBeGreaterThan(0);
    }
    // The default target is ±2 points; a half-width out of range is a usage error.
    const byDefault = JSON.parse(
      headroomCli(dir, 'plan', project, name, '--format', 'json').out,
    ) as Plan;
    expect(byDefault.half_width).toBe(0.02);
    expect(headroomCli(dir, 'plan', project, name, '--half-width', '0.9').code).toBe(2);
    const missing = headroomCli(dir, 'plan', project, 'no such slice');
    expect([missing.code, missing.err]).toEqual([1, expect.stringMatching(/No slice named/)]);
  });

  it('writes the memo with the decision, its rationale escaped, and the top slice', () => {
    const why = 'Fix <script>alert("x")</script> & relabel the cats';
    const decided = headroomCli(
      dir,
      'decide',
      project,
      'label = cat',
      '--owner',
      'ana',
      '--why',
      why,
    );
    expect(decided.err).toBe('');
    const html = headroomCli(dir, 'memo', project);
    expect(html.err).toBe('');
    expect(html.code).toBe(0);
    expect(html.out).toContain(
      'Fix &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; relabel the cats',
    );
    expect(html.out).not.toContain('<script>');
    const topName = report.slices[0]?.name as string;
    expect(topName).toMatch(/^[\w =.-]+$/); // nothing to escape in HTML
    expect(html.out).toContain(`>${topName}<`);
    expect(html.out).toMatch(/class="slice">label = cat</);
    expect(html.out).toContain('verdict <span class="verdict">unchanged</span>');
    const md = headroomCli(dir, 'memo', project, '--format', 'md');
    expect(md.code).toBe(0);
    expect(md.out).toContain('Fix \\<script\\>alert\\("x"\\)\\</script\\> \\& relabel the cats');
    expect(md.out).toContain(topName.replace(/_/g, '\\_'));
  });
});
