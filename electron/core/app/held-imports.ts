import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { HeadroomError } from '../errors.ts';
import { dropSnapshotFile, restoreSnapshot, takeSnapshot } from './import-snapshot.ts';

/** What an import left to undo it: the project it created, or the copy taken before it. */
export interface HeldBefore {
  created: boolean;
  snapshot: string | null;
}

/**
 * The imports of this session that can still be discarded, leaving the project exactly as before
 * the import: a project the import created is deleted; an existing one is restored from the copy
 * taken just before the import (only when asked for: a copy of a large project costs time).
 * Keeping an import drops that copy. Copies never kept nor discarded are dropped at close.
 */
export class HeldImports {
  private readonly held = new Map<string, HeldBefore>();

  /** Before an import into `project`: whether it is new, and a copy of it when asked for. */
  async before(project: string, copy: boolean): Promise<HeldBefore> {
    const abs = resolve(project);
    if (!existsSync(abs)) return { created: true, snapshot: null };
    return { created: false, snapshot: copy ? await takeSnapshot(abs) : null };
  }

  /** After the import succeeded: it can be discarded from now on. */
  hold(importId: number, project: string, held: HeldBefore): void {
    if (held.created || held.snapshot) this.held.set(keyOf(importId, project), held);
  }

  /** After the import failed: nothing to discard, the copy is not needed. */
  release(held: HeldBefore): void {
    if (held.snapshot) dropSnapshotFile(held.snapshot);
  }

  /** The import is kept: the copy taken before it is deleted. */
  keep(importId: number, project: string): void {
    const key = keyOf(importId, project);
    const held = this.held.get(key);
    if (held) this.release(held);
    this.held.delete(key);
  }

  /**
   * Discards the import. `close` closes the project first when it is the one open. Refused for
   * an import that neither created its project in this session nor had a copy taken before it.
   */
  async discard(
    importId: number,
    project: string,
    close: (path: string) => void,
  ): Promise<{ deleted: string | null; restored: string | null }> {
    const abs = resolve(project);
    const key = keyOf(importId, abs);
    const held = this.held.get(key);
    if (!held) {
      throw new HeadroomError(
        'INVALID_INPUT',
        `import ${importId} into ${project} cannot be discarded: it did not create the project in this session and no snapshot of the project was taken before it.`,
      );
    }
    close(abs);
    this.held.delete(key);
    if (held.snapshot === null) {
      // Held without a copy: the import created the project.
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(abs + suffix, { force: true });
      return { deleted: abs, restored: null };
    }
    await restoreSnapshot(held.snapshot, abs);
    return { deleted: null, restored: abs };
  }

  /** The session ends: imports never kept nor discarded stay, their copies go. */
  dropAll(): void {
    for (const held of this.held.values()) this.release(held);
    this.held.clear();
  }
}

function keyOf(importId: number, project: string): string {
  return `${importId}|${resolve(project)}`;
}
