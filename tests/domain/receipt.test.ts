import { describe, it, expect } from 'vitest';
import { computeTotals, type Discount, type TaxMode } from '../../src/domain/cart.ts';
import { formatNumber, formatRupiah } from '../../src/domain/money.ts';
import { settle, type PaymentMethod } from '../../src/domain/payment.ts';
import {
  layoutReceipt,
  paymentMethodLabel,
  receiptText,
  toReceiptAscii,
  type ReceiptInput,
  type ReceiptWidth,
} from '../../src/domain/receipt.ts';
import { saleInconsistency, type Sale } from '../../src/domain/sale.ts';

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface LineSpec {
  name: string;
  producerId: string;
  unitPrice: number;
  qty: number;
  discount?: Discount | null;
}

interface TenderSpec {
  method: PaymentMethod;
  amount: number;
  reference?: string | null;
}

/** A sale built the way checkout builds it (computeTotals + settle), checked for consistency. */
function makeSale(
  specs: LineSpec[],
  tenders: TenderSpec[] | ((total: number) => TenderSpec[]),
  opts: { orderDiscount?: Discount | null; taxMode?: TaxMode; roundingStep?: number; cashier?: string } = {},
): Sale {
  const taxMode = opts.taxMode ?? 'none';
  const orderDiscount = opts.orderDiscount ?? null;
  const totals = computeTotals(
    specs.map((s, i) => ({ productId: `p${i}`, unitPrice: s.unitPrice, qty: s.qty, discount: s.discount ?? null })),
    orderDiscount,
    taxMode,
  );
  const tendered = typeof tenders === 'function' ? tenders(totals.total) : tenders;
  const settlement = settle(totals.total, tendered, opts.roundingStep ?? 0);
  if (!settlement.complete) throw new Error(`fixture underpaid: ${JSON.stringify(settlement)}`);
  const sale: Sale = {
    id: '0194ffd2-8a3c-7000-8000-000000000001',
    receiptNo: 'D5E6-000042',
    deviceId: '0194ffd2-8a3c-7000-8000-00000000d5e6',
    outletId: 'outlet-mataram',
    cashier: opts.cashier ?? 'Sari',
    createdAt: Date.UTC(2026, 1, 14, 5, 5), // 14/02/2026 13.05 WITA
    businessDate: '2026-02-14',
    lines: specs.map((spec, i) => {
      const t = totals.lines[i]!;
      return {
        id: `line-${i}`,
        productId: `p${i}`,
        producerId: spec.producerId,
        name: spec.name,
        sku: `SKU-${i}`,
        unitPrice: spec.unitPrice,
        qty: spec.qty,
        discount: spec.discount ?? null,
        lineDiscount: t.lineDiscount,
        orderDiscountShare: t.orderDiscountShare,
        net: t.net,
        tax: t.tax,
      };
    }),
    orderDiscount,
    subtotal: totals.subtotal,
    lineDiscounts: totals.lineDiscounts,
    orderDiscountAmount: totals.orderDiscount,
    taxMode,
    tax: totals.tax,
    total: totals.total,
    rounding: settlement.rounding,
    payments: tendered.map((t, i) => ({ id: `pay-${i}`, method: t.method, amount: t.amount, reference: t.reference ?? null })),
    change: settlement.change,
    note: '',
  };
  const problem = saleInconsistency(sale);
  if (problem) throw new Error(`fixture inconsistent: ${problem}`);
  return sale;
}

const producers: ReceiptInput['producers'] = {
  lobar: { name: 'Lapas Kelas IIA Lombok Barat', receiptLine: 'Karya warga binaan Lapas Kelas IIA Lombok Barat' },
  perempuan: { name: 'Lapas Perempuan Mataram', receiptLine: 'Karya warga binaan Lapas Perempuan Mataram' },
  umkm: { name: 'UMKM Sembalun', receiptLine: null },
};

function store(sale: Sale, over: Partial<ReceiptInput> = {}): ReceiptInput {
  return {
    sale,
    storeName: 'NTB Mall',
    storeAddress: 'Jl. Udayana No. 2, Mataram, Nusa Tenggara Barat 83122',
    npwp: '01.234.567.8-912.000',
    producers,
    ...over,
  };
}

/**
 * The representative sale: a PKP outlet, two batik pieces from one Lapas
 * around a coffee from an UMKM, a percentage and a rupiah line discount, an
 * order discount, Rp 100 cash rounding, and QRIS plus cash with change.
 */
function representative(): ReceiptInput {
  const sale = makeSale(
    [
      { name: 'Kain Batik Tulis Gembok Motif Sasambo', producerId: 'lobar', unitPrice: 750_000, qty: 1, discount: { kind: 'percent', bp: 1000 } },
      { name: 'Kopi Robusta Sembalun 250 g', producerId: 'umkm', unitPrice: 45_050, qty: 2 },
      { name: 'Selendang Batik Gembok', producerId: 'lobar', unitPrice: 150_000, qty: 2, discount: { kind: 'amount', amount: 20_000 } },
    ],
    [
      { method: 'qris', amount: 500_000, reference: '602514123456' },
      { method: 'cash', amount: 800_000 },
    ],
    { orderDiscount: { kind: 'amount', amount: 5050 }, taxMode: 'ppn-included', roundingStep: 100 },
  );
  return store(sale);
}

function assertFits(lines: readonly string[], width: number, label: string): void {
  for (const line of lines) {
    expect(line.length, `${label}: ${JSON.stringify(line)}`).toBeLessThanOrEqual(width);
    expect(line, label).toMatch(/^[\x20-\x7e]*$/);
    expect(line, label).not.toMatch(/ $/);
  }
}

describe('layoutReceipt', () => {
  it('lays out the representative sale at 32 columns (58 mm)', () => {
    expect(layoutReceipt(representative(), 32)).toEqual([
      '            NTB Mall',
      'Jl. Udayana No. 2, Mataram, Nusa',
      '      Tenggara Barat 83122',
      '   NPWP 01.234.567.8-912.000',
      '--------------------------------',
      'Tanggal    14/02/2026 13.05 WITA',
      'No. Struk            D5E6-000042',
      'Kasir                       Sari',
      '--------------------------------',
      'Kain Batik Tulis Gembok Motif',
      'Sasambo',
      '  1 x 750.000            750.000',
      '  Diskon 10%             -75.000',
      'Selendang Batik Gembok',
      '  2 x 150.000            300.000',
      '  Diskon                 -20.000',
      '* Karya warga binaan Lapas Kelas',
      '  IIA Lombok Barat',
      'Kopi Robusta Sembalun 250 g',
      '  2 x 45.050              90.100',
      '--------------------------------',
      'Subtotal               1.140.100',
      'Diskon                  -100.050',
      'Pembulatan                   -50',
      'TOTAL               Rp 1.040.000',
      'Harga sudah termasuk PPN 103.068',
      '--------------------------------',
      'QRIS                     500.000',
      '  Ref: 602514123456',
      'Tunai                    800.000',
      'Kembalian                260.000',
      '--------------------------------',
      '          Terima kasih',
    ]);
  });

  it('lays out the representative sale at 48 columns (80 mm)', () => {
    expect(layoutReceipt(representative(), 48)).toEqual([
      '                    NTB Mall',
      'Jl. Udayana No. 2, Mataram, Nusa Tenggara Barat',
      '                     83122',
      '           NPWP 01.234.567.8-912.000',
      '------------------------------------------------',
      'Tanggal                    14/02/2026 13.05 WITA',
      'No. Struk                            D5E6-000042',
      'Kasir                                       Sari',
      '------------------------------------------------',
      'Kain Batik Tulis Gembok Motif Sasambo',
      '  1 x 750.000                            750.000',
      '  Diskon 10%                             -75.000',
      'Selendang Batik Gembok',
      '  2 x 150.000                            300.000',
      '  Diskon                                 -20.000',
      '* Karya warga binaan Lapas Kelas IIA Lombok',
      '  Barat',
      'Kopi Robusta Sembalun 250 g',
      '  2 x 45.050                              90.100',
      '------------------------------------------------',
      'Subtotal                               1.140.100',
      'Diskon                                  -100.050',
      'Pembulatan                                   -50',
      'TOTAL                               Rp 1.040.000',
      'Harga sudah termasuk PPN                 103.068',
      '------------------------------------------------',
      'QRIS                                     500.000',
      '  Ref: 602514123456',
      'Tunai                                    800.000',
      'Kembalian                                260.000',
      '------------------------------------------------',
      '                  Terima kasih',
    ]);
  });

  it('lays out a plain cash sale at 42 columns with no discount, tax or rounding lines', () => {
    const sale = makeSale([{ name: 'Madu Hutan Sumbawa', producerId: 'umkm', unitPrice: 85_000, qty: 1 }], [{ method: 'cash', amount: 100_000 }]);
    expect(layoutReceipt(store(sale), 42)).toEqual([
      '                 NTB Mall',
      'Jl. Udayana No. 2, Mataram, Nusa Tenggara',
      '               Barat 83122',
      '------------------------------------------',
      'Tanggal              14/02/2026 13.05 WITA',
      'No. Struk                      D5E6-000042',
      'Kasir                                 Sari',
      '------------------------------------------',
      'Madu Hutan Sumbawa',
      '  1 x 85.000                        85.000',
      '------------------------------------------',
      'Subtotal                            85.000',
      'TOTAL                            Rp 85.000',
      '------------------------------------------',
      'Tunai                              100.000',
      'Kembalian                           15.000',
      '------------------------------------------',
      '               Terima kasih',
    ]);
  });

  it('prints the date and time in WITA whatever the instant', () => {
    const sale = { ...representative().sale, createdAt: Date.UTC(2026, 1, 14, 16, 30) };
    expect(layoutReceipt(store(sale), 32)).toContain('Tanggal    15/02/2026 00.30 WITA');
  });

  describe('PPN', () => {
    it('says prices include PPN, with the amount, when the outlet charges it', () => {
      const lines = layoutReceipt(representative(), 32);
      expect(lines).toContain('Harga sudah termasuk PPN 103.068');
    });

    it('prints no PPN line and no NPWP when the outlet does not charge PPN', () => {
      const sale = makeSale([{ name: 'Madu', producerId: 'umkm', unitPrice: 85_000, qty: 1 }], [{ method: 'cash', amount: 85_000 }]);
      const text = receiptText(store(sale, { npwp: '01.234.567.8-912.000' }), 32);
      expect(text).not.toContain('PPN');
      expect(text).not.toContain('NPWP');
    });

    it('prints no NPWP line when a PKP outlet has not set one', () => {
      const text = receiptText(store(representative().sale, { npwp: null }), 32);
      expect(text).not.toContain('NPWP');
      expect(text).toContain('Harga sudah termasuk PPN');
    });

    it('moves a large PPN amount to its own line rather than cutting it', () => {
      const sale = makeSale([{ name: 'Set Meja Cukli', producerId: 'umkm', unitPrice: 999_000_000, qty: 1 }], [{ method: 'transfer', amount: 999_000_000 }], {
        taxMode: 'ppn-included',
      });
      const lines = layoutReceipt(store(sale), 32);
      const at = lines.indexOf('Harga sudah termasuk PPN');
      expect(at).toBeGreaterThan(0);
      expect(lines[at + 1]).toBe('                      99.000.000');
    });
  });

  describe('Pembulatan', () => {
    it('prints cash rounding up as a positive amount above TOTAL', () => {
      const sale = makeSale([{ name: 'Dodol Rumput Laut', producerId: 'umkm', unitPrice: 15_051, qty: 1 }], [{ method: 'cash', amount: 20_000 }], { roundingStep: 100 });
      const lines = layoutReceipt(store(sale), 32);
      const at = lines.indexOf('Pembulatan                    49');
      expect(at).toBeGreaterThan(0);
      expect(lines[at + 1]).toBe('TOTAL                  Rp 15.100');
      expect(lines).toContain('Kembalian                  4.900');
    });

    it('prints no Pembulatan line when nothing was rounded', () => {
      const sale = makeSale([{ name: 'Dodol', producerId: 'umkm', unitPrice: 15_000, qty: 1 }], [{ method: 'cash', amount: 15_000 }], { roundingStep: 100 });
      expect(receiptText(store(sale), 32)).not.toContain('Pembulatan');
      expect(receiptText(store(sale), 32)).not.toContain('Kembalian');
    });
  });

  describe('payments', () => {
    it('lists each tender of a split payment with its reference, and change only when there is some', () => {
      const sale = makeSale(
        [{ name: 'Kotak Perhiasan Cukli', producerId: 'perempuan', unitPrice: 450_000, qty: 1 }],
        [
          { method: 'card', amount: 200_000, reference: 'APPR 123456' },
          { method: 'transfer', amount: 100_000, reference: 'BRI 0370' },
          { method: 'cash', amount: 150_000 },
        ],
      );
      const lines = layoutReceipt(store(sale), 32);
      const from = lines.indexOf('Kartu                    200.000');
      expect(lines.slice(from, from + 5)).toEqual([
        'Kartu                    200.000',
        '  Ref: APPR 123456',
        'Transfer                 100.000',
        '  Ref: BRI 0370',
        'Tunai                    150.000',
      ]);
      expect(lines.join('\n')).not.toContain('Kembalian');
    });

    it('wraps a long payment reference instead of running past the edge', () => {
      const reference = 'QRIS-RRN-0000000000000000000000000000000000000000000000001';
      const sale = makeSale([{ name: 'Kopi', producerId: 'umkm', unitPrice: 50_000, qty: 1 }], [{ method: 'qris', amount: 50_000, reference }]);
      const lines = layoutReceipt(store(sale), 32);
      assertFits(lines, 32, 'long reference');
      const refLines = lines.filter((l) => l.startsWith('  ') && /Ref|0{5}/.test(l));
      expect(refLines.map((l) => l.trim()).join('')).toBe(`Ref:${reference}`);
    });
  });

  describe('producer lines', () => {
    it('prints each producer line once, under all the items from that producer', () => {
      const sale = makeSale(
        [
          { name: 'Batik A', producerId: 'lobar', unitPrice: 100_000, qty: 1 },
          { name: 'Kopi', producerId: 'umkm', unitPrice: 50_000, qty: 1 },
          { name: 'Batik B', producerId: 'lobar', unitPrice: 100_000, qty: 1 },
          { name: 'Tas Anyaman', producerId: 'perempuan', unitPrice: 75_000, qty: 1 },
        ],
        [{ method: 'cash', amount: 325_000 }],
      );
      const lines = layoutReceipt(store(sale), 48);
      const items = lines.slice(lines.indexOf('Kasir                                       Sari') + 2, lines.indexOf('Subtotal                                 325.000') - 1);
      expect(items).toEqual([
        'Batik A',
        '  1 x 100.000                            100.000',
        'Batik B',
        '  1 x 100.000                            100.000',
        '* Karya warga binaan Lapas Kelas IIA Lombok',
        '  Barat',
        'Kopi',
        '  1 x 50.000                              50.000',
        'Tas Anyaman',
        '  1 x 75.000                              75.000',
        '* Karya warga binaan Lapas Perempuan Mataram',
      ]);
    });

    it('prints no producer line for a producer without one or one it does not know', () => {
      const sale = makeSale(
        [
          { name: 'Kopi', producerId: 'umkm', unitPrice: 50_000, qty: 1 },
          { name: 'Madu', producerId: 'unknown-producer', unitPrice: 60_000, qty: 1 },
        ],
        [{ method: 'cash', amount: 110_000 }],
      );
      expect(layoutReceipt(store(sale), 32).some((l) => l.startsWith('* '))).toBe(false);
    });
  });

  it('adds the footer under Terima kasih, centred, a paragraph per line', () => {
    const lines = layoutReceipt(store(representative().sale, { footer: 'Barang yang sudah dibeli tidak dapat ditukar\nIG @ntbmall' }), 32);
    expect(lines.slice(-4)).toEqual(['          Terima kasih', ' Barang yang sudah dibeli tidak', '         dapat ditukar', '          IG @ntbmall']);
  });

  it('leaves out the cashier line when no cashier is named', () => {
    const sale = { ...representative().sale, cashier: '   ' };
    expect(receiptText(store(sale), 32)).not.toContain('Kasir');
  });

  it('makes text a thermal printer can print: no no-break spaces, accents or control characters', () => {
    const sale = makeSale(
      [
        { name: 'Café\u00a0Kopi “Rinjani” – 250\u202fg\tbubuk\nhalus 😀', producerId: 'umkm', unitPrice: 150_000, qty: 1 },
        { name: 'Tenun \u001b@\u001dV\u0000 Sukarara', producerId: 'umkm', unitPrice: 10_000, qty: 1 },
      ],
      [{ method: 'cash', amount: 160_000, reference: null }],
    );
    const lines = layoutReceipt(store(sale, { storeName: 'Galeri Karya\u00a0Lapas', storeAddress: 'Jl. Majapahit\u2003No. 1' }), 32);
    assertFits(lines, 32, 'unicode');
    expect(lines).toContain('Cafe Kopi "Rinjani" - 250 g');
    expect(lines).toContain('bubuk halus');
    expect(lines).toContain('Tenun @ V Sukarara');
    expect(lines[0]).toBe('       Galeri Karya Lapas');
  });

  it('never exceeds the width and never cuts an amount, over many random sales with long names', () => {
    const rand = seededRandom(58);
    const int = (max: number): number => Math.floor(rand() * (max + 1));
    const words = ['Kain', 'Batik', 'Tulis', 'Gembok', 'Motif', 'Sasambo', 'Cukli', 'Kotak', 'Perhiasan', 'Kopi', 'Sembalun', 'Madu', 'Hutan', 'Sumbawa'];
    const longWord = 'Supercalifragilisticexpialidocious-Lombok-Sumbawa-Bima';
    const name = (): string => {
      const n = 1 + int(14);
      return Array.from({ length: n }, () => (int(20) === 0 ? longWord : words[int(words.length - 1)]!)).join(' ');
    };
    const producerIds = ['lobar', 'perempuan', 'umkm', 'nobody'];
    const longProducers: ReceiptInput['producers'] = {
      ...producers,
      perempuan: { name: 'x', receiptLine: `Karya warga binaan ${longWord} ${longWord}` },
    };
    for (let i = 0; i < 400; i++) {
      const specs: LineSpec[] = Array.from({ length: 1 + int(6) }, () => ({
        name: name(),
        producerId: producerIds[int(3)]!,
        unitPrice: int(3) === 0 ? int(999_999_999) : int(2_000_000),
        qty: 1 + int(int(5) === 0 ? 999 : 5),
        discount: int(2) === 0 ? { kind: 'percent', bp: 1 + int(9999) } : int(2) === 0 ? { kind: 'amount', amount: int(500_000) } : null,
      }));
      const method = (['qris', 'card', 'transfer'] as const)[int(2)]!;
      const withNonCash = int(1) === 1;
      const reference = int(1) === 0 ? null : `REF${String(int(1e12))}`.repeat(1 + int(4));
      const tenders = (total: number): TenderSpec[] => {
        const nonCash = withNonCash ? int(Math.floor(total / 3)) : 0;
        const cash: TenderSpec = { method: 'cash', amount: total - nonCash + 1000 + int(100_000) };
        return nonCash > 0 ? [{ method, amount: nonCash, reference }, cash] : [cash];
      };
      const sale = makeSale(specs, tenders, {
        orderDiscount: int(2) === 0 ? { kind: 'percent', bp: int(5000) } : null,
        taxMode: int(1) === 0 ? 'ppn-included' : 'none',
        roundingStep: [0, 100, 500, 1000][int(3)]!,
        cashier: int(5) === 0 ? `${longWord} ${longWord}` : 'Sari',
      });
      const input = store(sale, {
        producers: longProducers,
        storeName: int(3) === 0 ? `Galeri ${longWord} ${name()}` : 'NTB Mall',
        footer: int(1) === 0 ? name() : undefined,
      });
      for (const width of [32, 42, 48] as const satisfies readonly ReceiptWidth[]) {
        const lines = layoutReceipt(input, width);
        const label = `case ${i} at ${width}`;
        assertFits(lines, width, label);
        // Every amount the receipt must show appears whole on some line.
        const text = lines.join('\n');
        for (const l of sale.lines) expect(text, label).toContain(`${l.qty} x ${formatNumber(l.unitPrice)}`);
        expect(text, label).toMatch(new RegExp(`(^|\\n)TOTAL[^\\n]*(\\n *)?${formatRupiah(sale.total + sale.rounding).replace(/\./g, '\\.')}(\\n|$)`));
      }
    }
  });

  it('joins the same lines with newlines for WhatsApp', () => {
    const input = representative();
    expect(receiptText(input, 32)).toBe(layoutReceipt(input, 32).join('\n'));
  });

  it('refuses a width no printer uses', () => {
    expect(() => layoutReceipt(representative(), 40 as ReceiptWidth)).toThrow(RangeError);
  });
});

describe('toReceiptAscii', () => {
  it('folds accents and plain-ifies typographic punctuation', () => {
    expect(toReceiptAscii('Crème brûlée – “spesial” ‘asli’ 2×3 ½ … ™')).toBe('Creme brulee - "spesial" \'asli\' 2x3 1/2 ... TM');
  });

  it('turns no-break and other wide spaces into one plain space', () => {
    expect(toReceiptAscii('Rp\u00a0150.000')).toBe('Rp 150.000');
    expect(toReceiptAscii('a\u2003\u2009\u202fb')).toBe('a b');
  });

  it('drops zero-width characters and emoji, and marks other scripts with ?', () => {
    expect(toReceiptAscii('Ko\u200bpi\ufeff 👍🏽 🇮🇩 👨‍👩‍👧 enak')).toBe('Kopi enak');
    expect(toReceiptAscii('咖啡')).toBe('??');
  });

  it('turns control characters into spaces so a printer never obeys them', () => {
    expect(toReceiptAscii('a\u001b@b\u001dV\u0001c\u007f')).toBe('a @b V c');
  });
});

describe('paymentMethodLabel', () => {
  it('names every method in Bahasa Indonesia and in English', () => {
    expect((['cash', 'qris', 'card', 'transfer'] as const).map((m) => paymentMethodLabel(m, 'id'))).toEqual(['Tunai', 'QRIS', 'Kartu', 'Transfer']);
    expect((['cash', 'qris', 'card', 'transfer'] as const).map((m) => paymentMethodLabel(m, 'en'))).toEqual(['Cash', 'QRIS', 'Card', 'Transfer']);
  });
});

describe("a product's story on the receipt", () => {
  it('is printed under its item, wrapped and indented, cut at a word when long; other items print as before', async () => {
    const { layoutReceipt, RECEIPT_STORY_MAX } = await import('../../src/domain/receipt.ts');
    const input = representative();
    const plain = layoutReceipt(input, 32);
    const story = 'Dianyam tangan dari ketak oleh warga binaan Lapas Lombok Barat, dua minggu per tas. '.repeat(3);
    const withStory = layoutReceipt({ ...input, stories: { [input.sale.lines[0]!.productId]: story } }, 32);
    const added = withStory.filter((l) => !plain.includes(l));
    expect(added.length).toBeGreaterThan(1);
    for (const l of added) {
      expect(l.startsWith('  ')).toBe(true);
      expect(l.length).toBeLessThanOrEqual(32);
    }
    const text = added.map((l) => l.trim()).join(' ');
    expect(text.startsWith('Dianyam tangan dari ketak')).toBe(true);
    expect(text.endsWith('...')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(RECEIPT_STORY_MAX + 3);
    // The story sits right under its item, before the next item's name.
    const at = withStory.indexOf(added[0]!);
    expect(withStory.slice(0, at).join('\n')).toContain(toReceiptAscii(input.sale.lines[0]!.name).slice(0, 10));
  });
});
