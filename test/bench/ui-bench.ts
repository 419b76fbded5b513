// npm run bench:ui [-- ROWS]: the UI on a generated project (1M rows, 20 tag sets by default) in
// Debian's Chromium against the browser mode. Prints figures; never fails on speed.
//   dashboard: first render after open, HLP edit -> re-ranked table painted
//   examples: first page after navigation, a filtered+sorted page in the engine, frame times while
//             scrolling (frame-trace.ts), page JS heap
//   grid:     G -> first cells painted, frame times while scrolling the grid of thumbnails (the
//             generated file has no images: each cell draws its text placeholder)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { startBrowserServer, type BrowserServer } from '../../electron/server/browser-server.ts';
import { findShared } from '../shared-dir.ts';
import { buildRenderer, launchChromium } from '../e2e/browser.ts';
import { median, percentile, traceFrames, type FrameTimes } from './frame-trace.ts';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const REPO = resolve(import.meta.dirname, '../..');
const dataDir = join(REPO, '.bench', `gen-${ROWS}`);
const project = join(REPO, '.bench', `analysis-${ROWS}.headroom`);

const ms = (x: number) => `${x.toFixed(1)} ms`;

/** The same generated project as bench:analysis (built here when missing). */
async function ensureProject(): Promise<void> {
  if (!existsSync(join(dataDir, 'examples.csv'))) {
    mkdirSync(dataDir, { recursive: true });
    execFileSync(
      process.execPath,
      [join(findShared(), 'tools/gen-predictions.mjs'), dataDir, String(ROWS)],
      {
        stdio: 'inherit',
      },
    );
  }
  if (!existsSync(project)) {
    console.log('building the project (import examples and 20 tag sets) ...');
    await runImport({ project, file: join(dataDir, 'examples.csv') });
    await runImport({ project, file: join(dataDir, 'tags.csv'), kind: 'tags' });
  }
}

/** What the page must show for a timed action to count as done. */
type Done =
  { kind: 'order-changed'; before: string } | { kind: 'example-rows' } | { kind: 'grid-cells' };

/** The slice names of the dashboard in table order, as one string. */
function sliceOrder(page: Page): Promise<string> {
  return page.$$eval('table.slices tbody tr .slice-name', (els) =>
    els.map((e) => e.textContent).join('|'),
  );
}

/** Time in the page from `start` (a click or key the bench does) until `done` holds, by rAF polling. */
async function timeInPage(page: Page, start: () => Promise<void>, done: Done): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __t0: number };
    w.__t0 = 0;
    const mark = () => (w.__t0 = performance.now());
    window.addEventListener('click', mark, { capture: true, once: true });
    window.addEventListener('keydown', mark, { capture: true, once: true });
  });
  await start();
  return page.evaluate(
    (d) =>
      new Promise<number>((resolveTime) => {
        const order = () =>
          [...document.querySelectorAll('table.slices tbody tr .slice-name')]
            .map((e) => e.textContent)
            .join('|');
        const check = () =>
          d.kind === 'order-changed'
            ? order() !== d.before
            : d.kind === 'grid-cells'
              ? document.querySelector('.thumb-cell[data-id]') !== null
              : document.querySelector('.grid-row[data-id]') !== null;
        const giveUp = performance.now() + 10_000;
        const tick = () => {
          if (check())
            resolveTime(performance.now() - (window as unknown as { __t0: number }).__t0);
          else if (performance.now() > giveUp) resolveTime(Number.NaN);
          else requestAnimationFrame(tick);
        };
        tick();
      }),
    done,
  );
}

async function dashboardFirstRender(page: Page, server: BrowserServer): Promise<number> {
  const t0 = Date.now();
  await page.goto(server.url);
  await page.locator('table.slices tbody tr').nth(5).waitFor({ timeout: 60_000 });
  return Date.now() - t0;
}

/** Sets HLP = 100% on slices low in the ranking: each rises (a larger gap), re-ranking the table. */
async function hlpReranks(page: Page, count: number): Promise<number[]> {
  // The flat ranking (grouping by source, the default, shows a group's top 3 until expanded).
  await page.getByLabel('Group by source').uncheck();
  const times: number[] = [];
  for (let k = 0; k < count; k++) {
    const row = page.locator('table.slices tbody tr').nth(20 + k);
    const name = (await row.locator('.slice-name button.link').textContent()) ?? '';
    await row.getByRole('button', { name: `HLP of ${name}:` }).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('100');
    const before = await sliceOrder(page);
    times.push(
      await timeInPage(page, () => page.keyboard.press('Enter'), { kind: 'order-changed', before }),
    );
    await page.waitForTimeout(200);
  }
  return times;
}

async function examplesFirstPage(page: Page): Promise<number> {
  return timeInPage(
    page,
    () => page.getByRole('button', { name: 'Examples', exact: true }).click(),
    { kind: 'example-rows' },
  );
}

/** Chromium's synthetic wheel scroll (the input its own smoothness benchmarks use) down the grid. */
async function wheelScroll(
  page: Page,
  cdp: CDPSession,
  pxPerSecond: number,
  seconds: number,
  scroller = '.grid',
) {
  await page.evaluate(
    (sel) => ((document.querySelector(sel) as HTMLElement).scrollTop = 0),
    scroller,
  );
  await page.waitForTimeout(300);
  const box = await page.locator(scroller).boundingBox();
  if (!box) throw new Error('the examples grid is not on screen');
  const frames = await traceFrames(page, cdp, async () => {
    await cdp.send('Input.synthesizeScrollGesture', {
      x: box.x + box.width / 2,
      y: box.y + box.height / 2,
      yDistance: -pxPerSecond * seconds,
      speed: pxPerSecond,
      gestureSourceType: 'mouse',
      preventFling: true,
    });
  });
  const scrolled = await page.evaluate(
    (sel) => document.querySelector(sel)?.scrollTop ?? 0,
    scroller,
  );
  return { ...frames, scrolled };
}

/**
 * The worst case: a whole viewport (30 rows) further every frame, as a fast scrollbar drag. The
 * loop only writes scrollTop (a read after the app's writes would force a layout the app does not).
 */
async function viewportPerFrame(
  page: Page,
  cdp: CDPSession,
  seconds: number,
  scroller = '.grid',
  px = 900,
) {
  return traceFrames(page, cdp, () =>
    page.evaluate(
      ([ms, sel, step]) =>
        new Promise<void>((done) => {
          const grid = document.querySelector(sel) as HTMLElement;
          const end = performance.now() + ms;
          let top = grid.scrollTop;
          const frame = (now: number) => {
            top += step;
            grid.scrollTop = top;
            if (now < end) requestAnimationFrame(frame);
            else done();
          };
          requestAnimationFrame(frame);
        }),
      [seconds * 1000, scroller, px] as const,
    ),
  );
}

/**
 * A scroll's frames: the main thread's CPU time per frame (the work itself: the figure the target
 * is for), then the same tasks' wall time (longer when the thread waited for a CPU on a busy
 * machine) and the rAF interval.
 */
const frameLine = (what: string, f: FrameTimes) =>
  `${what}: ${f.work.length} frames, main-thread work per frame (CPU) median ${ms(median(f.cpu))}, p90 ${ms(percentile(f.cpu, 0.9))} (target median < 16 ms); task wall time per frame median ${ms(median(f.work))}, p90 ${ms(percentile(f.work, 0.9))}; rAF interval median ${ms(median(f.intervals))}`;

await ensureProject();
const dir = mkdtempSync(join(tmpdir(), 'headroom-bench-ui-'));
const staticDir = buildRenderer(join(dir, 'renderer'));
// The saved index must be current, as after any earlier open: open once through the engine.
const warmup = await startBrowserServer({ project });
await warmup.service.dispatch('slices.report', {});
await warmup.close();

const server = await startBrowserServer({ staticDir, project });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const step = (what: string) => process.stderr.write(`bench:ui: ${what}\n`);
  step('dashboard');
  const firstRender = await dashboardFirstRender(page, server);
  const engineReport: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await server.service.dispatch('slices.report', {});
    engineReport.push(performance.now() - t);
  }
  step('HLP edits');
  const rerank = await hlpReranks(page, 7);
  step('examples');
  const firstPage = await examplesFirstPage(page);
  await page.waitForTimeout(300);
  step('scrolling');
  const wheel = await wheelScroll(page, cdp, 10_000, 3);
  const drag = await viewportPerFrame(page, cdp, 2);
  const engineFilter: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    await server.service.dispatch('examples.page', {
      filter: { outcome: 'errors', minConfidence: i / 20 },
      sort: { key: 'confidence', dir: 'desc' },
      offset: 1000 * i,
      limit: 100,
    });
    engineFilter.push(performance.now() - t);
  }
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  step('grid');
  await page.evaluate(() => ((document.querySelector('.grid') as HTMLElement).scrollTop = 0));
  const gridFirst = await timeInPage(page, () => page.keyboard.press('g'), { kind: 'grid-cells' });
  await page.waitForTimeout(300);
  const lanes = await page.evaluate(() =>
    Number(document.querySelector('.thumb-grid')?.getAttribute('aria-colcount') ?? 1),
  );
  const gridWheel = await wheelScroll(page, cdp, 10_000, 3, '.thumb-grid');
  const gridDrag = await viewportPerFrame(page, cdp, 2, '.thumb-grid');
  // 10,000 px/s as at 60 frames a second, whatever frame rate the machine's load allows: the wheel
  // figure's frames each scroll further (so do more) when fewer frames are drawn.
  await page.evaluate(() => ((document.querySelector('.thumb-grid') as HTMLElement).scrollTop = 0));
  await page.waitForTimeout(300);
  const gridSteady = await viewportPerFrame(page, cdp, 2.5, '.thumb-grid', 167);
  const gridHeap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };

  console.log(
    `project: ${project} (${ROWS.toLocaleString('en-US')} examples), Chromium ${browser.version()}`,
  );
  console.log(
    `dashboard first render after open (navigation -> ranked rows painted): ${ms(firstRender)} (target < 2000 ms)`,
  );
  console.log(
    `HLP edit -> re-ranked table painted: median ${ms(median(rerank))} of ${rerank.length} (${rerank.map((x) => x.toFixed(0)).join(', ')}) (target < 100 ms); engine report alone (slice counts kept between settings edits): ${ms(median(engineReport))}`,
  );
  console.log(`examples table first page after navigation: ${ms(firstPage)} (target < 300 ms)`);
  console.log(
    `examples page with filter + sort in the engine: median ${ms(median(engineFilter))} of 10 (target < 20 ms)`,
  );
  console.log(
    frameLine(
      `scrolling the examples grid by wheel at 10,000 px/s (${Math.round(wheel.scrolled / 30).toLocaleString('en-US')} rows)`,
      wheel,
    ),
  );
  console.log(frameLine('scrolling a whole viewport (30 rows) per frame', drag));
  console.log(
    `page JS heap after scrolling: ${(heap.usedSize / 1e6).toFixed(1)} MB (target < 200 MB)`,
  );
  console.log(
    `grid first cells after G (page 0 as the table left it in the query cache: the grid reuses its paging): ${ms(gridFirst)} (target < 300 ms)`,
  );
  console.log(
    frameLine(
      `scrolling the grid by wheel at 10,000 px/s (${Math.round((gridWheel.scrolled / 150) * lanes).toLocaleString('en-US')} examples, ${lanes} per row)`,
      gridWheel,
    ),
  );
  console.log(
    frameLine(
      `scrolling the grid 167 px per frame (10,000 px/s at 60 Hz, by scrollTop)`,
      gridSteady,
    ),
  );
  console.log(frameLine(`scrolling the grid 900 px (6 rows of ${lanes}) per frame`, gridDrag));
  console.log(`page JS heap after scrolling the grid: ${(gridHeap.usedSize / 1e6).toFixed(1)} MB`);
  // Leave the project as it was: clear the HLPs this run entered.
  const report = (await server.service.dispatch('slices.report', {})) as {
    ok: boolean;
    value?: { slices: { id: string; hlp_source: string | null }[] };
  };
  for (const s of report.value?.slices ?? []) {
    if (s.hlp_source === 'entered in the dashboard')
      await server.service.dispatch('slices.settings', { slice: s.id, hlp: null });
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
