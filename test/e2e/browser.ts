import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startBrowserServer, type BrowserServer } from '../../electron/server/browser-server.ts';
import { REPO } from '../helpers.ts';

/** Where the e2e tests save their screenshots (the README shows copies in docs/screenshots). */
export const SHOTS = join(REPO, 'test-results/screenshots');

/** Debian's Chromium, with the flags this closed network needs. */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/**
 * Builds the renderer into `outDir` (a test's own temp folder: test files run in parallel, and two
 * builds into the same out/renderer would race) and returns it.
 */
export function buildRenderer(outDir: string): string {
  execFileSync(
    process.execPath,
    [
      join(REPO, 'node_modules/vite/bin/vite.js'),
      'build',
      '--logLevel',
      'error',
      '--outDir',
      outDir,
      '--emptyOutDir',
    ],
    { cwd: REPO },
  );
  mkdirSync(SHOTS, { recursive: true });
  return outDir;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
}

/** A browser-mode server with the built UI, Chromium, one page, and the log of off-app requests. */
export interface App {
  server: BrowserServer;
  browser: Browser;
  page: Page;
  /** Every request the page made to anything but this server (must stay empty). */
  offApp: string[];
  close(): Promise<void>;
}

export async function startApp(
  dir: string,
  options: {
    project?: string;
    viewport?: { width: number; height: number };
    /** The app's folder (recent projects, sample); without it nothing is recorded. */
    configDir?: string;
  } = {},
): Promise<App> {
  const staticDir = buildRenderer(join(dir, 'renderer'));
  const server = await startBrowserServer({
    staticDir,
    ...(options.configDir ? { configDir: options.configDir } : {}),
    ...(options.project ? { project: options.project } : {}),
  });
  const browser = await launchChromium();
  const page = await browser.newPage({
    viewport: options.viewport ?? { width: 1500, height: 900 },
  });
  const offApp: string[] = [];
  const own = [`http://127.0.0.1:${server.port}/`, `ws://127.0.0.1:${server.port}/`];
  page.on('request', (r) => {
    if (!own.some((o) => r.url().startsWith(o))) offApp.push(r.url());
  });
  return {
    server,
    browser,
    page,
    offApp,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
