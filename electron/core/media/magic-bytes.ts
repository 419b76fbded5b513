import type { MediaFormat } from '../../../shared/media.ts';

/** Reads `length` bytes at `position` (fewer at EOF). */
export type ReadAt = (position: number, length: number) => Promise<Buffer>;

/** How many bytes of the head the checks below look at. */
export const HEAD_BYTES = 32;

const ascii = (b: Buffer, at: number, s: string) =>
  b.length >= at + s.length && b.toString('latin1', at, at + s.length) === s;

/** Whether the file's first bytes are those of `format` (the extension already chose it). */
export function headMatches(format: MediaFormat['format'], head: Buffer): boolean {
  switch (format) {
    case 'png':
      return head
        .subarray(0, 8)
        .equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    case 'jpeg':
      return head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
    case 'gif':
      return ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a');
    case 'webp':
      return ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP');
    case 'bmp':
      return ascii(head, 0, 'BM') && head.length >= 26;
    case 'wav':
      return ascii(head, 0, 'RIFF') && ascii(head, 8, 'WAVE');
    case 'mp3':
      // An ID3v2 tag, or straight into an MPEG audio frame (11 sync bits).
      return ascii(head, 0, 'ID3') || (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0);
    case 'ogg':
      return ascii(head, 0, 'OggS');
    case 'flac':
      return ascii(head, 0, 'fLaC');
    case 'mp4':
      return ascii(head, 4, 'ftyp');
    case 'webm':
      return head.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));
  }
}

export interface Dimensions {
  width: number;
  height: number;
}

/** JPEG: walk the marker segments to the first start-of-frame (bounded number of hops). */
async function jpegDimensions(readAt: ReadAt): Promise<Dimensions | null> {
  let pos = 2;
  for (let hops = 0; hops < 1000; hops++) {
    const b = await readAt(pos, 9);
    if (b.length < 4 || b[0] !== 0xff) return null;
    const marker = b[1] as number;
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    const isSof =
      marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (b.length < 9) return null;
      return { height: b.readUInt16BE(5), width: b.readUInt16BE(7) };
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      pos += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or scan data before a frame
    pos += 2 + b.readUInt16BE(2);
  }
  return null;
}

/**
 * The pixel size an image's header declares, read without decoding (the decompression-bomb guard
 * refuses absurd sizes before a renderer tries to allocate them); null when it cannot be read.
 */
export async function imageDimensions(
  format: MediaFormat['format'],
  readAt: ReadAt,
): Promise<Dimensions | null> {
  switch (format) {
    case 'png': {
      const b = await readAt(12, 12);
      if (b.length < 12 || !ascii(b, 0, 'IHDR')) return null;
      return { width: b.readUInt32BE(4), height: b.readUInt32BE(8) };
    }
    case 'gif': {
      const b = await readAt(6, 4);
      return b.length < 4 ? null : { width: b.readUInt16LE(0), height: b.readUInt16LE(2) };
    }
    case 'bmp': {
      const b = await readAt(14, 12);
      if (b.length < 12) return null;
      if (b.readUInt32LE(0) === 12) return { width: b.readUInt16LE(4), height: b.readUInt16LE(6) };
      return { width: Math.abs(b.readInt32LE(4)), height: Math.abs(b.readInt32LE(8)) };
    }
    case 'webp': {
      const b = await readAt(12, 18);
      if (b.length < 18) return null;
      if (ascii(b, 0, 'VP8 ')) {
        return { width: b.readUInt16LE(14) & 0x3fff, height: b.readUInt16LE(16) & 0x3fff };
      }
      if (ascii(b, 0, 'VP8L')) {
        const bits = b.readUInt32LE(9);
        return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
      }
      if (ascii(b, 0, 'VP8X')) {
        return { width: 1 + b.readUIntLE(12, 3), height: 1 + b.readUIntLE(15, 3) };
      }
      return null;
    }
    case 'jpeg':
      return jpegDimensions(readAt);
    default:
      return null;
  }
}
