import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { writeFileAtomic } from '../write-file-atomic.ts';
import { HeadroomError } from '../errors.ts';
import type { HandlerGroup } from '../handlers/state.ts';
import { generateSampleCsv } from '../sample/sample-data.ts';
import { dropSnapshotFile, restoreSnapshot, takeSnapshot } from './import-snapshot.ts';
import { forgetRecent, listRecent } from './recent.ts';

/** Where the sample's file and project live inside the config folder. */
export function samplePaths(configDir: string): { csv: string; project: string } {
  const dir = join(configDir, 'sample');
  return { csv: join(dir, 'headroom-sample.csv'), project: join(dir, 'sample.headroom') };
}

/** Writes the sample file unless the same bytes are already there (the cache). */
export function ensureSampleCsv(configDir: string): string {
  const { csv } = samplePaths(configDir);
  const text = generateSampleCsv();
  let cached: string | null = null;
  try {
    cached = readFileSync(csv, 'utf8');
  } catch {
    // not written yet
  }
  if (cached !== text) {
    mkdirSync(join(configDir, 'sample'), { recursive: true });
    writeFileAtomic(csv, text);
  }
  return csv;
}

/**
 * The start screen's methods. `call` goes back through the service, so opening and importing the
 * sample are the same validated paths (and record the project as recent) as any other project.
 */
/** What the service tells the app handlers about this session. */
export interface AppSession {
  /** "importId|project" of the imports that created their project in this session. */
  created: Set<string>;
  /** Snapshots taken before imports into existing projects, by id. */
  snapshots: Map<string, { project: string; file: string }>;
  /** Closes the project if it is the one open. */
  closeIfOpen(path: string): void;
}

export function createdKey(importId: number, project: string): string {
  return `${importId}|${resolve(project)}`;
}

export function appHandlers(
  configDir: string | null,
  call: (method: 'project.open' | 'datasets.import', input: object) => Promise<unknown>,
  session: AppSession,
): HandlerGroup<
  | 'app.recent'
  | 'app.forgetRecent'
  | 'app.openSample'
  | 'app.snapshot'
  | 'app.dropSnapshot'
  | 'app.discardImport'
> {
  const dir = (): string => {
    if (!configDir) {
      throw new HeadroomError('INVALID_INPUT', 'This engine has no config folder for app data.');
    }
    return configDir;
  };
  return {
    async 'app.recent'() {
      return { projects: configDir ? listRecent(configDir) : [] };
    },
    async 'app.forgetRecent'({ path }) {
      forgetRecent(dir(), path);
      return {};
    },
    async 'app.openSample'() {
      const { project } = samplePaths(dir());
      if (!existsSync(project)) {
        const file = ensureSampleCsv(dir());
        await call('datasets.import', { project, file });
      }
      return (await call('project.open', { path: project })) as never;
    },
    async 'app.snapshot'({ project }) {
      const file = await takeSnapshot(project);
      const snapshotId = basename(file);
      session.snapshots.set(snapshotId, { project: resolve(project), file });
      return { snapshotId };
    },
    async 'app.dropSnapshot'({ snapshotId }) {
      const snap = session.snapshots.get(snapshotId);
      if (snap) dropSnapshotFile(snap.file);
      session.snapshots.delete(snapshotId);
      return {};
    },
    async 'app.discardImport'({ importId, project, snapshotId }) {
      const abs = resolve(project);
      const key = createdKey(importId, abs);
      if (session.created.has(key)) {
        session.closeIfOpen(abs);
        for (const suffix of ['', '-wal', '-shm', '-journal'])
          rmSync(abs + suffix, { force: true });
        session.created.delete(key);
        if (configDir) forgetRecent(configDir, abs);
        return { deleted: abs, restored: null };
      }
      const snap = snapshotId ? session.snapshots.get(snapshotId) : undefined;
      if (!snap || snap.project !== abs) {
        throw new HeadroomError(
          'INVALID_INPUT',
          `import ${importId} into ${project} cannot be discarded: it did not create the project in this session and no snapshot of the project was taken before it.`,
        );
      }
      session.closeIfOpen(abs);
      await restoreSnapshot(snap.file, abs);
      session.snapshots.delete(snapshotId as string);
      return { deleted: null, restored: abs };
    },
  };
}
