// The entry of the bundled CLI (out/cli/main.js, built by electron/launcher/cli-build.ts): the
// same main as the sources, with the Parquet decoder thread pointed at the bundled
// parquet-worker.js beside it (the sources run parquet-worker.ts).
import { setParquetWorkerScript } from '../core/importers/parquet-worker-script.ts';

setParquetWorkerScript(new URL('./parquet-worker.js', import.meta.url));

export { main } from './main.ts';
