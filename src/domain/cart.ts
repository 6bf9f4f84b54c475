// Cart arithmetic: the one place where line totals, discounts and tax are
// computed. Integer rupiah throughout; every rounding is named here.
import { allocate, assertRupiah, divRoundHalfUp, MoneyError, type Rupiah } from './money.ts';

export type Discount =
  | { kind: 'percent'; /** basis points: 1000 = 10% */ bp: number }
  | { kind: 'amount'; amount: Rupiah };

export type TaxMode = 'none' | 'ppn-included';

/**
 * More units than this on one line is a slip (a scan landing in the
 * quantity, a held key), never a sale: refused, on the device and the server.
 */
export const MAX_LINE_QTY = 9999;
/** A sale above Rp 1.000.000.000 is a typo at any of these counters: refused too. */
export const MAX_SALE_TOTAL = 1_000_000_000;

/** Why a cart or a sale is beyond what a counter may sell at all. */
export type SizeRefusal =
  | { kind: 'line-qty'; index: number; qty: number; max: number }
  | { kind: 'sale-total'; total: Rupiah; max: Rupiah };

/**
 * The first line over MAX_LINE_QTY, else a total over MAX_SALE_TOTAL; null
 * when the sale may go on. The same check on the cart, the sale and the server.
 */
export function sizeRefusal(lines: readonly { qty: number }[], total: Rupiah): SizeRefusal | null {
  const index = lines.findIndex((l) => l.qty > MAX_LINE_QTY);
  if (index >= 0) return { kind: 'line-qty', index, qty: lines[index]!.qty, max: MAX_LINE_QTY };
  if (total > MAX_SALE_TOTAL) return { kind: 'sale-total', total, max: MAX_SALE_TOTAL };
  return null;
}

/** A size refusal in words, for logs and the server's answer (the screens word it themselves). */
export function describeSizeRefusal(r: SizeRefusal, lineName: (index: number) => string): string {
  return r.kind === 'line-qty'
    ? `line ${lineName(r.index)}: ${r.qty} units is more than the ${r.max} one line may sell`
    : `total ${r.total} is more than the ${r.max} one sale may take`;
}

export interface CartLineInput {
  productId: string;
  unitPrice: Rupiah;
  qty: number;
  discount?: Discount | null;
  /** The product is not subject to PPN (bebas PPN): its line carries no tax share. */
  taxExempt?: boolean | undefined;
}

export interface LineTotals {
  gross: Rupiah;
  lineDiscount: Rupiah;
  /** Share of the order discount carried by this line (exact, largest remainder). */
  orderDiscountShare: Rupiah;
  net: Rupiah;
  /** PPN inside `net` when prices include tax, else 0. */
  tax: Rupiah;
}

export interface CartTotals {
  lines: LineTotals[];
  subtotal: Rupiah;
  lineDiscounts: Rupiah;
  orderDiscount: Rupiah;
  total: Rupiah;
  tax: Rupiah;
  itemCount: number;
}

/** PPN inside a tax-inclusive price: price x 11/111 (PMK 131/2024: 12% on 11/12 of the base). */
export function includedPpn(amount: Rupiah): Rupiah {
  return divRoundHalfUp(amount * 11, 111);
}

export function discountAmount(base: Rupiah, discount: Discount | null | undefined): Rupiah {
  if (!discount) return 0;
  if (discount.kind === 'percent') {
    if (!Number.isInteger(discount.bp) || discount.bp < 0 || discount.bp > 10_000) {
      throw new MoneyError('a percentage discount must be between 0% and 100%');
    }
    return divRoundHalfUp(base * discount.bp, 10_000);
  }
  assertRupiah(discount.amount, 'discount');
  if (discount.amount < 0) throw new MoneyError('a discount cannot be negative');
  // A discount larger than what it applies to would make the line pay the customer.
  return Math.min(discount.amount, base);
}

export function computeTotals(
  inputs: readonly CartLineInput[],
  orderDiscount: Discount | null = null,
  taxMode: TaxMode = 'none',
): CartTotals {
  const pre = inputs.map((l) => {
    assertRupiah(l.unitPrice, 'price');
    if (l.unitPrice < 0) throw new MoneyError('a price cannot be negative');
    if (!Number.isInteger(l.qty) || l.qty <= 0) {
      throw new MoneyError('a quantity must be a whole number above zero');
    }
    const gross = l.unitPrice * l.qty;
    const lineDiscount = discountAmount(gross, l.discount);
    return { gross, lineDiscount, afterLine: gross - lineDiscount };
  });
  const afterLines = pre.reduce((a, l) => a + l.afterLine, 0);
  const orderDisc = discountAmount(afterLines, orderDiscount);
  const shares = allocate(orderDisc, pre.map((l) => l.afterLine));
  const lines: LineTotals[] = pre.map((l, i) => {
    const net = l.afterLine - (shares[i] ?? 0);
    return {
      gross: l.gross,
      lineDiscount: l.lineDiscount,
      orderDiscountShare: shares[i] ?? 0,
      net,
      tax: 0,
    };
  });
  const total = afterLines - orderDisc;
  let tax = 0;
  if (taxMode === 'ppn-included') {
    // PPN is inside the price of taxable goods only; an exempt line adds nothing to the base.
    const taxableNets = lines.map((l, i) => (inputs[i]?.taxExempt === true ? 0 : l.net));
    tax = includedPpn(taxableNets.reduce((a, n) => a + n, 0));
    // Per-line tax shares add up to the receipt's PPN exactly.
    const lineTax = allocate(tax, taxableNets);
    lines.forEach((l, i) => (l.tax = lineTax[i] ?? 0));
  }
  return {
    lines,
    subtotal: pre.reduce((a, l) => a + l.gross, 0),
    lineDiscounts: pre.reduce((a, l) => a + l.lineDiscount, 0),
    orderDiscount: orderDisc,
    total,
    tax,
    itemCount: inputs.reduce((a, l) => a + l.qty, 0),
  };
}

export type LineQtyProblem = 'empty' | 'not-a-number' | 'not-whole' | 'below-one' | 'too-many';

/**
 * A quantity the cashier typed: digits, with "." as the thousands separator
 * ("1.000"). Says what is wrong instead of guessing, so the box can say it.
 */
export function parseLineQty(text: string): { ok: true; qty: number } | { ok: false; problem: LineQtyProblem } {
  const s = text.trim();
  if (s === '') return { ok: false, problem: 'empty' };
  const grouped = /^\d{1,3}(\.\d{3})+$/.test(s) ? s.replaceAll('.', '') : s;
  if (!/^[-+]?\d*([.,]\d*)?$/.test(grouped) || !/\d/.test(grouped)) return { ok: false, problem: 'not-a-number' };
  const n = Number(grouped.replace(',', '.'));
  if (!Number.isInteger(n)) return { ok: false, problem: 'not-whole' };
  if (n < 1) return { ok: false, problem: 'below-one' };
  if (n > MAX_LINE_QTY) return { ok: false, problem: 'too-many' };
  return { ok: true, qty: n };
}
