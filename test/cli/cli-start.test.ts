import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, CLI_STAMP, type CliStamp } from '../../electron/launcher/cli-build.ts';
import { dumpHash } from '../db-dump.ts';
import { DATASETS, REPO, tempDir } from '../helpers.ts';

// Every module the real `headroom` command loads, recorded by a module.registerHooks hook that
// a --import preload installs in the child; printed to stderr at exit, one URL a line.
const RECORDER = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from 'node:module';
const seen = [];
registerHooks({ load(url, context, next) { seen.push(url); return next(url, context); } });
process.on('exit', () => process.stderr.write(seen.map((u) => 'loaded ' + u).join('\\n') + '\\n'));
`)}`;

const dir = tempDir();

/** Runs bin/headroom.mjs; `cli` is HEADROOM_CLI: 'sources' (default here) or a bundle folder. */
function loadedBy(...args: string[]): ReturnType<typeof loadedWith> {
  return loadedWith('sources', ...args);
}

function loadedWith(
  cli: string,
  ...args: string[]
): { code: number | null; out: string; err: string; modules: string[] } {
  const r = spawnSync(
    process.execPath,
    ['--import', RECORDER, join(REPO, 'bin/headroom.mjs'), ...args],
    {
      encoding: 'utf8',
      cwd: dir,
      env: { ...process.env, HEADROOM_CLI: cli },
    },
  );
  const modules = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('loaded '))
    .map((l) => l.slice('loaded '.length));
  return {
    code: r.status,
    out: r.stdout,
    err: r.stderr.replace(/^loaded .*\n?/gm, ''),
    modules,
  };
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

describe('the bundled CLI (npm run build:cli), built into a temp folder', () => {
  const bundle = join(dir, 'bundle');
  const project = join(dir, 'cifar.headroom');
  const csv = join(DATASETS, 'cifar10_test/cifar10_test.csv');
  // The answer key stays out of the project (it is never an input).
  const answerKey = (readFileSync(csv, 'utf8').split('\n', 1)[0] ?? '')
    .split(',')
    .filter((c) => /^(mturk_|label_error_confirmed$|corrected_label$)/.test(c));

  beforeAll(async () => {
    // The bundle finds its external packages (better-sqlite3…) in a node_modules above it, as
    // out/cli does in the repository.
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
    await buildCli(REPO, bundle);
    const r = loadedWith(
      'sources',
      'import',
      csv,
      '--project',
      project,
      ...answerKey.flatMap((c) => ['--map', `ignore=${c}`]),
    );
    expect(r.code, r.err).toBe(0);
  }, 120_000);

  const fromBundle = (modules: string[]) => {
    const base = pathToFileURL(bundle).href + '/';
    return modules.filter((u) => u.startsWith(base));
  };
  const tsSources = (modules: string[]) =>
    modules.filter((u) => u.startsWith(pathToFileURL(REPO).href + '/') && u.endsWith('.ts'));

  it('--help runs from the bundle: its entry and shared chunk only, no TypeScript, no package', () => {
    const r = loadedWith(bundle, '--help');
    const sources = loadedBy('--help');
    expect(r.code).toBe(0);
    expect(r.out).toBe(sources.out);
    expect(fromBundle(r.modules)).toContain(pathToFileURL(join(bundle, 'main.js')).href);
    expect(tsSources(r.modules)).toEqual([]);
    expect(r.modules.filter((u) => u.includes('/node_modules/'))).toEqual([]);
    // No command chunk is loaded for the usage text.
    expect(fromBundle(r.modules).filter((u) => /\/cmd-/.test(u))).toEqual([]);
  });

  it('info and report print the same as the sources, loading no TypeScript', () => {
    for (const args of [
      ['info', project],
      ['report', project, '--format', 'json'],
    ]) {
      const r = loadedWith(bundle, ...args);
      const sources = loadedBy(...args);
      expect(r.code, r.err).toBe(0);
      expect(sources.code, sources.err).toBe(0);
      expect(r.out.length).toBeGreaterThan(100);
      expect(r.out).toBe(sources.out);
      expect(tsSources(r.modules)).toEqual([]);
      expect(tsSources(sources.modules).length).toBeGreaterThan(20);
      expect(fromBundle(r.modules).some((u) => /\/cmd-(info|report)-/.test(u))).toBe(true);
    }
  });

  it('a large import writes its rows through the bundled row writer, the same project as the sources', () => {
    // 50,000 rows: past THREAD_MIN_ROWS, so the rows go through the row writer thread.
    const file = join(DATASETS, 'imagenet_val/imagenet_val.csv');
    const fromBuilt = join(dir, 'imagenet-bundle.headroom');
    const fromSources = join(dir, 'imagenet-sources.headroom');
    const r = loadedWith(bundle, 'import', file, '--project', fromBuilt);
    const sources = loadedBy('import', file, '--project', fromSources);
    expect(r.code, r.err).toBe(0);
    expect(sources.code, sources.err).toBe(0);
    expect(tsSources(r.modules)).toEqual([]);
    expect(fromBundle(r.modules)).toContain(
      pathToFileURL(join(bundle, 'row-writer-worker.js')).href,
    );
    expect(sources.modules).toContain(
      pathToFileURL(join(REPO, 'electron/core/importers/row-writer-worker.ts')).href,
    );
    expect(dumpHash(fromBuilt)).toBe(dumpHash(fromSources));
  });

  it('a bundle whose stamp no longer matches a source file falls back to the sources', () => {
    const stale = join(dir, 'stale-bundle');
    cpSync(bundle, stale, { recursive: true });
    const stampPath = join(stale, CLI_STAMP);
    const stamp = JSON.parse(readFileSync(stampPath, 'utf8')) as CliStamp;
    const usage = stamp.files.findIndex(([f]) => f === 'electron/cli/usage.ts');
    const recorded = stamp.files[usage];
    expect(recorded).toBeDefined();
    if (recorded) stamp.files[usage] = [recorded[0], recorded[1] - 1000];
    writeFileSync(stampPath, JSON.stringify(stamp));
    const r = loadedWith(stale, '--help');
    expect(r.code).toBe(0);
    expect(fromBundle(r.modules)).toEqual([]);
    expect(r.modules).toContain(pathToFileURL(join(REPO, 'electron/cli/usage.ts')).href);

    // A missing stamp (a folder that was never built) is the sources too.
    const r2 = loadedWith(join(dir, 'no-bundle-here'), '--help');
    expect(r2.code).toBe(0);
    expect(r2.modules).toContain(pathToFileURL(join(REPO, 'electron/cli/main.ts')).href);
  });
});
