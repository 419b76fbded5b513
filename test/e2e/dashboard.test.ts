import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunComparison } from '../../shared/compare.ts';
import type { Discovery } from '../../shared/discover.ts';
import type { Report } from '../../shared/report.ts';
import { startBrowserServer, type BrowserServer } from '../../electron/server/browser-server.ts';
import { DATASETS, ok, readSimpleCsv, tempDir } from '../helpers.ts';
import { SHOTS, buildRenderer, launchChromium } from './browser.ts';

/**
 * The UI end to end in Debian's Chromium against the browser mode: import CIFAR-10 through the
 * start screen, see the progress and the dashboard, check it against the engine's report, edit HLP
 * and ease and see the ranking change, reload and see the edits kept (and their undo history).
 */

describe('dashboard in the browser mode (Chromium)', () => {
  const dir = tempDir('headroom-e2e-');
  const project = join(dir, 'c10.headroom');
  let server: BrowserServer;
  let browser: Browser;
  let page: Page;
  const offApp: string[] = [];

  beforeAll(async () => {
    const staticDir = buildRenderer(join(dir, 'renderer'));
    server = await startBrowserServer({ staticDir });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    page.on('request', (r) => {
      if (
        !r.url().startsWith(`http://127.0.0.1:${server.port}/`) &&
        !r.url().startsWith(`ws://127.0.0.1:${server.port}/`)
      ) {
        offApp.push(r.url());
      }
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const engineReport = async () => ok<Report>(server.service.dispatch('slices.report', {}));
  const rowNames = async () =>
    page.$$eval('table.slices tbody tr', (rows) =>
      rows.map((r) => r.querySelector('.slice-name')?.firstChild?.textContent ?? ''),
    );

  it('imports through the start screen and shows the dashboard', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Headroom' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'start.png') });
    await page.getByLabel('Predictions file').fill(join(DATASETS, 'cifar10_test/cifar10_test.csv'));
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByLabel('Role of label', { exact: true }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'import-preview.png') });
    await page.getByLabel('Save project as').fill(project);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText(/Imported 10,000 of 10,000 rows/).waitFor({ timeout: 60_000 });
    const { overall } = await engineReport();
    await page
      .getByLabel('The import at a glance')
      .getByText(`model accuracy ${((overall.accuracy as number) * 100).toFixed(1)}%`)
      .waitFor();
    await page.screenshot({ path: join(SHOTS, 'import-summary.png') });
    await page.getByRole('button', { name: 'Open the headroom table' }).click();
    await page.locator('table.slices tbody tr').nth(3).waitFor();
    await page.screenshot({ path: join(SHOTS, 'dashboard.png'), fullPage: true });
    // These tests read the flat ranking: groups by source off (remembered for the reloads below;
    // the groups have their own test, slice-groups.test.ts).
    await page.getByLabel('Group by source').uncheck();
    await page.locator('tr.group-head').first().waitFor({ state: 'detached' });
  });

  it('shows the same top slice and figures as the engine report', async () => {
    const r = await engineReport();
    await expect.poll(async () => (await rowNames())[0]).toBe('all examples');
    await expect
      .poll(async () => (await rowNames()).slice(1, 6))
      .toEqual(r.slices.slice(0, 5).map((s) => s.name));
    const top = r.slices[0] as Report['slices'][number];
    const cell = (column: string) =>
      page.locator(`tr[data-slice="${top.id}"] td[data-column="${column}"]`).textContent();
    await expect.poll(() => cell('n')).toBe(top.n.toLocaleString('en-US'));
    await expect
      .poll(() => cell('accuracy'))
      .toContain(`${((top.accuracy as number) * 100).toFixed(1)}%`);
    await expect.poll(() => cell('hlp')).toContain(`${((top.hlp as number) * 100).toFixed(1)}%`);
    await expect
      .poll(() => cell('potential_gain'))
      .toContain(`${((top.potential_gain as number) * 100).toFixed(2)}%`);
  });

  it('an entered HLP and an ease change the ranking, and survive a reload', async () => {
    const before = await engineReport();
    // The slice that an HLP of 99.9% lifts to the top: the largest (0.999 - accuracy) × share.
    const lift = (x: Report['slices'][number]) => (0.999 - (x.accuracy ?? 1)) * x.share;
    const target = before.slices.slice(1).reduce((a, b) => (lift(b) > lift(a) ? b : a));
    expect(lift(target)).toBeGreaterThan(before.slices[0]?.priority ?? 0);
    await page
      .getByRole('button', {
        name: new RegExp(`^HLP of ${target.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`),
      })
      .click();
    const input = page.getByLabel(`HLP of ${target.name}`);
    await input.fill('99.9');
    await input.press('Enter');
    await page.waitForFunction(
      (id) =>
        document.querySelector('table.slices tbody tr:nth-child(2)')?.getAttribute('data-slice') ===
        id,
      target.id,
    );
    const first = (await engineReport()).slices[0];
    expect(first?.id).toBe(target.id);
    expect(first?.hlp).toBeCloseTo(0.999, 10);

    const topNow = first as Report['slices'][number];
    // Ease and importance show once one differs from 1, or when asked for under Columns.
    await page.locator('summary', { hasText: 'Columns' }).click();
    await page.getByLabel('Ease', { exact: true }).check();
    await page.locator('summary', { hasText: 'Columns' }).click();
    await page
      .getByRole('button', { name: `ease of ${topNow.name}: 1. Press Enter to edit` })
      .click();
    const ease = page.getByLabel(`ease of ${topNow.name}`);
    await ease.fill('0');
    await ease.press('Enter');
    await page.waitForFunction(
      (id) =>
        document.querySelector('table.slices tbody tr:nth-child(2)')?.getAttribute('data-slice') !==
        id,
      topNow.id,
    );
    await page.screenshot({ path: join(SHOTS, 'dashboard-edited.png'), fullPage: true });

    await page.reload();
    await page.locator(`tr[data-slice="${topNow.id}"]`).waitFor();
    const after = await engineReport();
    expect(after.slices.find((s) => s.id === topNow.id)).toMatchObject({
      hlp: 0.999,
      ease: 0,
      priority: 0,
    });
    await expect
      .poll(async () => (await rowNames()).slice(1, 4))
      .toEqual(after.slices.slice(0, 3).map((s) => s.name));
    expect(offApp).toEqual([]);
  });

  it('exports the table as Markdown, CSV and JSON equal to the engine', async () => {
    const r = await engineReport();
    for (const [label, ext] of [
      ['Markdown', 'md'],
      ['CSV', 'csv'],
      ['JSON', 'json'],
    ] as const) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: label }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`c10-headroom-cifar10_test-original.${ext}`);
      const path = await download.path();
      const text = (await import('node:fs')).readFileSync(path, 'utf8');
      if (ext === 'json') expect(JSON.parse(text)).toMatchObject({ ...r, project: 'c10.headroom' });
      else expect(text).toContain(r.slices[0]?.name as string);
    }
  });

  it('undoes and redoes HLP and ease edits with Ctrl+Z / Ctrl+Y, back to the HLP from data', async () => {
    const r = await engineReport();
    // A slice whose HLP comes from the human labels: an entered value, undone, restores it.
    const s = r.slices.find((x) => !x.hlp_entered && x.hlp !== null && x.kind === 'class');
    if (!s) throw new Error('no class slice with HLP from data');
    const esc = s.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await page.getByRole('button', { name: new RegExp(`^HLP of ${esc}:`) }).click();
    await page.getByLabel(`HLP of ${s.name}`).fill('50');
    await page.getByLabel(`HLP of ${s.name}`).press('Enter');
    const slice = async () => (await engineReport()).slices.find((x) => x.id === s.id);
    await expect.poll(async () => (await slice())?.hlp).toBe(0.5);
    await page.getByRole('button', { name: `ease of ${s.name}: 1. Press Enter to edit` }).click();
    await page.getByLabel(`ease of ${s.name}`).fill('3');
    await page.getByLabel(`ease of ${s.name}`).press('Enter');
    await expect.poll(async () => (await slice())?.ease).toBe(3);

    const status = page.getByRole('status');
    await page.keyboard.press('Control+z');
    await status.getByText(`Undone: ease of ${s.name}`).waitFor();
    expect(await slice()).toMatchObject({ ease: 1, hlp: 0.5, hlp_entered: true });
    await page.keyboard.press('Control+z');
    await status.getByText(`Undone: HLP of ${s.name}`).waitFor();
    expect(await slice()).toMatchObject({ hlp: s.hlp, hlp_entered: false, hlp_n: s.hlp_n });
    await page.keyboard.press('Control+y');
    await status.getByText(`Redone: HLP of ${s.name}`).waitFor();
    expect(await slice()).toMatchObject({ hlp: 0.5, hlp_entered: true, ease: 1 });
    // The table shows what the engine has.
    const row = page.locator(`tr[data-slice="${s.id}"]`);
    await expect.poll(() => row.textContent()).toContain('50.0%');
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await status.getByText(`Undone: HLP of ${s.name}`).waitFor();
    expect(await engineReport()).toEqual(r);
  });

  it('undo and redo survive a reload: the history is kept in the project', async () => {
    const r = await engineReport();
    const s = r.slices.find((x) => x.kind === 'class' && x.ease === 1 && !x.hlp_entered);
    if (!s) throw new Error('no class slice with ease 1');
    await page.getByRole('button', { name: `ease of ${s.name}: 1. Press Enter to edit` }).click();
    await page.getByLabel(`ease of ${s.name}`).fill('2');
    await page.getByLabel(`ease of ${s.name}`).press('Enter');
    const slice = async () => (await engineReport()).slices.find((x) => x.id === s.id);
    await expect.poll(async () => (await slice())?.ease).toBe(2);
    const undo = page.getByRole('button', { name: 'Undo', exact: true });
    const redo = page.getByRole('button', { name: 'Redo', exact: true });
    await expect.poll(() => undo.getAttribute('title')).toBe(`Undo ease of ${s.name} (Ctrl+Z)`);

    await page.reload();
    await page.locator(`tr[data-slice="${s.id}"]`).waitFor();
    await expect.poll(() => undo.getAttribute('title')).toBe(`Undo ease of ${s.name} (Ctrl+Z)`);
    const status = page.getByRole('status');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await status.getByText(`Undone: ease of ${s.name}`).waitFor();
    expect(await engineReport()).toEqual(r);
    await expect.poll(() => redo.getAttribute('title')).toBe(`Redo ease of ${s.name} (Ctrl+Y)`);

    await page.reload();
    await page.locator(`tr[data-slice="${s.id}"]`).waitFor();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+y');
    await status.getByText(`Redone: ease of ${s.name}`).waitFor();
    expect(await slice()).toMatchObject({ ease: 2 });
    await undo.click();
    await status.getByText(`Undone: ease of ${s.name}`).waitFor();
    expect(await engineReport()).toEqual(r);
  });

  it('Ctrl+E (File > Export Report) asks for a format and downloads it', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+e');
    const dialog = page.getByRole('dialog', { name: 'Export the table' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.keyboard.press('Control+e');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'JSON' }).click(),
    ]);
    const text = (await import('node:fs')).readFileSync(await download.path(), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ ...(await engineReport()), project: 'c10.headroom' });
    await dialog.waitFor({ state: 'detached' });
  });

  it('g shows gap against share: a dot per slice with a gap, and a click opens its examples', async () => {
    const r = await engineReport();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('g');
    const chart = page.getByRole('img', { name: 'gap against share per slice' });
    await chart.waitFor();
    await expect
      .poll(() => chart.locator('g.dot').count())
      .toBe(r.slices.filter((s) => s.gap !== null).length);
    const top = r.slices[0] as Report['slices'][number];
    const dot = chart.locator(`g.dot[data-slice="${top.id}"]`);
    await expect
      .poll(() => dot.locator('title').textContent())
      .toContain(`${top.name}: gap ${((top.gap as number) * 100).toFixed(1)}%`);
    await page.setViewportSize({ width: 1900, height: 900 }); // wide enough for the chart beside
    await page.waitForFunction(
      () => (document.querySelector('.chart-panel')?.getBoundingClientRect().x ?? 0) > 1000,
    );
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, 'dashboard-scatter.png') });
    await chart.screenshot({ path: join(SHOTS, 'chart-gap-share.png') });
    await page.setViewportSize({ width: 1500, height: 900 });
    await dot.locator('circle').click();
    await page.getByRole('heading', { name: 'Examples' }).waitFor();
    await page.getByText(`${top.n.toLocaleString('en-US')} examples`, { exact: true }).waitFor();
    await page.getByRole('button', { name: '← Dashboard' }).click();
    await page.getByRole('tab', { name: 'Potential gain' }).click();
    await page.getByRole('img', { name: 'potential gain per slice' }).waitFor();
  });

  it('an HLP entered with its n and source gets an interval; Use data goes back to the human labels', async () => {
    const before = await engineReport();
    const s = before.slices.find((x) => x.kind === 'class' && !x.hlp_entered);
    if (!s) throw new Error('no class slice with an HLP from data');
    const esc = s.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await page.getByRole('button', { name: new RegExp(`^HLP of ${esc}:`) }).click();
    await page.getByLabel(`HLP of ${s.name}`, { exact: true }).fill('97.5');
    await page.getByLabel(`HLP sample size, ${s.name}`).fill('1,200');
    await page.getByLabel(`HLP source, ${s.name}`).fill('two labelers, March audit');
    await page.screenshot({ path: join(SHOTS, 'hlp-editor.png') });
    await page.getByLabel(`HLP source, ${s.name}`).press('Enter');
    await expect
      .poll(async () => (await engineReport()).slices.find((x) => x.id === s.id)?.hlp_n)
      .toBe(1200);
    const entered = (await engineReport()).slices.find((x) => x.id === s.id);
    expect(entered).toMatchObject({
      hlp: 0.975,
      hlp_entered: true,
      hlp_source: 'two labelers, March audit',
    });
    expect(entered?.hlp_ci?.[0]).toBeLessThan(0.975);
    expect(entered?.hlp_ci?.[1]).toBeGreaterThan(0.975);
    // A sample size that is not a whole number is refused in place; nothing is sent.
    await page.getByRole('button', { name: new RegExp(`^HLP of ${esc}:`) }).click();
    await page.getByLabel(`HLP sample size, ${s.name}`).fill('12.5');
    await page.getByLabel(`HLP sample size, ${s.name}`).press('Enter');
    await page.getByRole('alert').getByText('n is a whole number').waitFor();
    await page.getByRole('button', { name: 'Use data' }).click();
    await expect
      .poll(async () => (await engineReport()).slices.find((x) => x.id === s.id)?.hlp_entered)
      .toBe(false);
    expect((await engineReport()).slices.find((x) => x.id === s.id)?.hlp).toBe(s.hlp);
  });

  it('a share entered as the expected production share re-ranks, is marked, and undoes', async () => {
    const before = await engineReport();
    const s = before.slices.find((x) => x.name === 'label = truck');
    if (!s) throw new Error('no label = truck slice');
    await page
      .locator(`tr[data-slice="${s.id}"]`)
      .getByRole('button', { name: /^share of label = truck:/ })
      .click();
    await page.getByLabel('share of label = truck').fill('45');
    await page.getByLabel('share of label = truck').press('Enter');
    await expect
      .poll(async () => (await engineReport()).slices.find((x) => x.id === s.id)?.share)
      .toBe(0.45);
    const after = await engineReport();
    const truck = after.slices.find((x) => x.id === s.id);
    expect(truck?.share_entered).toBe(true);
    expect(truck?.potential_gain).toBeCloseTo(Math.max(truck?.gap ?? 0, 0) * 0.45, 12);
    await expect
      .poll(() => page.locator(`tr[data-slice="${s.id}"] td`).nth(2).textContent())
      .toBe('45.0%*');
    await expect.poll(rowNames).toEqual(['all examples', ...after.slices.map((x) => x.name)]);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await page.getByRole('status').getByText('Undone: share of label = truck').waitFor();
    const undone = await engineReport();
    expect(undone.slices.find((x) => x.id === s.id)).toMatchObject({
      share: 0.1,
      share_entered: false,
    });
  });

  it("shows each slice's share of the errors, and the error rate once chosen in Columns (kept)", async () => {
    const r = await engineReport();
    const top = r.slices[0] as Report['slices'][number];
    const headers = () => page.locator('table.slices thead th').allTextContents();
    const cellOf = async (header: string) => {
      const i = (await headers()).indexOf(header);
      return page.locator(`tr[data-slice="${top.id}"] td`).nth(i).textContent();
    };
    expect(await headers()).not.toContain('Error rate');
    await expect
      .poll(() => cellOf('Of errors'))
      .toBe(`${((top.error_coverage as number) * 100).toFixed(1)}%`);
    await page.locator('.slice-table summary', { hasText: 'Columns' }).click();
    await page.getByLabel('Error rate').check();
    await expect.poll(headers).toContain('Error rate');
    await expect
      .poll(() => cellOf('Error rate'))
      .toBe(`${((top.error_rate as number) * 100).toFixed(1)}%`);
    await page.reload();
    await page.locator('table.slices tbody tr').nth(3).waitFor();
    // Kept: the column choice comes back with the view preferences, not with the rows.
    await expect.poll(headers).toContain('Error rate');
    await page.locator('.slice-table summary', { hasText: 'Columns' }).click();
    await page.getByLabel('Error rate').uncheck();
    await expect.poll(headers).not.toContain('Error rate');
  });

  it('compares two runs slice by slice and opens a regressed slice in the new run', async () => {
    // Run "worse": every third cat predicted as a dog (a cat when it was a dog already).
    const csv = readSimpleCsv(join(DATASETS, 'cifar10_test/cifar10_test.csv'));
    const file = join(dir, 'worse.csv');
    writeFileSync(
      file,
      [
        'id,prediction',
        ...csv.map((r, i) => {
          const p =
            r.label === 'cat' && i % 3 === 0
              ? r.prediction === 'dog'
                ? 'cat'
                : 'dog'
              : r.prediction;
          return `${r.id},${p}`;
        }),
      ].join('\n') + '\n',
    );
    await ok(server.service.dispatch('imports.run', { project, file, kind: 'run', name: 'worse' }));
    const c = await ok<RunComparison>(
      server.service.dispatch('runs.compare', { a: 'cifar10_test', b: 'worse' }),
    );
    await page.getByRole('button', { name: 'Compare runs' }).click();
    await page.getByRole('heading', { name: 'Compare runs' }).waitFor();
    // The run pickers are filled from the project's runs, a query after the heading is drawn.
    await expect.poll(() => page.getByLabel('Run A').inputValue()).toBe('cifar10_test');
    await expect.poll(() => page.getByLabel('Run B').inputValue()).toBe('worse');
    const regressions = c.slices.filter((s) => s.regression).length;
    await page
      .getByRole('status')
      .getByText(`${regressions} slices are significantly worse`)
      .waitFor();
    const rows = page.locator('table.compare-table tbody tr');
    await expect
      .poll(() => rows.evaluateAll((trs) => trs.map((t) => t.getAttribute('data-slice'))))
      .toEqual(['overall', ...c.slices.map((s) => s.id)]);
    const cat = c.slices.find((s) => s.name === 'label = cat');
    const cells = () => page.locator(`tr[data-slice="${cat?.id}"] td`).allTextContents();
    await expect.poll(async () => (await cells())[1]).toBe('1,000');
    await expect
      .poll(async () => (await cells())[4])
      .toContain(`${((cat?.diff ?? 0) * 100).toFixed(1)}`);
    await expect.poll(async () => (await cells())[8]).toBe('regression');
    await page.screenshot({ path: join(SHOTS, 'compare.png'), fullPage: true });
    await page
      .locator(`tr[data-slice="${cat?.id}"]`)
      .getByRole('button', { name: 'label = cat' })
      .click();
    await page.getByRole('heading', { name: 'Examples' }).waitFor();
    await page.getByText('1,000 examples', { exact: true }).waitFor();
    await expect.poll(() => page.getByLabel('Run', { exact: true }).inputValue()).toBe('worse');
  });

  it('discovers slices, opens one in the errors browser and keeps it as a tag', async () => {
    await page.getByRole('button', { name: '← Dashboard' }).click();
    await page.getByLabel('Run', { exact: true }).selectOption('cifar10_test');
    await page.getByRole('button', { name: 'Discover slices' }).click();
    const table = page.getByRole('table', { name: 'Discovered slices' });
    await table.waitFor();
    const d = await ok<Discovery>(
      server.service.dispatch('slices.discover', { run: 'cifar10_test' }),
    );
    // The table is drawn before the search answers: wait for its rows.
    await expect
      .poll(() =>
        table
          .locator('tbody tr')
          .evaluateAll((trs) => trs.map((t) => t.getAttribute('data-discovered'))),
      )
      .toEqual(d.slices.map((s) => s.name));
    const top = d.slices[0] as Discovery['slices'][number];
    await page.screenshot({ path: join(SHOTS, 'discover.png') });
    const row = table.locator(`tr[data-discovered="${top.name}"]`);
    await row.getByRole('button', { name: 'Examples' }).click();
    await page.getByText(`${top.n.toLocaleString('en-US')} examples`, { exact: true }).waitFor();
    await page
      .getByRole('button', { name: 'Remove the discovered slice from the filter' })
      .waitFor();
    await page.getByRole('button', { name: '← Dashboard' }).click();
    await page.getByRole('button', { name: 'Discover slices' }).click();
    await row.getByRole('button', { name: 'Keep as tag…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Keep the slice as a tag' });
    await dialog.getByLabel('Tag name').fill('found by search');
    await dialog.getByLabel('Tag name').press('Enter');
    await page
      .getByRole('status')
      .getByText(`Tagged ${top.n.toLocaleString('en-US')} examples as "found by search"`)
      .waitFor();
    const tags = await ok<{ tags: { name: string; n: number }[] }>(
      server.service.dispatch('tags.list', {}),
    );
    expect(tags.tags.find((t) => t.name === 'found by search')?.n).toBe(top.n);
  });
});
