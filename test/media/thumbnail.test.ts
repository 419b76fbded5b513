import { copyFileSync, mkdirSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { thumbnailOf } from '../../electron/core/media/thumbnail.ts';
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
});
