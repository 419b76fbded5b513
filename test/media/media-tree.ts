import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASETS } from '../helpers.ts';

/** Bytes that mark every file outside the dataset folder: none may ever be served. */
export const OUTSIDE_MARK = 'OUTSIDE-THE-DATASET-ROOT';

export const MNIST_IMAGES = join(DATASETS, 'mnist_test/images');

/** A PNG whose IHDR declares width x height (no pixel data: the guard must not need it). */
export function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.set([8, 2, 0, 0, 0], 16);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr]);
}

/** A WAV file of `dataBytes` bytes of 8-bit mono samples following a pattern (ranges are checkable). */
export function wavFile(dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(8000, 28);
  h.writeUInt16LE(1, 32);
  h.writeUInt16LE(8, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(dataBytes, 40);
  const data = Buffer.alloc(dataBytes);
  for (let i = 0; i < dataBytes; i++) data[i] = (i * 7) & 0xff;
  return Buffer.concat([h, data]);
}

export interface MediaTree {
  base: string;
  root: string;
  outside: string;
  /** The CSV (inside root) whose input column holds every stored-path payload. */
  csv: string;
  /** Stored path of each example id of the CSV. */
  inputs: Map<string, string>;
  /** Removes the file of the "deleted" example (after the import). */
  deleteLater(): void;
}

/** Stored-path payloads of reliability-tests.md S-10 that must never serve a byte (id -> input). */
export function escapePayloads(outside: string): [string, string][] {
  return [
    ['dotdot', '../outside/secret.png'],
    ['dotdot-deep', 'images/../../outside/secret.png'],
    ['pct-2e', '%2e%2e%2foutside%2fsecret.png'],
    ['pct-252e', '%252e%252e%252foutside%252fsecret.png'],
    ['pct-5c', '..%5coutside%5csecret.png'],
    ['backslash', '..\\outside\\secret.png'],
    ['pct-00', 'images/ok.png%00.txt'],
    ['overlong', '%c0%ae%c0%ae/outside/secret.png'],
    ['fullwidth', '\uff0e\uff0e/outside/secret.png'],
    ['nfd-dots', '..\u0301/outside/secret.png'],
    ['absolute', join(outside, 'secret.png')],
    ['etc-passwd', '/etc/passwd'],
    ['dev-zero', '/dev/zero'],
    ['unc', '\\\\server\\share\\secret.png'],
    ['unc-slash', '//server/share/secret.png'],
    ['file-url', 'file:///etc/passwd'],
    ['drive', 'C:\\Windows\\win.ini'],
    ['symlink-out', 'link-out.png'],
    ['symlink-dir', 'link-dir/secret.png'],
    ['hardlink', 'hard.png'],
    ['long', `${'a'.repeat(5000)}.png`],
    ['fifo', 'fifo.wav'],
    ['symlink-zero', 'zero.png'],
    ['directory', 'dir.png'],
    ['deleted', 'deleted.png'],
    ['loop', 'loop.png'],
    ['svg', 'page.svg'],
    ['html', 'page.html'],
    ['html-as-png', 'fake.png'],
    ['bomb', 'bomb.png'],
    ['corrupt', 'corrupt.png'],
  ];
}

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * A dataset folder in `base`/root with good media, and around it every S-10 trap: a folder
 * outside with marked files, symlinks out, a hardlink, a FIFO, a directory named like an image, a
 * file deleted after the import, a decompression bomb header, HTML named .png.
 */
export function buildMediaTree(base: string): MediaTree {
  const root = join(base, 'root');
  const outside = join(base, 'outside');
  mkdirSync(join(root, 'images'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  const mark = Buffer.from(OUTSIDE_MARK);
  // Valid files outside (a PNG with the mark after IEND still decodes), so only the path decides.
  writeFileSync(
    join(outside, 'secret.png'),
    Buffer.concat([readFileSync(join(MNIST_IMAGES, '00007.png')), mark]),
  );
  writeFileSync(join(outside, 'passwd'), mark);

  writeFileSync(join(root, 'images/ok.png'), readFileSync(join(MNIST_IMAGES, '00042.png')));
  writeFileSync(join(root, 'sound.wav'), wavFile(20_000));
  writeFileSync(join(root, 'caf\u00e9.png'), readFileSync(join(MNIST_IMAGES, '00001.png')));
  symlinkSync(join(outside, 'secret.png'), join(root, 'link-out.png'));
  symlinkSync(outside, join(root, 'link-dir'));
  linkSync(join(outside, 'secret.png'), join(root, 'hard.png'));
  execFileSync('mkfifo', [join(root, 'fifo.wav')]);
  symlinkSync('/dev/zero', join(root, 'zero.png'));
  mkdirSync(join(root, 'dir.png'));
  writeFileSync(join(root, 'deleted.png'), readFileSync(join(MNIST_IMAGES, '00003.png')));
  symlinkSync('loop.png', join(root, 'loop.png'));
  writeFileSync(
    join(root, 'page.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>',
  );
  writeFileSync(join(root, 'page.html'), '<script>window.__pwned=1</script>');
  writeFileSync(join(root, 'fake.png'), '<html><script>window.__pwned=1</script></html>');
  writeFileSync(join(root, 'bomb.png'), pngHeader(20_000, 20_000));
  writeFileSync(join(root, 'corrupt.png'), pngHeader(28, 28).subarray(0, 12));

  const rows: [string, string][] = [
    ['ok', 'images/ok.png'],
    ['wav', 'sound.wav'],
    ['nfc', 'caf\u00e9.png'],
    ['nfd', 'cafe\u0301.png'],
    ['text', 'a sentence, not a file'],
    ...escapePayloads(outside),
  ];
  const csv = join(root, 'media.csv');
  writeFileSync(
    csv,
    ['id,input,label,prediction', ...rows.map(([id, input]) => `${q(id)},${q(input)},a,a`)].join(
      '\n',
    ) + '\n',
  );
  return {
    base,
    root,
    outside,
    csv,
    inputs: new Map(rows),
    deleteLater: () => rmSync(join(root, 'deleted.png')),
  };
}
