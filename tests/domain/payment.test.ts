import { describe, it, expect } from 'vitest';
import { MoneyError } from '../../src/domain/money.ts';
import {
  PAYMENT_METHODS,
  cashRoundingAdjustment,
  quickCashOptions,
  settle,
  type TenderInput,
} from '../../src/domain/payment.ts';

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const cash = (amount: number): TenderInput => ({ method: 'cash', amount });
const qris = (amount: number): TenderInput => ({ method: 'qris', amount });
const card = (amount: number): TenderInput => ({ method: 'card', amount });
const transfer = (amount: number): TenderInput => ({ method: 'transfer', amount });

describe('PAYMENT_METHODS', () => {
  it('lists cash first, then QRIS, card and transfer', () => {
    expect(PAYMENT_METHODS).toEqual(['cash', 'qris', 'card', 'transfer']);
  });
});

describe('cashRoundingAdjustment', () => {
  it('rounds to the nearest Rp 100, a tie going down', () => {
    expect(cashRoundingAdjustment(15_049, 100)).toBe(-49);
    expect(cashRoundingAdjustment(15_050, 100)).toBe(-50);
    expect(cashRoundingAdjustment(15_051, 100)).toBe(49);
    expect(cashRoundingAdjustment(15_099, 100)).toBe(1);
    expect(cashRoundingAdjustment(15_001, 100)).toBe(-1);
  });

  it('leaves an amount already on the step alone', () => {
    expect(cashRoundingAdjustment(15_000, 100)).toBe(0);
    expect(cashRoundingAdjustment(15_000, 500)).toBe(0);
    expect(cashRoundingAdjustment(0, 500)).toBe(0);
  });

  it('rounds to Rp 500 steps the same way', () => {
    expect(cashRoundingAdjustment(15_250, 500)).toBe(-250);
    expect(cashRoundingAdjustment(15_251, 500)).toBe(249);
    expect(cashRoundingAdjustment(15_749, 500)).toBe(-249);
  });

  it('does nothing when the outlet has no rounding step', () => {
    expect(cashRoundingAdjustment(15_049, 0)).toBe(0);
    expect(cashRoundingAdjustment(15_049, -100)).toBe(0);
  });

  it('never asks for more than half a step extra and always lands on the step', () => {
    const rand = seededRandom(5);
    for (let i = 0; i < 5000; i++) {
      const step = [1, 25, 50, 100, 200, 500, 1000][Math.floor(rand() * 7)]!;
      const amount = Math.floor(rand() * 10_000_000);
      const adj = cashRoundingAdjustment(amount, step);
      expect((amount + adj) % step, `${amount} by ${step}`).toBe(0);
      expect(adj, `${amount} by ${step}`).toBeLessThan(step / 2);
      expect(adj, `${amount} by ${step}`).toBeGreaterThanOrEqual(-step / 2);
    }
  });

  it('refuses fractional amounts and steps', () => {
    expect(() => cashRoundingAdjustment(1.5, 100)).toThrow(MoneyError);
    expect(() => cashRoundingAdjustment(100, 0.5)).toThrow(MoneyError);
  });
});

describe('settle', () => {
  it('pays exact cash with no change', () => {
    expect(settle(15_000, [cash(15_000)], 0)).toEqual({
      due: 15_000,
      rounding: 0,
      paid: 15_000,
      remaining: 0,
      change: 0,
      complete: true,
      problem: null,
    });
  });

  it('gives change from cash over the amount due', () => {
    const s = settle(15_000, [cash(20_000)], 0);
    expect(s).toMatchObject({ due: 15_000, paid: 20_000, change: 5000, remaining: 0, complete: true });
  });

  it('rounds the cash amount due and gives change from the rounded amount', () => {
    const s = settle(15_050, [cash(20_000)], 100);
    expect(s).toMatchObject({ due: 15_000, rounding: -50, change: 5000, complete: true });
    const up = settle(15_051, [cash(20_000)], 100);
    expect(up).toMatchObject({ due: 15_100, rounding: 49, change: 4900, complete: true });
  });

  it('accepts the rounded amount as full payment', () => {
    expect(settle(15_049, [cash(15_000)], 100)).toMatchObject({ remaining: 0, change: 0, complete: true, rounding: -49 });
  });

  it('tells how much cash is still to pay', () => {
    expect(settle(15_000, [cash(10_000)], 0)).toMatchObject({ remaining: 5000, change: 0, complete: false, problem: null });
  });

  it('charges QRIS, card and transfer the exact amount with no rounding', () => {
    for (const tender of [qris, card, transfer]) {
      const s = settle(15_050, [tender(15_050)], 100);
      expect(s).toEqual({ due: 15_050, rounding: 0, paid: 15_050, remaining: 0, change: 0, complete: true, problem: null });
    }
  });

  it('rounds only the part left for cash in a split payment', () => {
    // QRIS pays 10.000 exactly; 5.049 is left for cash, rounded to 5.000.
    const s = settle(15_049, [qris(10_000), cash(5000)], 100);
    expect(s).toEqual({ due: 15_000, rounding: -49, paid: 15_000, remaining: 0, change: 0, complete: true, problem: null });
  });

  it('gives change only from the cash part of a split payment', () => {
    const s = settle(150_000, [qris(100_000), cash(100_000)], 0);
    expect(s).toMatchObject({ paid: 200_000, change: 50_000, complete: true });
  });

  it('leaves the rest unrounded while a split payment has no cash yet', () => {
    const s = settle(15_049, [qris(10_000)], 100);
    expect(s).toMatchObject({ due: 15_049, rounding: 0, remaining: 5049, complete: false });
  });

  it('adds up several non-cash tenders', () => {
    const s = settle(300_000, [qris(100_000), card(150_000), transfer(50_000)], 500);
    expect(s).toMatchObject({ paid: 300_000, remaining: 0, change: 0, complete: true, rounding: 0 });
  });

  it('refuses non-cash payments that exceed the total, since they cannot give change', () => {
    const s = settle(100_000, [qris(120_000)], 0);
    expect(s.problem).toBe('non-cash-exceeds-total');
    expect(s.complete).toBe(false);
    expect(s.change).toBe(0);
    expect(settle(100_000, [qris(60_000), card(50_000), cash(10_000)], 0).problem).toBe('non-cash-exceeds-total');
  });

  it('previews the cash amount due, with its rounding, before anything is tendered', () => {
    const s = settle(15_050, [], 100);
    expect(s).toMatchObject({ due: 15_000, rounding: -50, paid: 0, remaining: 15_000, complete: false });
  });

  it('keeps due equal to total plus rounding and paid less change equal to due once complete', () => {
    const rand = seededRandom(17);
    const int = (max: number): number => Math.floor(rand() * (max + 1));
    for (let i = 0; i < 5000; i++) {
      const total = int(2_000_000);
      const step = [0, 100, 500, 1000][int(3)]!;
      const tenders: TenderInput[] = [];
      const nonCashCount = int(2);
      for (let k = 0; k < nonCashCount; k++) {
        tenders.push({ method: (['qris', 'card', 'transfer'] as const)[int(2)]!, amount: int(total) });
      }
      if (rand() < 0.7) tenders.push(cash(int(total * 2)));
      const s = settle(total, tenders, step);
      const label = JSON.stringify({ total, tenders, step });
      const nonCash = tenders.filter((t) => t.method !== 'cash').reduce((a, t) => a + t.amount, 0);
      if (nonCash > total) {
        expect(s.problem, label).toBe('non-cash-exceeds-total');
        continue;
      }
      expect(s.due, label).toBe(total + s.rounding);
      expect(s.paid, label).toBe(tenders.reduce((a, t) => a + t.amount, 0));
      expect(s.change, label).toBeGreaterThanOrEqual(0);
      expect(s.remaining, label).toBeGreaterThanOrEqual(0);
      expect(s.change === 0 || s.remaining === 0, label).toBe(true);
      if (!tenders.some((t) => t.method === 'cash')) {
        expect(s.change, label).toBe(0);
        if (nonCash > 0) expect(s.rounding, label).toBe(0);
      }
      if (s.complete) expect(s.paid - s.change, label).toBe(s.due);
      else expect(s.paid + s.remaining, label).toBe(s.due);
      // Change never exceeds the cash handed over.
      expect(s.change, label).toBeLessThanOrEqual(tenders.filter((t) => t.method === 'cash').reduce((a, t) => a + t.amount, 0));
    }
  });

  it('refuses negative and fractional payments', () => {
    expect(() => settle(1000, [cash(-1)], 0)).toThrow(MoneyError);
    expect(() => settle(1000, [cash(0.5)], 0)).toThrow(MoneyError);
    expect(() => settle(1000.5, [cash(2000)], 0)).toThrow(MoneyError);
  });
});

describe('quickCashOptions', () => {
  it('offers the exact amount first, then the notes that cover it', () => {
    expect(quickCashOptions(15_000)).toEqual([15_000, 20_000, 50_000, 100_000]);
    expect(quickCashOptions(45_000)).toEqual([45_000, 50_000, 60_000, 100_000]);
    expect(quickCashOptions(121_000)).toEqual([121_000, 130_000, 140_000, 150_000, 200_000]);
  });

  it('offers only amounts above the exact one, so a round total does not repeat itself', () => {
    expect(quickCashOptions(50_000)).toEqual([50_000, 60_000, 100_000]);
    expect(quickCashOptions(120_000)).toEqual([120_000, 150_000, 200_000]);
    expect(quickCashOptions(100_000)).toEqual([100_000]);
  });

  it('offers only the exact amount for a zero total', () => {
    expect(quickCashOptions(0)).toEqual([0]);
  });

  it('offers at most five buttons, ascending, each covering the amount', () => {
    const rand = seededRandom(23);
    for (let i = 0; i < 2000; i++) {
      const due = Math.floor(rand() * 5_000_000);
      const options = quickCashOptions(due);
      expect(options[0], String(due)).toBe(due);
      expect(options.length, String(due)).toBeLessThanOrEqual(5);
      expect(new Set(options).size, String(due)).toBe(options.length);
      for (let k = 1; k < options.length; k++) {
        expect(options[k]!, String(due)).toBeGreaterThan(options[k - 1]!);
        expect(options[k]! % 10_000, String(due)).toBe(0);
      }
    }
  });
});
