import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addReturned,
  canApprove,
  DEFAULT_DISCOUNT_LIMIT_BP,
  missingApprovals,
  overLimit,
  refundAmount,
  requiredApprovals,
  ReturnError,
  returnedSoFar,
  signsInAt,
  type Approval,
} from '../../src/domain/approval.ts';
import type { Discount } from '../../src/domain/cart.ts';
import { buildSaleFromLines, type Sale } from '../../src/domain/sale.ts';

let n = 0;
const newId = () => `id-${++n}`;

function sale(
  lines: { unitPrice: number; qty: number; discount?: Discount | null; listPrice?: number }[],
  opts: { orderDiscount?: Discount | null; roundingStep?: number; cash?: number } = {},
): Sale {
  const draftLines = lines.map((l, i) => ({
    productId: `p${i}`,
    producerId: 'lapas-lobar',
    name: `Barang ${i}`,
    sku: `SKU${i}`,
    unitPrice: l.unitPrice,
    qty: l.qty,
    discount: l.discount ?? null,
    listPrice: l.listPrice,
  }));
  return buildSaleFromLines({
    lines: draftLines,
    orderDiscount: opts.orderDiscount ?? null,
    note: '',
    tenders: [{ method: 'cash', amount: opts.cash ?? 100_000_000 }],
    cashier: 'Sari',
    cashierId: 'u-sari',
    taxMode: 'none',
    roundingStep: opts.roundingStep ?? 0,
    now: 1_790_000_000_000,
    deviceId: 'd1',
    outletId: 'ntb-mall',
    receiptNo: 'A-1',
    newId,
  });
}

function approval(kind: Approval['kind'], lineId: string | null, id = newId()): Approval {
  return { id, kind, approverId: 'u-super', requestedBy: 'u-sari', at: 1, lineId, detail: '' };
}

describe('roles', () => {
  it('only supervisors and admins approve', () => {
    expect(canApprove('cashier')).toBe(false);
    expect(canApprove('supervisor')).toBe(true);
    expect(canApprove('admin')).toBe(true);
  });
});

describe('overLimit', () => {
  it('is strict: exactly the limit is allowed', () => {
    expect(overLimit(10_000, 100_000, 1_000)).toBe(false);
    expect(overLimit(10_001, 100_000, 1_000)).toBe(true);
    expect(overLimit(0, 0, 0)).toBe(false);
    expect(overLimit(1, 100_000, 0)).toBe(true);
  });
});

describe('requiredApprovals', () => {
  it('asks nothing of a plain sale or a discount within the limit', () => {
    const s = sale([{ unitPrice: 150_000, qty: 2, discount: { kind: 'percent', bp: 1_000 } }], { orderDiscount: { kind: 'amount', amount: 5_000 } });
    expect(requiredApprovals(s, DEFAULT_DISCOUNT_LIMIT_BP)).toEqual([]);
  });

  it('asks for a price override when the unit price is not the catalog price', () => {
    const s = sale([{ unitPrice: 120_000, qty: 1, listPrice: 150_000 }, { unitPrice: 10_000, qty: 1 }]);
    expect(s.lines[0]!.listPrice).toBe(150_000);
    expect(s.lines[1]!.listPrice).toBeUndefined();
    expect(requiredApprovals(s, DEFAULT_DISCOUNT_LIMIT_BP)).toEqual([{ kind: 'price-override', lineId: s.lines[0]!.id }]);
  });

  it('asks for line and order discounts above the outlet limit, each on its own', () => {
    const s = sale([{ unitPrice: 100_000, qty: 1, discount: { kind: 'percent', bp: 2_000 } }, { unitPrice: 50_000, qty: 1 }], {
      orderDiscount: { kind: 'amount', amount: 20_000 },
    });
    expect(requiredApprovals(s, DEFAULT_DISCOUNT_LIMIT_BP)).toEqual([
      { kind: 'discount-over-limit', lineId: s.lines[0]!.id },
      { kind: 'discount-over-limit', lineId: null },
    ]);
    // An outlet with a 25% limit lets both through.
    expect(requiredApprovals(s, 2_500)).toEqual([]);
  });

  it('missingApprovals is empty once each act has its approval, and names voided lines without one', () => {
    const s = sale([{ unitPrice: 120_000, qty: 1, listPrice: 150_000 }]);
    expect(missingApprovals(s, [], DEFAULT_DISCOUNT_LIMIT_BP)).toHaveLength(1);
    expect(missingApprovals(s, [approval('price-override', s.lines[0]!.id)], DEFAULT_DISCOUNT_LIMIT_BP)).toEqual([]);
    // An approval of another kind or for another line does not count.
    expect(missingApprovals(s, [approval('discount-over-limit', s.lines[0]!.id)], DEFAULT_DISCOUNT_LIMIT_BP)).toHaveLength(1);
    expect(missingApprovals(s, [approval('price-override', 'other')], DEFAULT_DISCOUNT_LIMIT_BP)).toHaveLength(1);

    const voided = { ...s, voidedLines: [{ productId: 'p9', name: 'Kopi', qty: 1, unitPrice: 40_000, at: 1, approvalId: 'a-void' }] };
    const ok = [approval('price-override', s.lines[0]!.id), approval('void-line', null, 'a-void')];
    expect(missingApprovals(voided, ok, DEFAULT_DISCOUNT_LIMIT_BP)).toEqual([]);
    expect(missingApprovals(voided, ok.slice(0, 1), DEFAULT_DISCOUNT_LIMIT_BP)).toEqual([{ kind: 'void-line', lineId: null }]);
  });
});

describe('refundAmount', () => {
  it('a whole sale back returns what was paid, rounding included', () => {
    const s = sale([{ unitPrice: 33_333, qty: 3 }], { roundingStep: 500, cash: 100_000 });
    expect(s.rounding).not.toBe(0);
    expect(refundAmount(s, [{ lineId: s.lines[0]!.id, qty: 3 }])).toBe(s.total + s.rounding);
  });

  it('a part pays the line net pro rata', () => {
    const s = sale([{ unitPrice: 10_000, qty: 3, discount: { kind: 'amount', amount: 1_000 } }, { unitPrice: 5_000, qty: 1 }]);
    const l0 = s.lines[0]!;
    expect(refundAmount(s, [{ lineId: l0.id, qty: 1 }])).toBe(Math.round(l0.net / 3));
  });

  it('parts returned one by one add up to exactly what was paid', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ unitPrice: fc.integer({ min: 1, max: 500_000 }), qty: fc.integer({ min: 1, max: 5 }), bp: fc.integer({ min: 0, max: 5_000 }) }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 3_000 }),
        fc.constantFrom(0, 100, 500, 1_000),
        (specs, orderBp, step) => {
          const s = sale(
            specs.map((x) => ({ unitPrice: x.unitPrice, qty: x.qty, discount: { kind: 'percent', bp: x.bp } })),
            { orderDiscount: { kind: 'percent', bp: orderBp }, roundingStep: step },
          );
          const qty = new Map<string, number>();
          let amount = 0;
          for (const l of s.lines) {
            for (let k = 0; k < l.qty; k++) {
              const a = refundAmount(s, [{ lineId: l.id, qty: 1 }], { qty, amount });
              expect(a).toBeGreaterThanOrEqual(0);
              amount += a;
              qty.set(l.id, (qty.get(l.id) ?? 0) + 1);
            }
          }
          expect(amount).toBe(s.total + s.rounding);
        },
      ),
    );
  });

  it('refuses what cannot be returned, in words', () => {
    const s = sale([{ unitPrice: 10_000, qty: 2 }]);
    const id = s.lines[0]!.id;
    expect(() => refundAmount(s, [])).toThrow(ReturnError);
    expect(() => refundAmount(s, [{ lineId: 'nope', qty: 1 }])).toThrow(/not on this sale/);
    expect(() => refundAmount(s, [{ lineId: id, qty: 0 }])).toThrow(/whole number above zero/);
    expect(() => refundAmount(s, [{ lineId: id, qty: 3 }])).toThrow(/only 2 left/);
    expect(() => refundAmount(s, [{ lineId: id, qty: 1 }], { qty: new Map([[id, 2]]), amount: 20_000 })).toThrow(/only 0 left/);
  });
});

describe('returnedSoFar', () => {
  it('adds quantities per line and the money of every void and refund', () => {
    const so = returnedSoFar([
      { amount: 10_000, lines: [{ lineId: 'a', qty: 1 }] },
      { amount: 25_000, lines: [{ lineId: 'a', qty: 2 }, { lineId: 'b', qty: 1 }] },
    ]);
    expect(so.amount).toBe(35_000);
    expect([...so.qty]).toEqual([
      ['a', 3],
      ['b', 1],
    ]);
  });

  it('is nothing for a sale never returned, and addReturned adds one more', () => {
    const none = returnedSoFar([]);
    expect(none).toEqual({ qty: new Map(), amount: 0 });
    expect(addReturned(none, { amount: 5_000, lines: [{ lineId: 'c', qty: 1 }] })).toEqual({ qty: new Map([['c', 1]]), amount: 5_000 });
  });
});

describe('signsInAt: whose PIN a device of an outlet holds', () => {
  it('the active people of that outlet only; never an admin of every outlet, never a deactivated user', () => {
    expect(signsInAt({ active: true, outletId: 'ntb-mall' }, 'ntb-mall')).toBe(true);
    expect(signsInAt({ active: true, outletId: 'booth-pameran' }, 'ntb-mall')).toBe(false);
    expect(signsInAt({ active: true, outletId: null }, 'ntb-mall')).toBe(false);
    expect(signsInAt({ active: false, outletId: 'ntb-mall' }, 'ntb-mall')).toBe(false);
  });
});
