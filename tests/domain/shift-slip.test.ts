// A shared drawer's slips: the code survives a QR or a hand typing it, a typo
// is caught by the checksum, and the merge counts each tablet once in any order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/domain/id.ts';
import { PAYMENT_METHODS } from '../../src/domain/payment.ts';
import { shiftFigures, type ShiftMovement, type ShiftReturn, type ShiftSale } from '../../src/domain/shift.ts';
import { decodeSlip, encodeSlip, mergeSlips, slipRefusal, slipTotalsOf, type ShiftSlip } from '../../src/domain/shift-slip.ts';

const money = fc.integer({ min: -5_000_000, max: 50_000_000 });
const slipArb: fc.Arbitrary<ShiftSlip> = fc.record({
  shiftId: fc.uuid({ version: 7 }),
  deviceId: fc.oneof(fc.uuid({ version: 7 }), fc.stringMatching(/^[a-z0-9-]{1,40}$/)),
  outletId: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,30}$/),
  businessDate: fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  openingFloat: fc.integer({ min: 0, max: 5_000_000 }),
  expected: fc.record({ cash: money, qris: money, card: money, transfer: money }),
  totals: fc.record({
    salesCount: fc.nat({ max: 5000 }),
    gross: money,
    discounts: money,
    tax: money,
    rounding: fc.integer({ min: -500, max: 500 }),
    net: money,
    voids: fc.record({ count: fc.nat({ max: 100 }), amount: money }),
    refunds: fc.record({ count: fc.nat({ max: 100 }), amount: money }),
    cashIn: money,
    cashOut: money,
  }),
  movementCount: fc.nat({ max: 200 }),
  lastZ: fc.nat({ max: 100_000 }),
});

const example: ShiftSlip = {
  shiftId: '0192f3a0-7b1c-7d2e-8f00-1234567890ab',
  deviceId: '0192f3a0-0000-7000-8000-00000000d002',
  outletId: 'booth-senggigi',
  businessDate: '2026-12-06',
  openingFloat: 0,
  expected: { cash: 245_000, qris: 60_000, card: 0, transfer: -15_000 },
  totals: { salesCount: 7, gross: 330_000, discounts: 10_000, tax: 0, rounding: -100, net: 319_900, voids: { count: 0, amount: 0 }, refunds: { count: 1, amount: 15_000 }, cashIn: 0, cashOut: 0 },
  movementCount: 0,
  lastZ: 3,
};

describe('the slip code', () => {
  it('reads back what it carries, whatever the figures', () => {
    fc.assert(
      fc.property(slipArb, (slip) => {
        const code = encodeSlip(slip);
        expect(code).toMatch(/^SLIP(-[0-9A-HJKMNP-TV-Z]{1,4})+$/);
        expect(decodeSlip(code)).toEqual({ ok: true, slip });
      }),
    );
  });

  it('is short enough to type and reads in lower case, with spaces, O for 0 and L for 1', () => {
    const code = encodeSlip(example);
    expect(code.replace(/-/g, '').length).toBeLessThan(160);
    const sloppy = code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    expect(decodeSlip(sloppy)).toEqual({ ok: true, slip: example });
  });

  it('refuses a code with one character changed, or cut short, by its checksum', () => {
    const code = encodeSlip(example);
    fc.assert(
      fc.property(fc.integer({ min: 5, max: code.length - 1 }), fc.constantFrom(...'0123456789ABCDEFGHJKMNPQRSTVWXYZ'), (at, ch) => {
        fc.pre(code[at] !== '-' && code[at] !== ch);
        const typo = code.slice(0, at) + ch + code.slice(at + 1);
        const read = decodeSlip(typo);
        expect(read.ok).toBe(false);
      }),
    );
    expect(decodeSlip(code.slice(0, -5))).toMatchObject({ ok: false });
    expect(decodeSlip('4006381333931')).toEqual({ ok: false, refusal: { code: 'slip-unreadable' } });
  });
});

describe('merging slips', () => {
  it('is the same in any order, counts every shift once, and sums each tablet’s expected figures', () => {
    fc.assert(
      fc.property(fc.uniqueArray(slipArb, { selector: (s) => s.shiftId, minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { minLength: 6, maxLength: 6 }), (slips, dupes) => {
        const merged = mergeSlips(slips);
        // Scanned in another order, with some scanned again: the same merge.
        const shuffled = [...slips].reverse().concat(slips.filter((_, i) => (dupes[i] ?? 0) % 2 === 0));
        expect(mergeSlips(shuffled)).toEqual(merged);
        expect(merged.shiftIds).toEqual(slips.map((s) => s.shiftId).sort());
        for (const m of PAYMENT_METHODS) expect(merged.expected[m]).toBe(slips.reduce((a, s) => a + s.expected[m], 0));
        expect(merged.totals.salesCount).toBe(slips.reduce((a, s) => a + s.totals.salesCount, 0));
        expect(merged.totals.refunds.count).toBe(slips.reduce((a, s) => a + s.totals.refunds.count, 0));
        expect(merged.movementCount).toBe(slips.reduce((a, s) => a + s.movementCount, 0));
        expect(merged.openingFloat).toBe(slips.reduce((a, s) => a + s.openingFloat, 0));
        expect(merged.lastZ).toBe(Math.max(...slips.map((s) => s.lastZ)));
      }),
    );
  });

  it('expects what one drawer holding every tablet’s acts would', () => {
    const sale = (id: string, cash: number, qris: number): ShiftSale => ({ id, payments: [...(cash ? [{ method: 'cash' as const, amount: cash }] : []), ...(qris ? [{ method: 'qris' as const, amount: qris }] : [])], change: 0, subtotal: cash + qris, lineDiscounts: 0, orderDiscountAmount: 0, tax: 0, total: cash + qris, rounding: 0 });
    const a = { sales: [sale('s1', 50_000, 0), sale('s2', 20_000, 30_000)], returns: [] as ShiftReturn[], movements: [{ id: 'm1', direction: 'out', amount: 5_000, reason: 'beli-plastik' }] as ShiftMovement[] };
    const b = { sales: [sale('s3', 0, 75_000)], returns: [{ id: 'r1', kind: 'refund', method: 'cash', amount: 20_000 }] as ShiftReturn[], movements: [] as ShiftMovement[] };
    const slipOf = (float: number, acts: typeof a, n: number): ShiftSlip => {
      const f = shiftFigures(float, acts);
      return { ...example, shiftId: uuidv7(1_780_000_000_000 + n), openingFloat: float, expected: f.expected, totals: slipTotalsOf(f), movementCount: acts.movements.length };
    };
    const merged = mergeSlips([slipOf(200_000, a, 1), slipOf(0, b, 2)]);
    const one = shiftFigures(200_000, { sales: [...a.sales, ...b.sales], returns: [...a.returns, ...b.returns], movements: [...a.movements, ...b.movements] });
    expect(merged.expected).toEqual(one.expected);
    expect(merged.totals).toEqual(slipTotalsOf(one));
  });
});

describe('which slips the lead takes', () => {
  const lead = { outletId: 'booth-senggigi', businessDate: '2026-12-06', shiftId: uuidv7(1), merged: new Set<string>() };
  it('takes a slip of its outlet and day', () => {
    expect(slipRefusal(example, lead)).toBeNull();
  });
  it('refuses one of another outlet, another day, its own shift, or one scanned before', () => {
    expect(slipRefusal({ ...example, outletId: 'ntb-mall' }, lead)).toEqual({ code: 'slip-other-outlet', outletId: 'ntb-mall' });
    expect(slipRefusal({ ...example, businessDate: '2026-12-05' }, lead)).toEqual({ code: 'slip-other-day', businessDate: '2026-12-05' });
    expect(slipRefusal({ ...example, shiftId: lead.shiftId }, lead)).toEqual({ code: 'slip-own' });
    expect(slipRefusal(example, { ...lead, merged: new Set([example.shiftId]) })).toEqual({ code: 'slip-twice', shiftId: example.shiftId });
  });
});
