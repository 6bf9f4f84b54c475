// A finished sale as it is stored on the device and sent to the server.
// Lines carry their producer and their exact net so settlement per producer
// never has to recompute anything.
import { computeTotals, describeSizeRefusal, includedPpn, sizeRefusal, type Discount, type LineTotals, type TaxMode } from './cart.ts';
import type { Approval, VoidedLine } from './approval.ts';
import { uuidv7 } from './id.ts';
import type { Rupiah } from './money.ts';
import { settle, type PaymentMethod, type TenderInput } from './payment.ts';
import { businessDate } from './time.ts';

export interface SaleLine {
  id: string;
  productId: string;
  producerId: string;
  name: string;
  sku: string;
  unitPrice: Rupiah;
  qty: number;
  discount: Discount | null;
  lineDiscount: Rupiah;
  orderDiscountShare: Rupiah;
  net: Rupiah;
  tax: Rupiah;
  /** The catalog price when a supervisor let the line sell at another; absent otherwise. */
  listPrice?: Rupiah;
  /** Bebas PPN: the line carries no tax and is outside the sale's PPN base. */
  taxExempt?: true;
}

export interface SalePayment {
  id: string;
  method: PaymentMethod;
  /** Tendered amount; for cash it includes what went back as change. */
  amount: Rupiah;
  reference: string | null;
  /** The user who took the money; absent on sales made before sign-in existed. */
  receivedBy?: string | null;
  /**
   * A static-QRIS payment the cashier could not see arrive: "menunggu
   * konfirmasi" until a 'payment.confirm' confirms it (with the reference
   * from the merchant's mutasi) or disputes it. Absent: seen at the counter.
   */
  awaitingConfirmation?: true;
}

export interface Sale {
  id: string;
  receiptNo: string;
  deviceId: string;
  outletId: string;
  /** The signed-in cashier's name as printed on the receipt. */
  cashier: string;
  /** The signed-in cashier's user id; absent on sales made before sign-in existed. */
  cashierId?: string | null;
  /** Supervisor PINs given for acts in this sale (price, discount, voided lines). */
  approvals?: Approval[];
  /** Lines taken out of the cart before payment, each with its approval. */
  voidedLines?: VoidedLine[];
  /** Device clock, epoch ms. Shown on the receipt; never used to order or dedupe. */
  createdAt: number;
  /** WITA calendar date of the sale, YYYY-MM-DD. */
  businessDate: string;
  /** The shift the device was in when the sale was made; absent on sales from before shifts. */
  shiftId?: string;
  lines: SaleLine[];
  orderDiscount: Discount | null;
  subtotal: Rupiah;
  lineDiscounts: Rupiah;
  orderDiscountAmount: Rupiah;
  taxMode: TaxMode;
  tax: Rupiah;
  /** Goods total after discounts, before cash rounding. */
  total: Rupiah;
  rounding: Rupiah;
  payments: SalePayment[];
  change: Rupiah;
  note: string;
}

/** What the customer paid for the sale, less change: the goods total with its cash rounding. */
export function amountCollected(sale: Pick<Sale, 'total' | 'rounding'>): Rupiah {
  return sale.total + sale.rounding;
}

/** What a sale must satisfy to be internally consistent; the server checks the same. */
export function saleInconsistency(sale: Sale): string | null {
  if (sale.lines.length === 0) return 'a sale needs at least one line';
  for (const l of sale.lines) {
    if (!Number.isInteger(l.qty) || l.qty <= 0) return `line ${l.name}: quantity must be a whole number above zero`;
    const net = l.unitPrice * l.qty - l.lineDiscount - l.orderDiscountShare;
    if (net !== l.net) return `line ${l.name}: net ${l.net} does not equal price x qty less discounts (${net})`;
    if (l.net < 0) return `line ${l.name}: discounts exceed the price`;
  }
  // The receipt and the reports print these sums; they must be the lines' own.
  const sums: [keyof Sale & string, number, number][] = [
    ['subtotal', sale.subtotal, sale.lines.reduce((a, l) => a + l.unitPrice * l.qty, 0)],
    ['lineDiscounts', sale.lineDiscounts, sale.lines.reduce((a, l) => a + l.lineDiscount, 0)],
    ['orderDiscountAmount', sale.orderDiscountAmount, sale.lines.reduce((a, l) => a + l.orderDiscountShare, 0)],
    ['tax', sale.tax, sale.lines.reduce((a, l) => a + l.tax, 0)],
  ];
  for (const [field, stated, sum] of sums) {
    if (stated !== sum) return `${field} ${stated} does not equal the sum over the lines (${sum})`;
  }
  const sumNet = sale.lines.reduce((a, l) => a + l.net, 0);
  if (sumNet !== sale.total) return `total ${sale.total} does not equal the sum of the lines (${sumNet})`;
  const taxable = sale.lines.reduce((a, l) => a + (l.taxExempt === true ? 0 : l.net), 0);
  const expectedTax = sale.taxMode === 'ppn-included' ? includedPpn(taxable) : 0;
  if (sale.tax !== expectedTax) return `tax ${sale.tax} is not the PPN of the taxable total under ${sale.taxMode} (${expectedTax})`;
  const exemptTaxed = sale.lines.find((l) => l.taxExempt === true && l.tax !== 0);
  if (exemptTaxed) return `line ${exemptTaxed.name}: exempt from PPN but carries tax ${exemptTaxed.tax}`;
  const paid = sale.payments.reduce((a, p) => a + p.amount, 0);
  if (paid - sale.change !== amountCollected(sale)) {
    return `payments less change (${paid - sale.change}) do not equal the amount due (${amountCollected(sale)})`;
  }
  if (sale.change > 0 && !sale.payments.some((p) => p.method === 'cash')) return 'change can only be given from cash';
  // Cash, a card slip and a transfer are seen at the counter; only a static QRIS can arrive unseen.
  if (sale.payments.some((p) => p.awaitingConfirmation === true && p.method !== 'qris')) return 'only a QRIS payment can await confirmation';
  return null;
}

export class SaleBuildError extends Error {
  override name = 'SaleBuildError';
  constructor(
    readonly code: 'empty-cart' | 'underpaid' | 'non-cash-exceeds-total' | 'too-large',
    message: string,
  ) {
    super(message);
  }
}

export interface SaleDraftLine {
  productId: string;
  producerId: string;
  name: string;
  sku: string;
  unitPrice: Rupiah;
  qty: number;
  discount: Discount | null;
  /** Set when the price was overridden: what the catalog asked. */
  listPrice?: Rupiah | undefined;
  /** The product is bebas PPN: no tax inside its price. */
  taxExempt?: boolean | undefined;
}

export interface SaleDraft {
  lines: readonly SaleDraftLine[];
  orderDiscount: Discount | null;
  note: string;
  tenders: readonly (TenderInput & { reference?: string | null; awaitingConfirmation?: boolean })[];
  cashier: string;
  cashierId?: string | null;
  approvals?: readonly Approval[];
  voidedLines?: readonly VoidedLine[];
  taxMode: TaxMode;
  roundingStep: Rupiah;
  now: number;
  deviceId: string;
  outletId: string;
  receiptNo: string;
  /** The outlet's business-day cutoff, minutes after midnight WITA; 0 (midnight) when absent. */
  dayCutoffMinutes?: number;
  /** Id maker; UUIDv7 on the device's clock unless a test pins it. */
  newId?: (now: number) => string;
  /** The open shift of the device's drawer. */
  shiftId?: string;
}

/** A cart line as the sale records it: its own totals' share of discounts and tax, and the list price when it was overridden. */
export function saleLineOf(l: SaleDraftLine, t: LineTotals, id: string): SaleLine {
  return {
    id,
    productId: l.productId,
    producerId: l.producerId,
    name: l.name,
    sku: l.sku,
    unitPrice: l.unitPrice,
    qty: l.qty,
    discount: l.discount,
    lineDiscount: t.lineDiscount,
    orderDiscountShare: t.orderDiscountShare,
    net: t.net,
    tax: t.tax,
    ...(l.listPrice !== undefined && l.listPrice !== l.unitPrice ? { listPrice: l.listPrice } : {}),
    ...(l.taxExempt === true ? { taxExempt: true as const } : {}),
  };
}

/**
 * The one way a sale is made from lines and tenders: totals, discounts and
 * tax from computeTotals, change and rounding from settle, each line's exact
 * share. The checkout, the test helpers and the benchmarks all build with it.
 */
export function buildSaleFromLines(d: SaleDraft): Sale {
  if (d.lines.length === 0) throw new SaleBuildError('empty-cart', 'the cart is empty');
  const newId = d.newId ?? uuidv7;
  const totals = computeTotals(d.lines, d.orderDiscount, d.taxMode);
  const tooLarge = sizeRefusal(d.lines, totals.total);
  if (tooLarge) throw new SaleBuildError('too-large', describeSizeRefusal(tooLarge, (i) => d.lines[i]?.name ?? ''));
  const s = settle(totals.total, d.tenders, d.roundingStep);
  if (s.problem === 'non-cash-exceeds-total') throw new SaleBuildError('non-cash-exceeds-total', 'non-cash payments exceed the total');
  if (!s.complete) throw new SaleBuildError('underpaid', `still to pay: ${s.remaining}`);
  return {
    id: newId(d.now),
    receiptNo: d.receiptNo,
    deviceId: d.deviceId,
    outletId: d.outletId,
    cashier: d.cashier,
    ...(d.cashierId !== undefined ? { cashierId: d.cashierId } : {}),
    ...(d.approvals?.length ? { approvals: [...d.approvals] } : {}),
    ...(d.voidedLines?.length ? { voidedLines: [...d.voidedLines] } : {}),
    createdAt: d.now,
    businessDate: businessDate(d.now, d.dayCutoffMinutes ?? 0),
    ...(d.shiftId !== undefined ? { shiftId: d.shiftId } : {}),
    lines: d.lines.map((l, i) => saleLineOf(l, totals.lines[i]!, newId(d.now))),
    orderDiscount: d.orderDiscount,
    subtotal: totals.subtotal,
    lineDiscounts: totals.lineDiscounts,
    orderDiscountAmount: totals.orderDiscount,
    taxMode: d.taxMode,
    tax: totals.tax,
    total: totals.total,
    rounding: s.rounding,
    payments: d.tenders
      .filter((t) => t.amount > 0)
      .map((t) => ({
        id: newId(d.now),
        method: t.method,
        amount: t.amount,
        reference: t.reference?.trim() || null,
        ...(d.cashierId !== undefined ? { receivedBy: d.cashierId } : {}),
        ...(t.method === 'qris' && t.awaitingConfirmation === true ? { awaitingConfirmation: true as const } : {}),
      })),
    change: s.change,
    note: d.note,
  };
}
