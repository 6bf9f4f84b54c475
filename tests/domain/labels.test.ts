import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ean13CheckDigit, makeInStoreEan13 } from '../../src/domain/ean13.ts';
import {
  fitName,
  isValidStartPosition,
  labelBarcode,
  labelsPerSheet,
  LabelLayoutError,
  MAX_LABELS_PER_RUN,
  placeLabels,
  rollLabelText,
  SHEET_TEMPLATES,
  SHEET_TEMPLATE_IDS,
  sheetsNeeded,
  slotAt,
} from '../../src/domain/labels.ts';

const t3 = SHEET_TEMPLATES['a4-3x10'];
const t4 = SHEET_TEMPLATES['a4-4x10'];

describe('sheet templates', () => {
  it.each(SHEET_TEMPLATE_IDS)('%s: every label lies inside the A4 page and no two overlap', (id) => {
    const t = SHEET_TEMPLATES[id];
    const slots = Array.from({ length: labelsPerSheet(t) }, (_, i) => slotAt(t, 1, i + 1));
    for (const s of slots) {
      expect(s.xMm).toBeGreaterThanOrEqual(0);
      expect(s.yMm).toBeGreaterThanOrEqual(0);
      expect(s.xMm + t.labelWidthMm).toBeLessThanOrEqual(t.pageWidthMm);
      expect(s.yMm + t.labelHeightMm).toBeLessThanOrEqual(t.pageHeightMm);
    }
    for (const a of slots)
      for (const b of slots) {
        if (a === b) continue;
        const apart = a.xMm + t.labelWidthMm <= b.xMm + 0.001 || b.xMm + t.labelWidthMm <= a.xMm + 0.001 || a.yMm + t.labelHeightMm <= b.yMm + 0.001 || b.yMm + t.labelHeightMm <= a.yMm + 0.001;
        expect(apart, `${a.position} and ${b.position}`).toBe(true);
      }
  });

  it('3 x 10 holds 30 labels of 64 x 27 mm, 4 x 10 holds 40 of 45.7 x 25.4 mm', () => {
    expect(labelsPerSheet(t3)).toBe(30);
    expect(labelsPerSheet(t4)).toBe(40);
    expect([t3.labelWidthMm, t3.labelHeightMm]).toEqual([64, 27]);
    expect([t4.labelWidthMm, t4.labelHeightMm]).toEqual([45.7, 25.4]);
  });

  it('positions run row by row from the top left', () => {
    expect(slotAt(t3, 1, 1)).toEqual({ sheet: 1, position: 1, row: 1, column: 1, xMm: 7, yMm: 13.5 });
    expect(slotAt(t3, 1, 3)).toMatchObject({ row: 1, column: 3, xMm: 7 + 2 * 66.5 });
    expect(slotAt(t3, 1, 4)).toMatchObject({ row: 2, column: 1, xMm: 7, yMm: 40.5 });
    expect(slotAt(t4, 1, 40)).toMatchObject({ row: 10, column: 4, xMm: 154.35, yMm: 250.1 });
  });
});

describe('how many sheets a run takes', () => {
  it('counts the labels skipped on a half-used first sheet', () => {
    expect(sheetsNeeded(t3, 0)).toBe(0);
    expect(sheetsNeeded(t3, 30)).toBe(1);
    expect(sheetsNeeded(t3, 31)).toBe(2);
    expect(sheetsNeeded(t3, 15, 16)).toBe(1);
    expect(sheetsNeeded(t3, 16, 16)).toBe(2);
    expect(sheetsNeeded(t4, 1, 40)).toBe(1);
    expect(sheetsNeeded(t4, 2, 40)).toBe(2);
  });

  it('refuses a start position that is not on the sheet', () => {
    for (const bad of [0, -1, 31, 1.5, Number.NaN]) {
      expect(isValidStartPosition(t3, bad)).toBe(false);
      expect(() => sheetsNeeded(t3, 1, bad)).toThrow(LabelLayoutError);
    }
    expect(isValidStartPosition(t4, 40)).toBe(true);
  });

  it('property: the sheets needed are exactly the sheets the placed labels use', () => {
    fc.assert(
      fc.property(fc.constantFrom(t3, t4), fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 6 }), fc.integer({ min: 1, max: 40 }), (t, copies, rawStart) => {
        const start = ((rawStart - 1) % labelsPerSheet(t)) + 1;
        const placed = placeLabels(t, copies.map((c, i) => ({ item: i, copies: c })), start);
        const total = copies.reduce((a, b) => a + b, 0);
        expect(placed).toHaveLength(total);
        expect(new Set(placed.map((p) => p.slot.sheet)).size).toBe(sheetsNeeded(t, total, start));
        // Never two labels on one spot, and the first one where the sheet was left off.
        expect(new Set(placed.map((p) => `${p.slot.sheet}/${p.slot.position}`)).size).toBe(total);
        if (total > 0) expect(placed[0]?.slot).toMatchObject({ sheet: 1, position: start });
        // Items keep their order and their copies stay together.
        const order = placed.map((p) => p.item);
        expect([...order].sort((a, b) => a - b)).toEqual(order);
      }),
    );
  });

  it('places copies after the offset and goes on to the next sheet', () => {
    const placed = placeLabels(t3, [{ item: 'kopi', copies: 2 }, { item: 'madu', copies: 3 }], 28);
    expect(placed.map((p) => [p.item, p.slot.sheet, p.slot.position])).toEqual([
      ['kopi', 1, 28],
      ['kopi', 1, 29],
      ['madu', 1, 30],
      ['madu', 2, 1],
      ['madu', 2, 2],
    ]);
  });

  it('refuses a run larger than one print job, and copies out of range', () => {
    expect(() => placeLabels(t4, [{ item: 1, copies: 500 }, ...Array.from({ length: 8 }, () => ({ item: 2, copies: 500 }))])).toThrow(LabelLayoutError);
    expect(MAX_LABELS_PER_RUN).toBe(4000);
    expect(() => placeLabels(t4, [{ item: 1, copies: 501 }])).toThrow(LabelLayoutError);
    expect(() => placeLabels(t4, [{ item: 1, copies: -1 }])).toThrow(LabelLayoutError);
  });
});

describe('shortening a name to fit', () => {
  it('keeps a name that fits as it is, on one or two lines broken between words', () => {
    expect(fitName('Kopi Sembalun', 26, 2)).toEqual(['Kopi Sembalun']);
    expect(fitName('Tas Anyaman Ketak Motif Sasak Besar', 19, 2)).toEqual(['Tas Anyaman Ketak', 'Motif Sasak Besar']);
  });

  it('ends a name that does not fit with an ellipsis', () => {
    expect(fitName('Kain Tenun Songket Sukarara Motif Subahnale Warna Merah', 19, 2)).toEqual(['Kain Tenun Songket', 'Sukarara Motif…']);
  });

  it('cuts a word longer than a line, and folds whitespace', () => {
    expect(fitName('Supercalifragilisticexpialidocious', 10, 2)).toEqual(['Supercalif', 'ragilisti…']);
    expect(fitName('  Madu \n  Hutan\tSumbawa ', 26, 2)).toEqual(['Madu Hutan Sumbawa']);
    expect(fitName('', 10, 2)).toEqual([]);
  });

  it('property: never more lines than asked, never a line too long, and nothing lost without an ellipsis', () => {
    const word = fc.stringMatching(/^[A-Za-z]{1,30}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 12 }), fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1, max: 3 }), (words, perLine, lines) => {
        const name = words.join(' ');
        const out = fitName(name, perLine, lines);
        expect(out.length).toBeLessThanOrEqual(lines);
        for (const l of out) expect([...l].length).toBeLessThanOrEqual(perLine);
        const shortened = out.some((l) => l.endsWith('…'));
        if (!shortened) expect(out.join('').replaceAll(' ', '')).toBe(words.join(''));
      }),
    );
  });
});

describe('which barcode a label carries', () => {
  it('EAN-13 for GS1 and in-store codes, Code 128 for anything else, the SKU when there is no barcode', () => {
    const inStore = makeInStoreEan13(21, 42);
    expect(labelBarcode({ barcode: inStore, sku: 'CK-01' })).toEqual({ symbology: 'ean13', value: inStore });
    const gs1 = `899123456789${ean13CheckDigit('899123456789')}`;
    expect(labelBarcode({ barcode: gs1, sku: 'X' })).toEqual({ symbology: 'ean13', value: gs1 });
    // A UPC-A is an EAN-13 with a leading 0.
    expect(labelBarcode({ barcode: '036000291452', sku: 'X' })).toEqual({ symbology: 'ean13', value: '0036000291452' });
    // A 13-digit code with a wrong check digit is not drawn as an EAN a scanner would refuse.
    const wrong = `899123456789${(ean13CheckDigit('899123456789') + 1) % 10}`;
    expect(labelBarcode({ barcode: wrong, sku: 'X' })).toEqual({ symbology: 'code128', value: wrong });
    expect(labelBarcode({ barcode: null, sku: 'TNN-SKR-07' })).toEqual({ symbology: 'code128', value: 'TNN-SKR-07' });
    expect(labelBarcode({ barcode: null, sku: 'Kain—Merah' })).toBeNull();
  });
});

describe('a roll label', () => {
  it('is ASCII lines that fit the paper, with the price in rupiah', () => {
    const out = rollLabelText({ name: 'Kain Tenun Songket Sukarara Motif Subahnale Warna Merah', price: 32_000, sku: 'TNN-07', producer: 'UMKM Tenun Sukarara', barcode: null }, 32);
    expect(out.price).toBe('Rp 32.000');
    expect(out.name).toEqual(['Kain Tenun Songket Sukarara', 'Motif Subahnale Warna Merah']);
    expect(out.footer).toBe('TNN-07 UMKM Tenun Sukarara');
    const long = rollLabelText({ name: 'Kopi “Rinjani”', price: 5000, sku: 'K', producer: 'x'.repeat(60), barcode: null }, 32);
    expect(long.name).toEqual(['Kopi ?Rinjani?']);
    expect(long.footer).toHaveLength(32);
  });
});

describe('a device’s offset for A4 sheets', () => {
  it('is kept within 10 mm either way in half millimetres, and moves every label by it', async () => {
    const { clampOffsetMm, offsetSlot, placeLabels: place, SHEET_TEMPLATES: T } = await import('../../src/domain/labels.ts');
    expect(clampOffsetMm(1.26)).toBe(1.5);
    expect(clampOffsetMm(-0.2)).toBe(0);
    expect(clampOffsetMm(25)).toBe(10);
    expect(clampOffsetMm(-25)).toBe(-10);
    expect(clampOffsetMm(Number.NaN)).toBe(0);
    const [first] = place(T['a4-3x10'], [{ item: 'x', copies: 1 }], 1);
    expect(first && offsetSlot(first.slot, { topMm: 1.5, leftMm: -2 })).toEqual({ xMm: first!.slot.xMm - 2, yMm: first!.slot.yMm + 1.5 });
  });
});

