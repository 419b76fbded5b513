import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '..');

/**
 * The team's shared folder (datasets, corpora, tools). CI puts it beside the repository; a local
 * clone of such a checkout finds it beside the checkout it was cloned from; HEADROOM_SHARED
 * overrides both. Tests never copy it into the repository.
 */
export function findShared(): string {
  const candidates: string[] = [];
  if (process.env.HEADROOM_SHARED) candidates.push(resolve(process.env.HEADROOM_SHARED));
  candidates.push(join(REPO, '..', 'shared'));
  try {
    const origin = execFileSync('git', ['config', '--get', 'remote.origin.url'], {
      cwd: REPO,
      encoding: 'utf8',
    }).trim();
    if (origin && isAbsolute(origin)) candidates.push(join(dirname(resolve(origin)), 'shared'));
  } catch {
    // not a git clone: only the other candidates
  }
  const found = candidates.find((c) => existsSync(join(c, 'datasets')));
  if (!found) {
    throw new Error(
      `shared/ not found (looked in ${candidates.join(', ')}); set HEADROOM_SHARED to its path`,
    );
  }
  return found;
}
