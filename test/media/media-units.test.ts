import { describe, expect, it } from 'vitest';
import { parseByteRange } from '../../electron/core/media/byte-range.ts';
import { headMatches, imageDimensions } from '../../electron/core/media/magic-bytes.ts';
import { storedPathProblem } from '../../electron/core/media/open-media-file.ts';
import { mediaIdFromUrl } from '../../electron/core/media/serve-media.ts';
import { extensionOf, mediaKind } from '../../shared/media.ts';
import { pngHeader } from './media-tree.ts';

const readerOf = (b: Buffer) => async (pos: number, len: number) => b.subarray(pos, pos + len);

describe('media units', () => {
  it('parses ranges as decided (byte-range.ts)', () => {
    expect(parseByteRange(null, 1000)).toEqual({ kind: 'full' });
    expect(parseByteRange('bytes=0-', 1000)).toEqual({ kind: 'partial', start: 0, end: 999 });
    expect(parseByteRange('bytes=-500', 1000)).toEqual({ kind: 'partial', start: 500, end: 999 });
    expect(parseByteRange('bytes=-5000', 1000)).toEqual({ kind: 'partial', start: 0, end: 999 });
    expect(parseByteRange('bytes=100-199', 1000)).toEqual({
      kind: 'partial',
      start: 100,
      end: 199,
    });
    expect(parseByteRange('bytes=990-2000', 1000)).toEqual({
      kind: 'partial',
      start: 990,
      end: 999,
    });
    expect(parseByteRange('bytes=100-50', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=1000-', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=99999999999999999999-', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=-0', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=0-1,4-5', 1000)).toEqual({ kind: 'full' });
    expect(parseByteRange('pages=1-2', 1000)).toEqual({ kind: 'full' });
  });

  it('reads the declared size of PNG, GIF, BMP, WebP (3 kinds) and JPEG headers', async () => {
    expect(await imageDimensions('png', readerOf(pngHeader(28, 30)))).toEqual({
      width: 28,
      height: 30,
    });
    const gif = Buffer.from('GIF89a\x10\x27\x20\x4e', 'latin1');
    expect(await imageDimensions('gif', readerOf(gif))).toEqual({ width: 10000, height: 20000 });
    const bmp = Buffer.alloc(30);
    bmp.write('BM', 0, 'latin1');
    bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(640, 18);
    bmp.writeInt32LE(-480, 22);
    expect(await imageDimensions('bmp', readerOf(bmp))).toEqual({ width: 640, height: 480 });
    const webp = (chunk: string, fill: (b: Buffer) => void) => {
      const b = Buffer.alloc(40);
      b.write('RIFF', 0, 'latin1');
      b.write('WEBP', 8, 'latin1');
      b.write(chunk, 12, 'latin1');
      fill(b);
      return b;
    };
    const lossy = webp('VP8 ', (b) => {
      b.writeUInt16LE(300, 26);
      b.writeUInt16LE(200, 28);
    });
    expect(await imageDimensions('webp', readerOf(lossy))).toEqual({ width: 300, height: 200 });
    const lossless = webp('VP8L', (b) => b.writeUInt32LE((300 - 1) | ((200 - 1) << 14), 21));
    expect(await imageDimensions('webp', readerOf(lossless))).toEqual({ width: 300, height: 200 });
    const extended = webp('VP8X', (b) => {
      b.writeUIntLE(40_000 - 1, 24, 3);
      b.writeUIntLE(30_000 - 1, 27, 3);
    });
    expect(await imageDimensions('webp', readerOf(extended))).toEqual({
      width: 40_000,
      height: 30_000,
    });
    // JPEG: SOI, an APP0 segment, then SOF0 with height 480 and width 640.
    const jpeg = Buffer.from([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0,
      0x02, 0x80, 0x03,
    ]);
    expect(headMatches('jpeg', jpeg)).toBe(true);
    expect(await imageDimensions('jpeg', readerOf(jpeg))).toEqual({ width: 640, height: 480 });
    expect(await imageDimensions('jpeg', readerOf(jpeg.subarray(0, 8)))).toBeNull();
  });

  it('matches magic bytes only to their own format', () => {
    const png = pngHeader(1, 1);
    expect(headMatches('png', png)).toBe(true);
    expect(headMatches('jpeg', png)).toBe(false);
    expect(headMatches('png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg">'))).toBe(false);
    expect(headMatches('wav', Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toBe(true);
    expect(headMatches('webp', Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toBe(false);
    expect(headMatches('mp3', Buffer.from([0xff, 0xfb, 0x90, 0x00]))).toBe(true);
    expect(headMatches('mp3', Buffer.from('<html>'))).toBe(false);
    expect(headMatches('flac', Buffer.from('fLaC'))).toBe(true);
    expect(headMatches('ogg', Buffer.from('OggS'))).toBe(true);
    expect(headMatches('mp4', Buffer.from('\0\0\0\x20ftypM4A '))).toBe(true);
    expect(headMatches('webm', Buffer.from([0x1a, 0x45, 0xdf, 0xa3]))).toBe(true);
  });

  it('names the problem of a stored path before any disk access', () => {
    for (const bad of [
      '',
      '/abs.png',
      '\\\\unc\\x.png',
      'C:\\x.png',
      'file:///x.png',
      '../x.png',
      'a/..\\..\\x.png',
      'x\0.png',
      'a'.repeat(4097),
    ]) {
      expect(storedPathProblem(bad), JSON.stringify(bad.slice(0, 40))).not.toBeNull();
    }
    for (const good of ['images/00042.png', 'a/b/c.wav', '..foo/x.png', 'x..png']) {
      expect(storedPathProblem(good), good).toBeNull();
    }
  });

  it('reads the id from both URL shapes, decoding exactly once', () => {
    expect(mediaIdFromUrl('media://item/42')).toBe('42');
    expect(mediaIdFromUrl('http://127.0.0.1:1/media/item/a%2Fb?token=t')).toBe('a/b');
    expect(mediaIdFromUrl('http://127.0.0.1:1/media/item/%252e')).toBe('%2e');
    expect(mediaIdFromUrl('http://127.0.0.1:1/media/item/%c0%ae')).toBeNull();
    expect(mediaIdFromUrl('http://127.0.0.1:1/media/item/a/b')).toBeNull();
    expect(mediaIdFromUrl('media://elsewhere/42')).toBeNull();
    expect(mediaIdFromUrl('http://127.0.0.1:1/api/call')).toBeNull();
  });

  it('decides the preview kind from the extension', () => {
    expect(mediaKind('images/00042.png')).toBe('image');
    expect(mediaKind('clips/a.FLAC')).toBe('audio');
    expect(mediaKind('v/a.webm')).toBe('video');
    expect(mediaKind('a review that ends with a dot.')).toBe('text');
    expect(mediaKind('x.svg')).toBe('text');
    expect(mediaKind('x.html')).toBe('text');
    expect(mediaKind('.png')).toBe('text');
    expect(mediaKind(null)).toBe('text');
    expect(extensionOf('a.b/c')).toBe('');
  });
});
