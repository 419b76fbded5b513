import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers.ts';

/**
 * Tests of the [R] rows (another user, a small tmpfs) need root to set up. They run here (this
 * machine and CI run as root); elsewhere they are skipped and say why (docs/reliability.md).
 */
export const IS_ROOT = process.getuid?.() === 0;
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));
export const NOBODY = 65534;

/**
 * Root, setpriv, and a checkout user nobody can read (a clone in a private folder is not): the
 * real CLI must start as nobody. Otherwise the tests that need another user are skipped.
 */
export const CAN_SWITCH_USER =
  IS_ROOT &&
  SETPRIV !== undefined &&
  spawnSync(
    SETPRIV,
    [
      `--reuid=${NOBODY}`,
      `--regid=${NOBODY}`,
      '--clear-groups',
      process.execPath,
      join(REPO, 'bin/headroom.mjs'),
      '--help',
    ],
    { stdio: 'ignore', timeout: 30_000 },
  ).status === 0;

/** The command prefix that runs a process as the unprivileged user nobody. */
export function asNobody(): string[] {
  if (!SETPRIV) throw new Error('setpriv not found');
  return [SETPRIV, `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'];
}

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
  ms: number;
}

/** Runs the real `headroom` command as the unprivileged user nobody (root ignores file modes). */
export function headroomAsNobody(cwd: string, ...args: string[]): CliResult {
  if (!SETPRIV) throw new Error('setpriv not found');
  const started = Date.now();
  const r = spawnSync(
    SETPRIV,
    [
      `--reuid=${NOBODY}`,
      `--regid=${NOBODY}`,
      '--clear-groups',
      process.execPath,
      join(REPO, 'bin/headroom.mjs'),
      ...args,
    ],
    { cwd, encoding: 'utf8', timeout: 60_000 },
  );
  return { code: r.status, out: r.stdout, err: r.stderr, ms: Date.now() - started };
}
