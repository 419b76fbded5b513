// Entry of the data host: an Electron utility process started by electron/main by path. Plain
// Node: SQLite, importers and analysis run here, never on Electron's main thread.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveOverPort, type HostPort } from './data-host.ts';
import { useBuiltWorkers } from '../core/importers/worker-scripts.ts';

// Built (out/host/entry.js), the importer's threads are bundled beside this file; from the sources
// the importer finds their .ts itself.
const builtWorker = new URL('./parquet-worker.js', import.meta.url);
if (existsSync(fileURLToPath(builtWorker))) {
  useBuiltWorkers({
    'parquet-worker': builtWorker,
    'row-writer-worker': new URL('./row-writer-worker.js', import.meta.url),
  });
}

/**
 * Electron gives a utility process `process.parentPort`. Forked by plain Node with an IPC channel
 * (how the tests run the built bundle), the same loop runs over process.send.
 */
function hostPort(): HostPort | null {
  const parentPort = (process as unknown as { parentPort?: HostPort }).parentPort;
  if (parentPort) return parentPort;
  const send = process.send?.bind(process);
  if (!send) return null;
  return {
    on: (_event, listener) => process.on('message', (data) => listener({ data })),
    postMessage: (message) => void send(message),
  };
}

const port = hostPort();
if (!port) {
  console.error('headroom data host: no parent port (start it as an Electron utility process)');
  process.exit(1);
}
// Electron's userData folder (recent projects, the sample), passed by main as --config-dir <dir>.
const at = process.argv.indexOf('--config-dir');
const configDir = at >= 0 ? process.argv[at + 1] : undefined;
serveOverPort(port, configDir ? { configDir } : {});
