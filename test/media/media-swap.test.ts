import { mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkMediaPath,
  openCheckedMedia,
  openMediaFile,
} from '../../electron/core/media/open-media-file.ts';
import { tempDir } from '../helpers.ts';
import { MNIST_IMAGES, OUTSIDE_MARK } from './media-tree.ts';

/**
 * Issue #13, point 10: a folder of the chain swapped for a symlink to outside between the path's
 * check and its opening (TOCTOU). The test runs the two halves of openMediaFile itself and swaps
 * the folder in between, so the race is won every time.
 */
describe('media: a folder swapped for a symlink between check and open', () => {
  const base = tempDir('headroom-swap-');
  const inside = readFileSync(join(MNIST_IMAGES, '00042.png'));
  // Outside: a valid PNG at the same relative path, marked after its IEND.
  const outsideBytes = Buffer.concat([
    readFileSync(join(MNIST_IMAGES, '00007.png')),
    Buffer.from(OUTSIDE_MARK),
  ]);

  /** A dataset folder with images/<sub>/ok.png, and outside/<sub>/ok.png beside it. */
  function tree(name: string): { root: string; outside: string } {
    const root = join(base, name, 'root');
    const outside = join(base, name, 'outside');
    mkdirSync(join(root, 'images/sub'), { recursive: true });
    mkdirSync(join(outside, 'images/sub'), { recursive: true });
    writeFileSync(join(root, 'images/sub/ok.png'), inside);
    writeFileSync(join(outside, 'images/sub/ok.png'), outsideBytes);
    return { root, outside };
  }

  async function readAll(opened: Awaited<ReturnType<typeof openCheckedMedia>>): Promise<Buffer> {
    if (!opened.ok) return Buffer.alloc(0);
    try {
      return await opened.handle.readFile();
    } finally {
      await opened.handle.close();
    }
  }

  it('serves the file when nothing changes (the halves make openMediaFile)', async () => {
    const { root } = tree('still');
    const checked = await checkMediaPath(root, 'images/sub/ok.png');
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect((await readAll(await openCheckedMedia(checked))).equals(inside)).toBe(true);
    expect((await readAll(await openMediaFile(root, 'images/sub/ok.png'))).equals(inside)).toBe(
      true,
    );
  });

  for (const [what, swapped] of [
    ['the first folder of the chain', 'images'],
    ['the folder holding the file', 'images/sub'],
  ] as const) {
    it(`refuses, serving 0 bytes from outside, when ${what} is swapped`, async () => {
      const { root, outside } = tree(swapped.replace('/', '-'));
      const checked = await checkMediaPath(root, 'images/sub/ok.png');
      expect(checked.ok).toBe(true);
      if (!checked.ok) return;
      // The swap, between the check and the open.
      renameSync(join(root, swapped), join(root, `${swapped}-moved`));
      symlinkSync(join(outside, swapped), join(root, swapped));
      // The attack is real: the checked path, opened as it is, now reads the outside file.
      const plain = await open(checked.real, 'r');
      expect((await plain.readFile()).includes(OUTSIDE_MARK)).toBe(true);
      await plain.close();

      const opened = await openCheckedMedia(checked);
      expect(opened).toEqual({
        ok: false,
        status: 403,
        reason: 'the media path changed between its check and its opening',
      });
      expect((await readAll(opened)).length).toBe(0);
      // Checked afresh, the path is refused as leading outside.
      expect(await openMediaFile(root, 'images/sub/ok.png')).toMatchObject({
        ok: false,
        status: 403,
      });
    });
  }
});
