import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPercent } from '../../shared/format.ts';
import type { Report } from '../../shared/report.ts';
import type { BrowserServer } from '../../electron/server/browser-server.ts';
import { DATASETS, REPO, headroomCli, ok, tempDir } from '../helpers.ts';
import { startApp, type App } from './browser.ts';

/**
 * The decision threshold on the dashboard (issue #15), in Chromium on IMDB: pick the positive
 * class, move the slider with the keyboard to 0.70, and the overall precision and recall, the
 * table's accuracy and its per-slice precision and recall are the CLI's for
 * `report --positive Positive --threshold 0.7`, and so is the table's JSON export.
 */
describe('threshold control (Chromium)', () => {
  const dir = tempDir('headroom-e2e-threshold-');
  const project = join(dir, 'imdb.headroom');
  let app: App;
  let server: BrowserServer;
  let page: Page;

  beforeAll(async () => {
    app = await startApp(dir);
    ({ server, page } = app);
    await ok(
      server.service.dispatch('imports.run', {
        project,
        file: join(DATASETS, 'imdb_test/imdb_test.csv'),
      }),
    );
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  /** The CLI's report at --positive Positive --threshold 0.7 under a metric. */
  const cli = (metric: string): Report => {
    const r = headroomCli(
      dir,
      'report',
      project,
      '--format',
      'json',
      '--positive',
      'Positive',
      '--threshold',
      '0.7',
      '--metric',
      metric,
    );
    expect(r.err).toBe('');
    return JSON.parse(r.out) as Report;
  };
  /** The text of a column's cell in a slice's row, the column found by its header. */
  const cell = async (sliceId: string, header: string) => {
    const heads = await page.$$eval('table.slices thead th', (ths) =>
      ths.map((th) => th.textContent?.trim() ?? ''),
    );
    const at = heads.findIndex((h) => h.startsWith(header));
    expect(at, `column ${header} in ${heads.join(', ')}`).toBeGreaterThanOrEqual(0);
    return (
      (await page.locator(`tr[data-slice="${sliceId}"] td`).nth(at).textContent()) ?? ''
    ).trim();
  };

  it('is keyboard driven and shows the figures the CLI gives at 0.7', async () => {
    await page.goto(server.url);
    await page.getByLabel('Project file', { exact: true }).fill(project);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.locator('table.slices tbody tr').nth(2).waitFor();
    // The flat ranking (grouping by source is the default).
    await page.getByLabel('Group by source').uncheck();
    // Without a positive class the slider is off and the table has no precision column.
    const slider = page.getByRole('slider', { name: 'Decision threshold' });
    expect(await slider.isDisabled()).toBe(true);
    expect(await page.locator('table.slices thead th', { hasText: 'Precision' }).count()).toBe(0);

    await page.getByLabel('Positive class').focus();
    await page.getByLabel('Positive class').selectOption('Positive');
    await expect.poll(() => slider.isDisabled()).toBe(false);
    await slider.focus();
    for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
    await page.getByLabel('Threshold value').getByText('p ≥ 0.70').waitFor();

    const precision = cli('precision:Positive');
    const recall = cli('recall:Positive');
    const accuracy = cli('accuracy');
    expect([accuracy.threshold, accuracy.positive]).toEqual([0.7, 'Positive']);
    const figure = (name: string) => page.locator(`[data-figure="${name}"]`);
    // The figures arrive after the slider rests (debounced): wait for the CLI's values.
    await figure('precision')
      .getByText(formatPercent(precision.overall.accuracy), { exact: true })
      .waitFor();
    await figure('recall')
      .getByText(formatPercent(recall.overall.accuracy), { exact: true })
      .waitFor();
    await expect
      .poll(() => cell('overall', 'Accuracy'))
      .toMatch(new RegExp(`^${formatPercent(accuracy.overall.accuracy).replace('.', '\\.')}`));

    // Per slice: precision and recall columns, and the ranking, as the CLI's.
    const byId = (r: Report) => new Map([r.overall, ...r.slices].map((s) => [s.id, s]));
    const p = byId(precision);
    const rc = byId(recall);
    const rowIds = () =>
      page.$$eval('table.slices tbody tr', (rows) =>
        rows.map((r) => r.getAttribute('data-slice') ?? ''),
      );
    await expect
      .poll(async () => (await rowIds()).slice(1, 6))
      .toEqual(accuracy.slices.slice(0, 5).map((s) => s.id));
    const ids = await rowIds();
    // Precision and recall per slice are their own reports (one a metric): polled, each cell.
    for (const id of ids.slice(0, 8)) {
      await expect
        .poll(async () => [id, await cell(id, 'Precision (Positive)')])
        .toEqual([id, formatPercent(p.get(id)?.accuracy)]);
      await expect
        .poll(async () => [id, await cell(id, 'Recall (Positive)')])
        .toEqual([id, formatPercent(rc.get(id)?.accuracy)]);
    }
    // The slider's value is text for screen readers too.
    expect(await slider.getAttribute('aria-valuetext')).toBe('p >= 0.70');
    await page.screenshot({ path: join(REPO, 'docs/screenshots/threshold.png') });
  });

  it("exports the table at the threshold: the CLI's report --positive Positive --threshold 0.7", async () => {
    // Still at 0.70 from the test above.
    await page.getByLabel('Threshold value').getByText('p ≥ 0.70').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'JSON', exact: true }).click(),
    ]);
    const json = JSON.parse(readFileSync(await download.path(), 'utf8')) as Report;
    expect(json).toMatchObject({ ...cli('accuracy'), project: basename(project) });
  });
});
