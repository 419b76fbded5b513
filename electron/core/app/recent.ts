import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { writeFileAtomic } from '../write-file-atomic.ts';

/** Recent projects of the start screen: up to 10 absolute paths, newest first, in one JSON file. */
export const MAX_RECENT = 10;
const FILE = 'recent-projects.json';

export interface RecentProject {
  path: string;
  name: string;
  /** The project file's last change (ISO), as the start screen shows it. */
  modified: string;
}

/** The stored list; a missing, corrupt or foreign file is an empty list, never an error. */
export function readRecentPaths(configDir: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(configDir, FILE), 'utf8'));
  } catch {
    return [];
  }
  const list = (parsed as { projects?: unknown } | null)?.projects;
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const p of list) {
    if (typeof p === 'string' && p.length > 0 && p.length <= 4096 && !p.includes('\0')) {
      if (!out.includes(p)) out.push(p);
    }
  }
  return out.slice(0, MAX_RECENT);
}

function writeRecentPaths(configDir: string, paths: string[]): void {
  mkdirSync(configDir, { recursive: true });
  // A crash leaves the old list or the new one, never half a file.
  writeFileAtomic(
    join(configDir, FILE),
    JSON.stringify({ projects: paths.slice(0, MAX_RECENT) }, null, 2),
  );
}

export function addRecent(configDir: string, path: string): void {
  const abs = resolve(path);
  writeRecentPaths(configDir, [abs, ...readRecentPaths(configDir).filter((p) => p !== abs)]);
}

export function forgetRecent(configDir: string, path: string): void {
  const abs = resolve(path);
  const before = readRecentPaths(configDir);
  if (before.includes(abs))
    writeRecentPaths(
      configDir,
      before.filter((p) => p !== abs),
    );
}

/** The recent projects that still exist (missing files are dropped from the stored list too). */
export function listRecent(configDir: string): RecentProject[] {
  const paths = readRecentPaths(configDir);
  const out: RecentProject[] = [];
  for (const path of paths) {
    try {
      const st = statSync(path);
      if (st.isFile()) out.push({ path, name: basename(path), modified: st.mtime.toISOString() });
    } catch {
      // gone: dropped below
    }
  }
  if (out.length !== paths.length && existsSync(join(configDir, FILE))) {
    try {
      writeRecentPaths(
        configDir,
        out.map((r) => r.path),
      );
    } catch {
      // a read-only config folder: the list is still right for this answer
    }
  }
  return out;
}
