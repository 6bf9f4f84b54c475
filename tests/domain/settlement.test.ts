import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LevyRule, ProducerInput } from '../../src/domain/producer.ts';
import {
  largestRemainder,
  returnedValue,
  settledAmount,
  settlementAllows,
  settlementItems,
  splitParts,
  splitSettlement,
  isKodeBilling,
  type LineReturn,
  type SettlementItem,
  type SoldLine,
} from '../../src/domain/settlement.ts';

const kepmen: LevyRule = { validFrom: '2026-01-01', premiBp: 5000, pnbpBp: 1500, modalBp: 3500, base: 'profit', source: 'Kepmen M.01-PP.02.01/1990' };
const ofSales: LevyRule = { validFrom: '2026-07-01', premiBp: 6000, pnbpBp: 1500, modalBp: 2500, base: 'sales', source: 'SK Kalapas 12/2026' };
const lapas: Pick<ProducerInput, 'kind' | 'terms' | 'levyRules'> = { kind: 'lapas', terms: { default: { kind: 'fee', bp: 0 }, byCategory: [] }, levyRules: [kepmen, ofSales] };
const umkm: Pick<ProducerInput, 'kind' | 'terms' | 'levyRules'> = { kind: 'umkm', terms: { default: { kind: 'fee', bp: 2000 }, byCategory: [{ category: 'Kopi', term: { kind: 'margin', bp: 2500 } }] }, levyRules: [] };

const line = (id: string, date: string, qty: number, net: number, cost: number | null, tax = 0): SoldLine => ({
  lineId: id, saleId: `s-${id}`, businessDate: date, productId: 'p1', name: 'Tas Tenun', category: 'Tenun', qty, unitPrice: Math.ceil(net / qty), net, tax, cost,
});

describe('the settled amount of a line', () => {
  it('is what was paid after discounts, less the PPN inside it', () => {
    expect(settledAmount({ net: 111_000, tax: 11_000 })).toBe(100_000);
    expect(settledAmount({ net: 50_000, tax: 0 })).toBe(50_000);
  });
  it('returns of a whole line in parts add up to the line exactly', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 8 }), (value, parts) => {
      const qty = parts.reduce((a, b) => a + b, 0);
      let before = 0;
      let sum = 0;
      for (const p of parts) { sum += returnedValue(value, qty, before, p); before += p; }
      expect(sum).toBe(value);
    }));
  });
});

describe('the split', () => {
  it('an UMKM at 20 % fee: gross, the store fee and the net payable', () => {
    const items = settlementItems([line('a', '2026-03-02', 2, 100_000, null), line('b', '2026-03-03', 1, 33_333, null)], [], { lines: new Set(), returns: [] }, '2026-03-31');
    const { split, problems } = splitSettlement(umkm, items);
    expect(split).toEqual({ kind: 'umkm', gross: 133_333, fee: 26_667, payable: 106_666 });
    expect(problems).toEqual([]);
  });
  it('a margin term takes the mark-up over the producer price', () => {
    const items: SettlementItem[] = [{ ...settlementItems([line('a', '2026-03-02', 1, 125_000, null)], [], { lines: new Set(), returns: [] }, '2026-03-31')[0]!, category: 'kopi' } as SettlementItem];
    expect(splitSettlement(umkm, items).split).toMatchObject({ gross: 125_000, fee: 25_000, payable: 100_000 });
  });
  it('a Lapas 50/15/35 of profit: HPP back, then the split of the profit', () => {
    const items = settlementItems([line('a', '2026-03-02', 2, 200_000, 60_000)], [], { lines: new Set(), returns: [] }, '2026-03-31');
    expect(splitSettlement(lapas, items).split).toEqual({ kind: 'lapas', gross: 200_000, fee: 0, hpp: 120_000, premi: 40_000, pnbp: 12_000, modal: 28_000, payable: 200_000 });
  });
  it('uses the rule in force on each sale date', () => {
    const items = settlementItems([line('a', '2026-06-30', 1, 100_000, 40_000), line('b', '2026-07-01', 1, 100_000, 40_000)], [], { lines: new Set(), returns: [] }, '2026-07-31');
    // June: 50/15/35 of 60,000 profit; July: 60/15/25 of 100,000 sales.
    expect(splitSettlement(lapas, items).split).toMatchObject({ hpp: 40_000, premi: 30_000 + 60_000, pnbp: 9_000 + 15_000, modal: 21_000 + 25_000 });
  });
  it('reports a line of unknown HPP under a profit rule, and a sale before the first rule', () => {
    const items = settlementItems([line('a', '2026-03-02', 1, 10_000, null), line('b', '2025-12-31', 1, 10_000, 1_000)], [], { lines: new Set(), returns: [] }, '2026-03-31');
    expect(splitSettlement(lapas, items).problems).toEqual([{ code: 'cost-unknown', lineIds: ['a'] }, { code: 'no-levy-rule', lineIds: ['b'] }]);
  });
  it('a line sold below its HPP gives no premi', () => {
    const items = settlementItems([line('a', '2026-03-02', 1, 10_000, 12_000)], [], { lines: new Set(), returns: [] }, '2026-03-31');
    expect(splitSettlement(lapas, items).split).toMatchObject({ hpp: 10_000, premi: 0, pnbp: 0, modal: 0 });
  });
  it('largest remainder gives the leftover rupiah to the biggest fractions, the earlier part on a tie', () => {
    expect(largestRemainder([{ n: 1n, d: 3n }, { n: 1n, d: 3n }, { n: 1n, d: 3n }], 1)).toEqual([1, 0, 0]);
    expect(largestRemainder([{ n: 5n, d: 2n }, { n: 7n, d: 4n }, { n: 3n, d: 4n }], 5)).toEqual([2, 2, 1]);
  });

  const rule = fc.record({
    validFrom: fc.constantFrom('2026-01-01', '2026-02-01', '2026-03-01'),
    a: fc.integer({ min: 0, max: 10_000 }),
    b: fc.integer({ min: 0, max: 10_000 }),
    base: fc.constantFrom('sales' as const, 'profit' as const),
  }).map(({ validFrom, a, b, base }): LevyRule => {
    const [x, y] = a < b ? [a, b] : [b, a];
    return { validFrom, premiBp: x, pnbpBp: y - x, modalBp: 10_000 - y, base, source: 'SK' };
  });
  const soldLine = fc.record({
    day: fc.integer({ min: 1, max: 28 }), month: fc.integer({ min: 1, max: 3 }), qty: fc.integer({ min: 1, max: 9 }),
    net: fc.integer({ min: 0, max: 5_000_000 }), cost: fc.option(fc.integer({ min: 0, max: 600_000 })), taxed: fc.boolean(), category: fc.constantFrom('Tenun', 'Kopi'),
  });
  it('for random lines, rates and bases the parts add up exactly to the whole', () => {
    fc.assert(fc.property(
      fc.array(soldLine, { minLength: 0, maxLength: 30 }),
      fc.uniqueArray(rule, { selector: (r) => r.validFrom, maxLength: 3 }),
      fc.constantFrom('fee' as const, 'margin' as const), fc.integer({ min: 0, max: 10_000 }), fc.constantFrom('lapas' as const, 'umkm' as const),
      (raw, rules, kind, bp, pk) => {
        const lines = raw.map((l, i) => ({ ...line(`l${i}`, `2026-0${l.month}-${String(l.day).padStart(2, '0')}`, l.qty, l.net, l.cost, l.taxed ? Math.round((l.net * 11) / 111) : 0), category: l.category }));
        const items = settlementItems(lines, [], { lines: new Set(), returns: [] }, '2026-12-31');
        const producer = { kind: pk, terms: { default: { kind, bp }, byCategory: [{ category: 'Kopi', term: { kind: 'fee' as const, bp: 1234 } }] }, levyRules: pk === 'lapas' ? rules : [] };
        const { split } = splitSettlement(producer, items);
        expect(splitParts(split).reduce((a, b) => a + b, 0)).toBe(split.gross);
        expect(split.gross).toBe(lines.reduce((s, l) => s + l.net - l.tax, 0));
        expect(split.fee + split.payable).toBe(split.gross);
        for (const p of splitParts(split)) expect(Number.isInteger(p)).toBe(true);
      },
    ));
  });

  it('each line and each return is settled exactly once across any sequence of settlements and returns', () => {
    const step = fc.oneof(
      fc.record({ act: fc.constant('sell' as const), qty: fc.integer({ min: 1, max: 5 }), net: fc.integer({ min: 0, max: 1_000_000 }) }),
      fc.record({ act: fc.constant('return' as const), pick: fc.nat(), qty: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ act: fc.constant('settle' as const) }),
    );
    fc.assert(fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
      const lines: SoldLine[] = [];
      const returns: LineReturn[] = [];
      const settledLines = new Set<string>();
      const settledReturns: { returnId: string; lineId: string }[] = [];
      const all: SettlementItem[] = [];
      let day = 1;
      const date = (): string => `2026-01-${String(Math.min(day, 28)).padStart(2, '0')}`;
      const returnedQty = (id: string): number => returns.filter((r) => r.lineId === id).reduce((s, r) => s + r.qty, 0);
      const settle = (): void => {
        const items = settlementItems(lines, returns, { lines: settledLines, returns: settledReturns }, date());
        for (const it of items) {
          if (it.kind === 'sale') { expect(settledLines.has(it.lineId)).toBe(false); settledLines.add(it.lineId); }
          if (it.kind === 'return') settledReturns.push({ returnId: it.returnId!, lineId: it.lineId });
        }
        all.push(...items);
        day += 1;
      };
      for (const s of steps) {
        if (s.act === 'sell') lines.push(line(`l${lines.length}`, date(), s.qty, s.net, null));
        else if (s.act === 'return' && lines.length > 0) {
          const l = lines[s.pick % lines.length]!;
          const qty = Math.min(s.qty, l.qty - returnedQty(l.lineId));
          if (qty > 0) returns.push({ returnId: `r${returns.length}`, lineId: l.lineId, qty, businessDate: date(), order: returns.length });
        } else if (s.act === 'settle') settle();
      }
      settle();
      for (const l of lines) {
        const mine = all.filter((i) => i.kind !== 'correction' && i.lineId === l.lineId);
        expect(mine.filter((i) => i.kind === 'sale')).toHaveLength(1);
        // What was paid for a line over all settlements is its value less what came back.
        const left = l.qty - returnedQty(l.lineId);
        expect(mine.reduce((s, i) => s + (i.kind === 'correction' ? 0 : i.qty), 0)).toBe(left);
        const paid = mine.reduce((s, i) => s + i.amount, 0);
        expect(paid).toBe(settledAmount(l) - returnedValue(settledAmount(l), l.qty, 0, l.qty - left));
      }
      const keys = all.filter((i) => i.kind === 'return').map((i) => `${(i as { returnId: string }).returnId}|${(i as { lineId: string }).lineId}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.length).toBe(returns.length);
    }));
  });
});

describe('states', () => {
  it('a draft is edited, approved or discarded; an approved one only paid; a paid one nothing', () => {
    expect(settlementAllows('draft', 'approve')).toBe(true);
    expect(settlementAllows('draft', 'pay')).toBe(false);
    expect(settlementAllows('approved', 'edit')).toBe(false);
    expect(settlementAllows('approved', 'discard')).toBe(false);
    expect(settlementAllows('approved', 'pay')).toBe(true);
    expect(settlementAllows('paid', 'pay')).toBe(false);
  });
  it('a Kode Billing is 15 digits', () => {
    expect(isKodeBilling('820260101234567')).toBe(true);
    expect(isKodeBilling('82026010123456')).toBe(false);
    expect(isKodeBilling('82026010123456a')).toBe(false);
  });
});
