/**
 * The Parquet decoder thread's script. Sources (CLI, tests, browser mode) run parquet-worker.ts
 * beside this file; the built data host (out/host/entry.js) ships a bundled parquet-worker.js and
 * points here at it. Its own module, so the host entry does not pull the importer in statically.
 */
let script: URL = new URL('./parquet-worker.ts', import.meta.url);

export function parquetWorkerScript(): URL {
  return script;
}

export function setParquetWorkerScript(url: URL): void {
  script = url;
}
