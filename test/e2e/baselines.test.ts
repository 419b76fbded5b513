import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserServer } from '../../electron/server/browser-server.ts';
import { formatPercent } from '../../shared/format.ts';
import type { Report } from '../../shared/report.ts';
import { writeOlderSystemRun } from '../fixtures/older-system.ts';
import { DATASETS, headroomCli, ok, readSimpleCsv, tempDir } from '../helpers.ts';
import { SHOTS, startApp, type App } from './browser.ts';

/**
 * Issue #15 in Chromium: baselines beyond humans. CIFAR-10 (humans from its votes) with a second
 * run built deterministically as an "older system": enter a target, pick the reference `best`
 * and see the ranking and the chart follow; switch the metric to recall of a class and read the
 * CLI's figures; set a requirement and see the failing slice flagged, then undo it. IMDB (no
 * human data): the dashboard says how to get a baseline, and one entered target ranks the slices.
 */
describe('baselines, reference, metric and requirements in the dashboard (Chromium)', () => {
  const dir = tempDir('headroom-e2e-baselines-');
  const project = join(dir, 'c10.headroom');
  const imdb = join(dir, 'imdb.headroom');
  let app: App;
  let server: BrowserServer;
  let page: Page;

  beforeAll(async () => {
    app = await startApp(dir);
    ({ server, page } = app);
    const csv = join(DATASETS, 'cifar10_test/cifar10_test.csv');
    await ok(server.service.dispatch('imports.run', { project, file: csv }));
    const rows = readSimpleCsv(csv).map((r) => ({
      id: r.id as string,
      label: r.label as string,
      prediction: r.prediction as string,
    }));
    const old = writeOlderSystemRun(join(dir, 'old.csv'), rows);
    await ok(server.service.dispatch('project.open', { path: project }));
    await ok(
      server.service.dispatch('imports.run', { project, file: old, kind: 'run', name: 'old' }),
    );
    await ok(server.service.dispatch('project.close', {}));
    await ok(
      server.service.dispatch('imports.run', {
        project: imdb,
        file: join(DATASETS, 'imdb_test/imdb_test.csv'),
      }),
    );
  }, 240_000);

  afterAll(async () => {
    await app?.close();
  });

  const engine = (args: Record<string, unknown> = {}) =>
    ok<Report>(server.service.dispatch('slices.report', args));
  const rowNames = () =>
    page.$$eval('table.slices tbody tr', (rows) =>
      rows.slice(1).map((r) => r.querySelector('.slice-name')?.firstChild?.textContent ?? ''),
    );
  const cellText = (sliceId: string, column: string) =>
    page.locator(`tr[data-slice="${sliceId}"] td[data-column="${column}"]`).innerText();
  const openProject = async (path: string) => {
    await page.goto(server.url);
    const close = page.getByRole('button', { name: 'Close project' });
    const fileBox = page.getByLabel('Project file', { exact: true });
    await close.or(fileBox).first().waitFor();
    if (await close.isVisible()) await close.click();
    await page.getByLabel('Project file', { exact: true }).fill(path);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.locator('table.slices tbody tr').nth(2).waitFor();
  };

  it('enters a target, picks best: the ranking and the chart follow the reference', async () => {
    await openProject(project);
    // The flat ranking (grouping by source is the default; the choice is remembered).
    await page.getByLabel('Group by source').uncheck();
    const byHlp = await engine();
    expect(byHlp.reference).toBe('hlp');
    await expect
      .poll(async () => (await rowNames()).slice(0, 8))
      .toEqual(byHlp.slices.slice(0, 8).map((s) => s.name));

    // A target above humans for a class low in the ranking: `best` measures it against that.
    await page.getByRole('button', { name: 'target of label = ship' }).click();
    await page.getByLabel('Target value').fill('99.9');
    await page.getByLabel('Target source').fill('a published result');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'target of label = ship' }).getByText('99.9%').waitFor();

    await page.getByLabel('Reference').selectOption('best');
    await page.getByRole('columnheader', { name: 'Reference: best' }).waitFor();
    const byBest = await engine({ reference: 'best' });
    const want = byBest.slices.slice(0, 8).map((s) => s.name);
    expect(want).not.toEqual(byHlp.slices.slice(0, 8).map((s) => s.name));
    await expect.poll(async () => (await rowNames()).slice(0, 8)).toEqual(want);
    const ship = byBest.slices.find((s) => s.id === 'class:ship');
    expect(ship?.reference_source).toBe('target');
    await expect
      .poll(() => cellText('class:ship', 'reference_value'))
      .toContain(formatPercent(0.999, 1));
    await page.getByText('Potential gain against best').waitFor();
    await page.screenshot({ path: join(SHOTS, 'baselines.png') });

    // "Make default" keeps it in the project: the CLI's report now uses best.
    await page.getByRole('button', { name: 'Make default' }).click();
    await page
      .getByLabel('Reference')
      .locator('option', { hasText: 'project default (best)' })
      .waitFor({ state: 'attached' });
    const cli = JSON.parse(headroomCli(dir, 'report', project, '--format', 'json').out) as Report;
    expect(cli.reference).toBe('best');
  });

  it("recall of a class: the figures on screen are the CLI's", async () => {
    await page.getByLabel('Metric').selectOption('recall:cat');
    const r = headroomCli(dir, 'report', project, '--metric', 'recall:cat', '--format', 'json');
    expect(r.code).toBe(0);
    const cli = JSON.parse(r.out) as Report;
    expect(cli.metric).toBe('recall:cat');
    await expect
      .poll(async () => (await rowNames()).slice(0, 6))
      .toEqual(cli.slices.slice(0, 6).map((s) => s.name));
    for (const s of cli.slices.slice(0, 6)) {
      await expect.poll(() => cellText(s.id, 'accuracy')).toContain(formatPercent(s.accuracy, 1));
      await expect
        .poll(() => cellText(s.id, 'potential_gain'))
        .toContain(formatPercent(s.potential_gain, 2));
    }
    await expect
      .poll(() => cellText('overall', 'accuracy'))
      .toContain(formatPercent(cli.overall.accuracy, 1));
    // The column and the chart's axis say what the figure is: a recall, not an accuracy (under
    // recall of cat every slice with examples repeats all examples: the chart has no point; under
    // precision of cat class_group = animal has a gap).
    await page.getByRole('columnheader', { name: 'Recall of cat', exact: true }).waitFor();
    // The picker shows the metric in use (a report under recall of cat has no slice label = cat).
    expect(await page.getByLabel('Metric').inputValue()).toBe('recall:cat');
    expect(await page.getByRole('columnheader', { name: 'Accuracy', exact: true }).count()).toBe(0);
    await page.getByRole('tab', { name: 'Gap × share' }).click();
    await page
      .getByText(
        'No slice but all examples has a gap against best under recall of cat: the others are empty or repeat all examples.',
      )
      .waitFor();
    await page.getByLabel('Metric').selectOption('precision:cat');
    await page.getByRole('columnheader', { name: 'Precision of cat', exact: true }).waitFor();
    await page.getByRole('tab', { name: 'Gap × share' }).click();
    await page.locator('svg text', { hasText: /^gap \(best − precision of cat\)$/ }).waitFor();
    await page.getByRole('tab', { name: 'Potential gain' }).click();
    await page.getByLabel('Metric').selectOption('accuracy');
    await page.getByRole('columnheader', { name: 'Accuracy', exact: true }).waitFor();
  });

  it('a requirement flags the failing slice, counts it, filters it; undo takes it back', async () => {
    await page.getByRole('button', { name: 'Add a requirement…' }).click();
    await page.getByLabel('Requirement scope').selectOption('class:cat');
    await page.getByLabel('Requirement text').fill('>= 0.99');
    await page.getByLabel('Requirement source').fill('launch review');
    await page.getByRole('button', { name: 'Save' }).click();
    const rep = await engine();
    const cat = rep.slices.find((s) => s.id === 'class:cat');
    expect(cat?.requirement_status).toBe('fails');
    await page.locator('tr[data-slice="class:cat"].fails').waitFor();
    await expect.poll(() => cellText('class:cat', 'requirement_status')).toContain('fails');
    const summary = page.getByLabel('Requirements');
    await summary.getByText('1 slice fails').waitFor();
    await page.getByLabel('Requirement status filter').selectOption('fails');
    await expect.poll(rowNames).toEqual(['label = cat']);
    await page.screenshot({ path: join(SHOTS, 'requirements.png') });
    await page.getByLabel('Requirement status filter').selectOption('all');

    // A bad text: the engine's message shows in the dialog, nothing is saved.
    await page.getByRole('button', { name: 'requirement of label = dog' }).click();
    await page.getByLabel('Requirement text').fill('>= lots');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').waitFor();
    await page.keyboard.press('Escape');
    expect((await engine()).slices.find((s) => s.id === 'class:dog')?.requirement).toBeNull();

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await summary.getByText('No requirement yet.').waitFor();
    expect((await engine()).slices.find((s) => s.id === 'class:cat')?.requirement).toBeNull();
  });

  it('the HLP editor says how many more human labels would halve the HLP interval', async () => {
    const dog = (await engine()).slices.find((s) => s.id === 'class:dog');
    const ci = dog?.hlp_ci as [number, number];
    const halfWidth = (ci[1] - ci[0]) / 4;
    const plan = await ok<{ n_more: number; n_needed_total: number }>(
      server.service.dispatch('plan.slice', { slice: 'class:dog', figure: 'hlp', halfWidth }),
    );
    expect(plan.n_more).toBeGreaterThan(0);
    await page.getByRole('button', { name: /^HLP of label = dog:/ }).click();
    const hint = page
      .getByRole('note')
      .filter({ hasText: `for the HLP to ±${(halfWidth * 100).toFixed(1)} points` });
    await hint.waitFor();
    await expect
      .poll(() => hint.innerText())
      .toContain(`${plan.n_more.toLocaleString('en-US')} more human label`);
    await page.keyboard.press('Escape');
  });

  it('no human data (IMDB): a call to action, then an entered target ranks the slices', async () => {
    await openProject(imdb);
    const cta = page.getByRole('region', { name: 'No baseline yet' });
    await cta.waitFor();
    await cta.getByRole('button', { name: 'Import human labels…' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'empty-state.png') });
    await cta.getByRole('button', { name: 'Enter a baseline…' }).click();
    await expect.poll(() => page.getByLabel('Target scope').inputValue()).toBe('all');
    await page.getByLabel('Target value').fill('95');
    await page.getByRole('button', { name: 'Save' }).click();
    await cta.waitFor({ state: 'detached' });
    const rep = await engine();
    expect(rep.slices[0]?.reference_source).toBe('target');
    expect(rep.slices[0]?.gap).toBeCloseTo(0.95 - (rep.slices[0]?.accuracy ?? 0), 12);
    await expect
      .poll(async () => (await rowNames()).slice(0, 5))
      .toEqual(rep.slices.slice(0, 5).map((s) => s.name));
    await page.getByText('Potential gain against best').waitFor();

    // Remove takes it back: no target left, and the call to action returns.
    const top = rep.slices[0]?.name as string;
    await page.getByRole('button', { name: `target of ${top}` }).click();
    await page.getByLabel('Target scope').selectOption('all');
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await cta.waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    const after = await engine();
    expect(after.slices.some((s) => s.baselines?.some((b) => b.source === 'target'))).toBe(false);
  });
});
