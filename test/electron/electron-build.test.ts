import { fork } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildElectron } from '../../electron/launcher/electron-build.ts';
import { DATASETS, REPO, tempDir } from '../helpers.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Runs the built data host under plain Node (IPC instead of Electron's parentPort). */
function hostCalls(entry: string, args: string[] = []) {
  const child = fork(entry, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  let next = 1;
  const pending = new Map<number, (envelope: unknown) => void>();
  child.on('message', (m: { type: string; id: number; envelope: unknown }) => {
    if (m.type === 'reply') pending.get(m.id)?.(m.envelope);
  });
  return {
    call: (method: string, input: unknown) =>
      new Promise<{ ok: boolean; value?: Record<string, unknown>; error?: unknown }>((resolve) => {
        const id = next++;
        pending.set(id, resolve as (e: unknown) => void);
        child.send({ id, method, input });
      }),
    stop: () => child.kill(),
    stderr: () => stderr,
  };
}

describe('the Electron-side build (npm run build)', () => {
  const dir = tempDir('headroom-build-');
  const out = join(dir, 'out');
  // The built host resolves better-sqlite3 (external) from node_modules, as in the packaged app.
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');

  it('writes main, preload and the data host with its two workers, without source maps', async () => {
    await buildElectron(REPO, out);
    for (const f of [
      'electron/main.js',
      'preload/preload.cjs',
      'host/entry.js',
      'host/parquet-worker.js',
      'host/row-writer-worker.js',
    ]) {
      expect(existsSync(join(out, f)), f).toBe(true);
    }
    const all = filesUnder(out);
    expect(all.filter((f) => f.endsWith('.map'))).toEqual([]);
    for (const f of all) expect(readFileSync(f, 'utf8')).not.toContain('sourceMappingURL');
    // The engine never loads electron; only main and preload do.
    for (const f of filesUnder(join(out, 'host'))) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/require\(["']electron["']\)|from ["']electron["']/);
    }
    // A sandboxed preload is one CommonJS file that requires nothing but electron.
    const preload = readFileSync(join(out, 'preload/preload.cjs'), 'utf8');
    expect([...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])).toEqual([
      'electron',
    ]);
    expect(readFileSync(join(out, 'electron/main.js'), 'utf8')).toMatch(/from "electron"/);
  }, 120_000);

  it('the built data host imports a Parquet file through its bundled worker', async () => {
    const host = hostCalls(join(out, 'host/entry.js'));
    try {
      const project = join(dir, 'cifar.headroom');
      const file = join(DATASETS, 'cifar10_test/cifar10_test.parquet');
      const imported = await host.call('imports.run', { file, project });
      expect(imported.ok, JSON.stringify(imported.error) + host.stderr()).toBe(true);
      expect(imported.value?.rowsImported).toBe(10_000);
      expect(imported.value?.rowsRejected).toBe(0);
    } finally {
      host.stop();
    }
  }, 120_000);

  it('the built data host writes the rows of a large file through its bundled row writer', async () => {
    const host = hostCalls(join(out, 'host/entry.js'));
    try {
      const project = join(dir, 'imagenet.headroom');
      // 50,000 rows: past THREAD_MIN_ROWS, so the rows go through row-writer-worker.js.
      const file = join(DATASETS, 'imagenet_val/imagenet_val.csv');
      const imported = await host.call('imports.run', { file, project });
      expect(imported.ok, JSON.stringify(imported.error) + host.stderr()).toBe(true);
      expect(imported.value?.rowsImported).toBe(50_000);
    } finally {
      host.stop();
    }
  }, 120_000);

  it('the built data host keeps recent projects and the sample in the folder main passes', async () => {
    const config = join(dir, 'user-data');
    const host = hostCalls(join(out, 'host/entry.js'), ['--config-dir', config]);
    try {
      const sample = await host.call('app.openSample', {});
      expect(sample.ok, JSON.stringify(sample.error) + host.stderr()).toBe(true);
      expect(sample.value?.examples).toBe(3000);
      const recent = await host.call('app.recent', {});
      const projects = (recent.value as { projects: { path: string }[] }).projects;
      expect(projects.map((p) => p.path)).toEqual([join(config, 'sample/sample.headroom')]);
    } finally {
      host.stop();
    }
  }, 120_000);
});
