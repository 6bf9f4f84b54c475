// The drawer's arithmetic: expected cash and per method, the count by
// denomination, Selisih, the business day of a shift and the Z number.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAYMENT_METHODS, type PaymentMethod } from '../../src/domain/payment.ts';
import { buildSaleFromLines } from '../../src/domain/sale.ts';
import { layoutShiftReport } from '../../src/domain/shift-report.ts';
import { countedCash, countProblems, DENOMINATIONS, type DenominationCounts } from '../../src/domain/cash-count.ts';
import {
  movementNeedsApproval,
  nextZNumber,
  selisih,
  selisihOverThreshold,
  shiftBusinessDate,
  shiftFigures,
  zeroPerMethod,
  type ShiftActivity,
  type ShiftMovement,
  type ShiftReturn,
  type ShiftSale,
} from '../../src/domain/shift.ts';

const method = fc.constantFrom<PaymentMethod>(...PAYMENT_METHODS);

/** A sale built by the real builder: lines, a non-cash part, and cash with change. */
const saleArb = fc
  .record({
    prices: fc.array(fc.integer({ min: 1, max: 500 }).map((p) => p * 500), { minLength: 1, maxLength: 4 }),
    nonCash: fc.option(fc.record({ method: fc.constantFrom<PaymentMethod>('qris', 'card', 'transfer'), share: fc.integer({ min: 0, max: 100 }) })),
    extraCash: fc.integer({ min: 0, max: 100_000 }),
    rounding: fc.constantFrom(0, 100, 500),
  })
  .map((r) => {
    const lines = r.prices.map((unitPrice, j) => ({ productId: `p${j}`, producerId: 'pr', name: `P${j}`, sku: `S${j}`, unitPrice, qty: 1, discount: null }));
    const total = r.prices.reduce((a, b) => a + b, 0);
    const nonCashAmount = r.nonCash ? Math.floor((total * r.nonCash.share) / 100) : 0;
    const tenders = [
      ...(r.nonCash && nonCashAmount > 0 ? [{ method: r.nonCash.method, amount: nonCashAmount }] : []),
      // Enough cash for any rounding of what is left, plus some to give change from.
      ...(nonCashAmount < total || !r.nonCash ? [{ method: 'cash' as const, amount: total - nonCashAmount + 500 + r.extraCash }] : []),
    ];
    return buildSaleFromLines({
      lines,
      orderDiscount: null,
      note: '',
      tenders,
      cashier: 'Kasir',
      taxMode: 'none',
      roundingStep: r.rounding,
      now: 1_770_000_000_000,
      deviceId: 'd1',
      outletId: 'o1',
      receiptNo: 'R-1',
    });
  });

describe('expected cash', () => {
  it('is kas awal + cash received - change - cash refunds + kas masuk - kas keluar', () => {
    const sale: ShiftSale = { id: 's1', payments: [{ method: 'cash', amount: 100_000 }, { method: 'qris', amount: 20_000 }], change: 15_000, subtotal: 105_000, lineDiscounts: 0, orderDiscountAmount: 0, tax: 0, total: 105_000, rounding: 0 };
    const f = shiftFigures(200_000, {
      sales: [sale],
      returns: [{ id: 'r1', kind: 'refund', method: 'cash', amount: 10_000 }],
      movements: [
        { id: 'm1', direction: 'in', amount: 50_000, reason: 'kembalian-tambahan' },
        { id: 'm2', direction: 'out', amount: 30_000, reason: 'beli-plastik' },
      ],
    });
    expect(f.expected).toEqual({ cash: 200_000 + 100_000 - 15_000 - 10_000 + 50_000 - 30_000, qris: 20_000, card: 0, transfer: 0 });
    expect(f.net).toBe(105_000);
    expect(f.refunds).toEqual({ count: 1, amount: 10_000 });
  });

  it('counts a sale, return or movement given twice once', () => {
    const m: ShiftMovement = { id: 'm', direction: 'out', amount: 5_000, reason: 'beli-plastik' };
    expect(shiftFigures(0, { sales: [], returns: [], movements: [m, m] }).expected.cash).toBe(-5_000);
  });

  it('every act counts once, in exactly one shift, whatever shift it falls in', () => {
    fc.assert(
      fc.property(
        fc.array(saleArb, { minLength: 0, maxLength: 12 }),
        fc.array(fc.record({ direction: fc.constantFrom<'in' | 'out'>('in', 'out'), amount: fc.integer({ min: 1, max: 200_000 }) }), { maxLength: 6 }),
        fc.array(fc.record({ method, amount: fc.integer({ min: 1, max: 50_000 }), kind: fc.constantFrom<'void' | 'refund'>('void', 'refund') }), { maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 30, maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 3, maxLength: 3 }),
        (sales, moves, rets, pick, floats) => {
          const shifts: { sales: ShiftSale[]; returns: ShiftReturn[]; movements: ShiftMovement[] }[] = [0, 1, 2].map(() => ({ sales: [], returns: [], movements: [] }));
          // A drawer simulated act by act: what a cashier would hold.
          const drawer = [...floats];
          const other = [zeroPerMethod(), zeroPerMethod(), zeroPerMethod()];
          let k = 0;
          const at = () => pick[k++ % pick.length]!;
          for (const s of sales) {
            const i = at();
            shifts[i]!.sales.push(s);
            for (const p of s.payments) {
              if (p.method === 'cash') drawer[i]! += p.amount;
              else other[i]![p.method] += p.amount;
            }
            drawer[i]! -= s.change;
          }
          rets.forEach((r, j) => {
            const i = at();
            shifts[i]!.returns.push({ id: `r${j}`, ...r });
            if (r.method === 'cash') drawer[i]! -= r.amount;
            else other[i]![r.method] -= r.amount;
          });
          moves.forEach((m, j) => {
            const i = at();
            shifts[i]!.movements.push({ id: `m${j}`, reason: 'x', ...m });
            drawer[i]! += m.direction === 'in' ? m.amount : -m.amount;
          });
          const figures = shifts.map((s, i) => shiftFigures(floats[i]!, s));
          figures.forEach((f, i) => {
            expect(f.expected.cash).toBe(drawer[i]);
            for (const m of ['qris', 'card', 'transfer'] as const) expect(f.expected[m]).toBe(other[i]![m]);
            expect(Number.isInteger(f.expected.cash)).toBe(true);
          });
          // Split over shifts or not, the day's totals are the same: nothing is lost or counted twice.
          const all: ShiftActivity = { sales: shifts.flatMap((s) => s.sales), returns: shifts.flatMap((s) => s.returns), movements: shifts.flatMap((s) => s.movements) };
          const whole = shiftFigures(floats.reduce((a, b) => a + b, 0), all);
          for (const m of PAYMENT_METHODS) expect(figures.reduce((a, f) => a + f.expected[m], 0)).toBe(whole.expected[m]);
          expect(figures.reduce((a, f) => a + f.salesCount, 0)).toBe(sales.length);
          // What customers paid per sale equals tenders less change, so the net per method sums to the net.
          const netPaid = PAYMENT_METHODS.reduce((a, m) => a + whole.received[m], 0) - whole.change;
          expect(netPaid).toBe(whole.net);
        },
      ),
    );
  });
});

describe('the count by denomination', () => {
  it('multiplies each count by its value and sums', () => {
    expect(countedCash({ n100000: 2, n50000: 1, n2000: 3, c1000: 1, n1000: 1, c500: 3, c100: 2 })).toBe(200_000 + 50_000 + 6_000 + 2_000 + 1_500 + 200);
    expect(countedCash({})).toBe(0);
  });

  it('any amount in hundreds is counted back from its notes and coins', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), (hundreds) => {
        const amount = hundreds * 100;
        const counts: DenominationCounts = {};
        let left = amount;
        for (const d of DENOMINATIONS) {
          counts[d.key] = Math.floor(left / d.value);
          left -= counts[d.key]! * d.value;
        }
        expect(left).toBe(0);
        expect(countedCash(counts)).toBe(amount);
      }),
    );
  });

  it('refuses a count that is not a whole number of pieces, or absurdly many', () => {
    expect(countProblems({ n50000: 1.5, c500: -1, c100: 100_001 })).toEqual([
      { code: 'count-not-whole', key: 'n50000' },
      { code: 'count-not-whole', key: 'c500' },
      { code: 'count-too-large', key: 'c100', max: 100_000 },
    ]);
    expect(() => countedCash({ n50000: 1.5 })).toThrow(RangeError);
  });
});

describe('selisih and approvals', () => {
  it('is counted less expected per method, and beyond the threshold either way needs a supervisor', () => {
    const d = selisih({ cash: 95_000, qris: 20_000, card: 0, transfer: 10_000 }, { cash: 100_000, qris: 20_000, card: 0, transfer: 0 });
    expect(d).toEqual({ cash: -5_000, qris: 0, card: 0, transfer: 10_000 });
    expect(selisihOverThreshold(d, 5_000)).toEqual(['transfer']);
    expect(selisihOverThreshold(d, 4_999)).toEqual(['cash', 'transfer']);
  });

  it('kas keluar above the outlet limit needs a PIN, kas masuk never', () => {
    expect(movementNeedsApproval({ direction: 'out', amount: 500_001 }, 500_000)).toBe(true);
    expect(movementNeedsApproval({ direction: 'out', amount: 500_000 }, 500_000)).toBe(false);
    expect(movementNeedsApproval({ direction: 'in', amount: 5_000_000 }, 500_000)).toBe(false);
  });
});

describe('day and Z number', () => {
  it('a shift opened at 01:00 WITA belongs to the day before with a 04:00 cutoff', () => {
    const oneAm = Date.UTC(2026, 1, 14, 17, 0); // 15/02 01:00 WITA
    expect(shiftBusinessDate(oneAm, 240)).toBe('2026-02-14');
    expect(shiftBusinessDate(oneAm, 0)).toBe('2026-02-15');
  });

  it('numbers Z reports per drawer, one after the highest', () => {
    expect(nextZNumber([])).toBe(1);
    expect(nextZNumber([1, 3, 2])).toBe(4);
  });
});

describe('the X and Z reports as printed', () => {
  const figures = shiftFigures(200_000, {
    sales: [{ id: 's', payments: [{ method: 'cash', amount: 100_000 }], change: 35_000, subtotal: 65_000, lineDiscounts: 0, orderDiscountAmount: 0, tax: 0, total: 65_000, rounding: 0 }],
    returns: [],
    movements: [{ id: 'm', direction: 'out', amount: 20_000, reason: 'beli-plastik' }],
  });
  const base = { storeName: 'NTB Mall', drawerLabel: 'Tablet 1', businessDate: '2026-12-04', openedAt: Date.UTC(2026, 11, 4, 1, 0), openedBy: 'Sari', figures, at: Date.UTC(2026, 11, 4, 9, 0) };

  it('a Z fits the paper, names its number and shows expected, counted and selisih per method', () => {
    for (const width of [32, 42, 48] as const) {
      const lines = layoutShiftReport({ ...base, close: { zNo: 7, closedAt: base.at, closedBy: 'Sari', approvedBy: 'Budi', counted: { cash: 240_000, qris: 0, card: 0, transfer: 0 }, note: 'kurang' } }, width);
      expect(lines.every((l) => l.length <= width)).toBe(true);
      const text = lines.join('\n');
      expect(text).toContain('LAPORAN Z No. 7');
      expect(text).toMatch(/Tunai diharapkan\s+Rp 245\.000/);
      expect(text).toMatch(/Tunai terhitung\s+Rp 240\.000/);
      expect(text).toMatch(/Selisih Tunai\s+-Rp 5\.000/);
      expect(text).toMatch(/Disetujui oleh\s+Budi/);
    }
  });

  it('an X report has no count and says when it was printed', () => {
    const text = layoutShiftReport(base, 32).join('\n');
    expect(text).toContain('LAPORAN X');
    expect(text).not.toContain('terhitung');
    expect(text).toMatch(/Dicetak/);
  });
});
