// The report figures from their sums: net is the money kept, profit is over
// lines with a known HPP only, and a margin is rounded basis points.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addSums, deriveFigures, marginBp, ZERO_SUMS, type ReportSums } from '../../src/domain/report.ts';

const sums = fc.record(Object.fromEntries(Object.keys(ZERO_SUMS).map((k) => [k, fc.integer({ min: -1_000_000, max: 1_000_000 })])) as Record<keyof ReportSums, fc.Arbitrary<number>>);

describe('report figures', () => {
  it('a margin is basis points of the base, rounded half away from zero, and none without a base', () => {
    expect(marginBp(1_234, 10_000)).toBe(1234);
    expect(marginBp(1, 3)).toBe(3333);
    expect(marginBp(1, 20_000)).toBe(1);
    expect(marginBp(-1, 20_000)).toBe(-1);
    expect(marginBp(500, 0)).toBeNull();
  });

  it('net is sales after discounts plus rounding less what went back; profit is costed sales less HPP, both net of returns', () => {
    fc.assert(
      fc.property(sums, (s) => {
        const f = deriveFigures(s);
        expect(f.net).toBe(s.total + s.rounding - s.refundAmount - s.voidAmount - s.returnedAmount);
        expect(f.cost).toBe(s.cost - s.returnedCost);
        if (f.grossProfit !== null) expect(f.grossProfit).toBe(s.costedSales - s.returnedCostedSales - (s.cost - s.returnedCost));
      }),
    );
  });

  it('with no line of known HPP there is no profit and no margin, however much was sold', () => {
    const f = deriveFigures({ ...ZERO_SUMS, transactions: 3, total: 90_000, uncostedLines: 3, uncostedSales: 90_000 });
    expect(f.grossProfit).toBeNull();
    expect(f.marginBp).toBeNull();
    expect(f.uncostedLines).toBe(3);
  });

  it('sums of parts derive the same figures as the whole', () => {
    fc.assert(
      fc.property(sums, sums, (a, b) => {
        const whole = deriveFigures(addSums(a, b));
        expect(whole.net).toBe(deriveFigures(a).net + deriveFigures(b).net);
        expect(whole.cost).toBe(deriveFigures(a).cost + deriveFigures(b).cost);
      }),
    );
  });
});
