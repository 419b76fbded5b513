import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Confusion } from '../../shared/examples.ts';
import type { Report } from '../../shared/report.ts';
import type { BrowserServer } from '../../electron/server/browser-server.ts';
import { DATASETS, ok, readSimpleCsv, tempDir } from '../helpers.ts';
import { SHOTS, startApp, type App } from './browser.ts';

/**
 * The errors browser end to end in Chromium (issue #5, acceptance 1): MNIST, filter to errors,
 * open an example, tag 10 errors with number keys after creating a tag from the keyboard, bulk-tag
 * a filter, undo the bulk step, reload and find the state kept; the dashboard's tag figures equal
 * the engine's report.
 */
describe('errors browser in the browser mode (Chromium)', () => {
  const dir = tempDir('headroom-e2e-ex-');
  const project = join(dir, 'mnist.headroom');
  let app: App;
  let server: BrowserServer;
  let page: Page;

  beforeAll(async () => {
    app = await startApp(dir);
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

  const openProject = async () => {
    await page.goto(server.url);
    await page.getByLabel('Project file', { exact: true }).fill(project);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.locator('table.slices tbody tr').nth(3).waitFor();
  };
  const dashboardRows = () => page.locator('table.slices tbody tr');
  const status = () => page.getByRole('status');
  /** Tag steps undone (and not redone) in the project file, read from the file itself. */
  const undoneTagSteps = () => {
    const db = new Database(project, { readonly: true, fileMustExist: true });
    try {
      return db
        .prepare("SELECT count(*) FROM tag_ops WHERE state = 'undone'")
        .pluck()
        .get() as number;
    } finally {
      db.close();
    }
  };
  const tagsOf = async () =>
    (await ok<{ tags: { name: string; n: number }[] }>(server.service.dispatch('tags.list', {})))
      .tags;

  it('filters to errors and shows an example', async () => {
    await openProject();
    await page.getByRole('button', { name: 'Examples', exact: true }).click();
    // It opens on the errors, and the filter bar says so (issue #20.5).
    await page.getByText('87 examples').waitFor();
    await expect.poll(() => page.getByLabel('Outcome').inputValue()).toBe('errors');
    await page.keyboard.press('j');
    const detail = page.getByRole('complementary', { name: 'Example detail' });
    await detail.getByText('line').waitFor();
    const firstId = await page.locator('.grid-row.current').getAttribute('data-id');
    expect(firstId).toBeTruthy();
    await expect.poll(() => detail.locator('h2 .mono').textContent()).toBe(firstId);
    // Its input is an image under the dataset's folder, served by the media endpoint.
    const img = detail.locator('img');
    await expect.poll(() => img.evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBe(28);
    await page.screenshot({ path: join(SHOTS, 'examples.png') });
  });

  it('shows the confusion matrix and filters the table to a clicked cell', async () => {
    await page.getByRole('tab', { name: 'Confusion matrix' }).click();
    const matrix = page.getByRole('table', { name: 'Confusion matrix' });
    await matrix.waitFor();
    await page.getByLabel('row rates').uncheck();
    // MNIST's most frequent confusion: count it from the engine, click it in the grid.
    const m = await ok<{ classes: string[]; counts: number[][] }>(
      server.service.dispatch('examples.confusion', { filter: { outcome: 'errors' } }),
    );
    let best = { g: '', p: '', c: 0 };
    m.classes.forEach((g, i) =>
      m.classes.forEach((p, j) => {
        const c = m.counts[i]?.[j] ?? 0;
        if (i !== j && c > best.c) best = { g, p, c };
      }),
    );
    // Each row ends with its class's recall, precision and F1: over all the run's examples here
    // (the filter is "errors only", which the figures leave out), as the engine counts them.
    const all = await ok<Confusion>(server.service.dispatch('examples.confusion', {}));
    const cls = all.perClass.find((c) => c.class === best.g);
    const row = matrix.locator('tbody tr', { has: page.locator(`th:text-is("${best.g}")`) });
    // The per-class figures are a second query (over all examples): wait for them.
    await expect
      .poll(() => row.locator('td.figure').allTextContents())
      .toEqual([
        cls?.n.toLocaleString('en-US'),
        ...[cls?.recall, cls?.precision, cls?.f1].map((x) => `${((x ?? 0) * 100).toFixed(1)}%`),
      ]);
    await page.screenshot({ path: join(SHOTS, 'confusion.png') });
    await matrix
      .getByTitle(`${best.c} given "${best.g}", predicted "${best.p}"`, { exact: false })
      .click();
    await page.getByText(`${best.c} examples`).waitFor();
    await expect.poll(() => page.getByLabel('Given').inputValue()).toBe(best.g);
    await expect.poll(() => page.getByLabel('Predicted').inputValue()).toBe(best.p);
    await page.getByLabel('Given').selectOption('');
    await page.getByLabel('Predicted').selectOption('');
    await page.getByText('87 examples').waitFor();
    await page.keyboard.press('j');
  });

  it('creates a tag from the keyboard and tags 10 more errors with number keys', async () => {
    await page.keyboard.press('n');
    await page.keyboard.type('odd shape');
    await page.keyboard.press('Enter');
    await status()
      .getByText(/Tagged .* as "odd shape"/)
      .waitFor();
    const current = page.locator('.grid-row.current');
    for (let i = 0; i < 10; i++) {
      const before = await current.getAttribute('data-id');
      await page.keyboard.press('j');
      // The row J moves to, once it is drawn: read at once, it can still be the one before.
      await expect.poll(() => current.getAttribute('data-id')).not.toBe(before);
      const id = await current.getAttribute('data-id');
      await page.keyboard.press('1');
      await status().getByText(`Tagged ${id} as "odd shape"`).waitFor();
    }
    expect(await tagsOf()).toMatchObject([{ name: 'odd shape', n: 11 }]);
  });

  it('bulk-tags a filter, then undoes the bulk step as one', async () => {
    await page.getByLabel('Given').selectOption('9');
    const want = (
      await ok<{ total: number }>(
        server.service.dispatch('examples.count', { filter: { outcome: 'errors', given: '9' } }),
      )
    ).total;
    await page.locator('.count').getByText(`${want} examples`).waitFor();
    const n = want;
    expect(n).toBeGreaterThan(5);
    await page.getByRole('button', { name: /Tag all .* matching/ }).click();
    await page.getByLabel('Tag for the bulk step').fill('nines');
    await page.getByRole('button', { name: `Add to ${n}` }).click();
    await status().getByText(`Added "nines" to ${n} examples`).waitFor();
    expect((await tagsOf()).find((t) => t.name === 'nines')?.n).toBe(n);
    await page.screenshot({ path: join(SHOTS, 'examples-bulk.png') });
    await page.keyboard.press('Control+z');
    await status().getByText(`Undone: tag ${n} as "nines"`).waitFor();
    expect((await tagsOf()).map((t) => t.name)).toEqual(['odd shape']);
  });

  it('keeps the state across a reload, and the dashboard shows the tag as the report does', async () => {
    // The page reopens the project the engine holds open: straight back to the dashboard.
    await page.reload();
    await dashboardRows().nth(3).waitFor();
    const report = await ok<Report>(server.service.dispatch('slices.report', {}));
    const tag = report.slices.find((s) => s.kind === 'tag');
    expect(tag?.n).toBe(11);
    const row = page.locator('table.slices tbody tr', { hasText: 'odd shape' });
    await row.waitFor();
    await expect.poll(async () => (await row.locator('td').allTextContents())[1]).toBe('11');
    await expect
      .poll(async () => (await row.locator('td').allTextContents())[3])
      .toContain(`${((tag?.accuracy ?? 0) * 100).toFixed(1)}%`);
    await row.getByRole('button', { name: 'odd shape', exact: true }).click();
    await page.getByText('11 examples').waitFor();
    await page.screenshot({ path: join(SHOTS, 'examples-tagged.png') });
    expect(app.offApp).toEqual([]);
  });

  it('switches the run at the top of the dashboard', async () => {
    // A second run of the same examples whose predictions are the labels: 100% accurate.
    const rows = readSimpleCsv(join(DATASETS, 'mnist_test/mnist_test.csv'));
    const file = join(dir, 'perfect.csv');
    writeFileSync(
      file,
      ['id,prediction', ...rows.map((r) => `${r.id},${r.label}`)].join('\n') + '\n',
    );
    await ok(
      server.service.dispatch('imports.run', { project, file, kind: 'run', name: 'perfect' }),
    );
    await page.getByRole('button', { name: '← Dashboard' }).click();
    await page.getByLabel('Run', { exact: true }).selectOption('perfect');
    await expect
      .poll(() => dashboardRows().first().locator('td').nth(3).textContent())
      .toContain('100.0%');
    await page.getByLabel('Run', { exact: true }).selectOption('mnist_test');
    await expect
      .poll(() => dashboardRows().first().locator('td').nth(3).textContent())
      .toContain('99.1%');
  });

  it('saves a rule filter as a slice with the engine count, and deletes it from the dashboard', async () => {
    const name = 'unsure thin';
    const expression = 'confidence < 0.9 and stroke = "thin"';
    await page.getByRole('button', { name: 'Examples', exact: true }).click();
    await page.getByLabel('Rule expression').fill(expression);
    await page.getByLabel('Rule expression').press('Enter');
    await page.getByRole('button', { name: 'Save as slice…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save the rule as a slice' });
    await dialog.getByLabel('Name of the slice').fill(name);
    await page.screenshot({ path: join(SHOTS, 'save-rule.png') });
    await dialog.getByLabel('Name of the slice').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const report = await ok<Report>(server.service.dispatch('slices.report', {}));
    const rule = report.slices.find((s) => s.kind === 'rule' && s.name === name);
    expect(rule?.n).toBeGreaterThan(0);
    await status()
      .getByText(`Saved the rule slice "${name}" (${rule?.n.toLocaleString('en-US')} examples)`)
      .waitFor();
    // The same name again is refused, with the engine's reason, and nothing is added.
    await page.getByRole('button', { name: 'Save as slice…' }).click();
    await dialog.getByLabel('Name of the slice').fill(name);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('alert').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.getByLabel('Rule expression').fill('');
    await page.getByLabel('Rule expression').press('Enter');
    await page.getByRole('button', { name: '← Dashboard' }).click();
    const row = page.locator('table.slices tbody tr', { hasText: name });
    await row.waitFor();
    await expect
      .poll(async () => (await row.locator('td').allTextContents())[1])
      .toBe(rule?.n.toLocaleString('en-US'));
    await row.getByRole('button', { name: `Delete the rule ${name}` }).click();
    await page
      .getByRole('dialog', { name: 'Delete the rule slice' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await row.waitFor({ state: 'detached' });
    const rules = await ok<{ rules: unknown[] }>(server.service.dispatch('rules.list', {}));
    expect(rules.rules).toEqual([]);
  });

  it('renames, describes, deletes and restores a tag in the tag manager; undo reverts the rename', async () => {
    await page.getByRole('button', { name: 'Examples', exact: true }).click();
    await page.getByRole('button', { name: 'Manage tags' }).click();
    const dialog = page.getByRole('dialog', { name: 'Manage tags' });
    await dialog.getByLabel('Name of odd shape').fill('odd');
    await dialog.getByLabel('Name of odd shape').press('Enter');
    await dialog.getByLabel('Name of odd').waitFor();
    await dialog.getByLabel('Description of odd').fill('strokes that are not digits');
    await dialog.getByLabel('Description of odd').press('Tab');
    await expect
      .poll(async () => (await tagsOf())[0])
      .toMatchObject({ name: 'odd', description: 'strokes that are not digits' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Restore' }).click();
    await dialog.getByLabel('Name of odd').waitFor();
    await page.screenshot({ path: join(SHOTS, 'tag-manager.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
    // Undo: the restore, the delete, the description, then the rename. Each click waits for its
    // step to be undone in the project file (the status line already says "Undone: " from the
    // step before, so it cannot tell one step from the next).
    const undone = undoneTagSteps();
    for (let k = 1; k <= 4; k++) {
      await page.getByRole('button', { name: 'Undo', exact: true }).click();
      await expect.poll(undoneTagSteps).toBe(undone + k);
    }
    await expect.poll(async () => (await tagsOf())[0]?.name).toBe('odd shape');
    expect((await tagsOf())[0]?.n).toBe(11);
  });

  it('after scrolling by small steps and large jumps, shows the rows the engine has there', async () => {
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByText('10,000 examples').waitFor();
    const grid = page.locator('.grid');
    const box = await grid.boundingBox();
    if (!box) throw new Error('no grid on screen');
    await page.mouse.move(box.x + 200, box.y + 200);
    // Rows are recycled by slot as they scroll: small wheel steps move a few rows, jumps all.
    for (const dy of [45, 45, 45, 3000, 45, 60_000, 900, 90, 30]) await page.mouse.wheel(0, dy);
    const shown = async () => {
      const rows = await page
        .locator('.grid-row[data-id]')
        .evaluateAll((els) =>
          els.map((e) => [Number(e.getAttribute('aria-rowindex')) - 1, e.getAttribute('data-id')]),
        );
      const sorted = rows.sort((a, b) => (a[0] as number) - (b[0] as number));
      const first = (sorted[0]?.[0] as number | undefined) ?? 0;
      const engine = await ok<{ rows: { id: string }[] }>(
        server.service.dispatch('examples.page', {
          filter: {},
          sort: { key: 'pos', dir: 'asc' },
          offset: first,
          limit: sorted.length,
        }),
      );
      return {
        first,
        ids: sorted.map((r) => r[1]),
        engine: engine.rows.map((r) => r.id),
        contiguous: sorted.every((r, i) => r[0] === first + i),
      };
    };
    await expect.poll(async () => (await shown()).first).toBeGreaterThan(2000);
    await expect
      .poll(async () => {
        const s = await shown();
        return s.contiguous && s.ids.length > 10 && s.ids.join() === s.engine.join();
      })
      .toBe(true);
  });

  it('moves the table selection with ↓ / ↑: one row a key, kept in view and in the detail pane, stopped at the ends, not while typing', async () => {
    const grid = page.locator('.grid');
    await page.getByLabel('Outcome').selectOption('errors');
    const errors = await ok<{ total: number }>(
      server.service.dispatch('examples.count', { filter: { outcome: 'errors' } }),
    );
    await page.locator('.count').getByText(`${errors.total} examples`).waitFor();
    // The bulk button counts the list the table has now, not the one before the filter.
    await page.getByRole('button', { name: `Tag all ${errors.total} matching…` }).waitFor();
    await expect
      .poll(() => page.getByRole('tab', { name: 'Table' }).getAttribute('aria-selected'))
      .toBe('true');
    await grid.evaluate((el) => el.scrollTo(0, 0));
    await page.locator('.grid-row[aria-rowindex="1"][data-id]').waitFor();
    /** The rows the table draws: [position in the list, id]. */
    const drawn = async () =>
      new Map(
        await page
          .locator('.grid-row[data-id]')
          .evaluateAll((els) =>
            els.map((e) => [
              Number(e.getAttribute('aria-rowindex')) - 1,
              e.getAttribute('data-id'),
            ]),
          ),
      );
    /** The current row, whether it is wholly in view (below the sticky header), the detail's id. */
    const selection = () =>
      page.evaluate(() => {
        const current = [...document.querySelectorAll('.grid-row.current')];
        const el = current[0];
        const scroller = document.querySelector('.grid') as HTMLElement;
        const head = (document.querySelector('.grid-head') as HTMLElement).getBoundingClientRect();
        const r = el?.getBoundingClientRect();
        const bottom =
          scroller.getBoundingClientRect().top + scroller.clientTop + scroller.clientHeight;
        return {
          count: current.length,
          index: el ? Number(el.getAttribute('aria-rowindex')) - 1 : -1,
          id: el?.getAttribute('data-id') ?? null,
          inView: !!r && r.top >= head.bottom - 0.5 && r.bottom <= bottom + 0.5,
          detail: document.querySelector('aside.detail h2 .mono')?.textContent ?? null,
        };
      });
    /**
     * Presses `key` and waits for row `to` of the list to be the one current example, wholly in
     * view, in the detail pane; its id is the one the table showed at that position (`shown`, by
     * default the rows drawn just before the key).
     */
    const press = async (key: string, to: number, shown?: Map<number, string | null>) => {
      const want = (shown ?? (await drawn())).get(to);
      expect(want, `row ${to} is drawn before ${key}`).toBeTruthy();
      await page.keyboard.press(key);
      await expect
        .poll(selection)
        .toEqual({ count: 1, index: to, id: want, inView: true, detail: want });
    };

    // J selects the first row; ↑ on it stays; ↓ ↓ ↑ go to the second, third, second.
    await press('j', 0);
    await press('ArrowUp', 0);
    await press('ArrowDown', 1);
    await press('ArrowDown', 2);
    await press('ArrowUp', 1);
    // The order is the engine's (the screen's default sort): the table shows the list as it is.
    const first = await ok<{ rows: { id: string }[] }>(
      server.service.dispatch('examples.page', { filter: { outcome: 'errors' }, limit: 3 }),
    );
    const shown = await drawn();
    expect([0, 1, 2].map((i) => shown.get(i))).toEqual(first.rows.map((r) => r.id));

    // Keys typed into a filter box are text: neither the arrows in the search box (/ focuses it)
    // nor J / K and the arrows in the rule box move the selection. ↓ after Escape then moves
    // one row from where it was: the keys before moved nothing.
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('example-search');
    for (const k of ['ArrowDown', 'ArrowDown', 'ArrowUp']) await page.keyboard.press(k);
    const rule = page.getByLabel('Rule expression');
    await rule.click();
    for (const k of ['j', 'j', 'k', 'ArrowDown', 'ArrowUp']) await page.keyboard.press(k);
    await expect.poll(() => rule.inputValue()).toBe('jjk');
    expect((await selection()).index).toBe(1);
    await rule.fill('');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('BODY');
    await press('ArrowDown', 2);
    // A row's checkbox is no text field: once clicked (it keeps the focus), ↓ still moves and
    // Escape still clears the selection of checked rows.
    const id2 = (await selection()).id;
    await page.getByRole('checkbox', { name: `Select ${id2}` }).click();
    await page.getByRole('button', { name: 'Tag 1 selected…' }).waitFor();
    await expect
      .poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type))
      .toBe('checkbox');
    await press('ArrowDown', 3);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Tag 0 selected…' }).waitFor();

    // Down past the bottom of the viewport and back up past its top: each row scrolled into
    // view, none hidden under the header or below the edge.
    const lines = await grid.evaluate((el) => {
      const row = el.querySelector('.grid-row') as HTMLElement;
      return Math.ceil(el.clientHeight / row.getBoundingClientRect().height);
    });
    const far = Math.min(errors.total - 1, lines + 3);
    for (let i = 4; i <= far; i++) await press('ArrowDown', i);
    for (let i = far - 1; i >= 0; i--) await press('ArrowUp', i);

    // The last row: ↓ stays on it (there is nothing below), ↑ goes to the row before.
    await grid.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    const last = errors.total - 1;
    const lastRow = page.locator(`.grid-row[aria-rowindex="${last + 1}"]`);
    await lastRow.getByRole('gridcell').first().click();
    await expect.poll(async () => (await selection()).index).toBe(last);
    await press('ArrowDown', last);
    await press('ArrowUp', last - 1);

    // All 10,000: the list is read 100 rows a page. ↓ on the last row of the first page goes on
    // to the first row of the next (moveLine stops only at the list's end), the engine's 101st.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.locator('.count').getByText('10,000 examples').waitFor();
    await page.getByRole('button', { name: 'Tag all 10,000 matching…' }).waitFor();
    const rowHeight = await grid.evaluate(
      (el) => (el.querySelector('.grid-row') as HTMLElement).getBoundingClientRect().height,
    );
    await grid.evaluate((el, y) => el.scrollTo(0, y), 99 * rowHeight - 200);
    await page.locator('.grid-row[aria-rowindex="100"]').getByRole('gridcell').first().click();
    await expect.poll(async () => (await selection()).index).toBe(99);
    const next = await ok<{ rows: { id: string }[] }>(
      server.service.dispatch('examples.page', { filter: {}, offset: 100, limit: 2 }),
    );
    // The rows drawn around it, once the engine's rows are in them (kept for the step below).
    let nearby = new Map<number, string | null>();
    await expect
      .poll(async () => {
        nearby = await drawn();
        return [100, 101].map((i) => nearby.get(i));
      })
      .toEqual(next.rows.map((r) => r.id));
    await press('ArrowDown', 100);
    // Scrolled far away (the rows around the current one are no longer the table's pages), ↓
    // brings the next row back into view, and the detail pane shows it.
    await grid.evaluate((el) => el.scrollTo(0, el.scrollHeight / 2));
    await expect.poll(async () => Math.min(...(await drawn()).keys())).toBeGreaterThan(4000);
    expect((await selection()).count).toBe(0);
    await press('ArrowDown', 101, nearby);
  });

  it('shows the suspect label image in the review queue', async () => {
    await page.getByRole('button', { name: 'Review labels' }).click();
    const suspect = page.locator('section.suspect');
    await suspect.waitFor();
    const img = suspect.locator('img');
    await expect.poll(() => img.evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBe(28);
    await page.screenshot({ path: join(SHOTS, 'review-image.png') });
  });
});
