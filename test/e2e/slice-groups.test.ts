import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserServer } from '../../electron/server/browser-server.ts';
import type { Report } from '../../shared/report.ts';
import { DATASETS, ok, tempDir } from '../helpers.ts';
import { startApp, type App } from './browser.ts';

// Issue #18: the dashboard table groups slices by source (collapsible, the top 3 of each group
// shown, a count of the rest, remembered), and a slice repeating another sits collapsed under it.
describe('slice groups by source in the dashboard (Chromium)', () => {
  const dir = tempDir('headroom-e2e-groups-');
  const project = join(dir, 'c10.headroom');
  let app: App;
  let server: BrowserServer;
  let page: Page;
  let report: Report;

  beforeAll(async () => {
    app = await startApp(dir, { viewport: { width: 1440, height: 900 } });
    ({ server, page } = app);
    await ok(
      server.service.dispatch('imports.run', {
        project,
        file: join(DATASETS, 'cifar10_test/cifar10_test.csv'),
        map: { human_majority: 'metadata' },
      }),
    );
    await ok(server.service.dispatch('project.open', { path: project }));
    report = await ok<Report>(server.service.dispatch('slices.report', {}));
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  const shownIds = () =>
    page.$$eval('table.slices tbody tr[data-slice]', (rows) =>
      rows.map((r) => r.getAttribute('data-slice') ?? ''),
    );

  it('shows one head per source, the top 3 of each, and opens a group on a click', async () => {
    await page.goto(server.url);
    // The server has the project open: the page opens on its dashboard.
    const classes = page.locator('tr.group-head[data-group="classes"]');
    await classes.waitFor();
    const classIds = report.slices
      .filter((s) => s.kind === 'class' && s.redundant_with === undefined)
      .map((s) => s.id);
    expect(classIds.length).toBe(10);
    await expect(classes.textContent()).resolves.toContain('10 slices');
    await expect
      .poll(async () => (await shownIds()).filter((id) => id.startsWith('class:')))
      .toEqual(classIds.slice(0, 3));
    await expect.poll(() => page.locator('tr.group-head').count()).toBe(3); // class_group, human_majority, classes
    await page
      .locator('tr.group-more[data-group="classes"]')
      .getByRole('button', { name: '7 more' })
      .click();
    await page.locator(`tr[data-slice="${classIds[9]}"]`).waitFor();
    await expect
      .poll(async () => (await shownIds()).filter((id) => id.startsWith('class:')))
      .toEqual(classIds);
    // Remembered like the other view preferences.
    await page.reload();
    await page.locator(`tr[data-slice="${classIds[9]}"]`).waitFor();
    await classes.getByRole('button').click();
    await page.locator(`tr[data-slice="${classIds[9]}"]`).waitFor({ state: 'detached' });
  });

  it('a repeating slice is hidden under the slice it repeats until shown', async () => {
    const rep = report.slices.find((s) => s.redundant_with !== undefined);
    expect(rep).toBeDefined();
    const kept = report.slices.find((s) => s.id === rep?.redundant_with) as Report['slices'][0];
    // Open the group holding the kept slice so it is on screen.
    const more = page.locator('tr.group-more[data-group="classes"]').getByRole('button');
    if ((await shownIds()).indexOf(kept.id) < 0) await more.click();
    await page.locator(`tr[data-slice="${kept.id}"]`).waitFor();
    expect(await shownIds()).not.toContain(rep?.id);
    const reps = report.slices.filter((s) => s.redundant_with === kept.id).length;
    await page
      .getByRole('button', {
        name: `Show ${reps} ${reps === 1 ? 'slice that repeats' : 'slices that repeat'} ${kept.name}`,
      })
      .click();
    const row = page.locator(`tr.repeat[data-slice="${rep?.id}"]`);
    await row.waitFor();
    const ids = await shownIds();
    expect(ids.indexOf(rep?.id as string)).toBe(ids.indexOf(kept.id) + 1);
    // Flat ranking on request: no heads, the repeats still under their slice.
    await page.getByLabel('Group by source').uncheck();
    await page.locator('tr.group-head').first().waitFor({ state: 'detached' });
    const ranked = report.slices.filter((s) => s.redundant_with === undefined).map((s) => s.id);
    await expect
      .poll(async () =>
        (await shownIds()).filter(
          (id) => id !== 'overall' && !report.slices.find((s) => s.id === id)?.redundant_with,
        ),
      )
      .toEqual(ranked);
  });
});
