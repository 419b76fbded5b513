// `npm start` (after `npm run build`): the desktop app when Electron can run here, the browser mode
// otherwise. The decision is launch-plan.ts; this file only looks, runs the installer, and spawns.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nextLaunchStep, summariseInstallerOutput, type LaunchFacts } from './launch-plan.ts';

const REPO = join(import.meta.dirname, '../..');
const ELECTRON_DIR = join(REPO, 'node_modules/electron');

/**
 * The executable `require('electron')` would return, without its side effect (it runs the
 * installer itself when the binary is missing, printing a stack trace).
 */
function installedBinary(): string | null {
  const pathFile = join(ELECTRON_DIR, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(ELECTRON_DIR, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function runInstaller(): string | null {
  const installer = join(ELECTRON_DIR, 'install.js');
  if (!existsSync(installer)) return 'the electron package is not installed (run npm install)';
  console.log('Electron: downloading its binary (first start)…');
  const r = spawnSync(process.execPath, [installer], { encoding: 'utf8', timeout: 300_000 });
  if (r.error) return r.error.message;
  return r.status === 0 ? null : summariseInstallerOutput(`${r.stderr}\n${r.stdout}`);
}

function run(command: string, args: string[]): void {
  const child = spawn(command, args, { cwd: REPO, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

const args = process.argv.slice(2);
const facts: LaunchFacts = {
  binary: installedBinary(),
  installTried: false,
  installError: null,
  forceBrowser: process.env.HEADROOM_BROWSER === '1' || args.includes('--browser'),
  noDownload: process.env.HEADROOM_NO_DOWNLOAD === '1',
};
for (;;) {
  const step = nextLaunchStep(facts);
  if (step.do === 'install') {
    facts.installError = runInstaller();
    facts.installTried = true;
    facts.binary = installedBinary();
    continue;
  }
  if (step.do === 'electron') {
    run(step.binary, [REPO]);
  } else {
    console.log(`Headroom: ${step.reason}`);
    const serveArgs = args.filter((a) => a !== '--browser');
    run(process.execPath, [join(REPO, 'bin/headroom.mjs'), 'serve', ...serveArgs]);
  }
  break;
}
