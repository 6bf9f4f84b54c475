// Who may still void or refund a sale, written once for the sales screen,
// the device's return writer and the server's second look.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fullyReturned,
  refundAmount,
  refundRefusal,
  returnedSoFar,
  takesWholeRemainder,
  voidRefusal,
  type PriorReturn,
} from '../../src/domain/approval.ts';
import { computeTotals } from '../../src/domain/cart.ts';
import { amountCollected, buildSaleFromLines, saleLineOf, type Sale } from '../../src/domain/sale.ts';

let n = 0;
const newId = () => `id-${++n}`;

function sale(qtys: readonly number[], opts: { roundingStep?: number; now?: number } = {}): Sale {
  return buildSaleFromLines({
    lines: qtys.map((qty, i) => ({ productId: `p${i}`, producerId: 'lapas-lobar', name: `Barang ${i}`, sku: `S${i}`, unitPrice: 10_050 + i, qty, discount: null })),
    orderDiscount: null,
    note: '',
    tenders: [{ method: 'cash', amount: 100_000_000 }],
    cashier: 'Sari',
    taxMode: 'none',
    roundingStep: opts.roundingStep ?? 0,
    now: opts.now ?? Date.UTC(2026, 11, 1, 2),
    deviceId: 'd1',
    outletId: 'ntb-mall',
    receiptNo: 'R1',
    newId,
  });
}

const refund = (s: Sale, lineIndex: number, qty: number): PriorReturn => ({ kind: 'refund', amount: 1, lines: [{ lineId: s.lines[lineIndex]!.id, qty }] });

describe('voidRefusal', () => {
  const s = sale([2, 1]);
  it('lets a sale be voided on its own business day while nothing of it came back', () => {
    expect(voidRefusal(s, [], s.businessDate)).toBeNull();
  });
  it('refuses after the day, after a part refund, and after a void', () => {
    expect(voidRefusal(s, [], '2099-01-01')).toBe('not-today');
    expect(voidRefusal(s, [refund(s, 0, 1)], s.businessDate)).toBe('partly-returned');
    expect(voidRefusal(s, [{ kind: 'void', amount: 0, lines: [] }], s.businessDate)).toBe('already-voided');
    // A voided sale says so even on another day: the first reason a person can act on.
    expect(voidRefusal(s, [{ kind: 'void', amount: 0, lines: [] }], '2099-01-01')).toBe('already-voided');
  });
});

describe('refundRefusal', () => {
  const s = sale([2, 1]);
  it('lets what is left be refunded, on any day', () => {
    expect(refundRefusal(s, [])).toBeNull();
    expect(refundRefusal(s, [refund(s, 0, 2)])).toBeNull();
  });
  it('refuses once everything is back, or the sale was voided', () => {
    expect(refundRefusal(s, [refund(s, 0, 2), refund(s, 1, 1)])).toBe('nothing-left');
    expect(refundRefusal(s, [{ kind: 'void', amount: 0, lines: [] }])).toBe('already-voided');
  });

  it('agrees with fullyReturned and with refundAmount over any sequence of part refunds', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 12 }), (qtys, picks) => {
        const s = sale(qtys);
        const returns: PriorReturn[] = [];
        for (const pick of picks) {
          const before = returnedSoFar(returns);
          const open = s.lines.filter((l) => (before.qty.get(l.id) ?? 0) < l.qty);
          expect(refundRefusal(s, returns) === 'nothing-left').toBe(open.length === 0);
          expect(fullyReturned(s, before)).toBe(open.length === 0);
          if (open.length === 0) break;
          const line = open[pick % open.length]!;
          const lines = [{ lineId: line.id, qty: 1 }];
          const amount = refundAmount(s, lines, before);
          // The last unit back takes the whole remainder; any other does not.
          const last = open.length === 1 && line.qty - (before.qty.get(line.id) ?? 0) === 1;
          expect(takesWholeRemainder(s, before, lines)).toBe(last);
          returns.push({ kind: 'refund', amount, lines });
        }
        // However it was split, never more is paid back than was collected.
        expect(returnedSoFar(returns).amount).toBeLessThanOrEqual(amountCollected(s));
      }),
    );
  });
});

describe('takesWholeRemainder', () => {
  it('is true only for every unit left, counted over repeated lines', () => {
    const s = sale([3]);
    const id = s.lines[0]!.id;
    const none = returnedSoFar([]);
    expect(takesWholeRemainder(s, none, [{ lineId: id, qty: 3 }])).toBe(true);
    expect(takesWholeRemainder(s, none, [{ lineId: id, qty: 1 }, { lineId: id, qty: 2 }])).toBe(true);
    expect(takesWholeRemainder(s, none, [{ lineId: id, qty: 2 }])).toBe(false);
    expect(takesWholeRemainder(s, returnedSoFar([{ amount: 0, lines: [{ lineId: id, qty: 1 }] }]), [{ lineId: id, qty: 2 }])).toBe(true);
  });
});

describe('amountCollected', () => {
  it('is the total with its cash rounding, what payments less change come to', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }), fc.constantFrom(0, 100, 500, 1000), (qtys, step) => {
        const s = sale(qtys, { roundingStep: step });
        expect(amountCollected(s)).toBe(s.total + s.rounding);
        expect(amountCollected(s)).toBe(s.payments.reduce((a, p) => a + p.amount, 0) - s.change);
      }),
    );
  });
});

describe('saleLineOf', () => {
  it('keeps the list price only when the line sells at another price', () => {
    const line = { productId: 'p', producerId: 'u', name: 'Kopi', sku: 'K', unitPrice: 60_000, qty: 2, discount: null };
    const t = computeTotals([line], null, 'none').lines[0]!;
    expect(saleLineOf(line, t, 'l1')).toEqual({ ...line, id: 'l1', lineDiscount: 0, orderDiscountShare: 0, net: 120_000, tax: 0 });
    expect(saleLineOf({ ...line, listPrice: 60_000 }, t, 'l1')).not.toHaveProperty('listPrice');
    expect(saleLineOf({ ...line, listPrice: 65_000 }, t, 'l1')).toMatchObject({ listPrice: 65_000 });
  });
});
