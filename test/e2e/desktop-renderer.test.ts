import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../shared/report.ts';
import type { BrowserServer } from '../../electron/server/browser-server.ts';
import { DATASETS, ok, readSimpleCsv, tempDir } from '../helpers.ts';
import { startApp, type App } from './browser.ts';

/**
 * The renderer's desktop paths, in Chromium, with a stand-in for the preload's window.headroom
 * (Electron cannot run here): the same object shape (call, onEvent, dialog, pathForFile), its
 * calls carried over the browser mode's HTTP and WebSocket to the real engine, its native dialogs
 * answered from a queue the test fills, its menu clicks pushed as `app.command` events. What this
 * does not cover: Electron itself, the preload's IPC, main's dialogs and menu.
 */
describe('the renderer with a desktop shell (stand-in preload, Chromium)', () => {
  const dir = tempDir('headroom-e2e-desktop-');
  const project = join(dir, 'c10.headroom');
  const saved = join(dir, 'table.json');
  let app: App;
  let server: BrowserServer;
  let page: Page;

  beforeAll(async () => {
    app = await startApp(dir);
    ({ server, page } = app);
    await page.addInitScript(() => {
      const token = new URLSearchParams(location.search).get('token') ?? '';
      const w = window as unknown as Record<string, unknown>;
      const answers: (string | null)[] = [];
      const asked: unknown[] = [];
      const listeners = new Set<(m: unknown) => void>();
      w.__answer = (path: string | null) => answers.push(path);
      w.__asked = asked;
      w.__menu = (command: string) =>
        listeners.forEach((l) => l({ event: 'app.command', payload: { command } }));
      const ws = new WebSocket(
        `ws://${location.host}/api/events?token=${encodeURIComponent(token)}`,
      );
      // Main passes the data host's events on as { event, payload }, the WebSocket's shape.
      ws.onmessage = (m) => listeners.forEach((l) => l(JSON.parse(String(m.data))));
      w.headroom = {
        async call(method: string, input: unknown) {
          const res = await fetch('/api/call', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-headroom-token': token },
            body: JSON.stringify({ method, input }),
          });
          return res.json();
        },
        onEvent(listener: (m: unknown) => void) {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        async dialog(request: unknown) {
          asked.push(request);
          return { path: answers.shift() ?? null };
        },
        pathForFile: (file: File) => file.name,
      };
    });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  const answer = (path: string | null) =>
    page.evaluate(
      (p) => (window as unknown as { __answer(p: string | null): void }).__answer(p),
      path,
    );
  const asked = () => page.evaluate(() => (window as unknown as { __asked: unknown[] }).__asked);
  const menu = (command: string) =>
    page.evaluate((c) => (window as unknown as { __menu(c: string): void }).__menu(c), command);

  it('creates a project through the native open and save dialogs', async () => {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Choose a file…' }).waitFor();
    // The desktop app takes a dropped file (it learns its path), so it invites one (#20).
    await page.getByText('Drop a file on this window, or choose one.').waitFor();
    await answer(join(DATASETS, 'cifar10_test/cifar10_test.csv'));
    await page.getByRole('button', { name: 'Choose a file…' }).click();
    await page.getByLabel('Role of label', { exact: true }).waitFor();
    await answer(project);
    await page.getByRole('button', { name: 'Save as…' }).click();
    await expect.poll(() => page.getByLabel('Save project as').inputValue()).toBe(project);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText(/Imported 10,000 of 10,000 rows/).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Open the headroom table' }).click();
    await page.locator('table.slices tbody tr').nth(3).waitFor();
    expect(await asked()).toEqual([
      { kind: 'open', purpose: 'data' },
      expect.objectContaining({ kind: 'save', purpose: 'newProject' }),
    ]);
  });

  it('File > Export Report saves where the save dialog says, through the engine', async () => {
    await menu('report.export');
    const dialog = page.getByRole('dialog', { name: 'Export the table' });
    await answer(saved);
    await dialog.getByRole('button', { name: 'JSON' }).click();
    await page.getByRole('status').getByText(`Saved ${saved}`).waitFor();
    expect((await asked())[2]).toEqual({
      kind: 'save',
      purpose: 'report',
      defaultPath: 'c10-headroom-cifar10_test-original.json',
    });
    const report = await ok<Report>(server.service.dispatch('slices.report', {}));
    // The report at full precision, named by the project's file name, dated, with its legend.
    const file = JSON.parse(readFileSync(saved, 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ ...report, project: 'c10.headroom' });
    expect(file.exported).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(Array.isArray(file.legend)).toBe(true);
    // A cancelled dialog saves nothing and says nothing went wrong.
    await menu('report.export');
    await answer(null);
    await dialog.getByRole('button', { name: 'Markdown' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(existsSync(join(dir, 'c10-headroom-cifar10_test-original.md'))).toBe(false);
  });

  it('the Memo button saves the memo where the save dialog says, through the engine', async () => {
    const memo = join(dir, 'planning.html');
    await answer(memo);
    await page.getByRole('button', { name: 'Memo', exact: true }).click();
    await page.getByRole('status').getByText(`Saved ${memo}`).waitFor();
    const ask = (await asked()).at(-1) as { kind: string; purpose: string; defaultPath: string };
    expect(ask).toMatchObject({ kind: 'save', purpose: 'report' });
    // The project's base name and the day, never a folder.
    expect(ask.defaultPath).toMatch(/^c10-memo-\d{4}-\d{2}-\d{2}\.html$/);
    const text = readFileSync(memo, 'utf8');
    const top = (await ok<Report>(server.service.dispatch('slices.report', {}))).slices[0];
    expect(text).toMatch(/^<!doctype html>/i);
    expect(text).toContain(top?.name);
    expect(text).not.toMatch(/<script/i);
  });

  it('Edit > Undo and Redo from the menu reach the dashboard', async () => {
    const r = await ok<Report>(server.service.dispatch('slices.report', {}));
    const s = r.slices[3] as Report['slices'][number];
    // Ease shows once a weight differs from 1, or when asked for under Columns.
    await page.locator('summary', { hasText: 'Columns' }).click();
    await page.getByLabel('Ease', { exact: true }).check();
    await page.locator('summary', { hasText: 'Columns' }).click();
    await page.getByRole('button', { name: `ease of ${s.name}: 1. Press Enter to edit` }).click();
    await page.getByLabel(`ease of ${s.name}`).fill('4');
    await page.getByLabel(`ease of ${s.name}`).press('Enter');
    const ease = async () =>
      (await ok<Report>(server.service.dispatch('slices.report', {}))).slices.find(
        (x) => x.id === s.id,
      )?.ease;
    await expect.poll(ease).toBe(4);
    await menu('edit.undo');
    await expect.poll(ease).toBe(1);
    await menu('edit.redo');
    await expect.poll(ease).toBe(4);
    // Faster than the engine answers: each step finds the one before it already on its stack.
    await menu('edit.undo');
    await menu('edit.redo');
    await menu('edit.undo');
    await page.getByRole('status').getByText(`Undone: ease of ${s.name}`).waitFor();
    await expect.poll(ease).toBe(1);
    await expect
      .poll(() => page.getByRole('button', { name: 'Redo', exact: true }).isEnabled())
      .toBe(true);
  });

  it('File > Open Project asks the native dialog and opens the project', async () => {
    await page.getByRole('button', { name: 'Close project' }).click();
    await page.getByRole('button', { name: 'Open Project…' }).waitFor();
    await answer(project);
    await menu('project.open');
    await page.locator('table.slices tbody tr').nth(3).waitFor();
    expect((await asked()).at(-1)).toEqual({ kind: 'open', purpose: 'project' });
  });

  it("Compare's CSV export saves where the save dialog says, through the engine", async () => {
    // A second run that gets every third cat wrong; the expected rows are counted from the CSVs.
    const csv = readSimpleCsv(join(DATASETS, 'cifar10_test/cifar10_test.csv'));
    const worse = csv.map((r, i) =>
      r.label === 'cat' && i % 3 === 0 ? (r.prediction === 'dog' ? 'cat' : 'dog') : r.prediction,
    );
    const want = csv
      .map((r, i) => ({ r, b: worse[i] }))
      .filter((x) => x.r.label === 'cat' && x.r.prediction === 'cat' && x.b !== 'cat');
    expect(want.length).toBeGreaterThan(50);
    const runFile = join(dir, 'worse.csv');
    writeFileSync(
      runFile,
      ['id,prediction', ...csv.map((r, i) => `${r.id},${worse[i]}`)].join('\n') + '\n',
    );
    await ok(
      server.service.dispatch('imports.run', {
        project,
        file: runFile,
        kind: 'run',
        name: 'worse',
      }),
    );
    await page.getByRole('button', { name: 'Compare runs' }).click();
    await page.getByRole('heading', { name: 'Compare runs' }).waitFor();
    const exportCat = page
      .locator('tr[data-slice="class:cat"]')
      .getByRole('button', { name: 'Export A right, B wrong as CSV' });
    const out = join(dir, 'regressed cats.csv');
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    await answer(out);
    await exportCat.click();
    await page.getByText(`Saved ${want.length} examples to ${out}`).waitFor();
    expect((await asked()).at(-1)).toEqual({
      kind: 'save',
      purpose: 'report',
      defaultPath: 'c10-worse-vs-cifar10_test-a-right-b-wrong.csv',
    });
    const rows = readSimpleCsv(out);
    expect(rows.map((r) => r.id)).toEqual(want.map((x) => x.r.id));
    for (const [k, r] of rows.entries()) {
      expect(r['prediction_a (cifar10_test)']).toBe(want[k]?.r.prediction);
      expect(r['prediction_b (worse)']).toBe(want[k]?.b);
    }
    // A cancelled dialog saves nothing; neither path starts a browser download.
    const before = (await asked()).length;
    await answer(null);
    await exportCat.click();
    await expect.poll(async () => (await asked()).length).toBe(before + 1);
    expect(downloads).toEqual([]);
  });
});
