// Roll labels in ESC/POS: per label the name, the price, the printer's own
// barcode command for the right symbology with the code's digits, then the
// SKU and producer and a cut; ASCII only, as the printer is in code page 437.
import { describe, expect, it } from 'vitest';
import { encodeRollLabels, MODULE_DOTS } from '../../src/client/shared/printing/label-escpos.ts';
import { makeInStoreEan13 } from '../../src/domain/ean13.ts';
import type { LabelContent } from '../../src/domain/labels.ts';

const GS = 0x1d;
const code = makeInStoreEan13(21, 1000);
const labels: LabelContent[] = [
  { name: 'Kotak Tisu Cukli Motif Sasak', price: 185_000, sku: 'CKL-001', producer: 'Lapas Kelas IIA Mataram', barcode: { symbology: 'ean13', value: code } },
  { name: 'Kain Tenun “Sukarara”', price: 350_000, sku: 'TNN-07', producer: 'UMKM Tenun', barcode: { symbology: 'code128', value: 'TNN-07' } },
  { name: 'Madu Hutan', price: 90_000, sku: 'MDU-1', producer: 'UMKM Madu', barcode: null },
];

/** Where `needle` occurs in `bytes`, every time. */
function indexesOf(bytes: Uint8Array, needle: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + needle.length <= bytes.length; i++) if (needle.every((b, j) => bytes[i + j] === b)) out.push(i);
  return out;
}

describe('roll labels over ESC/POS', () => {
  const bytes = encodeRollLabels(labels, { columns: 32, cut: true });
  const text = String.fromCharCode(...bytes);

  it('prints each name, its price and its SKU line, in order, in ASCII', () => {
    const at = ['Kotak Tisu Cukli Motif Sasak', 'Rp 185.000', 'CKL-001 Lapas Kelas IIA Mataram', 'Kain Tenun ?Sukarara?', 'Rp 350.000', 'TNN-07 UMKM Tenun', 'Madu Hutan', 'Rp 90.000'].map((s) => text.indexOf(s));
    expect(at.every((i) => i >= 0), JSON.stringify(at)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect([...bytes].every((b) => b < 0x80)).toBe(true);
  });

  it('draws barcodes with the printer command (GS k) carrying the code, none for a product without one, and cuts after each label', () => {
    const barcodes = indexesOf(bytes, [GS, 0x6b]);
    expect(barcodes).toHaveLength(2);
    expect(text.slice(barcodes[0], barcodes[0]! + 30)).toContain(code.slice(0, 12));
    expect(text.slice(barcodes[1], barcodes[1]! + 30)).toContain('TNN-07');
    // GS V: the cut.
    expect(indexesOf(bytes, [GS, 0x56])).toHaveLength(3);
    expect(indexesOf(encodeRollLabels(labels, { columns: 48, cut: false }), [GS, 0x56])).toHaveLength(0);
  });

  it('sends a module of 3 dots (GS w 3) and a bar 96 dots high (GS h 96) before each barcode: at 203 dpi an EAN-13 within its 80-200% size, inside a 58 mm head', () => {
    const widths = indexesOf(bytes, [GS, 0x77]).map((i) => bytes[i + 2]);
    const heights = indexesOf(bytes, [GS, 0x68]).map((i) => bytes[i + 2]);
    expect(widths).toEqual([MODULE_DOTS, MODULE_DOTS]);
    expect(heights).toEqual([96, 96]);
    const dot = 25.4 / 203;
    const moduleMm = widths[0]! * dot;
    expect(moduleMm).toBeGreaterThanOrEqual(0.33 * 0.8);
    expect(moduleMm).toBeLessThanOrEqual(0.33 * 2);
    // 95 modules and the 11 + 7 quiet-zone modules of an EAN-13.
    expect((95 + 18) * widths[0]!).toBeLessThanOrEqual(384);
  });
});
