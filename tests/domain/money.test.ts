import { describe, it, expect } from 'vitest';
import {
  MoneyError,
  allocate,
  assertRupiah,
  divRoundHalfUp,
  formatNumber,
  formatRupiah,
  parseRupiah,
} from '../../src/domain/money.ts';

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomInt(rand: () => number, max: number): number {
  return Math.floor(rand() * (max + 1));
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

describe('formatRupiah', () => {
  it('writes Rp 150.000 with a plain space and dots between thousands', () => {
    expect(formatRupiah(150_000)).toBe('Rp 150.000');
  });

  it('never puts a no-break space or any other non-ASCII character in the text', () => {
    const rand = seededRandom(7);
    const values = [0, 1, -1, 999, 1000, -2500, 150_000, 12_345_678, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER];
    for (let i = 0; i < 500; i++) values.push(randomInt(rand, 2e12) - 1e12);
    for (const v of values) {
      const text = formatRupiah(v);
      expect(text, String(v)).not.toContain('\u00a0');
      expect(text, String(v)).not.toContain('\u202f');
      expect(text, String(v)).toMatch(/^-?Rp [0-9.]+$/);
    }
  });

  it('shows zero as Rp 0 without decimals', () => {
    expect(formatRupiah(0)).toBe('Rp 0');
  });

  it('shows negative zero as Rp 0, not -Rp 0', () => {
    expect(formatRupiah(-0)).toBe('Rp 0');
  });

  it('puts the minus sign before Rp for negative amounts', () => {
    expect(formatRupiah(-2500)).toBe('-Rp 2.500');
    expect(formatRupiah(-1)).toBe('-Rp 1');
  });

  it('groups large amounts in threes without rounding them', () => {
    expect(formatRupiah(1_000_000)).toBe('Rp 1.000.000');
    expect(formatRupiah(123_456_789_012)).toBe('Rp 123.456.789.012');
    expect(formatRupiah(Number.MAX_SAFE_INTEGER)).toBe('Rp 9.007.199.254.740.991');
  });

  it('refuses fractions, NaN, infinities and unsafe integers', () => {
    for (const v of [1.5, 0.1, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => formatRupiah(v), String(v)).toThrow(MoneyError);
    }
  });
});

describe('formatNumber', () => {
  it('groups without the currency for narrow receipt columns', () => {
    expect(formatNumber(150_000)).toBe('150.000');
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(-75_000)).toBe('-75.000');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(-0)).toBe('0');
  });
});

describe('assertRupiah', () => {
  it('returns whole numbers unchanged and names the amount when it refuses one', () => {
    expect(assertRupiah(42)).toBe(42);
    expect(assertRupiah(-42)).toBe(-42);
    expect(() => assertRupiah(4.2, 'price')).toThrow(/price must be a whole number/);
  });
});

describe('parseRupiah', () => {
  it.each([
    ['150.000', 150_000],
    ['150000', 150_000],
    ['Rp 150.000', 150_000],
    ['Rp150.000', 150_000],
    ['rp. 150.000', 150_000],
    ['  150.000  ', 150_000],
    ['150rb', 150_000],
    ['150 rb', 150_000],
    ['150 ribu', 150_000],
    ['150k', 150_000],
    ['1,5jt', 1_500_000],
    ['1.5jt', 1_500_000],
    ['2 juta', 2_000_000],
    ['4,35jt', 4_350_000],
    ['1,005rb', 1005],
    ['1,500rb', 1500],
    ['0', 0],
    ['1.000.000', 1_000_000],
  ])('reads %j as %d', (text, expected) => {
    expect(parseRupiah(text)).toBe(expected);
  });

  it.each([
    '15,5',
    'abc',
    '-5',
    '1.50.000',
    '150.00',
    '1.5000',
    '.500',
    '150.000,00',
    '',
    'Rp',
    'rb',
    '1,0005rb',
    '1,0000005jt',
    '1,5,0jt',
    '15 000',
    '99999999999999999',
  ])('refuses %j', (text) => {
    expect(parseRupiah(text)).toBeNull();
  });

  it('reads back every amount it formats', () => {
    const rand = seededRandom(11);
    for (let i = 0; i < 1000; i++) {
      const v = randomInt(rand, 1e11);
      expect(parseRupiah(formatRupiah(v)), String(v)).toBe(v);
      expect(parseRupiah(formatNumber(v)), String(v)).toBe(v);
    }
  });
});

describe('divRoundHalfUp', () => {
  it('rounds a half up and anything less down', () => {
    expect(divRoundHalfUp(5, 10)).toBe(1);
    expect(divRoundHalfUp(4, 10)).toBe(0);
    expect(divRoundHalfUp(15, 10)).toBe(2);
    expect(divRoundHalfUp(14, 10)).toBe(1);
    expect(divRoundHalfUp(1_221_000, 111)).toBe(11_000);
    expect(divRoundHalfUp(0, 7)).toBe(0);
  });

  it('rounds negative numerators symmetrically, half away from zero', () => {
    expect(divRoundHalfUp(-5, 10)).toBe(-1);
    expect(divRoundHalfUp(-4, 10)).toBe(0);
  });

  it('agrees with exact big-integer arithmetic on many random cases', () => {
    const rand = seededRandom(3);
    for (let i = 0; i < 2000; i++) {
      const n = randomInt(rand, 1e12);
      const d = 1 + randomInt(rand, 1e6);
      const q = BigInt(n) / BigInt(d);
      const r = BigInt(n) % BigInt(d);
      const expected = Number(r * 2n >= BigInt(d) ? q + 1n : q);
      expect(divRoundHalfUp(n, d), `${n}/${d}`).toBe(expected);
    }
  });

  it('refuses a zero or negative denominator', () => {
    expect(() => divRoundHalfUp(1, 0)).toThrow(MoneyError);
    expect(() => divRoundHalfUp(1, -3)).toThrow(MoneyError);
  });
});

describe('allocate', () => {
  it('gives nothing for no weights', () => {
    expect(allocate(100, [])).toEqual([]);
  });

  it('splits evenly when it can and hands the remainder to the largest fractions, earliest first', () => {
    expect(allocate(100, [1, 1, 1, 1])).toEqual([25, 25, 25, 25]);
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(10, [1, 2])).toEqual([3, 7]);
    expect(allocate(1, [1, 1, 1])).toEqual([1, 0, 0]);
  });

  it('gives the whole amount to the first part when every weight is zero', () => {
    expect(allocate(500, [0, 0, 0])).toEqual([500, 0, 0]);
  });

  it('gives nothing to a zero weight when other weights are positive', () => {
    expect(allocate(1000, [0, 3, 0, 1])).toEqual([0, 750, 0, 250]);
  });

  it('refuses a total that is not whole rupiah', () => {
    expect(() => allocate(10.5, [1, 1])).toThrow(MoneyError);
  });

  it('adds up exactly and stays within one rupiah of the exact share, over many random cases', () => {
    const rand = seededRandom(2026);
    for (let i = 0; i < 5000; i++) {
      const n = 1 + randomInt(rand, 12);
      const magnitude = 10 ** randomInt(rand, 9);
      const weights = Array.from({ length: n }, () => randomInt(rand, magnitude));
      const weightSum = sum(weights);
      const total = randomInt(rand, Math.min(10 ** randomInt(rand, 10), Math.max(weightSum, 1)));
      const parts = allocate(total, weights);
      const label = `${total} over ${JSON.stringify(weights)}`;
      expect(parts, label).toHaveLength(n);
      expect(sum(parts), label).toBe(total);
      for (const [k, part] of parts.entries()) {
        expect(Number.isInteger(part), label).toBe(true);
        expect(part, label).toBeGreaterThanOrEqual(0);
        if (weightSum > 0) {
          const exact = (total * weights[k]!) / weightSum;
          expect(Math.abs(part - exact), label).toBeLessThan(1);
          // A part never exceeds its weight when the total does not exceed the weights, so a discount never makes a line negative.
          if (total <= weightSum) expect(part, label).toBeLessThanOrEqual(weights[k]!);
        }
      }
    }
  });

  it('gives a larger weight at least as much as a smaller one', () => {
    const rand = seededRandom(99);
    for (let i = 0; i < 1000; i++) {
      const weights = Array.from({ length: 2 + randomInt(rand, 6) }, () => randomInt(rand, 100_000));
      const parts = allocate(randomInt(rand, 50_000), weights);
      for (let a = 0; a < weights.length; a++) {
        for (let b = 0; b < weights.length; b++) {
          if (weights[a]! > weights[b]!) expect(parts[a]!).toBeGreaterThanOrEqual(parts[b]!);
        }
      }
    }
  });
});
