import { createHash } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DEFAULT_MEDIA_LIMITS, openMediaFile, type MediaRefusal } from './open-media-file.ts';

/** The one thumbnail size the grid asks for (px, the longer side); others are refused. */
export const THUMBNAIL_SIZES: readonly number[] = [96];
export const THUMBNAIL_SIZE = 96;

/** How many thumbnails are made at once: the rest wait, so a scroll never starves the engine. */
const MAX_CONCURRENT = 4;

/** The project's cache folder, next to the project file: `<project>.cache`. */
export function projectCacheDir(projectPath: string): string {
  return join(dirname(projectPath), `${basename(projectPath)}.cache`);
}

let running = 0;
const waiting: (() => void)[] = [];
async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Thumbnails being made right now, by cache key: two requests for one image make it once. */
const inFlight = new Map<string, Promise<string | MediaRefusal>>();

export type Thumbnail = { ok: true; file: string } | MediaRefusal;

/**
 * The PNG thumbnail (at most `size` px on each side, aspect kept) of an example's image, made
 * from the file openMediaFile accepts (the same path, symlink, size and magic-byte checks as the
 * full image) and cached in `<cacheDir>/thumbs/` under a key of the stored path, the size and
 * the image's mtime and length: an edited image gets a new thumbnail. At most four are made at
 * once; a cached one is answered without touching sharp.
 */
export async function thumbnailOf(
  root: string,
  input: string,
  cacheDir: string,
  size: number,
): Promise<Thumbnail> {
  const opened = await openMediaFile(root, input, DEFAULT_MEDIA_LIMITS);
  if (!opened.ok) return opened;
  if (opened.format.kind !== 'image') {
    await opened.handle.close();
    return { ok: false, status: 415, reason: 'only images have thumbnails' };
  }
  let key: string;
  try {
    const st = await opened.handle.stat();
    key = createHash('sha256')
      .update(JSON.stringify([root, input, size, st.mtimeMs, st.size]))
      .digest('hex')
      .slice(0, 40);
  } catch {
    await opened.handle.close();
    return { ok: false, status: 403, reason: 'the media file cannot be read' };
  }
  const file = join(cacheDir, 'thumbs', `${key}.png`);
  try {
    await stat(file);
    await opened.handle.close();
    // Its time says it was used (the pruning keeps the most recently used).
    const now = new Date();
    await utimes(file, now, now).catch(() => undefined);
    return { ok: true, file };
  } catch {
    // not cached yet
  }
  let pending = inFlight.get(key);
  if (!pending) {
    const handle = opened.handle;
    pending = limited(async () => {
      try {
        const bytes = await handle.readFile();
        // Loaded on the first thumbnail: sharp costs about 200 ms to load, and every CLI command
        // (info, report…) reaches this file through the service without ever making a thumbnail.
        const { default: sharp } = await import('sharp');
        const png = await sharp(bytes, { limitInputPixels: DEFAULT_MEDIA_LIMITS.maxPixels })
          .resize(size, size, { fit: 'inside', withoutEnlargement: false })
          .png()
          .toBuffer();
        await mkdir(dirname(file), { recursive: true });
        // Written aside and renamed: a reader never sees half a thumbnail.
        const temp = `${file}.${process.pid}.tmp`;
        const out = await open(temp, 'w');
        try {
          await out.writeFile(png);
        } finally {
          await out.close();
        }
        await rename(temp, file);
        return file;
      } catch {
        return { ok: false as const, status: 415 as const, reason: 'the image cannot be decoded' };
      } finally {
        await handle.close();
      }
    }).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  } else {
    await opened.handle.close();
  }
  const made = await pending;
  return typeof made === 'string' ? { ok: true, file: made } : made;
}

/** The thumbnail cache's cap: beyond it, opening the project prunes the least recently used. */
export const THUMBS_CAP_BYTES = 256 * 1024 * 1024;

/**
 * Prunes `<cacheDir>/thumbs` to at most `cap` bytes, the least recently used first (a file's
 * mtime: made or last served), and removes temporary files a killed write left. A cache only:
 * a file that cannot be read or removed is left alone. Called when a project is opened.
 */
export async function pruneThumbnails(
  cacheDir: string,
  cap: number = THUMBS_CAP_BYTES,
): Promise<{ removed: number; keptBytes: number }> {
  const dir = join(cacheDir, 'thumbs');
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return { removed: 0, keptBytes: 0 }; // no cache yet
  }
  let removed = 0;
  const files: { path: string; size: number; used: number }[] = [];
  for (const name of names) {
    const path = join(dir, name);
    if (name.endsWith('.tmp')) {
      await rm(path, { force: true }).then(
        () => removed++,
        () => undefined,
      );
      continue;
    }
    if (!name.endsWith('.png')) continue;
    try {
      const st = await stat(path);
      if (st.isFile()) files.push({ path, size: st.size, used: st.mtimeMs });
    } catch {
      // gone meanwhile
    }
  }
  let total = files.reduce((sum, f) => sum + f.size, 0);
  files.sort((a, b) => a.used - b.used);
  for (const f of files) {
    if (total <= cap) break;
    try {
      await rm(f.path);
      total -= f.size;
      removed++;
    } catch {
      // kept
    }
  }
  return { removed, keptBytes: total };
}
