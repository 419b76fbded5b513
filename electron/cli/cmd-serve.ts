import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultConfigDir } from '../core/app/config-dir.ts';
import { startBrowserServer } from '../server/browser-server.ts';
import { UsageError, type CliIo } from './common.ts';

/** The built renderer, next to the sources (npm run web builds it). */
const RENDERER = resolve(import.meta.dirname, '../../out/renderer');

/** headroom serve [P.headroom] [--port N]: the browser mode on 127.0.0.1 until Ctrl-C. */
export async function cmdServe(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { port: { type: 'string' } },
  });
  if (positionals.length > 1) throw new UsageError('serve takes at most one project');
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port takes 0..65535');
  const staticDir = existsSync(RENDERER) ? RENDERER : undefined;
  const server = await startBrowserServer({
    port,
    configDir: defaultConfigDir(),
    ...(staticDir ? { staticDir } : {}),
    ...(positionals[0] ? { project: positionals[0] } : {}),
  });
  io.out(`Headroom is serving on ${server.url}`);
  io.out('Open that URL in a browser (it holds the access token). Ctrl-C stops the server.');
  if (!staticDir)
    io.out(`Note: no built UI in ${RENDERER}; run \`npm run web\` to build it. The API works.`);
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
