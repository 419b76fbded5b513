import { HeadroomError, quote } from '../errors.ts';
import { readChunks, type GuardedFile } from './file-guard.ts';

/** Bytes decoded at a time: small enough that a chunk's rows die young (cheap GC). */
const TEXT_CHUNK = 64 * 1024;

export interface TextChunk {
  text: string;
  bytesRead: number;
}

/** Node's global TextDecoder (its type lives in node:util, not in the global scope). */
type Decoder = InstanceType<typeof TextDecoder>;

type Encoding = { kind: 'utf-8' } | { kind: 'other'; label: string; bomLength: number };

/** Lead-byte length of a UTF-8 sequence, or 0 for a byte that cannot start one. */
function seqLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

/** Where a possibly incomplete sequence starts at the end of `bytes` (bytes.length when none). */
function completeLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = bytes[n - back] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const len = seqLength(b);
    return len > back ? n - back : n;
  }
  return n;
}

/** Index of the first byte that is not valid UTF-8 (bytes start at a character boundary). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    const len = seqLength(b);
    if (len === 0) return i;
    if (len === 1) {
      i++;
      continue;
    }
    if (i + len > bytes.length) return i;
    const b1 = bytes[i + 1] as number;
    if ((b1 & 0xc0) !== 0x80) return i;
    if (b === 0xe0 && b1 < 0xa0) return i; // overlong
    if (b === 0xed && b1 > 0x9f) return i; // surrogate
    if (b === 0xf0 && b1 < 0x90) return i; // overlong
    if (b === 0xf4 && b1 > 0x8f) return i; // > U+10FFFF
    for (let k = 2; k < len; k++) {
      if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
    }
    i += len;
  }
  return -1;
}

/**
 * 'utf-16le' or 'utf-16be' when the first bytes look like UTF-16 text without a BOM (a zero byte
 * in every other position), which would otherwise decode as "valid" UTF-8 full of NUL characters.
 */
function bomlessUtf16(first: Uint8Array): string | null {
  const n = Math.min(first.length, 64) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (first[i] === 0) evenZero++;
    if (first[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero >= pairs * 0.75 && evenZero === 0) return 'utf-16le';
  if (evenZero >= pairs * 0.75 && oddZero === 0) return 'utf-16be';
  return null;
}

function detectEncoding(path: string, first: Uint8Array, chosen: string | undefined): Encoding {
  const b0 = first[0];
  const b1 = first[1];
  if (b0 === 0xff && b1 === 0xfe) return { kind: 'other', label: 'utf-16le', bomLength: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { kind: 'other', label: 'utf-16be', bomLength: 2 };
  const utf8Bom = b0 === 0xef && b1 === 0xbb && first[2] === 0xbf;
  if (!chosen) {
    const utf16 = utf8Bom ? null : bomlessUtf16(first);
    if (utf16) {
      throw new HeadroomError(
        'BAD_ENCODING',
        `${path}: looks like ${utf16.toUpperCase()} text without a byte-order mark (a zero byte in every other position). Choose the encoding explicitly (--encoding ${utf16}).`,
      );
    }
  }
  if (!chosen || /^utf-?8$/i.test(chosen)) {
    return utf8Bom ? { kind: 'other', label: 'utf-8', bomLength: 3 } : { kind: 'utf-8' };
  }
  return { kind: 'other', label: chosen, bomLength: 0 };
}

function makeDecoder(path: string, label: string): Decoder {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true });
  } catch {
    throw new HeadroomError(
      'BAD_ENCODING',
      `${path}: unknown encoding ${quote(label)} (try utf-8, utf-16le, windows-1252, latin1, shift_jis).`,
    );
  }
}

/**
 * Decodes a file to text chunks. UTF-8 unless a BOM says UTF-16 (or UTF-8 with BOM), or the caller
 * chose another encoding. Invalid bytes are an error naming the line and column: never silent U+FFFD.
 */
export async function* readText(
  file: GuardedFile,
  chosenEncoding?: string,
): AsyncGenerator<TextChunk> {
  let encoding: Encoding | null = null;
  let decoder: Decoder | null = null;
  let carry: Uint8Array = new Uint8Array(0);
  let lines = 1;
  let lastLineBytes = 0; // bytes since the last newline, for the column of an error
  let bytesRead = 0;
  const fail = (data: Uint8Array, at: number): never => {
    let line = lines;
    let col = lastLineBytes;
    for (let i = 0; i < at; i++) {
      if (data[i] === 0x0a) {
        line++;
        col = 0;
      } else col++;
    }
    throw new HeadroomError(
      'BAD_ENCODING',
      `${file.path}: invalid UTF-8 at line ${line}, column ${col + 1} (byte 0x${(data[at] ?? 0).toString(16).padStart(2, '0')}). If the file is in another encoding, choose it explicitly (for example --encoding windows-1252).`,
    );
  };
  for await (let chunk of readChunks(file, TEXT_CHUNK)) {
    bytesRead += chunk.length;
    if (encoding === null) {
      encoding = detectEncoding(file.path, chunk, chosenEncoding);
      if (encoding.kind === 'other') {
        decoder = makeDecoder(file.path, encoding.label);
        chunk = chunk.subarray(encoding.bomLength);
      } else decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    }
    if (encoding.kind === 'other') {
      let text: string;
      try {
        text = (decoder as Decoder).decode(chunk, { stream: true });
      } catch {
        throw new HeadroomError(
          'BAD_ENCODING',
          `${file.path}: bytes that are not valid ${encoding.label} near byte ${bytesRead - chunk.length}.`,
        );
      }
      if (text.length > 0) yield { text, bytesRead };
      continue;
    }
    let data = chunk;
    if (carry.length > 0) {
      data = new Uint8Array(carry.length + chunk.length);
      data.set(carry);
      data.set(chunk, carry.length);
    }
    const cut = completeLength(data);
    carry = data.slice(cut);
    const whole = data.subarray(0, cut);
    let text: string;
    try {
      text = (decoder as Decoder).decode(whole);
    } catch {
      fail(whole, Math.max(0, firstInvalidUtf8(whole)));
      return;
    }
    const lastNl = whole.lastIndexOf(0x0a);
    if (lastNl >= 0) {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
      lastLineBytes = whole.length - lastNl - 1;
    } else lastLineBytes += whole.length;
    if (text.length > 0) yield { text, bytesRead };
  }
  if (encoding?.kind === 'other' && decoder) {
    let tail: string;
    try {
      tail = decoder.decode();
    } catch {
      throw new HeadroomError(
        'BAD_ENCODING',
        `${file.path}: the file ends in the middle of a ${encoding.label} character.`,
      );
    }
    if (tail.length > 0) yield { text: tail, bytesRead };
  } else if (carry.length > 0) {
    fail(carry, 0);
  }
}
