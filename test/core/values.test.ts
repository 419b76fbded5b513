import { describe, expect, it } from 'vitest';
import { OutOfRange, parseNumber } from '../../electron/core/importers/values.ts';
import { rng } from '../helpers.ts';

/**
 * parseNumber's contract, against an independent reference: the strict syntax as a regular
 * expression, then JavaScript's own Number() (correctly rounded). Plain decimals take a fast path
 * (digits / 10^k) that must give exactly the same double, sign of zero included.
 */
const STRICT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function reference(text: string): number | null | 'out of range' {
  if (!STRICT.test(text)) return null;
  const n = Number(text);
  if (!Number.isFinite(n)) return 'out of range';
  if (n === 0 && /[1-9]/.test(text.replace(/[eE].*$/, ''))) return 'out of range';
  return n;
}

function actual(text: string): number | null | 'out of range' {
  const n = parseNumber(text);
  return n instanceof OutOfRange ? 'out of range' : n;
}

describe('parseNumber', () => {
  it('equals the strict syntax + Number() on 200,000 random cells, bit for bit', () => {
    const random = rng(41);
    const digits = (n: number) =>
      Array.from({ length: n }, () => String(Math.floor(random() * 10))).join('');
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
    let fast = 0;
    for (let i = 0; i < 200_000; i++) {
      const sign = pick(['', '', '-', '+']);
      const whole = digits(Math.floor(random() * 18));
      const point = random() < 0.7 ? '.' : '';
      const frac = point ? digits(Math.floor(random() * 18)) : '';
      const exp =
        random() < 0.1
          ? `${pick(['e', 'E'])}${pick(['', '-', '+'])}${digits(1 + Math.floor(random() * 3))}`
          : '';
      let text = `${sign}${whole}${point}${frac}${exp}`;
      // Now and then a cell that is not a number: a space, a second point, a letter, nothing.
      const r = random();
      if (r < 0.02) text = ` ${text}`;
      else if (r < 0.04) text = `${text}.`;
      else if (r < 0.05) text = `${text}x`;
      else if (r < 0.055) text = sign;
      const want = reference(text);
      const got = actual(text);
      if (typeof want === 'number' && typeof got === 'number') {
        expect(Object.is(got, want), `${JSON.stringify(text)}: ${got} vs ${want}`).toBe(true);
      } else expect(got, JSON.stringify(text)).toBe(want);
      if (!exp && (whole + frac).length <= 15 && (whole + frac).length > 0) fast++;
    }
    expect(fast).toBeGreaterThan(50_000);
  });

  it('edge cells: signs of zero, bare points, 15 and 16 digits, subnormals, overflow', () => {
    const cells = [
      '0',
      '-0',
      '+0',
      '-0.0',
      '1.',
      '.5',
      '-.5',
      '+.5',
      '.',
      '-',
      '+',
      '',
      ' 1',
      '1 ',
      '1,5',
      '0x1A',
      'NaN',
      'Infinity',
      '1e400',
      '-1e400',
      '1e-400',
      '0e-400',
      '5e-324',
      '123456789012345',
      '1234567890123456',
      '0.000000000000001',
      '9007199254740993',
      '0.1',
      '0.2',
      '0.3',
      '2.675',
      '1.005',
      '999999999999999.9',
      '00012.3400',
    ];
    for (const text of cells) {
      const want = reference(text);
      const got = actual(text);
      if (typeof want === 'number' && typeof got === 'number')
        expect(Object.is(got, want), JSON.stringify(text)).toBe(true);
      else expect(got, JSON.stringify(text)).toBe(want);
    }
  });
});
