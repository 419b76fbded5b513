import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir } from '../helpers.ts';

// Every module the real `headroom` command loads, recorded by a module.registerHooks hook that
// a --import preload installs in the child; printed to stderr at exit, one URL a line.
const RECORDER = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from 'node:module';
const seen = [];
registerHooks({ load(url, context, next) { seen.push(url); return next(url, context); } });
process.on('exit', () => process.stderr.write(seen.map((u) => 'loaded ' + u).join('\\n') + '\\n'));
`)}`;

const dir = tempDir();

function loadedBy(...args: string[]): { code: number | null; out: string; modules: string[] } {
  const r = spawnSync(
    process.execPath,
    ['--import', RECORDER, join(REPO, 'bin/headroom.mjs'), ...args],
    {
      encoding: 'utf8',
      cwd: dir,
    },
  );
  const modules = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('loaded '))
    .map((l) => l.slice('loaded '.length));
  return { code: r.status, out: r.stdout, modules };
}

const core = pathToFileURL(join(REPO, 'electron/core')).href + '/';
const engineModules = (modules: string[]) =>
  modules.filter(
    (u) =>
      (u.startsWith(core) && u !== `${core}errors.ts`) ||
      u.includes('/node_modules/zod/') ||
      u.includes('better-sqlite3'),
  );

describe('headroom starts without the engine when it only prints usage', () => {
  it('--help loads the CLI entry and the usage text, and no engine module, zod or SQLite', () => {
    const r = loadedBy('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^headroom: error analysis/);
    // The recorder works: it saw the entry and the usage text.
    expect(r.modules).toContain(pathToFileURL(join(REPO, 'electron/cli/main.ts')).href);
    expect(r.modules).toContain(pathToFileURL(join(REPO, 'electron/cli/usage.ts')).href);
    expect(engineModules(r.modules)).toEqual([]);
  });

  it('an unknown command is a usage error (exit 2) without loading the engine', () => {
    const r = loadedBy('constructor');
    expect(r.code).toBe(2);
    expect(engineModules(r.modules)).toEqual([]);
  });

  it('a command loads the engine when it runs (the check above can see it)', () => {
    const r = loadedBy('info', join(dir, 'missing.headroom'));
    expect(r.code).toBe(1);
    expect(r.modules).toContain(`${core}handlers/service.ts`);
    expect(r.modules).not.toContain(pathToFileURL(join(REPO, 'electron/cli/cmd-report.ts')).href);
  });
});
