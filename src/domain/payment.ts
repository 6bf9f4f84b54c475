// Tender arithmetic: split payments, change from cash only, and the cash
// rounding a seller may apply (Permendag 35/2013: allowed, must be announced).
import { assertRupiah, MoneyError, type Rupiah } from './money.ts';

export type PaymentMethod = 'cash' | 'qris' | 'card' | 'transfer';
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['cash', 'qris', 'card', 'transfer'];

export interface TenderInput {
  method: PaymentMethod;
  amount: Rupiah;
}

/**
 * Rounds a cash amount to the outlet's step. *Choice*: to the nearest step,
 * a tie going down, so a customer never pays more than half a step extra.
 * Returns the adjustment (negative when rounded down), 0 when step is 0.
 */
export function cashRoundingAdjustment(amount: Rupiah, step: Rupiah): Rupiah {
  assertRupiah(amount);
  assertRupiah(step, 'rounding step');
  if (step <= 0) return 0;
  const rem = ((amount % step) + step) % step;
  if (rem === 0) return 0;
  return rem * 2 > step ? step - rem : -rem;
}

export interface Settlement {
  /** What the customer owes after cash rounding. */
  due: Rupiah;
  rounding: Rupiah;
  paid: Rupiah;
  /** Still to pay; 0 when fully paid. */
  remaining: Rupiah;
  change: Rupiah;
  complete: boolean;
  /** Why the tenders cannot finish the sale, if they cannot. */
  problem: 'non-cash-exceeds-total' | null;
}

/**
 * Non-cash tenders pay exact amounts; only the part left for cash is rounded,
 * and only cash gives change.
 */
export function settle(total: Rupiah, tenders: readonly TenderInput[], roundingStep: Rupiah): Settlement {
  assertRupiah(total, 'total');
  for (const t of tenders) {
    assertRupiah(t.amount, 'payment');
    if (t.amount < 0) throw new MoneyError('a payment cannot be negative');
  }
  const nonCash = tenders.filter((t) => t.method !== 'cash').reduce((a, t) => a + t.amount, 0);
  const cash = tenders.filter((t) => t.method === 'cash').reduce((a, t) => a + t.amount, 0);
  const hasCash = tenders.some((t) => t.method === 'cash');
  if (nonCash > total) {
    return { due: total, rounding: 0, paid: nonCash + cash, remaining: 0, change: 0, complete: false, problem: 'non-cash-exceeds-total' };
  }
  const leftForCash = total - nonCash;
  const rounding = hasCash || nonCash === 0 ? cashRoundingAdjustment(leftForCash, roundingStep) : 0;
  const due = total + rounding;
  const cashDue = leftForCash + rounding;
  const remaining = Math.max(0, cashDue - cash);
  const change = Math.max(0, cash - cashDue);
  return {
    due,
    // Always due - total: with nothing tendered yet, `due` previews cash and so must its rounding.
    rounding,
    paid: nonCash + cash,
    remaining,
    change,
    complete: remaining === 0,
    problem: null,
  };
}

/** Quick cash buttons: exact, then the notes in circulation that cover the amount. */
export function quickCashOptions(due: Rupiah): Rupiah[] {
  const notes = [10_000, 20_000, 50_000, 100_000];
  const out = [due];
  for (const n of notes) {
    const covering = Math.ceil(due / n) * n;
    if (covering > due && !out.includes(covering)) out.push(covering);
  }
  return out.slice(0, 5);
}
