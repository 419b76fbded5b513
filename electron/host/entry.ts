// Entry of the data host: an Electron utility process started by electron/main by path. Plain
// Node: SQLite, importers and analysis run here, never on Electron's main thread.
import { serveOverPort, type HostPort } from '../core/data-host.ts';

const port = (process as unknown as { parentPort?: HostPort }).parentPort;
if (!port) {
  console.error('headroom data host: no parent port (start it as an Electron utility process)');
  process.exit(1);
}
serveOverPort(port);
