import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../shared/report.ts';
import type { BrowserServer } from '../../electron/server/browser-server.ts';
import { openDuckdb } from '../../electron/core/summaries/duckdb-engine.ts';
import { summarize } from '../../electron/core/summaries/summarize.ts';
import { DATASETS, REPO, ok, tempDir } from '../helpers.ts';
import { startApp, type App } from './browser.ts';

/**
 * A summary project in the dashboard (issue #19, acceptance 5): the ranked slices come from the
 * stored statistics; the examples screen explains that a summary has no examples.
 */
describe('a summary project in the browser mode (Chromium)', () => {
  const dir = tempDir('headroom-e2e-summary-');
  const project = join(dir, 'cifar10-summary.headroom');
  const sampled = join(dir, 'cifar10-sampled.headroom');
  let app: App;
  let server: BrowserServer;
  let page: Page;

  beforeAll(async () => {
    for (const [path, sample] of [
      [project, null],
      [sampled, { rows: 400, seed: 7 }],
    ] as const) {
      const engine = await openDuckdb(join(DATASETS, 'cifar10_test/cifar10_test.csv'));
      try {
        await summarize(engine, path, {}, sample);
      } finally {
        await engine.close();
      }
    }
    app = await startApp(dir);
    ({ server, page } = app);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('opens on the dashboard, and the examples screen says there are no examples', async () => {
    await page.goto(server.url);
    await page.getByLabel('Project file', { exact: true }).fill(project);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const rows = page.locator('table.slices tbody tr');
    await rows.nth(3).waitFor();
    const report = await ok<Report>(server.service.dispatch('slices.report', {}));
    expect(report.overall.n).toBe(10000);
    await page
      .getByText(report.slices[0]?.name as string, { exact: true })
      .first()
      .waitFor();
    await page.screenshot({ path: join(REPO, 'docs/screenshots/summary-dashboard.png') });
    await page.getByRole('button', { name: 'Examples', exact: true }).click();
    await page.getByText('this is a summary project: it has no examples').first().waitFor();
    await page.screenshot({ path: join(REPO, 'docs/screenshots/summary-examples.png') });
  });

  it('with --sample, the examples browser works on the sample; the dashboard stays the summary', async () => {
    await ok(server.service.dispatch('project.open', { path: sampled }));
    await page.goto(server.url);
    await page.locator('table.slices tbody tr').nth(3).waitFor();
    // The ranked table is the statistics of all 10,000 rows, never the sample's.
    const report = await ok<Report>(server.service.dispatch('slices.report', {}));
    expect(report.overall.n).toBe(10000);
    await page.getByRole('button', { name: 'Examples', exact: true }).click();
    // It opens on the errors of the sample: as many as the engine counts in it.
    const errors = await ok<{ total: number }>(
      server.service.dispatch('examples.count', { filter: { outcome: 'errors' } }),
    );
    expect(errors.total).toBeGreaterThan(0);
    expect(errors.total).toBeLessThan(400);
    await page.getByText(`${errors.total} examples`, { exact: true }).waitFor();
    await page.getByLabel('Outcome').selectOption('');
    await page.getByText('400 examples', { exact: true }).waitFor();
    await page.keyboard.press('j');
    const detail = page.getByRole('complementary', { name: 'Example detail' });
    const id = await page.locator('.grid-row.current').getAttribute('data-id');
    expect(id).toBeTruthy();
    await expect.poll(() => detail.locator('h2 .mono').textContent()).toBe(id);
  });
});
