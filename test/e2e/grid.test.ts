import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserServer } from '../../electron/server/browser-server.ts';
import { DATASETS, REPO, ok, tempDir } from '../helpers.ts';
import { SHOTS, startApp, type App } from './browser.ts';

/**
 * The errors browser's grid view (issue #20.7), in Chromium on MNIST: G (or the Grid tab) shows
 * the examples as thumbnails the engine made (96 px, cached next to the project), each with its
 * label, prediction and right/wrong mark; J/K select a cell and the detail pane shows it.
 */
describe('the grid of thumbnails (Chromium, MNIST)', () => {
  const dir = tempDir('headroom-e2e-grid-');
  const project = join(dir, 'mnist.headroom');
  let app: App;
  let server: BrowserServer;
  let page: Page;

  beforeAll(async () => {
    app = await startApp(dir, { viewport: { width: 1440, height: 900 } });
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

  /** The first page of the list the screen shows (errors first), from the engine. */
  const errorsPage = () =>
    ok<{ total: number; rows: { id: string; label: string; prediction: string }[] }>(
      server.service.dispatch('examples.page', { filter: { outcome: 'errors' }, limit: 20 }),
    );

  it('G shows thumbnails that load, made at 96 px and cached beside the project', async () => {
    await page.goto(server.url);
    await page.getByLabel('Project file', { exact: true }).fill(project);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.locator('table.slices tbody tr').nth(2).waitFor();
    await page.getByRole('button', { name: 'Examples', exact: true }).click();
    const errors = await errorsPage();
    await page.locator('.count').getByText(`${errors.total} examples`).waitFor();
    await page.keyboard.press('g');
    await expect
      .poll(() => page.getByRole('tab', { name: 'Grid' }).getAttribute('aria-selected'))
      .toBe('true');
    const first = errors.rows[0] as { id: string; label: string; prediction: string };
    const cell = page.locator(`.thumb-cell[data-id="${first.id}"]`);
    await cell.waitFor();
    await expect
      .poll(() => cell.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth), {
        timeout: 20_000,
      })
      .toBe(96); // MNIST images are 28 px: 96 is the engine's thumbnail, not the file
    expect(await cell.locator('.thumb-caption').innerText()).toContain(
      `${first.label} → ${first.prediction}`,
    );
    expect(await cell.getByLabel('wrong').count()).toBe(1);
    // Every thumbnail in view loads (none broken), and each is a file in the project's cache. The
    // cells in view are counted with their images, in one read: the grid can still be adding
    // cells as it lays out, and a count read before would never equal the loaded images after.
    const imgs = page.locator('.thumb-cell img');
    const inView = () =>
      imgs.evaluateAll((els) => ({
        shown: els.length,
        loaded: (els as HTMLImageElement[]).filter((i) => i.complete && i.naturalWidth > 0).length,
      }));
    await expect
      .poll(
        async () => {
          const v = await inView();
          return v.shown >= Math.min(errors.total, 40) && v.loaded === v.shown;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    const { shown } = await inView();
    expect(shown).toBeGreaterThanOrEqual(Math.min(errors.total, 40));
    const thumbs = join(`${project}.cache`, 'thumbs');
    expect(existsSync(thumbs)).toBe(true);
    const files = readdirSync(thumbs).filter((f) => f.endsWith('.png'));
    expect(files.length).toBeGreaterThanOrEqual(shown);
    // A PNG, 96 px wide (IHDR width at byte 16).
    const png = readFileSync(join(thumbs, files[0] as string));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(96);
  }, 120_000);

  it('J selects a cell and the detail pane opens on it; another J moves to the next cell', async () => {
    const errors = await errorsPage();
    const [a, b] = errors.rows as { id: string }[];
    await page.keyboard.press('j');
    await page.locator(`.thumb-cell.current[data-id="${a?.id}"]`).waitFor();
    const detail = page.getByRole('complementary', { name: 'Example detail' });
    await detail.getByRole('heading', { name: `Example ${a?.id}` }).waitFor();
    await page.keyboard.press('j');
    await page.locator(`.thumb-cell.current[data-id="${b?.id}"]`).waitFor();
    await detail.getByRole('heading', { name: `Example ${b?.id}` }).waitFor();
    await expect.poll(() => page.locator('.thumb-cell.current').count()).toBe(1);
    await page.keyboard.press('k');
    await page.locator(`.thumb-cell.current[data-id="${a?.id}"]`).waitFor();
    await page.screenshot({ path: join(SHOTS, 'grid.png') });
    copyFileSync(join(SHOTS, 'grid.png'), join(REPO, 'docs/screenshots/grid.png'));
  }, 60_000);

  it('scrolling row by row rewrites the cells it has: no row, cell or caption is built or removed', async () => {
    // 87 errors, 7 cells a row: the window of rows moves several times down to the end. Each row
    // scrolled in takes the element of the row scrolled out (row-slots.ts), only the picture is
    // new; the cells show the rows the engine has there.
    const grid = page.locator('.thumb-grid');
    const changes = await grid.evaluate(
      (el) =>
        new Promise<{ added: number; removed: number; steps: number }>((done) => {
          const count = { added: 0, removed: 0, steps: 0 };
          const isElement = (n: Node) => n.nodeType === Node.ELEMENT_NODE;
          const seen = new MutationObserver((records) => {
            for (const r of records) {
              // The picture is an element of its example's own (a new image never shows the old).
              if ((r.target as Element).classList.contains('thumb')) continue;
              count.added += [...r.addedNodes].filter(isElement).length;
              count.removed += [...r.removedNodes].filter(isElement).length;
            }
          });
          seen.observe(el, { childList: true, subtree: true });
          let top = 0;
          const step = () => {
            top += 150;
            el.scrollTop = top;
            count.steps++;
            if (top < el.scrollHeight) requestAnimationFrame(step);
            // Rows that are not loaded yet show placeholders: let the last page arrive.
            else
              setTimeout(() => {
                seen.takeRecords();
                seen.disconnect();
                done(count);
              }, 500);
          };
          requestAnimationFrame(step);
        }),
    );
    const errors = await ok<{ total: number; rows: { id: string }[] }>(
      server.service.dispatch('examples.page', { filter: { outcome: 'errors' }, offset: 80 }),
    );
    // Only the last row's places past the end of the list lose their cells.
    const lanes = Number(await grid.getAttribute('aria-colcount'));
    const pastEnd = (lanes - (errors.total % lanes)) % lanes;
    expect(changes.steps).toBeGreaterThan(5);
    expect(changes).toMatchObject({ added: 0, removed: pastEnd });
    const last = errors.rows[errors.rows.length - 1] as { id: string };
    await page.locator(`.thumb-cell[data-id="${last.id}"]`).waitFor();
    expect(
      await page.locator(`.thumb-cell[data-index="${errors.total - 1}"]`).getAttribute('data-id'),
    ).toBe(last.id);
  });

  it('← / → and H / L move cell by cell, on to the row before or after; ↑ / ↓ move a row; the cell scrolls into view', async () => {
    // The list the screen shows, in order, from the engine: cell i holds ids[i].
    const list = await ok<{ rows: { id: string }[] }>(
      server.service.dispatch('examples.page', { filter: { outcome: 'errors' }, limit: 1000 }),
    );
    const ids = list.rows.map((r) => r.id);
    const grid = page.locator('.thumb-grid');
    const lanes = Number(await grid.getAttribute('aria-colcount'));
    const lastLine = Math.floor((ids.length - 1) / lanes);
    expect(lanes).toBeGreaterThan(2);
    // More rows than the grid shows at once (the last test left it scrolled to the end).
    const shownRows = Math.floor(((await grid.boundingBox())?.height ?? 0) / 150);
    expect(lastLine + 1).toBeGreaterThan(shownRows + 2);
    const current = page.locator('.thumb-cell.current');
    const detail = page.getByRole('complementary', { name: 'Example detail' });
    /** The current cell is the i-th, alone, wholly inside the grid's box, and the detail shows it. */
    const at = async (i: number) => {
      await page.locator(`.thumb-cell.current[data-index="${i}"][data-id="${ids[i]}"]`).waitFor();
      await expect
        .poll(() =>
          current.evaluateAll((els) =>
            els.map((el) => {
              const c = el.getBoundingClientRect();
              const g = (el.closest('.thumb-grid') as Element).getBoundingClientRect();
              return c.top >= g.top && c.bottom <= g.bottom;
            }),
          ),
        )
        .toEqual([true]);
      await detail.getByRole('heading', { name: `Example ${ids[i]}` }).waitFor();
    };
    const press = async (key: string, to: number) => {
      await page.keyboard.press(key);
      await at(to);
    };
    const row = (i: number) =>
      page
        .locator(`.thumb-cell[data-index="${i}"]`)
        .locator('xpath=..')
        .getAttribute('aria-rowindex');
    // From the first cell (the J / K test left it current), scrolled back into view.
    await press('ArrowRight', 1);
    await press('l', 2);
    await press('ArrowLeft', 1);
    await press('h', 0);
    await press('ArrowLeft', 0); // nothing before the first
    for (let i = 1; i < lanes; i++) await press('ArrowRight', i);
    expect(await row(lanes - 1)).toBe('1');
    // At the end of a row, on to the first cell of the next, and back.
    await press('ArrowRight', lanes);
    expect(await row(lanes)).toBe('2');
    const [end, start] = await Promise.all(
      [lanes - 1, lanes].map((i) => page.locator(`.thumb-cell[data-index="${i}"]`).boundingBox()),
    );
    expect(start?.x).toBeLessThan(end?.x ?? 0);
    await press('ArrowLeft', lanes - 1);
    // Down and up a row: the cell below, in the same column.
    await press('ArrowDown', 2 * lanes - 1);
    await press('ArrowUp', lanes - 1);
    // Down to the last row, each cell scrolled into view; a short last row gives its last cell.
    for (let line = 1; line <= lastLine; line++) {
      await press('ArrowDown', Math.min(ids.length - 1, line * lanes + lanes - 1));
    }
    const last = ids.length - 1;
    await press('ArrowDown', last); // nothing below the last row
    await press('l', last); // nothing after the last cell
    await press('ArrowLeft', last - 1);
    await press('ArrowUp', last - 1 - lanes);
    // The overlay lists the keys with the others of the errors browser.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.getByRole('row', { name: /← \/ → or h \/ l.*previous or next cell/ }).waitFor();
    await help.getByRole('row', { name: /↓ \/ ↑.*cell below or above/ }).waitFor();
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
  }, 60_000);

  it('the thumbnail route keeps the media checks: no unknown size, no path outside', async () => {
    const errors = await errorsPage();
    const id = (errors.rows[0] as { id: string }).id;
    const token = new URL(page.url()).searchParams.get('token') ?? '';
    const get = (q: string) =>
      fetch(`http://127.0.0.1:${server.port}/media/item/${id}?token=${token}${q}`);
    expect((await get('&thumb=97')).status).toBe(400);
    const r = await get('&thumb=96');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/png');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('a text input that is a path to no file says where it was looked for', async () => {
    const data = join(dir, 'texts');
    mkdirSync(join(data, 'notes'), { recursive: true });
    writeFileSync(join(data, 'notes/here.txt'), 'a note\n');
    writeFileSync(
      join(data, 'texts.csv'),
      'id,input,label,prediction\nt1,notes/missing.txt,a,b\nt2,notes/here.txt,a,b\n',
    );
    const other = join(dir, 'texts.headroom');
    await ok(
      server.service.dispatch('imports.run', { project: other, file: join(data, 'texts.csv') }),
    );
    await page.getByRole('button', { name: 'Close project' }).click();
    await page.getByLabel('Project file', { exact: true }).fill(other);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    // The app reopens on the screen it was on (the examples); from the dashboard, go there.
    const examplesButton = page.getByRole('button', { name: 'Examples', exact: true });
    const row = page.locator('.grid-row[data-id="t1"]');
    await row.or(examplesButton).first().waitFor();
    if (!(await row.isVisible())) await examplesButton.click();
    await row.click();
    const detail = page.getByRole('complementary', { name: 'Example detail' });
    await detail.getByRole('note').getByText(`File not found under ${data}`).waitFor();
    await expect.poll(() => detail.locator('pre').innerText()).toBe('notes/missing.txt');
    await page.locator('.grid-row[data-id="t2"]').click();
    await detail.getByRole('heading', { name: 'Example t2' }).waitFor();
    await expect
      .poll(async () => {
        const loc = await ok<{ exists: boolean | null }>(
          server.service.dispatch('media.locate', { id: 't2' }),
        );
        return loc.exists;
      })
      .toBe(true);
    expect(await detail.getByRole('note').filter({ hasText: 'File not found' }).count()).toBe(0);
  }, 60_000);
});
