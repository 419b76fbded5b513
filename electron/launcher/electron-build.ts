// Builds the Node/Electron side with Vite (the renderer has its own vite.config.ts):
//   out/electron/main.js      the main process (ESM; electron stays external)
//   out/host/entry.js         the data host, run as an Electron utility process (ESM)
//   out/host/parquet-worker.js the Parquet decoder thread the data host starts beside itself
//   out/host/row-writer-worker.js the row writer thread of a new project's first import
//   out/preload/preload.cjs   the preload (CommonJS: a sandboxed preload cannot load ES modules)
// better-sqlite3 stays external (a native addon, unpacked from the asar by electron-builder);
// everything else (zod, hyparquet) is bundled. No source maps ship (S-16).
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import type { InlineConfig } from 'vite';

const EXTERNAL = ['electron', 'better-sqlite3', ...builtinModules, /^node:/];

function nodeBuild(
  root: string,
  input: Record<string, string>,
  outDir: string,
  format: 'es' | 'cjs',
  fileName: string,
): InlineConfig {
  return {
    root,
    configFile: false,
    logLevel: 'warn',
    publicDir: false,
    ssr: { noExternal: true, external: ['electron', 'better-sqlite3'] },
    build: {
      ssr: true,
      target: 'node22',
      outDir,
      emptyOutDir: true,
      sourcemap: false,
      minify: false,
      copyPublicDir: false,
      rollupOptions: {
        input,
        external: EXTERNAL,
        output: { format, entryFileNames: fileName, chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  };
}

/** The three builds of the Electron side, in the order they run (`out` defaults to <root>/out). */
export function electronBuilds(root: string, out = join(root, 'out')): InlineConfig[] {
  return [
    nodeBuild(
      root,
      { main: join(root, 'electron/main/main.ts') },
      join(out, 'electron'),
      'es',
      '[name].js',
    ),
    nodeBuild(
      root,
      {
        entry: join(root, 'electron/host/entry.ts'),
        'parquet-worker': join(root, 'electron/core/importers/parquet-worker.ts'),
        'row-writer-worker': join(root, 'electron/core/importers/row-writer-worker.ts'),
      },
      join(out, 'host'),
      'es',
      '[name].js',
    ),
    nodeBuild(
      root,
      { preload: join(root, 'electron/preload/preload.ts') },
      join(out, 'preload'),
      'cjs',
      '[name].cjs',
    ),
  ];
}

export async function buildElectron(root: string, out?: string): Promise<void> {
  const { build } = await import('vite');
  for (const config of electronBuilds(root, out)) await build(config);
}

if (import.meta.main) {
  await buildElectron(join(import.meta.dirname, '../..'));
}
