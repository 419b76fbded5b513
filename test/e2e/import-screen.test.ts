import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserServer } from '../../electron/server/browser-server.ts';
import type { Report } from '../../shared/report.ts';
import { REPO, ok, tempDir } from '../helpers.ts';
import { startApp, type App } from './browser.ts';

const SCREENSHOTS = join(REPO, 'docs/screenshots');

/**
 * The import screen as a new user meets it (issue #20), in Chromium against the browser mode: the
 * columns as a list (a 41-column file with no horizontal scroll), role conflicts marked on their
 * rows in the screen's words, a labelled "Save project as" that defaults to the documents folder
 * (HOME is a temp folder here), a bad path corrected where it was typed, the saved location in
 * the summary, and no drop invitation where a drop cannot be taken.
 */
describe('the import screen (Chromium)', () => {
  const dir = tempDir('headroom-e2e-import-screen-');
  const home = join(dir, 'home');
  const dataDir = join(dir, 'shared-data');
  const file = join(dataDir, 'wide.csv');
  const meta = Array.from({ length: 37 }, (_, i) => `feature_${String(i + 1).padStart(2, '0')}`);
  const realHome = process.env.HOME;
  let app: App;
  let server: BrowserServer;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(join(home, 'Documents'), { recursive: true });
    mkdirSync(dataDir);
    // The engine runs in this process: its home folder is the temp one.
    process.env.HOME = home;
    const lines = [['id', 'label', 'prediction', 'confidence', ...meta].join(',')];
    for (let i = 0; i < 60; i++) {
      const cells = meta.map((_, j) => `v${(i + j) % 5}`);
      lines.push(
        [`r${i}`, i % 2 ? 'cat' : 'dog', i % 3 ? 'cat' : 'dog', '0.8', ...cells].join(','),
      );
    }
    writeFileSync(file, lines.join('\n') + '\n');
    app = await startApp(dir, { viewport: { width: 1440, height: 900 } });
    ({ server, page } = app);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    process.env.HOME = realHome;
  });

  const openFile = async () => {
    await page.goto(server.url);
    await page.getByLabel('Predictions file').fill(file);
    await page.keyboard.press('Enter');
    await page.getByLabel('Role of label', { exact: true }).waitFor();
  };
  const role = (column: string) => page.getByLabel(`Role of ${column}`, { exact: true });

  it('lists a 41-column file as one row per column, with no horizontal scroll', async () => {
    await openFile();
    const rows = page.locator('table.columns-list tbody tr');
    await expect.poll(() => rows.count()).toBe(41);
    const labelRow = page.locator('table.columns-list tbody tr[data-column="label"]');
    expect(await labelRow.locator('td.detected').textContent()).toBe('label');
    expect(await labelRow.locator('td.samples').textContent()).toBe('dog, cat');
    expect(await role('feature_37').inputValue()).toBe('metadata');
    const overflow = await page.evaluate(() => {
      const e = document.scrollingElement ?? document.documentElement;
      return e.scrollWidth - e.clientWidth;
    });
    expect(overflow).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'import-columns.png') });
  });

  it('two label columns mark both rows, in the screen words, and keep the other roles', async () => {
    await openFile();
    await role('feature_01').selectOption('label');
    const conflicts = page.locator('table.columns-list tbody tr.conflict');
    await expect.poll(() => conflicts.count()).toBe(2);
    expect(
      await conflicts.evaluateAll((trs) => trs.map((t) => t.getAttribute('data-column'))),
    ).toEqual(['label', 'feature_01']);
    for (const note of await conflicts.locator('.conflict-note').allTextContents()) {
      expect(note).toBe('two columns are the label: keep one');
    }
    // The other pickers keep their roles; one message per problem; no command-line wording.
    expect(await role('id').inputValue()).toBe('id');
    expect(await role('prediction').inputValue()).toBe('prediction');
    expect(await role('label').inputValue()).toBe('label');
    expect(await role('feature_02').inputValue()).toBe('metadata');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toContain('--map');
    expect(text).not.toMatch(/no column (has the role|is the) label/i);
    expect(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);

    await role('feature_01').selectOption('metadata');
    await expect.poll(() => conflicts.count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(
      false,
    );
  });

  it('saves to the documents folder by default; a bad path is corrected where it was typed', async () => {
    await openFile();
    const saveAs = page.getByLabel('Save project as');
    const expected = join(home, 'Documents', 'Headroom', 'wide.headroom');
    await expect.poll(() => saveAs.inputValue()).toBe(expected);

    const bad = join(home, 'no', 'such', 'folder', 'wide.headroom');
    await saveAs.fill(bad);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const error = page.locator('#save-project-error');
    await error.waitFor();
    expect(await error.textContent()).toContain(join(home, 'no', 'such', 'folder'));
    expect(await saveAs.isEditable()).toBe(true);
    await expect.poll(() => saveAs.getAttribute('aria-invalid')).toBe('true');
    expect(existsSync(join(home, 'no'))).toBe(false);

    await saveAs.fill(expected);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText(/Imported 60 of 60 rows/).waitFor({ timeout: 60_000 });
    expect(await page.getByLabel('Project saved as').textContent()).toBe(expected);
    await page.getByRole('button', { name: 'Copy path' }).click();
    await page.getByRole('status').getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
    expect(existsSync(expected)).toBe(true);
    // Nothing was written beside the data file.
    expect(readdirSync(dataDir)).toEqual(['wide.csv']);
    await page.getByRole('button', { name: 'Open the headroom table' }).click();
    // Kept once the dashboard shows it (closing before would discard the held import).
    await page.locator('table.slices tbody tr').first().waitFor();
    await server.service.dispatch('project.close', {});

    // The next default does not overwrite it; without a Documents folder it is the home folder.
    const next = await ok<{ suggestedProject: string }>(
      server.service.dispatch('imports.preview', { file }),
    );
    expect(next.suggestedProject).toBe(join(home, 'Documents', 'Headroom', 'wide-2.headroom'));
    renameSync(join(home, 'Documents'), join(home, 'Papers'));
    const noDocs = await ok<{ suggestedProject: string }>(
      server.service.dispatch('imports.preview', { file }),
    );
    expect(noDocs.suggestedProject).toBe(join(home, 'wide.headroom'));
    renameSync(join(home, 'Papers'), join(home, 'Documents'));
  });

  it('the browser mode does not invite a drop it cannot take', async () => {
    await server.service.dispatch('project.close', {});
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Headroom' }).waitFor();
    // Read once the screen's invitation is drawn (before it, the check could pass on a half screen).
    await page.getByText(/Type the path of a predictions file/).waitFor();
    const start = (await page.locator('main.start').textContent()) ?? '';
    expect(start).not.toMatch(/drop/i);
    await page.dispatchEvent('main.start', 'dragover', {});
    await page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))),
    );
    expect(await page.locator('main.start.dragging').count()).toBe(0);
  });

  it('exports Markdown, CSV and JSON from the dashboard: file name, date, legend, no [-100, 100]', async () => {
    // 64 examples with graded human votes; the site "rare" has 3 of them.
    const votesFile = join(dir, 'votes.csv');
    const lines = ['id,label,prediction,site,human_votes_cat,human_votes_dog'];
    for (let i = 0; i < 64; i++) {
      const label = i % 2 ? 'cat' : 'dog';
      const prediction = i % 5 ? label : label === 'cat' ? 'dog' : 'cat';
      const site = i < 3 ? 'rare' : i % 2 ? 'north' : 'south';
      const votes = i % 3 ? [2, 1] : [1, 2];
      const [cat, dog] = label === 'cat' ? votes : [votes[1], votes[0]];
      lines.push(`e${i},${label},${prediction},${site},${cat},${dog}`);
    }
    writeFileSync(votesFile, lines.join('\n') + '\n');
    const project = join(dir, 'votes.headroom');
    await ok(server.service.dispatch('imports.run', { project, file: votesFile }));
    await ok(server.service.dispatch('project.open', { path: project }));
    const report = await ok<Report>(server.service.dispatch('slices.report', {}));
    const rare = report.slices.find((x) => x.name.includes('rare'));
    if (!rare) throw new Error('no slice for site = rare');
    expect(rare.n).toBe(3);
    await page.goto(server.url);
    await page.locator('table.slices tbody tr').nth(2).waitFor();

    const today = new Date().toISOString().slice(0, 10);
    const texts = new Map<string, string>();
    for (const [label, ext] of [
      ['Markdown', 'md'],
      ['CSV', 'csv'],
      ['JSON', 'json'],
    ] as const) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: label, exact: true }).click(),
      ]);
      const text = readFileSync(await download.path(), 'utf8');
      texts.set(ext, text);
      // The project by its file name, never the local path.
      expect(text).not.toContain(dir);
      expect(text).toContain('votes.headroom');
      expect(text).toContain(today);
      expect(text).toContain('Wilson');
      expect(text).not.toContain('-100.0, 100.0');
    }
    const md = texts.get('md') as string;
    expect(md).toContain('## Legend');
    const rareRow = md.split('\n').find((l) => l.startsWith(`| ${rare.name} |`)) ?? '';
    expect(rareRow).toContain('no interval');

    const csv = (texts.get('csv') as string).split('\r\n').filter((l) => l && !l.startsWith('#'));
    const head = (csv[0] as string).split(',');
    const overall = (csv[1] as string).split(',');
    const accuracy = overall[head.indexOf('accuracy')] as string;
    // Rounded to 4 decimals where people read, the same figure as the engine's.
    expect(accuracy).toBe(
      report.overall.accuracy?.toFixed(4).replace(/0+$/, '').replace(/\.$/, ''),
    );
    for (const row of csv.slice(1)) {
      for (const cell of row.split(',')) {
        if (/^-?\d+\.\d+$/.test(cell)) expect(cell.split('.')[1]?.length).toBeLessThanOrEqual(4);
      }
    }
    const json = JSON.parse(texts.get('json') as string) as Report & { exported: string };
    expect(json.exported).toBe(today);
    expect(json.project).toBe('votes.headroom');
    // Full precision in JSON.
    expect(json.overall.accuracy).toBe(report.overall.accuracy);
    expect(json.slices).toEqual(report.slices);
  });
});
