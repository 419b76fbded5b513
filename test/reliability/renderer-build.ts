import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { buildRenderer } from '../e2e/browser.ts';

/** The production renderer, built once per test file into its own temp folder. */
export function builtRenderer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'headroom-build-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return buildRenderer(join(dir, 'renderer'));
}
