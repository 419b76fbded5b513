import { HeadroomError } from '../errors.ts';
import { count, wordsFor, type Bits } from '../analysis/bitset.ts';

/**
 * A tag's members as one BLOB (tag_member_sets.members): a format byte, then the positions in one
 * of three forms, chosen per tag each time it is written (the bitset unless a varint form is less
 * than half its size):
 *
 * - BITS: the bitset's 32-bit words, little-endian, trailing zero words left out (dense tags: a
 *   tag on 10% of a million examples takes 125 KB, as in the analysis index);
 * - GAPS: per member, the gap since the previous one (position - previous - 1; the first from -1)
 *   as an LEB128 varint (sparse tags: a byte or two per member);
 * - RUNS: per run of consecutive members, its gap since the previous run and its length - 1, both
 *   varints (ranges: a tag on the first half of the file takes a few bytes).
 *
 * An empty set is the format byte alone. Decoding yields the analysis index's Bits directly, so
 * loading every tag of a project is a copy per tag, not a row per member.
 */
const BITS = 1;
const GAPS = 2;
const RUNS = 3;

function varintSize(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 0x80);
    n++;
  }
  return n;
}

function writeVarint(out: Uint8Array, o: number, v: number): number {
  while (v >= 0x80) {
    out[o++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  out[o++] = v;
  return o;
}

/** Calls `fn` for each run of consecutive set bits, in order: (first position, length). */
function forEachRun(bits: Bits, fn: (start: number, length: number) => void): void {
  let start = -1;
  let length = 0;
  for (let w = 0; w < bits.length; w++) {
    let x = bits[w] as number;
    if (x === 0) continue;
    if (x === 0xffffffff) {
      if (start >= 0 && start + length === w << 5) length += 32;
      else {
        if (start >= 0) fn(start, length);
        start = w << 5;
        length = 32;
      }
      continue;
    }
    while (x !== 0) {
      const t = x & -x;
      const pos = (w << 5) + (31 - Math.clz32(t));
      if (start >= 0 && start + length === pos) length++;
      else {
        if (start >= 0) fn(start, length);
        start = pos;
        length = 1;
      }
      x ^= t;
    }
  }
  if (start >= 0) fn(start, length);
}

/** The members in the smallest form, and how many there are. */
export function encodeMembers(bits: Bits): { blob: Buffer; size: number } {
  let last = bits.length - 1;
  while (last >= 0 && bits[last] === 0) last--;
  const words = last + 1;
  // One pass sizes both varint forms.
  let gapBytes = 0;
  let runBytes = 0;
  let size = 0;
  let prevEnd = 0; // one past the previous member
  forEachRun(bits, (start, length) => {
    size += length;
    runBytes += varintSize(start - prevEnd) + varintSize(length - 1);
    gapBytes += varintSize(start - prevEnd) + (length - 1);
    prevEnd = start + length;
  });
  // Bits decode with one copy, the varint forms a member at a time: bits unless a varint form is
  // less than half their size (a tag on 10% of the examples stays bits).
  const bitBytes = words * 4;
  if (bitBytes <= 2 * Math.min(gapBytes, runBytes)) {
    const blob = Buffer.allocUnsafe(1 + bitBytes);
    blob[0] = BITS;
    blob.set(new Uint8Array(bits.buffer, bits.byteOffset, bitBytes), 1);
    return { blob, size };
  }
  const runs = runBytes < gapBytes;
  const blob = Buffer.allocUnsafe(1 + (runs ? runBytes : gapBytes));
  blob[0] = runs ? RUNS : GAPS;
  let o = 1;
  prevEnd = 0;
  forEachRun(bits, (start, length) => {
    o = writeVarint(blob, o, start - prevEnd);
    if (runs) o = writeVarint(blob, o, length - 1);
    else for (let i = 1; i < length; i++) blob[o++] = 0;
    prevEnd = start + length;
  });
  return { blob, size };
}

function corrupt(what: string): HeadroomError {
  return new HeadroomError(
    'NOT_A_PROJECT',
    `The project file is damaged: a tag's member set (tag_member_sets) has ${what}.`,
  );
}

/** Sets positions [start, start + length) in `bits`. */
function setRange(bits: Bits, start: number, length: number): void {
  let p = start;
  const end = start + length;
  while (p < end && (p & 31) !== 0) {
    bits[p >>> 5] = (bits[p >>> 5] as number) | (1 << (p & 31));
    p++;
  }
  while (p + 32 <= end) {
    bits[p >>> 5] = 0xffffffff;
    p += 32;
  }
  while (p < end) {
    bits[p >>> 5] = (bits[p >>> 5] as number) | (1 << (p & 31));
    p++;
  }
}

/**
 * The members as bits over positions 0..n-1 (at least `n`, more when the set reaches further: an
 * edit sizes by the positions it adds). Throws CORRUPT on a blob no encoder wrote.
 */
export function decodeMembers(blob: Uint8Array, n: number): Bits {
  if (blob.length === 0) throw corrupt('no bytes');
  const format = blob[0];
  if (format === BITS) {
    const bytes = blob.length - 1;
    if (bytes % 4 !== 0) throw corrupt('a partial word');
    const bits = new Uint32Array(Math.max(wordsFor(n), bytes / 4));
    // A copy: a BLOB's bytes carry no alignment guarantee.
    new Uint8Array(bits.buffer).set(blob.subarray(1));
    return bits;
  }
  if (format !== GAPS && format !== RUNS) throw corrupt(`an unknown format ${format}`);
  // Two passes: the extent first (to size the bits), then the members.
  const runs = format === RUNS;
  const walk = (fn: (start: number, length: number) => void) => {
    let i = 1;
    let prevEnd = 0;
    const read = () => {
      let v = 0;
      let scale = 1;
      let b: number;
      do {
        if (i >= blob.length) throw corrupt('a cut varint');
        b = blob[i++] as number;
        v += (b & 0x7f) * scale;
        scale *= 0x80;
      } while (b & 0x80);
      return v;
    };
    while (i < blob.length) {
      const start = prevEnd + read();
      const length = runs ? read() + 1 : 1;
      fn(start, length);
      prevEnd = start + length;
    }
    return prevEnd;
  };
  const end = walk(() => undefined);
  const bits = new Uint32Array(Math.max(wordsFor(n), wordsFor(end)));
  if (runs) walk((start, length) => setRange(bits, start, length));
  else walk((p) => (bits[p >>> 5] = (bits[p >>> 5] as number) | (1 << (p & 31))));
  return bits;
}

/** The members' positions in order. */
export function memberPositions(bits: Bits): Int32Array {
  const out = new Int32Array(count(bits));
  let k = 0;
  for (let w = 0; w < bits.length; w++) {
    let x = bits[w] as number;
    while (x !== 0) {
      const t = x & -x;
      out[k++] = (w << 5) + (31 - Math.clz32(t));
      x ^= t;
    }
  }
  return out;
}
