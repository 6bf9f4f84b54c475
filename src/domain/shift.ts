// A cashier's shift (sesi kasir): what its drawer should hold, what was
// counted at Tutup Kasir, and the X/Z report figures. Pure, integer rupiah;
// the device and the server compute the same numbers from the same acts.
import type { Rupiah } from './money.ts';
import { PAYMENT_METHODS, type PaymentMethod } from './payment.ts';
import { businessDate } from './time.ts';

export type PerMethod = Record<PaymentMethod, Rupiah>;

export const zeroPerMethod = (): PerMethod => ({ cash: 0, qris: 0, card: 0, transfer: 0 });

/** A sale as a shift counts it: its tenders, its change and the figures the report sums. */
export interface ShiftSale {
  id: string;
  payments: readonly { method: PaymentMethod; amount: Rupiah }[];
  change: Rupiah;
  subtotal: Rupiah;
  lineDiscounts: Rupiah;
  orderDiscountAmount: Rupiah;
  tax: Rupiah;
  total: Rupiah;
  rounding: Rupiah;
}

/** A void or refund paid out of this shift's drawer (or back to the card or account). */
export interface ShiftReturn {
  id: string;
  kind: 'void' | 'refund';
  method: PaymentMethod;
  amount: Rupiah;
}

/** Kas Masuk (`in`) or Kas Keluar (`out`): cash put in or taken out with a reason. */
export interface ShiftMovement {
  id: string;
  direction: 'in' | 'out';
  amount: Rupiah;
  reason: string;
}

export interface ShiftActivity {
  sales: readonly ShiftSale[];
  returns: readonly ShiftReturn[];
  movements: readonly ShiftMovement[];
}

export interface ShiftFigures {
  openingFloat: Rupiah;
  salesCount: number;
  /** Price x qty before discounts. */
  gross: Rupiah;
  discounts: Rupiah;
  /** PPN inside the prices. */
  tax: Rupiah;
  rounding: Rupiah;
  /** What customers paid, less change: goods total plus cash rounding. */
  net: Rupiah;
  voids: { count: number; amount: Rupiah };
  refunds: { count: number; amount: Rupiah };
  /** Tendered per method (cash before change). */
  received: PerMethod;
  change: Rupiah;
  /** Paid back per method by voids and refunds. */
  returned: PerMethod;
  /** Received less change (cash) less returned, per method. */
  netByMethod: PerMethod;
  cashIn: Rupiah;
  cashOut: Rupiah;
  /** What the drawer (cash) and the terminal or bank (the rest) should show. */
  expected: PerMethod;
}

/**
 * Expected cash = kas awal + cash received - change given - cash refunds +
 * kas masuk - kas keluar (store-operations.md); every other method is what
 * it took less what it paid back. Each act counts once: the same id twice
 * (a resent sale) is counted the first time only.
 */
export function shiftFigures(openingFloat: Rupiah, activity: ShiftActivity): ShiftFigures {
  const received = zeroPerMethod();
  const returned = zeroPerMethod();
  const f = { salesCount: 0, gross: 0, discounts: 0, tax: 0, rounding: 0, net: 0, change: 0, cashIn: 0, cashOut: 0 };
  const voids = { count: 0, amount: 0 };
  const refunds = { count: 0, amount: 0 };
  const seen = new Set<string>();
  const once = (kind: string, id: string): boolean => {
    const key = `${kind}:${id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
  for (const s of activity.sales) {
    if (!once('sale', s.id)) continue;
    f.salesCount += 1;
    f.gross += s.subtotal;
    f.discounts += s.lineDiscounts + s.orderDiscountAmount;
    f.tax += s.tax;
    f.rounding += s.rounding;
    f.net += s.total + s.rounding;
    f.change += s.change;
    for (const p of s.payments) received[p.method] += p.amount;
  }
  for (const r of activity.returns) {
    if (!once('return', r.id)) continue;
    const bucket = r.kind === 'void' ? voids : refunds;
    bucket.count += 1;
    bucket.amount += r.amount;
    returned[r.method] += r.amount;
  }
  for (const m of activity.movements) {
    if (!once('move', m.id)) continue;
    if (m.direction === 'in') f.cashIn += m.amount;
    else f.cashOut += m.amount;
  }
  const netByMethod = zeroPerMethod();
  const expected = zeroPerMethod();
  for (const method of PAYMENT_METHODS) {
    netByMethod[method] = received[method] - (method === 'cash' ? f.change : 0) - returned[method];
    expected[method] = netByMethod[method];
  }
  expected.cash = openingFloat + received.cash - f.change - returned.cash + f.cashIn - f.cashOut;
  return { openingFloat, ...f, voids, refunds, received, returned, netByMethod, expected };
}

/** Counted less expected, per method: above zero the drawer holds more than it should. */
export function selisih(counted: PerMethod, expected: PerMethod): PerMethod {
  const out = zeroPerMethod();
  for (const m of PAYMENT_METHODS) out[m] = counted[m] - expected[m];
  return out;
}

/** The methods whose Selisih is beyond the threshold either way: these need a supervisor's PIN. */
export function selisihOverThreshold(diff: PerMethod, threshold: Rupiah): PaymentMethod[] {
  return PAYMENT_METHODS.filter((m) => Math.abs(diff[m]) > threshold);
}

// --------------------------------------------------------- day and Z

/** A shift belongs to the business day it opened on, by the outlet's cutoff: a fair until 01:00 is one day. */
export function shiftBusinessDate(openedAt: number, cutoffMinutes: number): string {
  return businessDate(openedAt, cutoffMinutes);
}

/** The next Z number of a drawer: one more than the highest it printed. */
export function nextZNumber(previous: readonly number[]): number {
  return previous.reduce((a, b) => Math.max(a, b), 0) + 1;
}

/** Kas Keluar above the limit needs a supervisor's PIN; Kas Masuk never does. */
export function movementNeedsApproval(m: Pick<ShiftMovement, 'direction' | 'amount'>, cashOutLimit: Rupiah): boolean {
  return m.direction === 'out' && m.amount > cashOutLimit;
}

/**
 * Built-in reasons for Kas Masuk / Kas Keluar, as every server is seeded with
 * them (its migrations); an admin adds others, renames or turns these off.
 * A device offers these only until its first pull brings the admin's list.
 */
export const BUILTIN_CASH_REASONS = [
  { code: 'setoran-bank', label: 'Setoran ke bank', labelEn: 'Bank deposit', direction: 'out' },
  { code: 'beli-plastik', label: 'Beli plastik', labelEn: 'Plastic bags', direction: 'out' },
  { code: 'kembalian-tambahan', label: 'Uang kembalian tambahan', labelEn: 'Extra change float', direction: 'in' },
  { code: 'lain-lain', label: 'Lain-lain', labelEn: 'Other', direction: 'both' },
] as const;
export type CashReasonDirection = 'in' | 'out' | 'both';
