#!/usr/bin/env node
// The `headroom` command. The sources are TypeScript that Node >= 22.18 runs directly (type
// stripping); `npx headroom` finds the project's own Node 22 first on PATH.
import { readFileSync, statSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { join, resolve as pathResolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `headroom: needs Node >= 22.18 (this is ${process.version}). Run it as \`npx headroom\` inside the project, which uses the Node 22 that \`npm install\` put in node_modules.`,
  );
  process.exit(1);
}
// V8 keeps the compiled code of the modules in a cache folder (the system's temp folder), so a
// second run skips compiling the bundle: about a tenth of a short command's time.
nodeModule.enableCompileCache?.();
// A reader that stops early (`headroom examples P | head`) closes the pipe: stop quietly, as Unix
// tools do, instead of a stack trace about EPIPE.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
// eslint-disable-next-line layers/allowed-imports -- either electron/cli/main.ts or its bundle (cliEntry)
const { main } = await import(cliEntry());
const tty = process.stderr.isTTY;
const code = await main(process.argv.slice(2), {
  out: (t) => process.stdout.write(t + '\n'),
  err: (t) => process.stderr.write(t + '\n'),
  progress: tty ? (t) => process.stderr.write(`\r\x1b[2K${t}`) : undefined,
});
process.exitCode = code;

/**
 * The bundled CLI (out/cli, `npm run build:cli`) when it is up to date, else the sources. Up to
 * date: every source file it was built from still has the mtime its stamp recorded (one stat a
 * file, about 170 files and node_modules/.package-lock.json for the bundled packages: 1-5 ms); an
 * edit, a checkout, an npm install or a missing file falls back to the sources.
 * HEADROOM_CLI=sources forces the sources; HEADROOM_CLI=<folder> uses that bundle folder instead of
 * out/cli (tests, benchmarks), still checked against the sources.
 */
function cliEntry() {
  const sources = '../electron/cli/main.ts';
  const choice = process.env.HEADROOM_CLI;
  if (choice === 'sources') return sources;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const dir = choice ? pathResolve(choice) : join(root, 'out', 'cli');
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(dir, 'sources.json'), 'utf8'));
  } catch {
    return sources;
  }
  if (!Array.isArray(stamp?.files) || stamp.files.length === 0) return sources;
  for (const [file, mtimeMs] of stamp.files) {
    const st = statSync(root + file, { throwIfNoEntry: false });
    if (st?.mtimeMs !== mtimeMs) return sources;
  }
  return pathToFileURL(join(dir, 'main.js')).href;
}
