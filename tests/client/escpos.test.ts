// Golden-file test of the ESC/POS bytes. When a change to the layout or the
// encoder is intended, regenerate the files and review the diff:
//   UPDATE_GOLDEN=1 npx vitest run --project client tests/client/escpos.test.ts
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { encodeReceipt } from '../../src/client/shared/printing/escpos.ts';
import { computeTotals } from '../../src/domain/cart.ts';
import { settle } from '../../src/domain/payment.ts';
import { layoutReceipt, type ReceiptInput, type ReceiptWidth } from '../../src/domain/receipt.ts';
import { saleInconsistency, type Sale } from '../../src/domain/sale.ts';

const QRIS_150K =
  '00020101021226620016ID.CO.CONTOH.WWW011893600000000001234502090000123450303UMI51440014ID.CO.QRIS.WWW0215ID10250000000010303UMI52045947530336054061500005802ID5908NTB MALL6007MATARAM6105831256304259F';

function receiptInput(): ReceiptInput {
  const specs = [
    { name: 'Kain Batik Tulis Gembok Motif Sasambo', producerId: 'lobar', unitPrice: 750_000, qty: 1, discount: { kind: 'percent' as const, bp: 1000 } },
    { name: 'Kopi Robusta Sembalun 250 g', producerId: 'umkm', unitPrice: 45_050, qty: 2, discount: null },
  ];
  const totals = computeTotals(
    specs.map((spec, i) => ({ ...spec, productId: `p${i}` })),
    null,
    'ppn-included',
  );
  const tenders = [
    { method: 'qris' as const, amount: 500_000, reference: '602514123456' },
    { method: 'cash' as const, amount: 300_000, reference: null },
  ];
  const s = settle(totals.total, tenders, 100);
  const sale: Sale = {
    id: '0194ffd2-8a3c-7000-8000-000000000001',
    receiptNo: 'D5E6-000042',
    deviceId: '0194ffd2-8a3c-7000-8000-00000000d5e6',
    outletId: 'outlet-mataram',
    cashier: 'Sari',
    createdAt: Date.UTC(2026, 1, 14, 5, 5),
    businessDate: '2026-02-14',
    lines: specs.map((spec, i) => ({
      id: `line-${i}`,
      productId: `p${i}`,
      producerId: spec.producerId,
      name: spec.name,
      sku: `SKU-${i}`,
      unitPrice: spec.unitPrice,
      qty: spec.qty,
      discount: spec.discount,
      lineDiscount: totals.lines[i]!.lineDiscount,
      orderDiscountShare: totals.lines[i]!.orderDiscountShare,
      net: totals.lines[i]!.net,
      tax: totals.lines[i]!.tax,
    })),
    orderDiscount: null,
    subtotal: totals.subtotal,
    lineDiscounts: totals.lineDiscounts,
    orderDiscountAmount: totals.orderDiscount,
    taxMode: 'ppn-included',
    tax: totals.tax,
    total: totals.total,
    rounding: s.rounding,
    payments: tenders.map((t, i) => ({ id: `pay-${i}`, ...t })),
    change: s.change,
    note: '',
  };
  expect(saleInconsistency(sale)).toBeNull();
  return {
    sale,
    storeName: 'NTB Mall',
    storeAddress: 'Jl. Udayana No. 2, Mataram',
    npwp: '01.234.567.8-912.000',
    producers: {
      lobar: { name: 'Lapas Kelas IIA Lombok Barat', receiptLine: 'Karya warga binaan Lapas Kelas IIA Lombok Barat' },
      umkm: { name: 'UMKM Sembalun', receiptLine: null },
    },
  };
}

// Plain paths, not `new URL(..., import.meta.url)`: under jsdom that URL resolves against the page, not the file.
const goldenPath = (name: string): string => join(dirname(fileURLToPath(import.meta.url)), 'golden', name);

/** One printed line per row, control bytes as <xx>, so a failing diff shows where the bytes differ. */
function dump(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x0a) out += '<0a>\n';
    else if (b >= 0x20 && b <= 0x7e) out += String.fromCharCode(b);
    else out += `<${b.toString(16).padStart(2, '0')}>`;
  }
  return out;
}

function matchGolden(name: string, bytes: Uint8Array): void {
  const path = goldenPath(name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
  if (!existsSync(path)) {
    throw new Error(`missing golden file ${path}; create it with UPDATE_GOLDEN=1 npx vitest run --project client tests/client/escpos.test.ts`);
  }
  const golden = new Uint8Array(readFileSync(path));
  expect(dump(bytes)).toBe(dump(golden));
  expect(Array.from(bytes)).toEqual(Array.from(golden));
}

function indexOfBytes(haystack: Uint8Array, needle: readonly number[], from = 0): number {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let k = 0; k < needle.length; k++) if (haystack[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

const ESC_INIT = [0x1b, 0x40];
const GS_V = [0x1d, 0x56];
const SELECT_CP437 = [0x1b, 0x74, 0x00];
const QR_STORE = [0x1d, 0x28, 0x6b]; // GS ( k, the QR code function

function encodeAt(columns: ReceiptWidth, cut: boolean, qr: string | null = null): Uint8Array {
  return encodeReceipt(layoutReceipt(receiptInput(), columns), { columns, cut, qr });
}

describe('encodeReceipt', () => {
  it('produces the committed bytes for a 58 mm receipt with a QRIS code and a cut', () => {
    matchGolden('receipt-58mm.bin', encodeAt(32, true, QRIS_150K));
  });

  it('produces the committed bytes for an 80 mm receipt without a QR code', () => {
    matchGolden('receipt-80mm.bin', encodeAt(48, true));
  });

  it('starts with ESC @ so the printer forgets the previous job, then selects code page 437', () => {
    const bytes = encodeAt(32, true);
    expect(Array.from(bytes.slice(0, 2))).toEqual(ESC_INIT);
    expect(indexOfBytes(bytes, SELECT_CP437)).toBeGreaterThan(0);
  });

  it('ends with a cut when asked to cut, after feeding the last line past the cutter', () => {
    const bytes = encodeAt(32, true);
    const cut = indexOfBytes(bytes, GS_V);
    expect(cut).toBeGreaterThan(0);
    expect(Array.from(bytes.slice(cut - 8, cut))).toEqual([0x0a, 0x0d, 0x0a, 0x0d, 0x0a, 0x0d, 0x0a, 0x0d]);
    expect(indexOfBytes(bytes, GS_V, cut + 1)).toBe(-1);
  });

  it("prints the receipt number as the printer's own Code 128, 2 dots a module so it fits 58 mm paper", () => {
    const lines = layoutReceipt(receiptInput(), 32);
    const bytes = encodeReceipt(lines, { columns: 32, cut: true, barcode: 'AB12-000123' });
    // GS w 2 (module width), then GS k 73 (Code 128) n, code set B, the number.
    const at = indexOfBytes(bytes, [0x1d, 0x6b, 73]);
    expect(at).toBeGreaterThan(indexOfBytes(bytes, Array.from('Terima kasih', (c) => c.charCodeAt(0))));
    expect(Array.from(bytes.slice(at + 3, at + 4 + 13))).toEqual([13, ...Array.from('{BAB12-000123', (c) => c.charCodeAt(0))]);
    expect(indexOfBytes(bytes, [0x1d, 0x77, 2])).toBeGreaterThan(0);
    expect(indexOfBytes(encodeReceipt(lines, { columns: 32, cut: true }), [0x1d, 0x6b])).toBe(-1);
  });

  it('sends no cut command for a printer with only a tear bar', () => {
    expect(indexOfBytes(encodeAt(32, false), GS_V)).toBe(-1);
  });

  it('prints the QR code only when given one', () => {
    expect(indexOfBytes(encodeAt(32, true, QRIS_150K), QR_STORE)).toBeGreaterThan(0);
    expect(indexOfBytes(encodeAt(32, true, QRIS_150K), Array.from(QRIS_150K, (c) => c.charCodeAt(0)))).toBeGreaterThan(0);
    expect(indexOfBytes(encodeAt(32, true, null), QR_STORE)).toBe(-1);
  });

  it('sends every laid-out line as is, spaces included, one line feed each', () => {
    const lines = layoutReceipt(receiptInput(), 32);
    const text = dump(encodeReceipt(lines, { columns: 32, cut: false }));
    for (const line of lines) expect(text).toContain(`${line}<0a>`);
    // The lines plus the feed before the cutter, and no line the encoder wrapped again.
    expect(text.split('<0a>').length - 1).toBe(lines.length + 4);
  });

  it('never lets a control byte from a line reach the printer', () => {
    const bytes = encodeReceipt(['Batik \u001b@\u001dV\u0001 Gembok', 'Cafe\u00a0Kopi'], { columns: 32, cut: false });
    expect(indexOfBytes(bytes, GS_V)).toBe(-1);
    expect(indexOfBytes(bytes, ESC_INIT, 2)).toBe(-1);
    expect(dump(bytes)).toContain('Batik ?@?V? Gembok<0a>');
    expect(dump(bytes)).toContain('Cafe?Kopi<0a>');
  });
});
