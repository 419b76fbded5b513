import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { startBrowserServer, type BrowserServer } from '../../electron/server/browser-server.ts';
import { tempDir } from '../helpers.ts';
import { SHOTS, buildRenderer, launchChromium } from '../e2e/browser.ts';
import { MNIST_IMAGES, pngHeader } from './media-tree.ts';

/**
 * MediaPreview in Chromium (I-09 [C]) through the review screen: a real MNIST image (pixelated,
 * zoom keys), a missing file, a decompression-bomb header and an XSS string as text, each a
 * placeholder or text, never a crash, nothing executed, no request off the app.
 */
describe('media preview in the browser mode (Chromium)', () => {
  const dir = tempDir('headroom-e2e-media-');
  const root = join(dir, 'data');
  const project = join(dir, 'preview.headroom');
  const xss = '<img src=x onerror="window.__pwned=1"> <b>bold</b>';
  let server: BrowserServer;
  let browser: Browser;
  let page: Page;
  const offApp: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(join(root, 'images'), { recursive: true });
    copyFileSync(join(MNIST_IMAGES, '00042.png'), join(root, 'images/digit.png'));
    writeFileSync(join(root, 'images/bomb.png'), pngHeader(20_000, 20_000));
    const rows = [
      ['digit', 'images/digit.png'],
      ['missing', 'images/missing.png'],
      ['bomb', 'images/bomb.png'],
      ['xss', xss],
    ];
    // Every label looks wrong to the model, so all four are suspects in the review queue.
    writeFileSync(
      join(root, 'preview.csv'),
      'id,input,label,prediction,p_a,p_b\n' +
        rows
          .map(([id, input]) => `${id},"${input?.replace(/"/g, '""')}",a,b,0.05,0.95`)
          .join('\n') +
        '\n',
    );
    await runImport({ project, file: join(root, 'preview.csv') });
    const staticDir = buildRenderer(join(dir, 'renderer'));
    server = await startBrowserServer({ staticDir, project });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    page.on('request', (r) => {
      if (!r.url().startsWith(`http://127.0.0.1:${server.port}/`) && !r.url().startsWith('ws:'))
        offApp.push(r.url());
    });
    page.on('pageerror', (e) => errors.push(e.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows each kind of input for what it is, and a placeholder for broken media', async () => {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Review labels' }).click();
    await page.locator('section.suspect').waitFor();
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const id = (await page.locator('section.suspect').getAttribute('data-id')) as string;
      seen.add(id);
      const section = page.locator(`section.suspect[data-id="${id}"]`);
      if (id === 'digit') {
        const img = section.locator('img.pixelated');
        await page.waitForFunction(
          () =>
            (document.querySelector('img.pixelated') as HTMLImageElement | null)?.naturalWidth ===
            28,
        );
        const width = async () => img.evaluate((e) => e.getBoundingClientRect().width);
        const start = await width();
        expect(start).toBeGreaterThanOrEqual(28 * 8); // scaled up from 28 px
        await section.locator('.media-zoom-box').focus();
        await page.keyboard.press('+');
        await expect.poll(width).toBeGreaterThan(start);
        await page.keyboard.press('0');
        await expect.poll(width).toBe(start);
        await page.screenshot({ path: join(SHOTS, 'media-preview.png') });
      } else if (id === 'xss') {
        await expect.poll(() => section.locator('pre.media-preview.text').textContent()).toBe(xss);
        expect(await section.locator('pre.media-preview.text b').count()).toBe(0);
      } else {
        await section.locator('.media-placeholder').waitFor();
        // A file that is there but broken cannot be loaded; a missing one is said plainly,
        // without asking the media route for it.
        expect(await section.locator('.media-placeholder').textContent()).toMatch(
          /could not be loaded|the media file does not exist/,
        );
      }
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('s');
      if (i < 3) {
        await page.waitForFunction(
          (prev) => document.querySelector('section.suspect')?.getAttribute('data-id') !== prev,
          id,
        );
      }
    }
    expect([...seen].sort()).toEqual(['bomb', 'digit', 'missing', 'xss']);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBe(
      undefined,
    );
    expect(errors).toEqual([]);
    expect(offApp).toEqual([]);
  });
});
