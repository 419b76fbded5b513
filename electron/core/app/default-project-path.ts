import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, extname, join } from 'node:path';

/**
 * Where a new project from `file` is saved unless the user says otherwise: the user's documents
 * folder (~/Documents/Headroom/NAME.headroom), or the home folder (~/NAME.headroom) when there is
 * no Documents folder; never the data file's own folder, which may be shared or read-only. NAME is
 * the data file's stem; "-2", "-3"... are added while a file of that name exists.
 */
export function defaultProjectPath(file: string, home: string = homedir()): string {
  const documents = join(home, 'Documents');
  const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
  const dir = isDir(documents) ? join(documents, 'Headroom') : home;
  const stem = basename(file, extname(file)).trim() || 'project';
  let candidate = join(dir, `${stem}.headroom`);
  for (let n = 2; existsSync(candidate); n++) candidate = join(dir, `${stem}-${n}.headroom`);
  return candidate;
}
