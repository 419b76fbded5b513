import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserServer } from '../../electron/server/browser-server.ts';
import type { Report } from '../../shared/report.ts';
import { DATASETS, REPO, ok, tempDir } from '../helpers.ts';
import { SHOTS, startApp, type App } from './browser.ts';

// Issue #18: on a 1440 px screen the chart stands beside the table, every label readable, `g`
// switches it in place; at 1024x768 no table column is cut off (the chart goes under the table).
type Box = { x: number; y: number; width: number; height: number };
const inside = (b: Box, v: { width: number; height: number }) =>
  b.x >= 0 && b.y >= 0 && b.x + b.width <= v.width + 0.5 && b.y + b.height <= v.height + 0.5;

describe('dashboard layout (Chromium)', () => {
  const dir = tempDir('headroom-e2e-layout-');
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
      }),
    );
    await ok(server.service.dispatch('project.open', { path: project }));
    report = await ok<Report>(server.service.dispatch('slices.report', {}));
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  const box = async (selector: string) =>
    (await page.locator(selector).first().boundingBox()) as Box;
  /** Every slice label of the visible chart: its text, its tooltip, its box and the chart's. */
  const chartLabels = () =>
    page.$$eval('.dash-chart svg', (svgs) =>
      svgs.flatMap((svg) => {
        const s = svg.getBoundingClientRect();
        return [...svg.querySelectorAll('text.chart-label')]
          .filter(
            (t) => t.querySelector('title') || t.parentElement?.querySelector(':scope > title'),
          )
          .map((t) => {
            const r = t.getBoundingClientRect();
            const title =
              t.querySelector('title')?.textContent ??
              t.parentElement?.querySelector(':scope > title')?.textContent ??
              '';
            return {
              text: [...t.childNodes]
                .filter((n) => n.nodeType === 3)
                .map((n) => n.textContent)
                .join(''),
              title,
              box: { x: r.x, y: r.y, width: r.width, height: r.height },
              svg: { x: s.x, y: s.y, width: s.width, height: s.height },
            };
          });
      }),
    );
  const names = () => new Set(report.slices.map((s) => s.name));

  function checkLabels(
    labels: Awaited<ReturnType<typeof chartLabels>>,
    viewport: { width: number; height: number },
  ) {
    expect(labels.length).toBeGreaterThan(0);
    for (const l of labels) {
      expect(l.text).not.toContain('…');
      // The name, or its documented short form (the value part) with the full name in the tooltip.
      const full = l.title.split(':')[0] as string;
      const name = names().has(l.text) ? l.text : full;
      expect(names().has(name), `${l.text} / ${l.title}`).toBe(true);
      expect(l.text === name || name.endsWith(l.text)).toBe(true);
      expect(inside(l.box, viewport), `${l.text} in the viewport`).toBe(true);
      expect(l.box.x).toBeGreaterThanOrEqual(l.svg.x - 0.5);
      expect(l.box.x + l.box.width).toBeLessThanOrEqual(l.svg.x + l.svg.width + 0.5);
    }
  }

  it('1440x900: the chart beside the table in the viewport, labels whole, headers inside', async () => {
    const viewport = { width: 1440, height: 900 };
    await page.goto(server.url);
    await page.locator('.dash-chart svg').first().waitFor();
    const table = await box('table.slices');
    const chart = await box('.dash-chart');
    expect(chart.x).toBeGreaterThanOrEqual(table.x + table.width);
    expect(inside(chart, viewport)).toBe(true);
    const labels = await chartLabels();
    checkLabels(labels, viewport);
    // The top slices of the ranking are the gain chart's labels, whole.
    const ranked = report.slices.filter((s) => s.potential_gain !== null).slice(0, labels.length);
    expect(labels.map((l) => l.title)).toEqual(ranked.map((s) => s.name));
    for (const th of await page.locator('table.slices thead th').all()) {
      expect(inside((await th.boundingBox()) as Box, viewport)).toBe(true);
    }
    mkdirSync(join(REPO, 'docs/screenshots'), { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'dashboard-1440.png') });
    copyFileSync(
      join(SHOTS, 'dashboard-1440.png'),
      join(REPO, 'docs/screenshots/dashboard-1440.png'),
    );
  });

  it('g switches the chart in place: no scrolling, the scatter labels whole', async () => {
    const before = await box('.dash-chart');
    const scroll = await page.evaluate(() => window.scrollY);
    await page.keyboard.press('g');
    await page.getByRole('img', { name: 'gap against share per slice' }).waitFor();
    const after = await box('.dash-chart');
    expect(after.x).toBe(before.x);
    expect(after.y).toBe(before.y);
    expect(await page.evaluate(() => window.scrollY)).toBe(scroll);
    expect(inside(await box('.dash-chart svg'), { width: 1440, height: 900 })).toBe(true);
    checkLabels(await chartLabels(), { width: 1440, height: 900 });
    await page.keyboard.press('g');
    await page.getByRole('img', { name: 'potential gain per slice' }).waitFor();
  });

  it('the split is keyboard resizable and remembers its width', async () => {
    const handle = page.getByRole('separator', { name: 'Chart width' });
    const w0 = Number(await handle.getAttribute('aria-valuenow'));
    await handle.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(
      (w) => document.querySelector('.dash-handle')?.getAttribute('aria-valuenow') === String(w),
      w0 + 40,
    );
    expect((await box('.dash-chart')).width).toBe(w0 + 40);
    await page.reload();
    await page.locator('.dash-chart svg').first().waitFor();
    expect(Number(await handle.getAttribute('aria-valuenow'))).toBe(w0 + 40);
    await handle.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
  });

  it('1024x768: every table header inside the viewport, Priority and Of errors shown', async () => {
    const viewport = { width: 1024, height: 768 };
    await page.setViewportSize(viewport);
    await page.locator('.dash-split.stacked').waitFor();
    for (const head of ['Priority', 'Of errors']) {
      await page.locator('table.slices thead th', { hasText: head }).first().waitFor();
    }
    for (const th of await page.locator('table.slices thead th').all()) {
      const b = (await th.boundingBox()) as Box;
      expect(b.x + b.width, (await th.textContent()) ?? undefined).toBeLessThanOrEqual(
        viewport.width + 0.5,
      );
    }
    const chart = await box('.dash-chart');
    expect(chart.x + chart.width).toBeLessThanOrEqual(viewport.width + 0.5);
    await page.screenshot({ path: join(SHOTS, 'dashboard-1024.png') });
    copyFileSync(
      join(SHOTS, 'dashboard-1024.png'),
      join(REPO, 'docs/screenshots/dashboard-1024.png'),
    );
    // The chart under the table: scrolled to, its labels whole.
    await page.locator('.dash-chart').scrollIntoViewIfNeeded();
    const labels = await chartLabels();
    for (const l of labels) expect(l.box.x + l.box.width).toBeLessThanOrEqual(viewport.width + 0.5);
  });
});
