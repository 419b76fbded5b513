// The entry of the bundled CLI (out/cli/main.js, built by electron/launcher/cli-build.ts): the
// same main as the sources, with the importer's threads pointed at the bundled scripts beside it
// (the sources run their .ts files).
import { useBuiltWorkers } from '../core/importers/worker-scripts.ts';

useBuiltWorkers({
  'parquet-worker': new URL('./parquet-worker.js', import.meta.url),
  'row-writer-worker': new URL('./row-writer-worker.js', import.meta.url),
});

export { main } from './main.ts';
