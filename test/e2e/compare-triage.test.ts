import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserServer } from '../../electron/server/browser-server.ts';
import { DATASETS, ok, readSimpleCsv, tempDir } from '../helpers.ts';
import { startApp, type App } from './browser.ts';

/**
 * Compare runs -> a regressed slice (issue #20.6), in Chromium on CIFAR-10 and a second run that
 * gets every third cat wrong: the "A only" count opens the examples A gets right and B wrong, A's
 * prediction beside B's; the filter bar switches to the reverse; the slice's CSV export from
 * Compare holds the same examples. Every expected figure is counted here from the two CSVs.
 */
describe('from Compare to the regressed examples (Chromium, CIFAR-10)', () => {
  const dir = tempDir('headroom-e2e-compare-triage-');
  const project = join(dir, 'c10.headroom');
  const csv = readSimpleCsv(join(DATASETS, 'cifar10_test/cifar10_test.csv'));
  const worse = csv.map((r, i) =>
    r.label === 'cat' && i % 3 === 0 ? (r.prediction === 'dog' ? 'cat' : 'dog') : r.prediction,
  );
  const cats = csv.map((r, i) => ({ r, b: worse[i] })).filter((x) => x.r.label === 'cat');
  const aRightBWrong = cats.filter((x) => x.r.prediction === 'cat' && x.b !== 'cat');
  const aWrongBRight = cats.filter((x) => x.r.prediction !== 'cat' && x.b === 'cat');
  let app: App;
  let server: BrowserServer;
  let page: Page;

  beforeAll(async () => {
    app = await startApp(dir);
    ({ server, page } = app);
    await ok(
      server.service.dispatch('imports.run', {
        project,
        file: join(DATASETS, 'cifar10_test/cifar10_test.csv'),
      }),
    );
    const file = join(dir, 'worse.csv');
    writeFileSync(
      file,
      ['id,prediction', ...csv.map((r, i) => `${r.id},${worse[i]}`)].join('\n') + '\n',
    );
    await ok(server.service.dispatch('imports.run', { project, file, kind: 'run', name: 'worse' }));
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  const catRow = () => page.locator('tr[data-slice="class:cat"]');

  it("'A only' opens A right, B wrong with A's prediction beside B's", async () => {
    expect(aRightBWrong.length).toBeGreaterThan(50);
    await page.goto(server.url);
    await page.getByLabel('Project file', { exact: true }).fill(project);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('button', { name: 'Compare runs' }).click();
    await page.getByRole('heading', { name: 'Compare runs' }).waitFor();
    await catRow()
      .getByRole('button', { name: `A right, B wrong: ${aRightBWrong.length}` })
      .click();
    await page.getByRole('heading', { name: 'Examples' }).waitFor();
    await page
      .locator('.count')
      .getByText(`${aRightBWrong.length} examples`, { exact: true })
      .waitFor();
    await expect.poll(() => page.getByLabel('Run', { exact: true }).inputValue()).toBe('worse');
    await expect
      .poll(() => page.getByLabel('Compared with run A').inputValue())
      .toBe('a-right-b-wrong');
    // The "A prediction" column comes with the compared run's rows: wait for it, then read.
    await page
      .locator('.grid-head [role=columnheader]', { hasText: /^A prediction/ })
      .first()
      .waitFor();
    const heads = await page.locator('.grid-head [role=columnheader]').allTextContents();
    const at = (h: string) => heads.findIndex((x) => x.startsWith(h));
    expect(at('A prediction')).toBe(at('Prediction') + 1);
    const rows = page.locator('.grid-row[data-id]');
    await rows.first().waitFor();
    const byId = new Map(aRightBWrong.map((x) => [x.r.id, x]));
    // Rows in view that are not A right, B wrong, or whose predictions are not the two runs'
    // (the cells after the checkbox: id, input, label, prediction (B), A prediction, ...). Polled:
    // the rows in view are drawn as their pages arrive.
    const wrongRows = async () => {
      const shown = await rows.evaluateAll((els) =>
        els.map((e) => ({
          id: e.getAttribute('data-id'),
          cells: [...e.querySelectorAll('[role=gridcell]')].map((c) => c.textContent ?? ''),
        })),
      );
      const bad = shown.filter((s) => {
        const want = byId.get(s.id as string);
        return !want || s.cells[3] !== want.b || s.cells[4] !== `${want.r.prediction} ✓`;
      });
      return { moreThan10: shown.length > 10, bad };
    };
    await expect.poll(wrongRows).toEqual({ moreThan10: true, bad: [] });
  });

  it('the filter bar switches to A wrong, B right', async () => {
    expect(aWrongBRight.length).toBeGreaterThan(0);
    await page.getByLabel('Compared with run A').selectOption('a-wrong-b-right');
    await page
      .locator('.count')
      .getByText(`${aWrongBRight.length} example${aWrongBRight.length === 1 ? '' : 's'}`, {
        exact: true,
      })
      .waitFor();
    // The rows in view (the table is virtualised) are all among them, once the new filter's rows
    // have replaced the old ones.
    const want = new Set(aWrongBRight.map((x) => x.r.id));
    await expect
      .poll(async () => {
        const ids = await page
          .locator('.grid-row[data-id]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
        return {
          enough: ids.length >= Math.min(want.size, 15),
          others: ids.filter((id) => !want.has(id as string)),
        };
      })
      .toEqual({ enough: true, others: [] });
  });

  it("exports the slice's A right, B wrong examples as CSV from Compare", async () => {
    await page.getByRole('button', { name: '← Dashboard' }).click();
    await page.getByRole('button', { name: 'Compare runs' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      catRow().getByRole('button', { name: 'Export A right, B wrong as CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('c10-worse-vs-cifar10_test-a-right-b-wrong.csv');
    const file = join(dir, 'export.csv');
    await download.saveAs(file);
    const rows = readSimpleCsv(file);
    expect(rows.map((r) => r.id)).toEqual(aRightBWrong.map((x) => x.r.id));
    for (const [k, r] of rows.entries()) {
      expect(r['prediction_a (cifar10_test)']).toBe(aRightBWrong[k]?.r.prediction);
      expect(r['prediction_b (worse)']).toBe(aRightBWrong[k]?.b);
    }
    // The browser mode downloads (the desktop app's save dialog: desktop-renderer.test.ts).
    await page
      .getByText(
        `Downloaded ${aRightBWrong.length} examples as c10-worse-vs-cifar10_test-a-right-b-wrong.csv`,
      )
      .waitFor();
  });
});
