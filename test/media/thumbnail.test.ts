import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  projectCacheDir,
  pruneThumbnails,
  thumbnailOf,
} from '../../electron/core/media/thumbnail.ts';
import { createService } from '../../electron/core/handlers/service.ts';
import { ok } from '../helpers.ts';
import { DATASETS, tempDir } from '../helpers.ts';

/**
 * Thumbnails (issue #20.7) on real MNIST images: 96 px PNGs of the image, cached under the key
 * path+size+mtime (a second request reads the cache; a touched image gets a new one), with the
 * same refusals as the media route.
 */
describe('thumbnails made by the engine (MNIST images)', () => {
  const dir = tempDir('headroom-thumbs-');
  const root = join(dir, 'data');
  const cache = join(dir, 'p.headroom.cache');
  mkdirSync(join(root, 'images'), { recursive: true });
  for (const f of ['00000.png', '00001.png']) {
    copyFileSync(join(DATASETS, 'mnist_test/images', f), join(root, 'images', f));
  }

  it('makes a 96 px PNG of the image once, and again after the image changes', async () => {
    const a = await thumbnailOf(root, 'images/00000.png', cache, 96);
    if (!a.ok) throw new Error(a.reason);
    const meta = await sharp(readFileSync(a.file)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 96, 96]);
    // The thumbnail is the image: its mean brightness matches the source's, scaled.
    const [src, thumb] = await Promise.all([
      sharp(join(root, 'images/00000.png')).greyscale().stats(),
      sharp(a.file).greyscale().stats(),
    ]);
    expect(Math.abs((thumb.channels[0]?.mean ?? 0) - (src.channels[0]?.mean ?? 0))).toBeLessThan(8);
    const again = await thumbnailOf(root, 'images/00000.png', cache, 96);
    expect(again).toEqual(a);
    expect(readdirSync(join(cache, 'thumbs'))).toHaveLength(1);
    utimesSync(join(root, 'images/00000.png'), new Date(2020, 0, 1), new Date(2020, 0, 1));
    const touched = await thumbnailOf(root, 'images/00000.png', cache, 96);
    expect(touched.ok && touched.file).not.toBe(a.file);
    expect(readdirSync(join(cache, 'thumbs'))).toHaveLength(2);
  });

  it('many requests at once all get their thumbnail', async () => {
    const all = await Promise.all(
      Array.from({ length: 20 }, (_, i) => thumbnailOf(root, `images/0000${i % 2}.png`, cache, 96)),
    );
    expect(all.every((t) => t.ok)).toBe(true);
    expect(new Set(all.map((t) => t.ok && t.file)).size).toBe(2);
  });

  it('refuses what the media route refuses', async () => {
    expect(await thumbnailOf(root, '../outside.png', cache, 96)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await thumbnailOf(root, 'images/nope.png', cache, 96)).toMatchObject({
      ok: false,
      status: 404,
    });
  });

  it('prunes the cache beyond its cap, least recently used first; a hit counts as a use', async () => {
    const images = join(dir, 'many');
    const cacheDir = join(dir, 'pruned.cache');
    mkdirSync(images, { recursive: true });
    const names = Array.from({ length: 8 }, (_, i) => `0000${i}.png`);
    for (const f of names) copyFileSync(join(DATASETS, 'mnist_test/images', f), join(images, f));
    const files: string[] = [];
    for (const f of names) {
      const t = await thumbnailOf(images, f, cacheDir, 96);
      if (!t.ok) throw new Error(t.reason);
      files.push(t.file);
    }
    // Used on days 1..8 in file order; then the oldest is served again (a hit: used now).
    files.forEach((f, i) => utimesSync(f, new Date(2024, 0, i + 1), new Date(2024, 0, i + 1)));
    const hit = await thumbnailOf(images, names[0] as string, cacheDir, 96);
    expect(hit).toEqual({ ok: true, file: files[0] });
    writeFileSync(join(cacheDir, 'thumbs', 'left-by-a-kill.png.123.tmp'), 'x');
    const size = (f: string) => statSync(f).size;
    // Room for the three most recently used: the hit and the last two made.
    const keep = [files[0], files[6], files[7]] as string[];
    const cap = keep.reduce((sum, f) => sum + size(f), 0);
    const out = await pruneThumbnails(cacheDir, cap);
    expect(out).toEqual({ removed: 6, keptBytes: cap });
    expect(readdirSync(join(cacheDir, 'thumbs')).sort()).toEqual(
      keep.map((f) => f.split('/').pop()).sort(),
    );
    // Under the cap nothing goes; no cache folder is no error.
    expect(await pruneThumbnails(cacheDir, cap)).toEqual({ removed: 0, keptBytes: cap });
    expect(await pruneThumbnails(join(dir, 'none.cache'))).toEqual({ removed: 0, keptBytes: 0 });
  });

  it('opening a project prunes its cache folder (a leftover temporary file goes)', async () => {
    const project = join(dir, 'small.headroom');
    const csv = join(dir, 'small.csv');
    writeFileSync(csv, 'id,label,prediction\n1,a,a\n2,b,a\n');
    const service = createService();
    try {
      await ok(service.dispatch('imports.run', { project, file: csv }));
      const thumbs = join(projectCacheDir(project), 'thumbs');
      mkdirSync(thumbs, { recursive: true });
      writeFileSync(join(thumbs, 'x.png.1.tmp'), 'x');
      writeFileSync(join(thumbs, 'kept.png'), 'x');
      await ok(service.dispatch('project.open', { path: project }));
      expect(readdirSync(thumbs)).toEqual(['kept.png']);
    } finally {
      service.close();
    }
  });
});
