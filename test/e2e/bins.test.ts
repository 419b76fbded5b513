import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserServer } from '../../electron/server/browser-server.ts';
import { generateSampleCsv } from '../../electron/core/sample/sample-data.ts';
import type { Report } from '../../shared/report.ts';
import { ok, tempDir } from '../helpers.ts';
import { SHOTS, startApp, type App } from './browser.ts';

// Issue #18: a numeric column's group head has a bin-count control and, collapsed, a one-line
// "as bins" summary; a new count re-cuts the column and Ctrl+Z takes it back.
describe('numeric bins in the dashboard (Chromium)', () => {
  const dir = tempDir('headroom-e2e-bins-');
  const csv = join(dir, 'sample.csv');
  const project = join(dir, 'sample.headroom');
  let app: App;
  let server: BrowserServer;
  let page: Page;

  beforeAll(async () => {
    writeFileSync(csv, generateSampleCsv());
    app = await startApp(dir, { viewport: { width: 1440, height: 900 } });
    ({ server, page } = app);
    await ok(server.service.dispatch('imports.run', { project, file: csv }));
    await ok(server.service.dispatch('project.open', { path: project }));
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  const BIN = 'meta:tenure_months:bin';
  const engineBins = async () =>
    (await ok<Report>(server.service.dispatch('slices.report', {}))).slices.filter((s) =>
      s.id.startsWith(BIN),
    );
  const shownBins = () =>
    page.$$eval('table.slices tbody tr[data-slice]', (rows) =>
      rows
        .map((r) => r.getAttribute('data-slice') ?? '')
        .filter((id) => id.startsWith('meta:tenure_months:bin')),
    );

  it('sets 4 bins from the group head, shows them, and Ctrl+Z goes back', async () => {
    await page.goto(server.url);
    const head = page.locator('tr.group-head[data-group="column:tenure_months"]');
    await head.waitFor();
    const before = await engineBins();
    expect(before).toHaveLength(10);
    // Collapsed: the one-line summary names the bin with the largest gap.
    const worst = [...before].sort((a, b) => (b.gap ?? -1) - (a.gap ?? -1))[0];
    await expect(head.locator('.bin-summary').textContent()).resolves.toContain(
      `as bins: 10 bins, worst gap ${((worst?.gap as number) * 100).toFixed(1)}% in ${worst?.name}`,
    );
    const select = page.getByLabel('Bins of tenure_months');
    expect(await select.inputValue()).toBe('default');

    await select.selectOption('4');
    await head.getByText('4 slices').waitFor();
    const four = await engineBins();
    expect(four).toHaveLength(4);
    // The report and the bin counts are two queries: wait for the select's own refetch.
    await expect.poll(() => select.inputValue()).toBe('4');
    await head.getByRole('button', { name: /column tenure_months/ }).click();
    await page.locator(`tr[data-slice="${BIN}3"]`).waitFor();
    expect((await shownBins()).sort()).toEqual(four.map((s) => s.id).sort());
    await page.screenshot({ path: join(SHOTS, 'bins.png') });

    // Undo from the keyboard, with the focus off the select.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await head.getByText('10 slices').waitFor();
    await expect.poll(() => select.inputValue()).toBe('default');
    expect(await shownBins()).toHaveLength(10);
    expect((await engineBins()).map((s) => s.n)).toEqual(before.map((s) => s.n));
  });
});
