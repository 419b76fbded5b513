// Builds the bundled CLI that bin/headroom.mjs runs when it is up to date (npm run build:cli):
//   out/cli/main.js            the entry (electron/cli/bundle-entry.ts): main and the usage text
//   out/cli/<name>-<hash>.js   one chunk per command, loaded when it runs, and shared code
//   out/cli/parquet-worker.js  the Parquet decoder thread
//   out/cli/row-writer-worker.js the row writer thread of a new project's first import
//   out/cli/sources.json       every source file bundled, with its mtime (see bin/headroom.mjs),
//                              and node_modules/.package-lock.json for the bundled packages
// Native and heavy packages stay external (loaded from node_modules as with the sources). The
// chunks sit beside main.js so cmd-serve's `import.meta.dirname/../..` is still the repository.
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { isAbsolute, join, relative } from 'node:path';
import type { InlineConfig, Rollup } from 'vite';

const EXTERNAL_PACKAGES = ['better-sqlite3', 'sharp', '@duckdb/node-api', 'hyparquet'];
const EXTERNAL = [
  ...EXTERNAL_PACKAGES,
  ...EXTERNAL_PACKAGES.map((p) => new RegExp(`^${p.replace('/', '\\/')}/`)),
  ...builtinModules,
  /^node:/,
];

/** The stamp bin/headroom.mjs reads: paths relative to the repository, mtimes in ms. */
export interface CliStamp {
  files: [path: string, mtimeMs: number][];
}

export const CLI_STAMP = 'sources.json';
const NPM_LOCK = 'node_modules/.package-lock.json';

export function cliBuildConfig(root: string, outDir: string): InlineConfig {
  return {
    root,
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    ssr: { noExternal: true, external: EXTERNAL_PACKAGES },
    build: {
      ssr: true,
      target: 'node22',
      outDir,
      emptyOutDir: true,
      sourcemap: false,
      minify: false,
      copyPublicDir: false,
      rollupOptions: {
        input: {
          main: join(root, 'electron/cli/bundle-entry.ts'),
          'parquet-worker': join(root, 'electron/core/importers/parquet-worker.ts'),
          'row-writer-worker': join(root, 'electron/core/importers/row-writer-worker.ts'),
        },
        external: EXTERNAL,
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  };
}

/** Builds the CLI into outDir (default <root>/out/cli) and writes its stamp; returns the stamp. */
export async function buildCli(root: string, outDir = join(root, 'out/cli')): Promise<CliStamp> {
  const { build } = await import('vite');
  const output = (await build(cliBuildConfig(root, outDir))) as Rollup.RollupOutput;
  const ids = new Set<string>();
  for (const part of output.output)
    if (part.type === 'chunk') for (const id of part.moduleIds) if (isAbsolute(id)) ids.add(id);
  // Packages change only through npm, which rewrites node_modules/.package-lock.json: one stat
  // for all of them instead of one a file.
  const paths = [...ids]
    .map((id) => relative(root, id).split('\\').join('/'))
    .filter((rel) => !rel.startsWith('..') && !rel.includes('node_modules/'));
  if (existsSync(join(root, NPM_LOCK))) paths.push(NPM_LOCK);
  const files: [string, number][] = paths
    .sort()
    .map((rel) => [rel, statSync(join(root, rel)).mtimeMs]);
  const stamp: CliStamp = { files };
  writeFileSync(join(outDir, CLI_STAMP), JSON.stringify(stamp));
  return stamp;
}

// `--if-possible` (npm install's prepare step): a failed build only warns, as the command then
// runs from the sources, slower to start but the same.
if (import.meta.main) {
  try {
    const stamp = await buildCli(join(import.meta.dirname, '../..'));
    console.log(`out/cli: ${stamp.files.length} source files bundled`);
  } catch (err) {
    if (!process.argv.includes('--if-possible')) throw err;
    console.warn(
      `headroom: the CLI bundle was not built (${(err as Error).message}); the headroom command runs from the sources instead (slower to start). Retry with npm run build:cli.`,
    );
  }
}
