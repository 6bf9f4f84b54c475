import { describe, it, expect } from 'vitest';
import { computeTotals, discountAmount, includedPpn, MAX_LINE_QTY, MAX_SALE_TOTAL, parseLineQty, sizeRefusal, type CartLineInput, type Discount } from '../../src/domain/cart.ts';
import { MoneyError } from '../../src/domain/money.ts';

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

function line(unitPrice: number, qty = 1, discount: Discount | null = null, productId = 'p'): CartLineInput {
  return { productId, unitPrice, qty, discount };
}

const pct = (bp: number): Discount => ({ kind: 'percent', bp });
const rp = (amount: number): Discount => ({ kind: 'amount', amount });

describe('includedPpn', () => {
  it('takes 11/111 of a tax-inclusive price, rounded half up', () => {
    expect(includedPpn(111_000)).toBe(11_000);
    expect(includedPpn(0)).toBe(0);
    expect(includedPpn(100)).toBe(10); // 9.909...
    expect(includedPpn(5)).toBe(0); // 0.495...
    expect(includedPpn(10)).toBe(1); // 0.990...
    expect(includedPpn(765_000)).toBe(75_811); // 75 810.81...
    expect(includedPpn(1_000_000)).toBe(99_099); // 99 099.09...
  });
});

describe('discountAmount', () => {
  it('gives nothing without a discount', () => {
    expect(discountAmount(10_000, null)).toBe(0);
    expect(discountAmount(10_000, undefined)).toBe(0);
  });

  it('reads a percentage in basis points and rounds half up', () => {
    expect(discountAmount(10_000, pct(1000))).toBe(1000);
    expect(discountAmount(10_000, pct(10_000))).toBe(10_000);
    expect(discountAmount(10_000, pct(0))).toBe(0);
    expect(discountAmount(15, pct(1000))).toBe(2); // 1.5
    expect(discountAmount(14, pct(1000))).toBe(1); // 1.4
    expect(discountAmount(33_333, pct(1250))).toBe(4167); // 4166.625
  });

  it('caps an amount discount at what it applies to', () => {
    expect(discountAmount(10_000, rp(2500))).toBe(2500);
    expect(discountAmount(10_000, rp(25_000))).toBe(10_000);
    expect(discountAmount(0, rp(1))).toBe(0);
  });

  it('refuses percentages outside 0-100% or not whole basis points', () => {
    for (const bp of [-1, 10_001, 12.5, Number.NaN]) {
      expect(() => discountAmount(10_000, pct(bp)), String(bp)).toThrow(MoneyError);
    }
  });

  it('refuses negative or fractional amount discounts', () => {
    expect(() => discountAmount(10_000, rp(-1))).toThrow(MoneyError);
    expect(() => discountAmount(10_000, rp(0.5))).toThrow(MoneyError);
  });
});

describe('computeTotals', () => {
  it('adds up plain lines with no discount and no tax', () => {
    const t = computeTotals([line(750_000), line(45_000, 2)]);
    expect(t).toEqual({
      lines: [
        { gross: 750_000, lineDiscount: 0, orderDiscountShare: 0, net: 750_000, tax: 0 },
        { gross: 90_000, lineDiscount: 0, orderDiscountShare: 0, net: 90_000, tax: 0 },
      ],
      subtotal: 840_000,
      lineDiscounts: 0,
      orderDiscount: 0,
      total: 840_000,
      tax: 0,
      itemCount: 3,
    });
  });

  it('gives an empty cart a zero total', () => {
    expect(computeTotals([])).toEqual({ lines: [], subtotal: 0, lineDiscounts: 0, orderDiscount: 0, total: 0, tax: 0, itemCount: 0 });
  });

  it('takes a percentage line discount off the line gross, not off the unit price', () => {
    // 3 x 3.333 = 9.999; 10% = 999.9 -> 1.000 (per unit it would be 333 x 3 = 999).
    const t = computeTotals([line(3333, 3, pct(1000))]);
    expect(t.lines[0]).toMatchObject({ gross: 9999, lineDiscount: 1000, net: 8999 });
    expect(t.lineDiscounts).toBe(1000);
    expect(t.total).toBe(8999);
  });

  it('takes a rupiah line discount once per line and caps it at the line', () => {
    const t = computeTotals([line(20_000, 2, rp(5000)), line(10_000, 1, rp(99_000))]);
    expect(t.lines.map((l) => l.lineDiscount)).toEqual([5000, 10_000]);
    expect(t.lines.map((l) => l.net)).toEqual([35_000, 0]);
    expect(t.total).toBe(35_000);
  });

  it('applies the order discount after line discounts and spreads it over lines in proportion', () => {
    const t = computeTotals([line(60_000, 1, rp(10_000)), line(50_000)], pct(1000));
    // After lines: 50.000 + 50.000; 10% = 10.000, 5.000 each.
    expect(t.orderDiscount).toBe(10_000);
    expect(t.lines.map((l) => l.orderDiscountShare)).toEqual([5000, 5000]);
    expect(t.lines.map((l) => l.net)).toEqual([45_000, 45_000]);
    expect(t.subtotal).toBe(110_000);
    expect(t.lineDiscounts).toBe(10_000);
    expect(t.total).toBe(90_000);
  });

  it('spreads an order discount that does not divide evenly so the shares still add up to it exactly', () => {
    const t = computeTotals([line(10_000), line(10_000), line(10_000)], rp(100));
    expect(t.lines.map((l) => l.orderDiscountShare)).toEqual([34, 33, 33]);
    expect(t.total).toBe(29_900);
  });

  it('caps an order discount at the goods after line discounts', () => {
    const t = computeTotals([line(10_000, 1, rp(4000)), line(5000)], rp(1_000_000));
    expect(t.orderDiscount).toBe(11_000);
    expect(t.total).toBe(0);
    expect(t.lines.every((l) => l.net === 0)).toBe(true);
  });

  it('gives a fully discounted line no share of the order discount', () => {
    const t = computeTotals([line(10_000, 1, pct(10_000)), line(30_000)], rp(3000));
    expect(t.lines.map((l) => l.orderDiscountShare)).toEqual([0, 3000]);
  });

  it('computes included PPN as 11/111 of the total after discounts', () => {
    const t = computeTotals([line(111_000)], null, 'ppn-included');
    expect(t.tax).toBe(11_000);
    expect(t.total).toBe(111_000);
    expect(t.lines[0]!.tax).toBe(11_000);

    const d = computeTotals([line(100_000), line(50_000)], rp(39_000), 'ppn-included');
    expect(d.total).toBe(111_000);
    expect(d.tax).toBe(11_000);
  });

  it('leaves tax at zero when the outlet does not charge PPN', () => {
    const t = computeTotals([line(111_000)], null, 'none');
    expect(t.tax).toBe(0);
    expect(t.lines[0]!.tax).toBe(0);
  });

  it('splits the PPN over lines so the line shares add up to the receipt PPN', () => {
    const t = computeTotals([line(33_333), line(33_333), line(33_334)], null, 'ppn-included');
    expect(t.tax).toBe(includedPpn(100_000));
    expect(sum(t.lines.map((l) => l.tax))).toBe(t.tax);
  });

  it('keeps every sum exact and every line non-negative over many random carts', () => {
    const rand = seededRandom(42);
    const int = (max: number): number => Math.floor(rand() * (max + 1));
    const randomDiscount = (base: number): Discount | null => {
      const r = rand();
      if (r < 0.4) return null;
      if (r < 0.7) return pct(int(10_000));
      return rp(int(base * 1.5));
    };
    for (let i = 0; i < 3000; i++) {
      const inputs = Array.from({ length: 1 + int(8) }, (_, k) => {
        const unitPrice = int(10) === 0 ? 0 : int(2_000_000);
        const qty = 1 + int(5);
        return line(unitPrice, qty, randomDiscount(unitPrice * qty), `p${k}`);
      });
      const subtotal = sum(inputs.map((l) => l.unitPrice * l.qty));
      const order = randomDiscount(subtotal);
      const taxMode = rand() < 0.5 ? 'ppn-included' : 'none';
      const t = computeTotals(inputs, order, taxMode);
      const label = JSON.stringify({ inputs, order, taxMode });

      expect(t.subtotal, label).toBe(subtotal);
      expect(sum(t.lines.map((l) => l.gross)), label).toBe(t.subtotal);
      expect(sum(t.lines.map((l) => l.lineDiscount)), label).toBe(t.lineDiscounts);
      expect(sum(t.lines.map((l) => l.orderDiscountShare)), label).toBe(t.orderDiscount);
      expect(sum(t.lines.map((l) => l.net)), label).toBe(t.total);
      expect(t.total, label).toBe(t.subtotal - t.lineDiscounts - t.orderDiscount);
      expect(t.itemCount, label).toBe(sum(inputs.map((l) => l.qty)));
      for (const l of t.lines) {
        expect(l.net, label).toBeGreaterThanOrEqual(0);
        expect(l.lineDiscount, label).toBeLessThanOrEqual(l.gross);
        expect(l.net, label).toBe(l.gross - l.lineDiscount - l.orderDiscountShare);
        expect(l.tax, label).toBeGreaterThanOrEqual(0);
        expect(l.tax, label).toBeLessThanOrEqual(l.net);
      }
      expect(t.tax, label).toBe(taxMode === 'ppn-included' ? includedPpn(t.total) : 0);
      expect(sum(t.lines.map((l) => l.tax)), label).toBe(t.tax);
    }
  });

  it.each([
    ['a zero quantity', line(1000, 0)],
    ['a negative quantity', line(1000, -1)],
    ['a fractional quantity', line(1000, 1.5)],
    ['a NaN quantity', line(1000, Number.NaN)],
    ['a negative price', line(-1000, 1)],
    ['a fractional price', line(999.5, 1)],
    ['an infinite price', line(Number.POSITIVE_INFINITY, 1)],
    ['a percentage above 100%', line(1000, 1, pct(10_001))],
    ['a negative percentage', line(1000, 1, pct(-100))],
    ['a negative amount discount', line(1000, 1, rp(-1))],
  ])('refuses %s with a MoneyError', (_what, bad) => {
    expect(() => computeTotals([line(5000), bad])).toThrow(MoneyError);
  });

  it('refuses an invalid order discount with a MoneyError', () => {
    expect(() => computeTotals([line(5000)], pct(10_001))).toThrow(MoneyError);
    expect(() => computeTotals([line(5000)], rp(-5))).toThrow(MoneyError);
  });
});

describe('a typed line quantity', () => {
  it('takes whole numbers from 1 to 9.999, with "." grouping thousands', () => {
    expect(parseLineQty(' 3 ')).toEqual({ ok: true, qty: 3 });
    expect(parseLineQty('1.000')).toEqual({ ok: true, qty: 1000 });
    expect(parseLineQty('9999')).toEqual({ ok: true, qty: MAX_LINE_QTY });
    expect(MAX_LINE_QTY).toBe(9_999);
  });

  it('says what is wrong with anything else', () => {
    expect(parseLineQty('')).toEqual({ ok: false, problem: 'empty' });
    expect(parseLineQty('dua')).toEqual({ ok: false, problem: 'not-a-number' });
    expect(parseLineQty('1e3')).toEqual({ ok: false, problem: 'not-a-number' });
    expect(parseLineQty('1,5')).toEqual({ ok: false, problem: 'not-whole' });
    expect(parseLineQty('2.5')).toEqual({ ok: false, problem: 'not-whole' });
    expect(parseLineQty('0')).toEqual({ ok: false, problem: 'below-one' });
    expect(parseLineQty('-3')).toEqual({ ok: false, problem: 'below-one' });
    expect(parseLineQty('10000')).toEqual({ ok: false, problem: 'too-many' });
    // A barcode typed into the box is not a quantity.
    expect(parseLineQty('8991234100013')).toEqual({ ok: false, problem: 'too-many' });
  });
});

describe('sizeRefusal', () => {
  it('refuses a line over 9,999 units and a total over Rp 1.000.000.000, and nothing at the limits', () => {
    expect(MAX_LINE_QTY).toBe(9999);
    expect(MAX_SALE_TOTAL).toBe(1_000_000_000);
    expect(sizeRefusal([{ qty: 9999 }], 1_000_000_000)).toBeNull();
    expect(sizeRefusal([{ qty: 1 }, { qty: 10_000 }], 10_000)).toEqual({ kind: 'line-qty', index: 1, qty: 10_000, max: 9999 });
    expect(sizeRefusal([{ qty: 5000 }], 600_000_000)).toBeNull();
    expect(sizeRefusal([{ qty: 5000 }], 1_000_000_001)).toEqual({ kind: 'sale-total', total: 1_000_000_001, max: 1_000_000_000 });
  });
});
