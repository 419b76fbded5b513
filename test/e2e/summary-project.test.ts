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
  let app: App;
  let server: BrowserServer;
  let page: Page;

  beforeAll(async () => {
    const engine = await openDuckdb(join(DATASETS, 'cifar10_test/cifar10_test.csv'));
    try {
      await summarize(engine, project);
    } finally {
      await engine.close();
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
});
