import { BitArray, Code128Reader } from '@zxing/library';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { receiptNumber, uuidv7 } from '../../src/domain/id.ts';
import { asReceiptNumber, BarcodeTextError, code128Bars, code128Widths } from '../../src/domain/receipt-code.ts';

/** Reads the drawn bars back with ZXing's own Code 128 reader, as a scanner would. */
function decode(text: string): string {
  const { bars, total } = code128Bars(text);
  const row = new BitArray(total);
  for (const b of bars) for (let i = 0; i < b.w; i++) row.set(b.x + i);
  return new Code128Reader().decodeRow(0, row, new Map()).getText();
}

describe('receipt numbers as Code 128', () => {
  it('any receipt number a device makes decodes back to itself', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 10, maxLength: 10 }), fc.integer({ min: 1, max: 9_999_999 }), (random, counter) => {
        const no = receiptNumber(uuidv7(1_700_000_000_000, random), counter);
        expect(asReceiptNumber(no)).toBe(no);
        expect(decode(no)).toBe(no);
      }),
      { numRuns: 200 },
    );
  });

  it('every printable character survives the round trip', () => {
    const all = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
    for (let i = 0; i < all.length; i += 20) expect(decode(`A${all.slice(i, i + 20)}Z`)).toBe(`A${all.slice(i, i + 20)}Z`);
  });

  it('a symbol is 11 modules and the stop 13', () => {
    const w = code128Widths('AB12-000001');
    expect(w.reduce((a, b) => a + b, 0)).toBe(11 * (1 + 11 + 1) + 13);
  });

  it('refuses what set B cannot carry', () => {
    expect(() => code128Widths('')).toThrow(BarcodeTextError);
    expect(() => code128Widths('Rp 1.000 é')).toThrow(BarcodeTextError);
  });

  it('reads typed receipt numbers and nothing else', () => {
    expect(asReceiptNumber(' ab12-000123 ')).toBe('AB12-000123');
    expect(asReceiptNumber('8991234567890')).toBeNull();
    expect(asReceiptNumber('AB12-12')).toBeNull();
    expect(asReceiptNumber('GH12-000123')).toBeNull();
    expect(asReceiptNumber('batik')).toBeNull();
  });
});
