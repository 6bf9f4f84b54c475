// The report figures from their sums: net is the money kept, profit is over
// lines with a known HPP only, and a margin is rounded basis points.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addSums, deriveFigures, marginBp, periodCover, ZERO_SUMS, type ReportSums } from '../../src/domain/report.ts';
import { addBusinessDays } from '../../src/domain/time.ts';

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

describe('a period as years, months and days', () => {
  it('a whole year is one year, a whole month one month, the ragged ends days', () => {
    expect(periodCover('2024-01-01', '2026-12-31')).toEqual({ years: ['2024', '2025', '2026'], months: [], days: [] });
    expect(periodCover('2025-06-01', '2025-06-30')).toEqual({ years: [], months: ['2025-06'], days: [] });
    expect(periodCover('2024-02-27', '2025-03-02')).toEqual({
      years: [],
      months: ['2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01', '2025-02'],
      days: [
        ['2024-02-27', '2024-02-29'],
        ['2025-03-01', '2025-03-02'],
      ],
    });
    expect(periodCover('2026-11-05', '2026-11-05')).toEqual({ years: [], months: [], days: [['2026-11-05', '2026-11-05']] });
  });

  it('covers every day of any period exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 800 }), (start, length) => {
        const from = addBusinessDays('2023-01-01', start);
        const to = addBusinessDays(from, length);
        const c = periodCover(from, to);
        const days: string[] = [];
        for (const y of c.years) for (let d = `${y}-01-01`; d <= `${y}-12-31`; d = addBusinessDays(d, 1)) days.push(d);
        for (const m of c.months) for (let d = `${m}-01`; d.startsWith(m); d = addBusinessDays(d, 1)) days.push(d);
        for (const [a, b] of c.days) for (let d = a; d <= b; d = addBusinessDays(d, 1)) days.push(d);
        days.sort();
        expect(days.length).toBe(length + 1);
        expect(days[0]).toBe(from);
        expect(days[days.length - 1]).toBe(to);
        expect(new Set(days).size).toBe(days.length);
      }),
      { numRuns: 60 },
    );
  });
});
