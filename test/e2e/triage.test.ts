import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Confusion } from '../../shared/examples.ts';
import type { Report } from '../../shared/report.ts';
import type { BrowserServer } from '../../electron/server/browser-server.ts';
import { DATASETS, ok, tempDir } from '../helpers.ts';
import { SHOTS, startApp, type App } from './browser.ts';

/**
 * The errors browser as a triage tool (issues #20 and #18), in Chromium on MNIST: it opens on the
 * errors; tag keys act on the engine's current state (on, off, on; a quick double press undoes
 * itself); Ctrl+Shift+Z redoes; keys without tags say so; tags get colours; search applies as you
 * type; Escape closes the tag manager and "?" does not open over it; the confusion matrix keeps
 * its counts beside row rates; the review queue says its scope and widens in one click.
 */
describe('triage in the errors browser (Chromium)', () => {
  const dir = tempDir('headroom-e2e-triage-');
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

  const status = () => page.getByRole('status');
  const tagN = async (name: string) =>
    (
      await ok<{ tags: { name: string; n: number }[] }>(server.service.dispatch('tags.list', {}))
    ).tags.find((t) => t.name === name)?.n ?? 0;
  const currentId = async () =>
    (await page.locator('.grid-row.current').getAttribute('data-id')) as string;
  /** Tag edits saved in the project (one row of tag_ops each), read from the file itself. */
  const tagOps = () => {
    const db = new Database(project, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT count(*) FROM tag_ops').pluck().get() as number;
    } finally {
      db.close();
    }
  };
  /** Two animation frames: whatever a key press was going to draw has been drawn. */
  const painted = () =>
    page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))),
    );

  it('opens on the errors, and a tag key with no tags says to press N', async () => {
    await page.goto(server.url);
    await page.getByLabel('Project file', { exact: true }).fill(project);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.locator('table.slices tbody tr').nth(2).waitFor();
    await page.getByRole('button', { name: 'Examples', exact: true }).click();
    const errors = await ok<{ total: number }>(
      server.service.dispatch('examples.count', { filter: { outcome: 'errors' } }),
    );
    await page.locator('.count').getByText(`${errors.total} examples`).waitFor();
    await expect.poll(() => page.getByLabel('Outcome').inputValue()).toBe('errors');
    await page.keyboard.press('j');
    await page.getByRole('note').getByText('No tags yet').waitFor();
    await page.keyboard.press('1');
    await status().getByText('No tags yet: press N to create one').waitFor();
    expect((await ok<{ tags: unknown[] }>(server.service.dispatch('tags.list', {}))).tags).toEqual(
      [],
    );
  });

  it('a tag key toggles on, off, on from the engine state, and a quick double press undoes itself', async () => {
    const id = await currentId();
    await page.keyboard.press('n');
    await page.keyboard.type('blur');
    await page.keyboard.press('Enter');
    await status().getByText(`Tagged ${id} as "blur"`).waitFor();
    expect(await tagN('blur')).toBe(1);
    // Each press waits for its own answer; the engine's count flips every time.
    for (const want of [0, 1, 0]) {
      await page.keyboard.press('1');
      await expect.poll(() => tagN('blur')).toBe(want);
    }
    // Two presses with no wait between them: the second acts after the first, on its result, so
    // the pair tags and untags (two saved steps) and the example ends as it started.
    const before = tagOps();
    await page.keyboard.press('1');
    await page.keyboard.press('1');
    await expect.poll(() => tagOps()).toBe(before + 2);
    expect(await tagN('blur')).toBe(0);
  });

  it('Ctrl+Z undoes and Ctrl+Shift+Z redoes', async () => {
    await page.keyboard.press('Control+z');
    await status()
      .getByText(/^Undone: /)
      .waitFor();
    await expect.poll(() => tagN('blur')).toBe(1);
    await page.keyboard.press('Control+Shift+Z');
    await status()
      .getByText(/^Redone: /)
      .waitFor();
    await expect.poll(() => tagN('blur')).toBe(0);
  });

  it('gives each tag its own colour', async () => {
    const before = await currentId();
    await page.keyboard.press('j');
    // The row J moves to, once it is drawn: read at once, it can still be the one before.
    await expect.poll(currentId).not.toBe(before);
    const id = await currentId();
    await page.keyboard.press('n');
    await page.keyboard.type('dark');
    await page.keyboard.press('Enter');
    await status().getByText(`Tagged ${id} as "dark"`).waitFor();
    const toggles = page.locator('.tag-palette .tag-toggle');
    await expect.poll(() => toggles.count()).toBe(2);
    const colours = await toggles.evaluateAll((els) =>
      els.map((e) => getComputedStyle(e).borderTopColor),
    );
    expect(new Set(colours).size).toBe(2);
    await page.screenshot({ path: join(SHOTS, 'examples-tag-colours.png') });
  });

  it('searches as you type, and counts one example in the singular', async () => {
    await page.getByLabel('Outcome').selectOption('');
    const needle = '00042.png';
    const want = await ok<{ total: number }>(
      server.service.dispatch('examples.count', { filter: { text: needle } }),
    );
    expect(want.total).toBe(1);
    await page.getByLabel('Search the input and id').click();
    await page.keyboard.type(needle); // no Enter
    await page.locator('.count').getByText('1 example', { exact: true }).waitFor();
    await page.getByLabel('Search the input and id').fill('');
    await page.locator('.count').getByText('10,000 examples').waitFor();
  });

  it('Escape closes the tag manager, and "?" does not open the shortcuts over it', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.getByRole('button', { name: 'Manage tags' }).click();
    const manager = page.getByRole('dialog', { name: 'Manage tags' });
    await manager.waitFor();
    await page.keyboard.press('?');
    await painted();
    expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await manager.waitFor({ state: 'detached' });
    // With the manager closed, "?" opens the list again.
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'detached' });
  });

  it('keeps the counts in the confusion matrix when row rates are shown', async () => {
    await page.getByRole('tab', { name: 'Confusion matrix' }).click();
    const matrix = page.getByRole('table', { name: 'Confusion matrix' });
    await matrix.waitFor();
    await expect.poll(() => page.getByLabel('row rates').isChecked()).toBe(true);
    const m = await ok<Confusion>(server.service.dispatch('examples.confusion', {}));
    const cls = m.classes[0] as string;
    const row = matrix.locator('tbody tr', { has: page.locator(`th:text-is("${cls}")`) });
    const diagCount = m.counts[0]?.[0] ?? 0;
    // The counts arrive with the matrix's query, after its table is drawn.
    await expect
      .poll(() => row.locator('td button .count').allTextContents())
      .toContain(diagCount.toLocaleString('en-US'));
    await page.getByRole('tab', { name: 'Table' }).click();
  });

  it('the review queue says which slice it holds and widens to the whole project in one click', async () => {
    await page.getByRole('button', { name: 'Review labels' }).click();
    const report = await ok<Report>(server.service.dispatch('slices.report', {}));
    const top = report.slices[0]?.name as string;
    const banner = page.getByRole('note', { name: 'Queue scope' });
    await banner.getByText(top, { exact: true }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'review-scope.png') });
    await banner.getByRole('button', { name: 'Review the whole project' }).click();
    await banner.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByLabel('Queue').inputValue()).toBe('');
    expect(app.offApp).toEqual([]);
  });
});
