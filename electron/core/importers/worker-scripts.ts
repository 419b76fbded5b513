/**
 * The scripts of the importer's threads: the Parquet decoder (parquet-worker.ts) and the row
 * writer of a new project's first import (row-writer-worker.ts). Sources (CLI, tests, browser
 * mode) run the .ts files beside this one; the bundles (out/cli, out/host) ship a .js of each
 * beside their entry and point here at them. Its own module, so an entry does not pull the
 * importer in statically.
 */
export type WorkerName = 'parquet-worker' | 'row-writer-worker';

const scripts: Record<WorkerName, URL> = {
  'parquet-worker': new URL('./parquet-worker.ts', import.meta.url),
  'row-writer-worker': new URL('./row-writer-worker.ts', import.meta.url),
};

export function workerScript(name: WorkerName): URL {
  return scripts[name];
}

/** Points the threads at a bundle's built scripts. */
export function useBuiltWorkers(built: Record<WorkerName, URL>): void {
  Object.assign(scripts, built);
}

/** The process's Node options minus those a worker refuses (`node --input-type=module -e`). */
export function workerExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--input-type') i++;
    else if (!a.startsWith('--input-type=')) out.push(a);
  }
  return out;
}
