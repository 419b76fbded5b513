import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Decision } from '../../shared/decisions.ts';
import type { Plan } from '../../shared/plan.ts';
import type { Report } from '../../shared/report.ts';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { startBrowserServer, type BrowserServer } from '../../electron/server/browser-server.ts';
import { DATASETS, REPO, headroomCli, ok, readSimpleCsv, rng, tempDir } from '../helpers.ts';
import { buildRenderer, launchChromium } from './browser.ts';

/**
 * Issue #17, acceptance 4, in Debian's Chromium against the browser mode: decide on "label = cat"
 * on the dashboard, import (through the UI) a second run built here to get a seeded half of the
 * wrong cats right, see then versus now on the Decisions screen equal to the real CLI's
 * `headroom decisions P --format json` and to counts made here from the two files, and download
 * the memo.
 */

// Independent of the app's formatters: a fraction as "71.2%", a difference as "+9.8" points.
const percent = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;
const points = (x: number) => `${x > 0 ? '+' : ''}${(x * 100).toFixed(1)}`;

describe('leads decide in the browser mode (Chromium)', () => {
  const dir = tempDir('headroom-e2e-decisions-');
  const project = join(dir, 'c10.headroom');
  const source = join(DATASETS, 'cifar10_test/cifar10_test.csv');
  const csv = readSimpleCsv(source);
  // Run "better": about half of the cats the first run gets wrong, chosen by a seeded generator.
  const random = rng(1717);
  const flipped = new Set(
    csv
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => r.label === 'cat' && r.prediction !== 'cat')
      .filter(() => random() < 0.5)
      .map(({ i }) => i),
  );
  const better = csv.map((r, i) => (flipped.has(i) ? 'cat' : r.prediction));
  const betterFile = join(dir, 'better.csv');
  const why = 'Relabel <cats> & "collect" 500 more';
  const consoleErrors: string[] = [];
  const offApp: string[] = [];
  let server: BrowserServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const staticDir = buildRenderer(join(dir, 'renderer'));
    await runImport({ project, file: source });
    writeFileSync(
      betterFile,
      ['id,prediction', ...csv.map((row, i) => `${row.id},${better[i]}`)].join('\n') + '\n',
    );
    server = await startBrowserServer({ staticDir, project });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('request', (r) => {
      const own = [`http://127.0.0.1:${server.port}/`, `ws://127.0.0.1:${server.port}/`];
      if (!own.some((o) => r.url().startsWith(o))) offApp.push(r.url());
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const engineReport = () => ok<Report>(server.service.dispatch('slices.report', {}));

  it('the Decisions screen says how to make the first decision', async () => {
    await page.goto(server.url);
    await page.locator('table.slices tbody tr').nth(3).waitFor();
    await page.getByRole('button', { name: 'Decisions', exact: true }).click();
    await page.getByText(/No decision yet\. On the dashboard, press ◇/).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('table.slices tbody tr').nth(3).waitFor();
  });

  it('the key d is in the "?" list and decides on the slice whose row has the focus', async () => {
    await page.locator('h1').first().click();
    await page.keyboard.press('?');
    const overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await overlay.getByText('Decide on the slice whose row has the focus').waitFor();
    await page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'label = dog', exact: true }).focus();
    await page.keyboard.press('d');
    const dialog = page.getByRole('dialog', { name: 'Decide on label = dog' });
    await dialog.waitFor();
    // The key's "d" is not typed into the owner field that took the focus.
    expect(await dialog.getByLabel('Owner').inputValue()).toBe('');
    await page.keyboard.type('bo');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Dogs next quarter');
    await page.keyboard.press('Control+Enter');
    await dialog.waitFor({ state: 'detached' });
    await page.getByLabel('Open decision on label = dog, owner bo').waitFor();
  });

  it('decides on label = cat from its row: gain prefilled, the planner shown, marked after', async () => {
    const r = await engineReport();
    const cat = r.slices.find((s) => s.name === 'label = cat') as Report['slices'][number];
    expect(cat.accuracy_ci).not.toBeNull();
    await page.getByRole('button', { name: 'Decide on label = cat', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Decide on label = cat' });
    await dialog.waitFor();
    await expect
      .poll(() => dialog.getByLabel('Expected gain (%)').inputValue())
      .toBe(((cat.potential_gain as number) * 100).toFixed(2));
    // The plan line asks the engine for half the current interval's half-width.
    const [lo, hi] = cat.accuracy_ci as [number, number];
    const plan = await ok<Plan>(
      server.service.dispatch('plan.slice', {
        slice: cat.id,
        figure: 'accuracy',
        halfWidth: (hi - lo) / 4,
        run: r.run,
      }),
    );
    expect(plan.n_more).toBeGreaterThan(0);
    await dialog
      .getByRole('note', { name: 'Sample size plan' })
      .getByText(
        `To halve the interval of the accuracy (±${(((hi - lo) / 2) * 100).toFixed(1)} points`,
      )
      .waitFor();
    // The interval is the report's, the number of examples the planner's answer: two queries.
    await expect
      .poll(() => dialog.getByRole('note', { name: 'Sample size plan' }).textContent())
      .toContain(`you need ${(plan.n_more as number).toLocaleString('en-US')} more examples`);
    // Save stays disabled until owner and why are given and the gain reads as a percentage.
    const save = dialog.getByRole('button', { name: 'Save decision' });
    expect(await save.isDisabled()).toBe(true);
    await dialog.getByLabel('Owner').fill('ana');
    await dialog.getByLabel('Why').fill(why);
    await dialog.getByLabel('Expected gain (%)').fill('abc');
    expect(await save.isDisabled()).toBe(true);
    await dialog.getByLabel('Expected gain (%)').fill('1.5');
    await dialog.getByLabel('Due (optional)').fill('2027-01-31');
    mkdirSync(join(REPO, 'docs/screenshots'), { recursive: true });
    await page.screenshot({ path: join(REPO, 'docs/screenshots/decide-dialog.png') });
    await save.click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('status').getByText('Decided on label = cat (owner ana)').waitFor();
    const row = page.locator(`tr[data-slice="${cat.id}"]`);
    await row.getByLabel('Open decision on label = cat, owner ana').waitFor();
    // The gain chart (its first 12 slices) marks it too.
    const charted = r.slices.filter((s) => s.potential_gain !== null).slice(0, 12);
    expect(charted.map((s) => s.name)).toContain('label = cat');
    await page.locator('svg .decision-mark').first().waitFor();
    await page.getByLabel('Open decision, owner ana').waitFor();
    await expect.poll(() => page.locator('svg .decision-mark').count()).toBe(2); // cat and dog
    await page.screenshot({ path: join(REPO, 'docs/screenshots/decided-dashboard.png') });
    const log = await ok<{ decisions: Decision[] }>(server.service.dispatch('decisions.list', {}));
    expect(log.decisions).toHaveLength(2);
    expect(log.decisions.find((d) => d.owner === 'bo')).toMatchObject({
      slice: 'label = dog',
      why: 'Dogs next quarter',
      status: 'open',
    });
    expect(log.decisions.find((d) => d.owner === 'ana')).toMatchObject({
      slice: 'label = cat',
      owner: 'ana',
      why,
      due: '2027-01-31',
      expected_gain: 0.015,
      status: 'open',
    });
    expect(log.decisions.every((d) => d.then.run === 'cifar10_test')).toBe(true);
  });

  it("a slice deleted meanwhile: the engine's refusal shows in the dialog, which stays open", async () => {
    await ok(
      server.service.dispatch('rules.add', {
        name: 'cats again',
        expression: 'label in ("cat", "dog")',
      }),
    );
    const decide = page.getByRole('button', { name: 'Decide on cats again', exact: true });
    await decide.click();
    const dialog = page.getByRole('dialog', { name: 'Decide on cats again' });
    await dialog.getByLabel('Owner').fill('cy');
    await dialog.getByLabel('Why').fill('A rule slice');
    // Another window deletes the rule before this one saves.
    await ok(server.service.dispatch('rules.delete', { name: 'cats again' }));
    await decide.waitFor({ state: 'detached' });
    await dialog.getByRole('button', { name: 'Save decision' }).click();
    await dialog
      .getByRole('alert')
      .getByText(/^No slice named /)
      .waitFor();
    expect(await dialog.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    const log = await ok<{ decisions: Decision[] }>(server.service.dispatch('decisions.list', {}));
    expect(log.decisions.map((d) => d.owner).sort()).toEqual(['ana', 'bo']);
  });

  it('imports the better run through the UI; Decisions shows then vs now equal to the CLI', async () => {
    await page.locator('h1').first().click();
    await page.keyboard.press('Control+i');
    await page.getByRole('heading', { name: 'Import into the project' }).waitFor();
    await page.getByLabel('Predictions file').fill(betterFile);
    await page.keyboard.press('Enter');
    await page.getByLabel('Role of prediction', { exact: true }).waitFor();
    await page.getByLabel('Name (of the run or human set)').fill('better');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText(/Imported 10,000 of 10,000 rows/).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Open the headroom table' }).click();
    await page.locator('table.slices tbody tr').nth(3).waitFor();
    await page.getByRole('button', { name: 'Decisions', exact: true }).click();
    const row = page.locator('tr[data-slice-name="label = cat"]');
    await row.waitFor();
    await expect.poll(() => page.getByLabel('Run now').inputValue()).toBe('better');

    // The real CLI, in a child process, on the same project file.
    const cli = headroomCli(dir, 'decisions', project, '--format', 'json');
    expect(cli.err).toBe('');
    expect(cli.code).toBe(0);
    const out = JSON.parse(cli.out) as { run: string; decisions: Decision[] };
    expect(out.run).toBe('better');
    const d = out.decisions.find((x) => x.slice === 'label = cat') as Decision;
    // ... equal to counts made here from the two files.
    const cats = csv.map((row, i) => ({ row, i })).filter(({ row }) => row.label === 'cat');
    const rightThen = cats.filter(({ row }) => row.prediction === 'cat').length;
    const rightNow = cats.filter(({ i }) => better[i] === 'cat').length;
    expect(flipped.size).toBeGreaterThan(10);
    expect(d.then.accuracy).toBeCloseTo(rightThen / cats.length, 12);
    expect(d.now?.accuracy).toBeCloseTo(rightNow / cats.length, 12);
    expect(d.change?.diff).toBeCloseTo(flipped.size / cats.length, 12);
    expect(d.verdict).toBe('improved');

    // The row is drawn with "then" first; "now" (in the run just imported) can come after.
    const rowText = async () => (await row.locator('td').allTextContents()).join(' | ');
    await expect
      .poll(rowText)
      .toContain(`${percent(d.then.accuracy as number)} → ${percent(d.now?.accuracy as number)}`);
    const text = await rowText();
    expect(text).toContain('label = cat');
    expect(text).toContain('ana');
    expect(text).toContain(why);
    expect(text).toContain('due 2027-01-31');
    expect(text).toContain(
      `${percent(d.then.accuracy as number)} → ${percent(d.now?.accuracy as number)}`,
    );
    const change = d.change as NonNullable<Decision['change']>;
    const [clo, chi] = change.diff_ci as [number, number];
    expect(text).toContain(
      `${points(change.diff as number)}95% CI ${points(clo)} to ${points(chi)}`,
    );
    expect(text).toContain(
      (change.p as number) < 0.0001 ? '<0.0001' : (change.p as number).toFixed(4),
    );
    expect(text).toContain(`${percent(d.then.gap as number)} → ${percent(d.now?.gap as number)}`);
    expect(text).toContain(percent(0.015, 2));
    // The verdict in words, and coloured.
    const verdict = row.locator('.verdict');
    await expect.poll(() => verdict.textContent()).toBe('improved');
    const colour = await verdict.evaluate((el) => getComputedStyle(el).color);
    const plain = await row
      .locator('td')
      .first()
      .evaluate((el) => getComputedStyle(el).color);
    expect(colour).not.toBe(plain);

    // "Now" in the decision's own run: nothing moved.
    await page.getByLabel('Run now').selectOption('cifar10_test');
    await row.locator('.verdict', { hasText: 'unchanged' }).waitFor();
    await page.getByLabel('Run now').selectOption('better');
    await row.locator('.verdict', { hasText: 'improved' }).waitFor();
    // No dog's prediction changed: dog's decision is unchanged, with no discordant pair.
    const dog = out.decisions.find((x) => x.slice === 'label = dog') as Decision;
    expect(dog).toMatchObject({ verdict: 'unchanged', change: { then_only: 0, now_only: 0 } });
    await page
      .locator('tr[data-slice-name="label = dog"] .verdict', { hasText: 'unchanged' })
      .waitFor();
    await page.screenshot({ path: join(REPO, 'docs/screenshots/decisions.png') });
  });

  it('downloads the memo (HTML and Markdown) with the slice and the rationale', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Memo', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^c10-memo-\d{4}-\d{2}-\d{2}\.html$/);
    const file = join(dir, download.suggestedFilename());
    await download.saveAs(file);
    await page
      .getByRole('status')
      .getByText(`Downloaded ${download.suggestedFilename()}`)
      .waitFor();
    // Opened as a page, the memo shows the slice and the rationale verbatim, with no error.
    const memo = await browser.newPage();
    const memoErrors: string[] = [];
    memo.on('console', (m) => {
      if (m.type() === 'error') memoErrors.push(m.text());
    });
    await memo.goto(pathToFileURL(file).href);
    const body = (await memo.locator('body').textContent()) ?? '';
    expect(body).toContain('label = cat');
    expect(body).toContain(why);
    expect(body).toContain('ana');
    expect(await memo.locator('script').count()).toBe(0);
    expect(memoErrors).toEqual([]);
    await memo.close();

    const [md] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Memo (.md)', exact: true }).click(),
    ]);
    expect(md.suggestedFilename()).toMatch(/^c10-memo-\d{4}-\d{2}-\d{2}\.md$/);
    const mdFile = join(dir, md.suggestedFilename());
    await md.saveAs(mdFile);
    const mdText = readFileSync(mdFile, 'utf8');
    expect(mdText).toContain('label = cat');
    expect(mdText).toContain('ana');
  });

  it('closes the decision with a reason: verdict closed, the dashboard mark goes', async () => {
    const row = page.locator('tr[data-slice-name="label = cat"]');
    await row.getByRole('button', { name: /^Close decision / }).click();
    const dialog = page.getByRole('dialog', { name: /^Close decision \d+ on label = cat$/ });
    await dialog.getByLabel('Why close it').fill('Cats are fine now');
    await dialog.getByRole('button', { name: 'Close decision' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.locator('.verdict', { hasText: 'closed' }).waitFor();
    const cli = JSON.parse(headroomCli(dir, 'decisions', project, '--format', 'json').out) as {
      decisions: Decision[];
    };
    expect(cli.decisions.find((d) => d.slice === 'label = cat')).toMatchObject({
      status: 'done',
      verdict: 'closed',
      closed_why: 'Cats are fine now',
    });
    await page.keyboard.press('Escape');
    await page.locator('table.slices tbody tr').nth(3).waitFor();
    await page.getByLabel('Open decision on label = dog, owner bo').waitFor();
    // The closed decision's badge goes when the dashboard's decisions refetch.
    await expect.poll(() => page.locator('.decision-badge').count()).toBe(1);
    expect(consoleErrors).toEqual([]);
    expect(offApp).toEqual([]);
  });
});
