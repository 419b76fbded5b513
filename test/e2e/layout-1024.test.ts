import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserServer } from '../../electron/server/browser-server.ts';
import { DATASETS, ok, tempDir } from '../helpers.ts';
import { SHOTS, startApp, type App } from './browser.ts';

/**
 * The errors browser at 1024x768 (issue #20.11), MNIST: no column of the examples table is cut
 * off: every header cell lies inside the window, and inside the table's own visible box.
 */
describe('the examples table at 1024x768 (Chromium, MNIST)', () => {
  const dir = tempDir('headroom-e2e-1024-');
  const project = join(dir, 'mnist.headroom');
  let app: App;
  let server: BrowserServer;
  let page: Page;

  beforeAll(async () => {
    app = await startApp(dir, { viewport: { width: 1024, height: 768 } });
    ({ server, page } = app);
    await ok(
      server.service.dispatch('imports.run', {
        project,
        file: join(DATASETS, 'mnist_test/mnist_test.csv'),
      }),
    );
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('shows every header cell of the examples table inside the viewport', async () => {
    await page.goto(server.url);
    await page.getByLabel('Project file', { exact: true }).fill(project);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('button', { name: 'Examples', exact: true }).click();
    await page.locator('.grid-row[data-id]').first().waitFor();
    // The columns present and the ones cut off, in one read. Polled: the columns come with the
    // rows' query, and their widths are laid out after the first rows are drawn.
    const layout = async () => {
      const boxes = await page.locator('.grid-head [role=columnheader]').evaluateAll((els) => {
        const grid = (els[0]?.closest('.grid') as HTMLElement).getBoundingClientRect();
        return els.map((e) => {
          const r = e.getBoundingClientRect();
          return {
            text: e.textContent ?? '',
            left: r.left,
            right: r.right,
            gridLeft: grid.left,
            gridRight: grid.right,
          };
        });
      });
      const heads = boxes.map((b) => b.text);
      const cut = boxes.filter(
        (b) => b.left < 0 || b.right > 1024 || b.left < b.gridLeft - 1 || b.right > b.gridRight + 1,
      );
      return {
        missing: ['Confidence', 'Correct', 'Tags'].filter(
          (h) => !heads.some((t) => t.startsWith(h)),
        ),
        cut: cut.map((b) => `${b.text} [${b.left.toFixed(0)}, ${b.right.toFixed(0)}]`),
      };
    };
    await expect.poll(layout).toEqual({ missing: [], cut: [] });
    await page.screenshot({ path: join(SHOTS, 'examples-1024.png') });
  });
});
