import { describe, expect, it } from 'vitest';
import { parsePct, parseSampleSize } from '../../renderer/src/features/dashboard/HlpEditor.tsx';

describe('HLP cell parsing', () => {
  it('reads a percentage exactly, with or without %, and refuses the rest', () => {
    expect(parsePct('93.5')).toBe(0.935);
    expect(parsePct('93.5%')).toBe(0.935);
    expect(parsePct(' 100 ')).toBe(1);
    expect(parsePct('0')).toBe(0);
    expect(parsePct('97.1')).toBe(0.971); // not 0.9709999999999999
    for (const bad of ['', '-1', '100.1', 'abc', '1e2', '9 5', '.5'])
      expect(parsePct(bad)).toBeNull();
  });

  it('reads an optional whole sample size (empty is none) and refuses the rest', () => {
    expect(parseSampleSize('')).toBeNull();
    expect(parseSampleSize('  ')).toBeNull();
    expect(parseSampleSize('1,200')).toBe(1200);
    expect(parseSampleSize('200')).toBe(200);
    for (const bad of ['0', '12.5', '-3', 'ten', '1e3', '2000000000']) {
      expect(parseSampleSize(bad)).toBeUndefined();
    }
  });
});
