import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASETS, ok, readSimpleCsv, tempDir } from '../helpers.ts';
import { startApp, type App } from './browser.ts';

// Issue #18: the console is free of errors on every screen. A user's walk through the whole app
// on CIFAR-10 with two runs, in Chromium, collecting console errors, page errors and failed
// requests; the test fails on any and lists them.
describe('a walk through every screen leaves the console clean (Chromium)', () => {
  const dir = tempDir('headroom-e2e-walk-');
  const project = join(dir, 'c10.headroom');
  const file = join(DATASETS, 'cifar10_test/cifar10_test.csv');
  let app: App;
  let page: Page;
  const problems: string[] = [];
  const visited: string[] = [];

  beforeAll(async () => {
    app = await startApp(dir, {
      viewport: { width: 1440, height: 900 },
      configDir: join(dir, 'config'),
    });
    page = app.page;
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) =>
      problems.push(`failed request: ${r.url()} (${r.failure()?.errorText ?? ''})`),
    );
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  /** Back to the dashboard as each screen offers it ("← Dashboard", or "Back to the table" in review). */
  const back = () =>
    page
      .getByRole('button', { name: /^(← Dashboard|Back to the table)$/ })
      .first()
      .click();
  const onDashboard = () => page.locator('table.slices tbody tr').nth(2).waitFor();

  it('start, import preview, import, dashboard and both charts', async () => {
    await page.goto(app.server.url);
    await page.getByRole('heading', { name: 'Headroom' }).waitFor();
    visited.push('start');
    await page.getByLabel('Predictions file').fill(file);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByLabel('Role of label', { exact: true }).waitFor();
    visited.push('import preview');
    await page.getByLabel('Save project as').fill(project);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText(/Imported 10,000 of 10,000 rows/).waitFor({ timeout: 60_000 });
    // A second run, cheaply: every third cat predicted as a dog.
    const rows = readSimpleCsv(file);
    const worse = join(dir, 'worse.csv');
    writeFileSync(
      worse,
      `id,prediction\n${rows
        .map((r, i) => `${r.id},${r.label === 'cat' && i % 3 === 0 ? 'dog' : r.prediction}`)
        .join('\n')}\n`,
    );
    await ok(
      app.server.service.dispatch('imports.run', {
        project,
        file: worse,
        kind: 'run',
        name: 'worse',
      }),
    );
    await page.getByRole('button', { name: 'Open the headroom table' }).click();
    await onDashboard();
    visited.push('dashboard');
    await page.keyboard.press('g');
    await page.getByRole('img', { name: 'gap against share per slice' }).waitFor();
    await page.keyboard.press('g');
    await page.getByRole('img', { name: 'potential gain per slice' }).waitFor();
    visited.push('charts');
  });

  it('examples, detail, confusion matrix, tag manager and the "?" overlay', async () => {
    await page.getByRole('button', { name: 'Examples', exact: true }).click();
    await page.locator('.grid-row').first().waitFor();
    await page.keyboard.press('j');
    // The detail with the engine's answer (its line).
    await page.getByRole('complementary', { name: 'Example detail' }).getByText('line').waitFor();
    visited.push('examples', 'detail');
    await page.getByRole('tab', { name: 'Confusion matrix' }).click();
    await page.getByRole('table', { name: 'Confusion matrix' }).waitFor();
    visited.push('confusion matrix');
    await page.getByRole('tab', { name: 'Table' }).click();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.getByRole('button', { name: 'Manage tags' }).click();
    await page.getByRole('dialog', { name: 'Manage tags' }).waitFor();
    visited.push('tag manager');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Manage tags' }).waitFor({ state: 'detached' });
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    visited.push('? overlay');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'detached' });
    await back();
    await onDashboard();
  });

  it('discover, compare and review', async () => {
    await page.getByRole('button', { name: 'Discover slices' }).click();
    await page
      .getByRole('table', { name: 'Discovered slices' })
      .locator('tbody tr')
      .first()
      .waitFor();
    visited.push('discover');
    await back();
    await onDashboard();
    await page.getByRole('button', { name: 'Compare runs' }).click();
    await page.getByRole('heading', { name: 'Compare runs' }).waitFor();
    await page.getByLabel('Run B').selectOption('worse');
    await page.locator('table.compare-table tbody tr').first().waitFor();
    visited.push('compare');
    await back();
    await onDashboard();
    await page.getByRole('button', { name: 'Review labels' }).click();
    await page.getByLabel('Reviewer').waitFor();
    visited.push('review');
    await back();
    await onDashboard();
    await page.getByRole('button', { name: 'Close project' }).click();
    await page.getByRole('heading', { name: 'Recent projects' }).waitFor();
  });

  it('saw no console error, page error or failed request on any screen', () => {
    expect(visited).toEqual([
      'start',
      'import preview',
      'dashboard',
      'charts',
      'examples',
      'detail',
      'confusion matrix',
      'tag manager',
      '? overlay',
      'discover',
      'compare',
      'review',
    ]);
    expect(problems).toEqual([]);
    expect(app.offApp).toEqual([]);
  });
});
