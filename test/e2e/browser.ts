import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
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
