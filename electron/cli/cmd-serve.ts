import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultConfigDir } from '../core/app/config-dir.ts';
import { startBrowserServer } from '../server/browser-server.ts';
import { type CliIo } from './common.ts';
import { UsageError } from './usage.ts';

/** The built renderer, next to the sources (npm run web builds it). */
const REPO = resolve(import.meta.dirname, '../..');
const RENDERER = resolve(REPO, 'out/renderer');
const VITE = resolve(REPO, 'node_modules/vite/bin/vite.js');

/**
 * After `npm install` alone the UI is not built yet: build it once, saying so, so the first
 * `headroom serve` shows the app rather than a "not found" page. Returns why it could not.
 */
function buildUi(io: CliIo): string | null {
  if (!existsSync(VITE)) return 'vite is not installed (run npm install)';
  io.out('Building the UI once (first serve after install; about 10-30 s)…');
  const r = spawnSync(process.execPath, [VITE, 'build', '--logLevel', 'warn'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  if (r.error) return r.error.message;
  if (r.status !== 0 || !existsSync(resolve(RENDERER, 'index.html')))
    return (r.stderr || r.stdout || 'the build failed').trim().split('\n').slice(-3).join(' ');
  io.out('UI built.');
  return null;
}

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
  const buildError = existsSync(resolve(RENDERER, 'index.html')) ? null : buildUi(io);
  const staticDir = existsSync(resolve(RENDERER, 'index.html')) ? RENDERER : undefined;
  const server = await startBrowserServer({
    port,
    configDir: defaultConfigDir(),
    ...(staticDir ? { staticDir } : {}),
    ...(positionals[0] ? { project: positionals[0] } : {}),
  });
  io.out(`Headroom is serving on ${server.url}`);
  io.out('Open that URL in a browser (it holds the access token). Ctrl-C stops the server.');
  if (!staticDir)
    io.out(
      `Note: the UI could not be built (${buildError ?? 'unknown reason'}); run \`npm run web\` to see why. The API works.`,
    );
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
