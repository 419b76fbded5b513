import { constants, type BigIntStats } from 'node:fs';
import { lstat, open, realpath, type FileHandle } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { mediaFormatOf, type MediaFormat } from '../../../shared/media.ts';
import { HEAD_BYTES, headMatches, imageDimensions, type ReadAt } from './magic-bytes.ts';

export interface MediaLimits {
  /** Largest file served (bytes). */
  maxBytes: number;
  /** Largest image served, as its header declares it (width x height). */
  maxPixels: number;
}

export const DEFAULT_MEDIA_LIMITS: MediaLimits = {
  maxBytes: 1024 * 1024 * 1024, // 2 h of 16-bit stereo WAV is about 1.2 GB; compressed audio less
  maxPixels: 100_000_000,
};

/** Longest stored path considered (longer ones are refused before touching the disk). */
const MAX_STORED_PATH = 4096;

export type MediaRefusal = { ok: false; status: 403 | 404 | 413 | 415; reason: string };
export type OpenedMedia = { ok: true; handle: FileHandle; size: number; format: MediaFormat };

const refuse = (status: MediaRefusal['status'], reason: string): MediaRefusal => ({
  ok: false,
  status,
  reason,
});

/**
 * Why a stored path may not even be looked up (null when it may): only a relative path below the
 * dataset folder is served. Backslashes count as separators (datasets written on Windows), so
 * `..\` is caught like `../`.
 */
export function storedPathProblem(stored: string): string | null {
  if (stored.length === 0) return 'the example has no media path';
  if (stored.length > MAX_STORED_PATH) return 'the media path is too long';
  if (stored.includes('\0')) return 'the media path holds a NUL character';
  const path = stored.replace(/\\/g, '/');
  if (path.startsWith('/')) return 'an absolute or UNC media path is not served';
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return 'a drive letter or URL is not a media path';
  if (path.split('/').some((s) => s === '..')) return 'the media path leaves the dataset folder';
  return null;
}

/** A stored path that passed the checks: where it leads, and which file was there when checked. */
export interface CheckedMediaPath {
  ok: true;
  /** The realpath, inside the dataset folder's own realpath. */
  real: string;
  format: MediaFormat;
  /** The identity of the file at `real` when it was checked. */
  dev: bigint;
  ino: bigint;
}

/**
 * The first half of openMediaFile: resolve the stored path under the dataset folder, follow
 * symlinks (realpath), require the result to stay inside the folder's own realpath, and note the
 * identity (device, inode) of the file found there.
 */
export async function checkMediaPath(
  root: string,
  stored: string,
): Promise<CheckedMediaPath | MediaRefusal> {
  const problem = storedPathProblem(stored);
  if (problem) return refuse(403, problem);
  const format = mediaFormatOf(stored);
  if (!format) return refuse(415, 'this kind of file is not served as media');
  let rootReal: string;
  let real: string;
  try {
    rootReal = await realpath(root);
    real = await realpath(join(rootReal, stored.replace(/\\/g, '/')));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return refuse(403, 'the media path is a symlink loop');
    return refuse(404, 'the media file does not exist');
  }
  if (!real.startsWith(rootReal.endsWith(sep) ? rootReal : rootReal + sep)) {
    return refuse(403, 'the media file is outside the dataset folder');
  }
  let st: BigIntStats;
  try {
    st = await lstat(real, { bigint: true });
  } catch {
    return refuse(404, 'the media file does not exist');
  }
  // `real` has no symlink left in it: one now means the folder changed under us.
  if (st.isSymbolicLink()) return refuse(403, 'the media path changed while it was checked');
  return { ok: true, real, format, dev: st.dev, ino: st.ino };
}

/**
 * The second half of openMediaFile: open the checked path without following a last symlink and
 * without blocking (a FIFO cannot hang us), and require the opened file to be the very file that
 * was checked (same device and inode). O_NOFOLLOW guards only the last component; a folder of
 * the chain swapped for a symlink after the check would redirect the open elsewhere, and the
 * identity comparison refuses what it opened then. Then: a regular file with one link (a
 * hardlink inside the folder to a file outside it cannot be told from the inside, so hardlinked
 * files are refused), a size under the cap, magic bytes matching the extension, and for images a
 * declared size under the pixel cap. The caller owns the returned handle.
 */
export async function openCheckedMedia(
  checked: CheckedMediaPath,
  limits: MediaLimits = DEFAULT_MEDIA_LIMITS,
): Promise<OpenedMedia | MediaRefusal> {
  const { real, format } = checked;
  let handle: FileHandle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return refuse(404, 'the media file does not exist');
    return refuse(403, 'the media file cannot be opened');
  }
  const fail = async (status: MediaRefusal['status'], reason: string) => {
    await handle.close();
    return refuse(status, reason);
  };
  try {
    const st = await handle.stat({ bigint: true });
    if (st.dev !== checked.dev || st.ino !== checked.ino) {
      return await fail(403, 'the media path changed between its check and its opening');
    }
    if (!st.isFile()) return await fail(403, 'the media path is not a regular file');
    if (st.nlink > 1n) return await fail(403, 'a hardlinked media file is not served');
    if (st.size > BigInt(limits.maxBytes)) return await fail(413, 'the media file is too large');
    const size = Number(st.size);
    const readAt: ReadAt = async (position, length) => {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buf, 0, length, position);
      return buf.subarray(0, bytesRead);
    };
    const head = await readAt(0, HEAD_BYTES);
    if (!headMatches(format.format, head)) {
      return await fail(415, `the file's content is not ${format.format} as its name says`);
    }
    if (format.kind === 'image') {
      const dims = await imageDimensions(format.format, readAt);
      if (!dims || dims.width === 0 || dims.height === 0) {
        return await fail(415, 'the image header is unreadable');
      }
      if (dims.width * dims.height > limits.maxPixels) {
        return await fail(413, `the image declares ${dims.width}x${dims.height} pixels`);
      }
    }
    return { ok: true, handle, size, format };
  } catch {
    return await fail(403, 'the media file cannot be read');
  }
}

/**
 * Opens an example's media file for reading, or says why not: checkMediaPath, then
 * openCheckedMedia (see both).
 */
export async function openMediaFile(
  root: string,
  stored: string,
  limits: MediaLimits = DEFAULT_MEDIA_LIMITS,
): Promise<OpenedMedia | MediaRefusal> {
  const checked = await checkMediaPath(root, stored);
  return checked.ok ? openCheckedMedia(checked, limits) : checked;
}
