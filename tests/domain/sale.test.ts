import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { computeTotals, includedPpn, type Discount, type TaxMode } from '../../src/domain/cart.ts';
import { settle, type PaymentMethod } from '../../src/domain/payment.ts';
import { buildSaleFromLines, SaleBuildError, saleInconsistency, type Sale, type SaleLine } from '../../src/domain/sale.ts';

interface LineSpec {
  name: string;
  unitPrice: number;
  qty: number;
  discount?: Discount | null;
}

/** A sale built the way checkout builds it, so it starts out consistent. */
function makeSale(
  specs: LineSpec[],
  tenders: { method: PaymentMethod; amount: number }[],
  opts: { orderDiscount?: Discount | null; taxMode?: TaxMode; roundingStep?: number } = {},
): Sale {
  const totals = computeTotals(
    specs.map((s, i) => ({ productId: `p${i}`, unitPrice: s.unitPrice, qty: s.qty, discount: s.discount ?? null })),
    opts.orderDiscount ?? null,
    opts.taxMode ?? 'none',
  );
  const s = settle(totals.total, tenders, opts.roundingStep ?? 0);
  const lines: SaleLine[] = specs.map((spec, i) => {
    const t = totals.lines[i]!;
    return {
      id: `l${i}`,
      productId: `p${i}`,
      producerId: 'lapas-lobar',
      name: spec.name,
      sku: `SKU${i}`,
      unitPrice: spec.unitPrice,
      qty: spec.qty,
      discount: spec.discount ?? null,
      lineDiscount: t.lineDiscount,
      orderDiscountShare: t.orderDiscountShare,
      net: t.net,
      tax: t.tax,
    };
  });
  return {
    id: 's1',
    receiptNo: 'D5E6-000042',
    deviceId: 'd1',
    outletId: 'o1',
    cashier: 'Sari',
    createdAt: Date.UTC(2026, 1, 14, 5, 5),
    businessDate: '2026-02-14',
    lines,
    orderDiscount: opts.orderDiscount ?? null,
    subtotal: totals.subtotal,
    lineDiscounts: totals.lineDiscounts,
    orderDiscountAmount: totals.orderDiscount,
    taxMode: opts.taxMode ?? 'none',
    tax: totals.tax,
    total: totals.total,
    rounding: s.rounding,
    payments: tenders.map((t, i) => ({ id: `pay${i}`, method: t.method, amount: t.amount, reference: null })),
    change: s.change,
    note: '',
  };
}

const base = (): Sale =>
  makeSale(
    [
      { name: 'Kain Batik Gembok', unitPrice: 750_000, qty: 1, discount: { kind: 'percent', bp: 1000 } },
      { name: 'Kopi Sembalun', unitPrice: 45_050, qty: 2 },
    ],
    [
      { method: 'qris', amount: 500_000 },
      { method: 'cash', amount: 300_000 },
    ],
    { orderDiscount: { kind: 'amount', amount: 5050 }, taxMode: 'ppn-included', roundingStep: 100 },
  );

function withLine(sale: Sale, index: number, patch: Partial<SaleLine>): Sale {
  return { ...sale, lines: sale.lines.map((l, i) => (i === index ? { ...l, ...patch } : l)) };
}

describe('saleInconsistency', () => {
  it('accepts a sale built from computeTotals and settle', () => {
    const sale = base();
    expect(sale.rounding).not.toBe(0);
    expect(sale.change).toBeGreaterThan(0);
    expect(saleInconsistency(sale)).toBeNull();
  });

  it('accepts a cash-only sale, a QRIS-only sale and a sale without PPN', () => {
    const lines = [{ name: 'Madu Hutan Sumbawa', unitPrice: 85_000, qty: 1 }];
    expect(saleInconsistency(makeSale(lines, [{ method: 'cash', amount: 100_000 }]))).toBeNull();
    expect(saleInconsistency(makeSale(lines, [{ method: 'qris', amount: 85_000 }]))).toBeNull();
    expect(saleInconsistency(makeSale(lines, [{ method: 'card', amount: 85_000 }], { taxMode: 'ppn-included' }))).toBeNull();
  });

  it('refuses a sale without lines', () => {
    expect(saleInconsistency({ ...base(), lines: [] })).toMatch(/at least one line/);
  });

  it.each([0, -1, 1.5])('refuses a line with quantity %d', (qty) => {
    expect(saleInconsistency(withLine(base(), 1, { qty }))).toMatch(/Kopi Sembalun: quantity/);
  });

  it('refuses a line whose net is not price x qty less its discounts', () => {
    const sale = base();
    expect(saleInconsistency(withLine(sale, 0, { net: sale.lines[0]!.net + 1 }))).toMatch(/Kain Batik Gembok: net/);
    expect(saleInconsistency(withLine(sale, 0, { unitPrice: 700_000 }))).toMatch(/net/);
  });

  it('refuses a line whose discounts exceed its price', () => {
    const sale = makeSale([{ name: 'Gantungan Kunci Cukli', unitPrice: 10_000, qty: 1 }], [{ method: 'cash', amount: 0 }]);
    const bad = withLine(sale, 0, { lineDiscount: 15_000, net: -5000 });
    expect(saleInconsistency({ ...bad, total: -5000, lineDiscounts: 15_000, rounding: 5000 })).toMatch(/discounts exceed the price/);
  });

  it('refuses a total that is not the sum of the lines', () => {
    const sale = base();
    const problem = saleInconsistency({ ...sale, total: sale.total + 100, rounding: sale.rounding - 100 });
    expect(problem).toMatch(/total .* does not equal the sum of the lines/);
  });

  it.each([
    ['subtotal', { subtotal: 1 }],
    ['lineDiscounts', { lineDiscounts: 0 }],
    ['orderDiscountAmount', { orderDiscountAmount: 0 }],
    ['tax', { tax: 0 }],
  ] as const)('refuses a %s that is not the sum over the lines', (field, patch) => {
    expect(saleInconsistency({ ...base(), ...patch })).toMatch(new RegExp(`^${field} .* does not equal the sum over the lines`));
  });

  it('refuses PPN on a sale whose outlet does not charge it', () => {
    expect(saleInconsistency({ ...base(), taxMode: 'none' })).toMatch(/not the PPN of the taxable total/);
  });

  it('refuses line PPN that adds up but is not 11/111 of the total', () => {
    const sale = base();
    const bad = withLine({ ...sale, tax: sale.tax + 1 }, 0, { tax: sale.lines[0]!.tax + 1 });
    expect(saleInconsistency(bad)).toMatch(/not the PPN of the taxable total/);
  });

  it('refuses payments less change that do not equal total plus rounding', () => {
    const sale = base();
    expect(saleInconsistency({ ...sale, change: sale.change + 1 })).toMatch(/payments less change/);
    expect(saleInconsistency({ ...sale, rounding: 0 })).toMatch(/payments less change/);
    expect(saleInconsistency({ ...sale, payments: sale.payments.slice(0, 1) })).toMatch(/payments less change/);
  });

  it('refuses change on a sale paid without cash', () => {
    const sale = makeSale([{ name: 'Kopi Sembalun', unitPrice: 45_000, qty: 1 }], [{ method: 'qris', amount: 45_000 }]);
    const bad = { ...sale, payments: [{ id: 'p', method: 'qris' as const, amount: 50_000, reference: 'RRN123' }], change: 5000 };
    expect(saleInconsistency(bad)).toBe('change can only be given from cash');
  });
});

describe('building a sale from lines and tenders', () => {
  const base = {
    lines: [
      { productId: 'p1', producerId: 'lapas', name: 'Kain', sku: 'B1', unitPrice: 100_000, qty: 2, discount: { kind: 'percent' as const, bp: 1000 } },
      { productId: 'p2', producerId: 'umkm', name: 'Kopi', sku: 'K1', unitPrice: 45_000, qty: 1, discount: null },
    ],
    orderDiscount: { kind: 'amount' as const, amount: 5_000 },
    note: '',
    cashier: 'Baiq',
    taxMode: 'ppn-included' as const,
    roundingStep: 500,
    now: Date.UTC(2026, 1, 14, 5, 5),
    deviceId: 'dev',
    outletId: 'ntb-mall',
    receiptNo: 'ABCD-000001',
  };

  it('is consistent: exact shares, PPN inside, cash rounded, change from cash', () => {
    const sale = buildSaleFromLines({ ...base, tenders: [{ method: 'qris', amount: 100_000, reference: ' R1 ' }, { method: 'cash', amount: 150_000 }] });
    expect(saleInconsistency(sale)).toBeNull();
    expect(sale.total).toBe(220_000);
    expect(sale.tax).toBe(21_802);
    expect(sale.lines.map((l) => l.orderDiscountShare).reduce((a, b) => a + b, 0)).toBe(5_000);
    expect(sale.change).toBe(30_000);
    expect(sale.payments[0]?.reference).toBe('R1');
    expect(sale.businessDate).toBe('2026-02-14');
  });

  it('leaves a bebas-PPN product out of the PPN: its line carries no tax and the base is the taxable lines only', () => {
    const [kain, kopi] = base.lines;
    const lines = [kain!, { ...kopi!, taxExempt: true }];
    const sale = buildSaleFromLines({ ...base, lines, tenders: [{ method: 'cash', amount: 250_000 }] });
    expect(saleInconsistency(sale)).toBeNull();
    expect(sale.lines[1]).toMatchObject({ taxExempt: true, tax: 0 });
    expect(sale.lines[0]?.taxExempt).toBeUndefined();
    expect(sale.tax).toBe(includedPpn(sale.lines[0]?.net ?? 0));
    expect(sale.tax).toBeLessThan(21_802);
    // A device that taxed the exempt line anyway, or left its tax out of the PPN, is caught.
    const taxed = { ...sale, lines: sale.lines.map((l, i) => (i === 1 ? { ...l, tax: 100 } : l)), tax: sale.tax + 100 };
    expect(saleInconsistency(taxed)).toMatch(/not the PPN of the taxable total|exempt from PPN/);
  });

  it('whatever lines are exempt, the lines\' tax adds up to the PPN of the taxable lines, and exempt lines carry none', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ price: fc.integer({ min: 0, max: 5_000_000 }), qty: fc.integer({ min: 1, max: 50 }), exempt: fc.boolean() }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: 10_000 }),
        (rows, bp) => {
          const inputs = rows.map((r, i) => ({ productId: `p${i}`, unitPrice: r.price, qty: r.qty, taxExempt: r.exempt }));
          const t = computeTotals(inputs, { kind: 'percent', bp }, 'ppn-included');
          const taxable = t.lines.reduce((a, l, i) => a + (rows[i]?.exempt ? 0 : l.net), 0);
          expect(t.tax).toBe(includedPpn(taxable));
          expect(t.lines.reduce((a, l) => a + l.tax, 0)).toBe(t.tax);
          t.lines.forEach((l, i) => {
            if (rows[i]?.exempt) expect(l.tax).toBe(0);
          });
        },
      ),
    );
  });

  it('refuses an empty cart, an underpaid one, and non-cash above the total', () => {
    expect(() => buildSaleFromLines({ ...base, lines: [], tenders: [] })).toThrow(SaleBuildError);
    expect(() => buildSaleFromLines({ ...base, tenders: [{ method: 'cash', amount: 1_000 }] })).toThrow(/still to pay/);
    expect(() => buildSaleFromLines({ ...base, tenders: [{ method: 'card', amount: 300_000 }] })).toThrow(/exceed/);
  });

  it('refuses a line over 9,999 units and a total over Rp 1.000.000.000, however it is paid', () => {
    const kopi = base.lines[1]!;
    const tooMany = { ...base, orderDiscount: null, lines: [{ ...kopi, qty: 10_000 }], tenders: [{ method: 'cash' as const, amount: 450_000_000 }] };
    expect(() => buildSaleFromLines(tooMany)).toThrow('line Kopi: 10000 units is more than the 9999 one line may sell');
    const tooMuch = { ...base, orderDiscount: null, lines: [{ ...kopi, unitPrice: 200_000, qty: 5_001 }], tenders: [{ method: 'cash' as const, amount: 1_000_200_000 }] };
    expect(() => buildSaleFromLines(tooMuch)).toThrow(expect.objectContaining({ code: 'too-large' }));
  });
});
