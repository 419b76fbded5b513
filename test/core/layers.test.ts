import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers.ts';

const CORE = join(REPO, 'electron/core');

/** Every module of the engine with the relative paths it imports. */
function imports(): { file: string; from: string[] }[] {
  return readdirSync(CORE, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => {
      const path = join(e.parentPath, e.name);
      const text = readFileSync(path, 'utf8');
      const from = [...text.matchAll(/^(?:import|export)[^;]*?from '([^']+)'/gms)].map(
        (m) => m[1] as string,
      );
      return { file: relative(CORE, path), from };
    });
}

describe('the engine has no upward imports', () => {
  it('nothing under electron/core outside handlers/ imports from handlers/ (the service lives there)', () => {
    const all = imports();
    expect(all.length).toBeGreaterThan(50);
    const upward = all
      .filter((m) => !m.file.startsWith('handlers/'))
      .filter((m) => m.from.some((f) => /(^|\/)handlers\//.test(f)))
      .map((m) => m.file);
    expect(upward).toEqual([]);
    // The check can see such an import: the service, in handlers/, imports its neighbours.
    expect(all.find((m) => m.file === 'handlers/service.ts')?.from).toContain('./state.ts');
  });
});
