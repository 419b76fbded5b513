import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../shared/report.ts';
import type { Suspect } from '../../shared/review.ts';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { startBrowserServer, type BrowserServer } from '../../electron/server/browser-server.ts';
import { DATASETS, ok, tempDir } from '../helpers.ts';
import { SHOTS, buildRenderer, launchChromium } from './browser.ts';

/** Issue 6, acceptance 2: review from the keyboard, undo, reload, corrected-label dashboard. */

describe('label review in the browser mode (Chromium)', () => {
  const dir = tempDir('headroom-e2e-review-');
  const project = join(dir, 'c10.headroom');
  let server: BrowserServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const staticDir = buildRenderer(join(dir, 'renderer'));
    await runImport({ project, file: join(DATASETS, 'cifar10_test/cifar10_test.csv') });
    server = await startBrowserServer({ staticDir, project });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1300, height: 850 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const currentId = () => page.locator('section.suspect').getAttribute('data-id');

  it('reviews 10 examples from the keyboard, marks 3 wrong, undoes one, and the corrected table differs exactly', async () => {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Review labels' }).click();
    await page.getByLabel('Reviewer').fill('e2e');
    await page.locator('section.suspect').waitFor();
    await page.screenshot({ path: join(SHOTS, 'review.png') });
    // The queue as the screen asks for it (the top slice of the ranking), from the engine.
    const top = (await ok<Report>(server.service.dispatch('slices.report', { labels: 'original' })))
      .slices[0]?.id as string;
    const queue = await ok<{ suspects: Suspect[] }>(
      server.service.dispatch('suspects.list', { top: 500, unreviewed: true, slice: top }),
    );
    const likely = new Map(queue.suspects.map((x) => [x.id, x.likely ?? x.prediction ?? '']));
    // The "Corrected class" in the very DOM update that brings each example in (a key pressed in
    // the next frame acts on it), recorded in the page as it happens.
    await page.evaluate(() => {
      const w = window as unknown as { __frames: { id: string; corrected: string }[] };
      w.__frames = [];
      let last = '';
      const look = () => {
        const id = document.querySelector('section.suspect')?.getAttribute('data-id') ?? '';
        if (!id || id === last) return;
        last = id;
        const select = document.querySelector<HTMLSelectElement>(
          'select[aria-label="Corrected class"]',
        );
        w.__frames.push({ id, corrected: select?.value ?? '' });
      };
      look();
      new MutationObserver(look).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
      });
    });
    await page.locator('body').click({ position: { x: 5, y: 5 } }); // focus out of the input
    let wrongs = 0;
    for (let i = 0; i < 10; i++) {
      const id = await currentId();
      const given = await page.locator('dd.given').textContent();
      const corrected = await page.getByLabel('Corrected class').inputValue();
      const key = i >= 7 && corrected !== given ? 'w' : 'c';
      if (key === 'w') wrongs++;
      await page.keyboard.press(key);
      await page.waitForFunction(
        (prev) => document.querySelector('section.suspect')?.getAttribute('data-id') !== prev,
        id,
      );
    }
    expect(wrongs).toBe(3);
    const frames = await page.evaluate(
      () => (window as unknown as { __frames: { id: string; corrected: string }[] }).__frames,
    );
    expect(frames.length).toBeGreaterThanOrEqual(10);
    expect(frames).toEqual(frames.map((f) => ({ id: f.id, corrected: likely.get(f.id) })));
    await page.getByText(/reviewed 10 · .* wrong so far 3/).waitFor();
    await page.keyboard.press('u');
    await page.getByText(/reviewed 9 · .* wrong so far 2/).waitFor();

    await page.reload();
    await page.locator('table.slices tbody tr').first().waitFor();
    const current = await ok<{
      verdicts: { id: string; verdict: string; correctedLabel: string | null; label: string }[];
    }>(server.service.dispatch('review.current', {}));
    expect(current.verdicts).toHaveLength(9);
    const wrong = current.verdicts.filter((v) => v.verdict === 'wrong');
    expect(wrong).toHaveLength(2);
    const original = await ok<Report>(server.service.dispatch('slices.report', {}));
    const corrected = await ok<Report>(
      server.service.dispatch('slices.report', { labels: 'corrected' }),
    );
    // What the verdicts imply: each corrected example's correctness is re-judged against its new label.
    const db = new Database(project, { readonly: true });
    const prediction = db
      .prepare('SELECT p.prediction FROM predictions p JOIN examples e USING (pos) WHERE e.id = ?')
      .pluck();
    const predOf = new Map(wrong.map((v) => [v.id, prediction.get(v.id) as string]));
    db.close();
    let delta = 0;
    for (const v of wrong) {
      const p = predOf.get(v.id);
      expect(p).toBeDefined();
      delta += (p === v.correctedLabel ? 1 : 0) - (p === v.label ? 1 : 0);
    }
    expect(
      (corrected.overall.accuracy as number) - (original.overall.accuracy as number),
    ).toBeCloseTo(delta / 10_000, 12);
    await page.getByLabel('Labels', { exact: true }).selectOption('corrected');
    await page.waitForFunction(
      (txt) =>
        document.querySelector('tr.overall td:nth-child(4)')?.textContent?.startsWith(txt) ?? false,
      `${((corrected.overall.accuracy as number) * 100).toFixed(1)}%`,
    );
    await page.screenshot({ path: join(SHOTS, 'dashboard-corrected.png') });
  });
});
