import { renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes a whole file or nothing: a temporary file beside the target, then a rename over it. A
 * crash or a full disk leaves the old file (or none), never half of the new one.
 */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
