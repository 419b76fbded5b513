/**
 * One `Range: bytes=...` header against a file of `size` bytes (RFC 9110 §14).
 *
 * Decisions: a single range is answered with 206 (an end past EOF is clamped); a range that starts
 * at or past EOF, a start after its end (`bytes=100-50`) and an empty suffix (`bytes=-0`) are
 * unsatisfiable (416). A header that is not a well-formed single byte range (another unit,
 * garbage, several ranges) is ignored and the whole file is sent with 200, as the RFC allows:
 * browsers never ask media for several ranges, and a multipart reply is more code to get wrong.
 */
export type ByteRange =
  { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

const FULL: ByteRange = { kind: 'full' };
const UNSATISFIABLE: ByteRange = { kind: 'unsatisfiable' };

/** Digits as a number; more than 15 digits is "past any file" (no precision games). */
function digits(s: string): number {
  return s.length > 15 ? Number.MAX_SAFE_INTEGER : Number(s);
}

export function parseByteRange(header: string | null, size: number): ByteRange {
  if (header === null) return FULL;
  const m = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!m) return FULL;
  const specs = (m[1] ?? '').split(',');
  if (specs.length !== 1) return FULL;
  const r = /^\s*(\d*)\s*-\s*(\d*)\s*$/.exec(specs[0] ?? '');
  if (!r) return FULL;
  const [, first = '', last = ''] = r;
  if (first === '' && last === '') return FULL;
  if (first === '') {
    const suffix = digits(last);
    if (suffix === 0 || size === 0) return UNSATISFIABLE;
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = digits(first);
  const end = last === '' ? size - 1 : digits(last);
  if (start >= size || end < start) return UNSATISFIABLE;
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}
