import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import {
  BarcodeError,
  IN_STORE_MAX_SERIAL,
  barcodeKind,
  ean13CheckDigit,
  gs1CheckDigit,
  isGs1Indonesia,
  isInStoreCode,
  isValidEan13,
  isValidEan8,
  isValidRetailBarcode,
  isValidUpcA,
  makeInStoreEan13,
  toEan13,
  wrongCheckDigit,
} from '../../src/domain/ean13.ts';

// Independent formulation for EAN-13: weights 1,3,1,3,... from the left over
// the first 12 digits.
function ean13Reference(body12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomDigits(rnd: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(Math.floor(rnd() * 10));
  return s;
}

describe('check digits', () => {
  it('computes the check digit of well-known codes', () => {
    // 4 0 0 6 3 8 1 3 3 3 9 3 -> 4+0+0+18+3+24+1+9+3+9+9+9 = 89 -> 1
    expect(ean13CheckDigit('400638133393')).toBe(1);
    expect(ean13CheckDigit('978030640615')).toBe(7); // ISBN 978-0-306-40615-7
    expect(ean13CheckDigit('590123412345')).toBe(7); // GS1's own example
    expect(gs1CheckDigit('03600029145')).toBe(2); // UPC-A 036000291452
    expect(gs1CheckDigit('9638507')).toBe(4); // EAN-8 96385074
  });

  it('gives 0 when the weighted sum is already a multiple of ten', () => {
    expect(ean13CheckDigit('000000000000')).toBe(0);
    expect(isValidEan13('0000000000000')).toBe(true);
  });

  it('agrees with the left-weighted EAN-13 formula on many random bodies', () => {
    const rnd = seededRandom(1);
    for (let n = 0; n < 2000; n++) {
      const body = randomDigits(rnd, 12);
      expect(ean13CheckDigit(body)).toBe(ean13Reference(body));
    }
  });

  it('a computed check digit always validates, and any single-digit change then fails', () => {
    const rnd = seededRandom(2);
    for (let n = 0; n < 300; n++) {
      const body = randomDigits(rnd, 12);
      const code = body + String(ean13CheckDigit(body));
      expect(isValidEan13(code)).toBe(true);
      for (let pos = 0; pos < 13; pos++) {
        for (let d = 0; d <= 9; d++) {
          if (String(d) === code[pos]) continue;
          const changed = code.slice(0, pos) + String(d) + code.slice(pos + 1);
          expect(isValidEan13(changed)).toBe(false);
        }
      }
    }
  });

  it('a prefixed 0 leaves the check digit unchanged, so UPC-A and EAN-13 agree', () => {
    const rnd = seededRandom(3);
    for (let n = 0; n < 500; n++) {
      const body = randomDigits(rnd, 11);
      expect(gs1CheckDigit(`0${body}`)).toBe(gs1CheckDigit(body));
    }
  });

  it('throws on a body that is not all digits or has the wrong length', () => {
    expect(() => ean13CheckDigit('40063813339')).toThrow(BarcodeError);
    expect(() => ean13CheckDigit('4006381333931')).toThrow(BarcodeError);
    expect(() => ean13CheckDigit('40063813339X')).toThrow(BarcodeError);
    expect(() => gs1CheckDigit('')).toThrow(BarcodeError);
    expect(() => gs1CheckDigit('12 4')).toThrow(BarcodeError);
  });
});

describe('validation', () => {
  it('accepts valid EAN-13s, including Indonesian ones verified by hand', () => {
    for (const code of ['4006381333931', '9780306406157', '5901234123457', '8992761111113', '8991002101234']) {
      expect(isValidEan13(code)).toBe(true);
    }
  });

  it('refuses an EAN-13 whose check digit is wrong', () => {
    expect(isValidEan13('4006381333932')).toBe(false);
    expect(isValidEan13('8992761111111')).toBe(false);
    expect(isValidEan13('8991002101230')).toBe(false);
  });

  it('refuses a swap of two neighbouring digits of different parity weight', () => {
    expect(isValidEan13('4006381333931')).toBe(true);
    expect(isValidEan13('4060381333931')).toBe(false);
  });

  it('refuses strings that are not exactly 13 digits', () => {
    for (const code of ['', '400638133393', '40063813339310', '400638133393a', ' 4006381333931', '4006381333931\n', '4006-381333931', '４００６３８１３３３９３１']) {
      expect(isValidEan13(code)).toBe(false);
    }
  });

  it('accepts valid EAN-8 and UPC-A codes and refuses them with a wrong check digit', () => {
    expect(isValidEan8('96385074')).toBe(true);
    expect(isValidEan8('73513537')).toBe(true);
    expect(isValidEan8('96385075')).toBe(false);
    expect(isValidEan8('9638507')).toBe(false);
    expect(isValidUpcA('036000291452')).toBe(true);
    expect(isValidUpcA('036000291453')).toBe(false);
    expect(isValidUpcA('4006381333931')).toBe(false);
  });

  it('names the symbology of a scanned code', () => {
    expect(barcodeKind('4006381333931')).toBe('ean13');
    expect(barcodeKind('036000291452')).toBe('upca');
    expect(barcodeKind('96385074')).toBe('ean8');
    expect(barcodeKind('96385075')).toBeNull();
    expect(barcodeKind('12345')).toBeNull();
    expect(barcodeKind('SKU-001')).toBeNull();
    expect(isValidRetailBarcode('036000291452')).toBe(true);
    expect(isValidRetailBarcode('036000291450')).toBe(false);
  });

  it('reads a 12-digit UPC-A as the EAN-13 with a leading 0', () => {
    expect(toEan13('036000291452')).toBe('0036000291452');
    expect(isValidEan13('0036000291452')).toBe(true);
    expect(toEan13('4006381333931')).toBe('4006381333931');
    expect(toEan13('96385074')).toBeNull();
    expect(toEan13('036000291453')).toBeNull();
  });
});

describe('in-store and GS1 Indonesia codes', () => {
  it('recognises valid codes with prefixes 20 to 29 as in-store', () => {
    for (let p = 20; p <= 29; p++) {
      const body = `${p}1234567890`;
      expect(isInStoreCode(body + String(ean13CheckDigit(body)))).toBe(true);
    }
  });

  it('does not call codes outside 20-29 in-store', () => {
    for (const p of ['19', '30', '02', '04', '89']) {
      const body = `${p}1234567890`;
      expect(isInStoreCode(body + String(ean13CheckDigit(body)))).toBe(false);
    }
    expect(isInStoreCode('036000291452')).toBe(false);
  });

  it('does not call an in-store prefix with a wrong check digit in-store', () => {
    const good = makeInStoreEan13('20', 1);
    const bad = good.slice(0, 12) + String((Number(good[12]) + 1) % 10);
    expect(isInStoreCode(good)).toBe(true);
    expect(isInStoreCode(bad)).toBe(false);
  });

  it('makes a valid in-store code from a prefix and a serial, zero padded', () => {
    expect(makeInStoreEan13('20', 1)).toBe('2000000000015');
    expect(makeInStoreEan13(21, 12345)).toBe(`210000012345${ean13Reference('210000012345')}`);
    expect(makeInStoreEan13('29', IN_STORE_MAX_SERIAL)).toBe(`299999999999${ean13Reference('299999999999')}`);
    expect(makeInStoreEan13('20', 0)).toBe(`200000000000${ean13Reference('200000000000')}`);
  });

  it('every serial it is given becomes a distinct valid in-store code that holds the serial', () => {
    const rnd = seededRandom(4);
    const seen = new Set<string>();
    for (let n = 0; n < 2000; n++) {
      const prefix = 20 + Math.floor(rnd() * 10);
      const serial = n < 1000 ? n : Math.floor(rnd() * (IN_STORE_MAX_SERIAL + 1));
      const code = makeInStoreEan13(prefix, serial);
      expect(code).toHaveLength(13);
      expect(isValidEan13(code)).toBe(true);
      expect(isInStoreCode(code)).toBe(true);
      expect(isGs1Indonesia(code)).toBe(false);
      expect(code.slice(0, 2)).toBe(String(prefix));
      expect(Number(code.slice(2, 12))).toBe(serial);
      seen.add(code);
    }
    expect(seen.size).toBeGreaterThan(1990);
  });

  it('refuses a prefix outside 20-29 or a serial that does not fit', () => {
    for (const prefix of ['19', '30', '2', '200', 'AB', 19, 30, 2]) {
      expect(() => makeInStoreEan13(prefix, 1)).toThrow(BarcodeError);
    }
    for (const serial of [-1, 1.5, Number.NaN, IN_STORE_MAX_SERIAL + 1, Number.MAX_SAFE_INTEGER]) {
      expect(() => makeInStoreEan13('20', serial)).toThrow(BarcodeError);
    }
  });

  it('recognises GS1 Indonesia (899) codes only when they are valid EAN-13s', () => {
    expect(isGs1Indonesia('8992761111113')).toBe(true);
    expect(isGs1Indonesia('8991002101234')).toBe(true);
    expect(isGs1Indonesia('8992761111111')).toBe(false);
    expect(isGs1Indonesia('4006381333931')).toBe(false);
    const body = '898123456789';
    expect(isGs1Indonesia(body + String(ean13CheckDigit(body)))).toBe(false);
    expect(isGs1Indonesia('89912345')).toBe(false);
  });
});

describe('wrongCheckDigit', () => {
  it('names the digit a misread retail code should end in, for EAN-13, UPC-A and EAN-8', () => {
    for (const body of ['899276113401', '03600029145', '9638507']) {
      const ck = gs1CheckDigit(body);
      expect(wrongCheckDigit(`${body}${ck}`), body).toBeNull();
      expect(wrongCheckDigit(`${body}${(ck + 1) % 10}`), body).toEqual({ expected: ck });
    }
  });
  it('says nothing of codes that are not retail barcodes', () => {
    for (const code of ['KOP-001', '12345', '1234567890', '12345678901234', '899276113401x']) expect(wrongCheckDigit(code)).toBeNull();
  });
  it('agrees with the check digit for every last digit of random bodies', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), fc.integer({ min: 0, max: 9 }), (body, last) => {
        const expected = ean13CheckDigit(body);
        expect(wrongCheckDigit(`${body}${last}`)).toEqual(last === expected ? null : { expected });
      }),
    );
  });
});


describe('the next free in-store code', () => {
  it('starts at the serial given, skipping codes already taken', async () => {
    const { nextFreeInStoreEan13, makeInStoreEan13: make, inStoreSerial } = await import('../../src/domain/ean13.ts');
    const taken = new Set([make('20', 5), make('20', 6)]);
    expect(nextFreeInStoreEan13('20', 5, (c) => taken.has(c))).toEqual({ code: make('20', 7), serial: 7 });
    expect(nextFreeInStoreEan13('20', 1, () => false)).toEqual({ code: '2000000000015', serial: 1 });
    expect(inStoreSerial('2000000000015')).toBe(1);
    expect(inStoreSerial('8991234567895')).toBeNull();
  });

  it('whatever is taken, the answer is a valid 20-prefixed EAN-13 not taken, at or after the start', async () => {
    const fc = (await import('fast-check')).default;
    const { nextFreeInStoreEan13, isValidEan13, inStoreSerial, makeInStoreEan13: make } = await import('../../src/domain/ean13.ts');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.uniqueArray(fc.integer({ min: 0, max: 40 })), (from, offsets) => {
        const taken = new Set(offsets.map((o) => make('20', from + o)));
        const { code, serial } = nextFreeInStoreEan13('20', from, (c) => taken.has(c));
        expect(isValidEan13(code)).toBe(true);
        expect(code.startsWith('20')).toBe(true);
        expect(taken.has(code)).toBe(false);
        expect(serial).toBeGreaterThanOrEqual(from);
        expect(inStoreSerial(code)).toBe(serial);
        for (let s = from; s < serial; s++) expect(taken.has(make('20', s))).toBe(true);
      }),
    );
  });
});
