import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../electron/core/db/migrations.ts';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { SAMPLE_ROWS } from '../../electron/core/sample/sample-data.ts';
import { BEFORE_ID_INDEX, undoExamplesIdIndex } from '../db/undo-migrations.ts';
import { dumpHash } from '../db-dump.ts';
import { generatePredictions, ok, tempDir } from '../helpers.ts';
import { SHOTS, startApp, type App } from './browser.ts';

/**
 * The start and import screens in Chromium against the browser mode: the sample in one click,
 * recent projects from the keyboard, role editing with validation, rejected rows, discard, the
 * browser-mode drop notice and the shortcuts overlay.
 */
describe('start and import screens (Chromium)', () => {
  const dir = tempDir('headroom-e2e-start-');
  const config = join(dir, 'config');
  let app: App;

  beforeAll(async () => {
    app = await startApp(dir, { configDir: config });
  }, 120_000);
  afterAll(async () => app?.close());

  it('Try the sample opens a dashboard of the bundled sample', async () => {
    const { page, server } = app;
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Try the sample' }).click();
    await page.locator('table.slices tbody tr').nth(3).waitFor({ timeout: 60_000 });
    const info = await server.service.dispatch('project.info', {});
    expect(info.ok && (info.value as { examples: number }).examples).toBe(SAMPLE_ROWS);
    await page.screenshot({ path: join(SHOTS, 'sample-dashboard.png') });
  });

  it('recent projects are listed and open from the keyboard', async () => {
    const { page, server } = app;
    await server.service.dispatch('project.close', {});
    await page.goto(server.url);
    const first = page.locator('button.recent-open').first();
    await first.waitFor();
    expect(await first.textContent()).toContain('sample.headroom');
    await page.screenshot({ path: join(SHOTS, 'start-recent.png') });
    await first.focus();
    await page.keyboard.press('Enter');
    await page.locator('table.slices tbody tr').nth(3).waitFor();
    expect(app.offApp).toEqual([]);
  });

  it('validates roles before the import, shows rejected rows, and discard deletes the new project', async () => {
    const { page, server } = app;
    await server.service.dispatch('project.close', {});
    const file = join(dir, 'small.csv');
    const lines = ['id,label,prediction,confidence'];
    for (let i = 0; i < 120; i++) {
      // Every 10th row has a confidence that is not a number: rejected with its line.
      lines.push(`r${i},cat,${i % 3 ? 'cat' : 'dog'},${i % 10 === 5 ? 'high' : '0.9'}`);
    }
    writeFileSync(file, lines.join('\n') + '\n');
    await page.goto(server.url);
    await page.getByLabel('Predictions file').fill(file);
    await page.keyboard.press('Enter');
    const labelRole = page.getByLabel('Role of label', { exact: true });
    await labelRole.waitFor();
    // The default location (the documents folder) is import-screen.test.ts's: this one saves here.
    await page.getByLabel('Save project as').fill(join(dir, 'small.headroom'));
    expect(await page.locator('table.columns-list tbody tr').count()).toBe(4);

    await labelRole.selectOption('ignore');
    await page.getByText('No column is the label').waitFor();
    await expect
      .poll(() => page.getByRole('button', { name: 'Import', exact: true }).isDisabled())
      .toBe(true);
    await page.screenshot({ path: join(SHOTS, 'import-validation.png') });
    await labelRole.selectOption('label');
    await page.getByText('No column is the label').waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText(/Imported 108 of 120 rows; 12 rejected/).waitFor({ timeout: 60_000 });
    // Line 7: the header is line 1, r5 is line 7. The rejected rows are read after the result.
    await expect
      .poll(() =>
        page.$$eval('table.rejects tbody tr:first-child td', (tds) =>
          tds.map((t) => t.textContent),
        ),
      )
      .toEqual(['7', 'confidence', '"high" is not a number']);
    // The figures at a glance are the engine's: 72 of the 108 kept rows predict "cat" rightly.
    const glance = page.getByLabel('The import at a glance');
    await glance.getByText(/model accuracy 66\.7%/).waitFor();
    await expect.poll(() => glance.textContent()).toContain('on 108 examples');
    await page.screenshot({ path: join(SHOTS, 'import-rejects.png') });
    const project = join(dir, 'small.headroom');
    expect(existsSync(project)).toBe(true);

    await page.getByRole('button', { name: 'Discard the import' }).click();
    await page.getByRole('heading', { name: 'Headroom' }).waitFor();
    expect(existsSync(project)).toBe(false);
    // The recent list refetches after the discard.
    await expect
      .poll(() => page.locator('button.recent-open', { hasText: 'small.headroom' }).count())
      .toBe(0);
  });

  it('a file dropped in the browser mode is explained, and ? lists the shortcuts', async () => {
    const { page, server } = app;
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Headroom' }).waitFor();
    const dt = await page.evaluateHandle(() => {
      const d = new DataTransfer();
      d.items.add(new File(['id,label\n'], 'preds.csv', { type: 'text/csv' }));
      return d;
    });
    await page.dispatchEvent('main.start', 'drop', { dataTransfer: dt });
    await page.getByText(/"preds.csv" was dropped, but a browser does not tell the page/).waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe('Predictions file');
    await page.locator('h1').click();
    await page.keyboard.press('?');
    const overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await overlay.waitFor();
    expect(await overlay.textContent()).toContain('Try the bundled sample');
    await page.screenshot({ path: join(SHOTS, 'shortcuts.png') });
    await page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'detached' });
  });

  it('Ctrl+I imports a run into the open project, and discard restores the project', async () => {
    const { page, server } = app;
    const { path: project } = await ok<{ path: string }>(
      server.service.dispatch('app.openSample', {}),
    );
    await server.service.dispatch('project.close', {});
    const run = join(dir, 'baseline.csv');
    const ids = Array.from({ length: SAMPLE_ROWS }, (_, i) => `t${String(i + 1).padStart(5, '0')}`);
    writeFileSync(run, `id,prediction\n${ids.map((id) => `${id},billing`).join('\n')}\n`);
    const before = dumpHash(project);

    await page.goto(server.url);
    await page.locator('button.recent-open').first().click();
    await page.locator('table.slices tbody tr').nth(3).waitFor();
    await page.locator('h1').first().click();
    await page.keyboard.press('Control+i');
    await page.getByRole('heading', { name: 'Import into the project' }).waitFor();
    await page.getByLabel('Predictions file').fill(run);
    await page.keyboard.press('Enter');
    await page.getByLabel('Role of prediction', { exact: true }).waitFor();
    await page.getByLabel('Name (of the run or human set)').fill('baseline');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText(/Imported 3,000 of 3,000 rows/).waitFor({ timeout: 60_000 });
    // The glance is of the run just imported, not of the project's first run.
    const baseline = await ok<{ overall: { accuracy: number } }>(
      server.service.dispatch('slices.report', { run: 'baseline' }),
    );
    await page
      .getByLabel('The import at a glance')
      .getByText(`Run baseline: model accuracy ${(baseline.overall.accuracy * 100).toFixed(1)}%`)
      .waitFor();
    const runs = await server.service.dispatch('project.open', { path: project });
    expect(runs.ok && (runs.value as { runs: unknown[] }).runs).toHaveLength(2);

    await page.getByRole('button', { name: 'Discard the import' }).click();
    await page.locator('table.slices tbody tr').nth(3).waitFor();
    await server.service.dispatch('project.close', {});
    expect(dumpHash(project)).toBe(before);
  });

  it('says so when no prediction equals its label (classes named differently)', async () => {
    const { page, server } = app;
    await server.service.dispatch('project.close', {});
    const file = join(dir, 'names-vs-indices.csv');
    const rows = Array.from({ length: 40 }, (_, i) => `e${i},${i % 2 ? 'cat' : 'dog'},${i % 2}`);
    writeFileSync(file, `id,label,prediction\n${rows.join('\n')}\n`);
    await page.goto(server.url);
    await page.getByLabel('Predictions file').fill(file);
    await page.keyboard.press('Enter');
    await page.getByLabel('Role of label', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText(/Imported 40 of 40 rows/).waitFor({ timeout: 60_000 });
    await page.getByText(/No prediction equals its label/).waitFor();
    await page.getByRole('button', { name: 'Discard the import' }).click();
    await page.getByRole('heading', { name: 'Headroom' }).waitFor();
    expect(existsSync(join(dir, 'names-vs-indices.headroom'))).toBe(false);
  });

  it('a recent project can be removed from the list with its button; the file stays', async () => {
    const { page, server } = app;
    await server.service.dispatch('project.close', {});
    await page.goto(server.url);
    const sample = page.locator('li', {
      has: page.locator('button.recent-open', { hasText: 'sample.headroom' }),
    });
    await sample.waitFor();
    const path = (await sample.locator('.recent-path').textContent()) as string;
    await sample.getByRole('button', { name: 'Remove sample.headroom from the list' }).click();
    await sample.waitFor({ state: 'detached' });
    const recent = await server.service.dispatch('app.recent', {});
    expect(
      recent.ok && (recent.value as { projects: { path: string }[] }).projects.map((p) => p.path),
    ).not.toContain(path);
    expect(existsSync(path)).toBe(true);
  });

  it('opening an old project tells of its one-time upgrade, then that it is done, until dismissed', async () => {
    const { page, server } = app;
    await server.service.dispatch('project.close', {});
    generatePredictions(dir, 3000);
    const old = join(dir, 'old.headroom');
    await runImport({ project: old, file: join(dir, 'examples.csv') });
    const db = new Database(old);
    undoExamplesIdIndex(db);
    db.close();
    await page.goto(server.url);
    await page.getByLabel('Project file').fill(old);
    await page.keyboard.press('Enter');
    await page.locator('table.slices tbody tr').nth(3).waitFor({ timeout: 60_000 });
    const status = page.locator('p.upgrade-status');
    expect(await status.textContent()).toContain(
      `${old}: the project file was upgraded from schema ${BEFORE_ID_INDEX} to ${SCHEMA_VERSION}, once (the examples table rewritten)`,
    );
    await page.screenshot({ path: join(SHOTS, 'upgraded-project.png') });
    await status.getByRole('button', { name: 'Dismiss' }).click();
    await status.waitFor({ state: 'detached' });
    // Opened again, it is current: nothing to tell.
    await server.service.dispatch('project.close', {});
    await page.goto(server.url);
    await page.getByLabel('Project file').fill(old);
    await page.keyboard.press('Enter');
    await page.locator('table.slices tbody tr').nth(3).waitFor({ timeout: 60_000 });
    expect(await status.count()).toBe(0);
  });
});
