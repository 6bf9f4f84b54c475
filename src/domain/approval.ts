// Who may do what, and which acts on a sale need a supervisor's PIN. Pure:
// the device asks before the act, the server asks again on sync (a device
// cannot be trusted to have asked), both with these functions.
import type { Rupiah } from './money.ts';
import { amountCollected, type Sale, type SaleLine } from './sale.ts';

export const ROLES = ['cashier', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const APPROVAL_KINDS = ['void-line', 'void-sale', 'refund', 'price-override', 'discount-over-limit', 'large-sale', 'stock-adjust', 'stock-count', 'cash-out', 'shift-selisih'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

/** A supervisor's PIN given for one act; recorded with the act it allowed. */
export interface Approval {
  id: string;
  kind: ApprovalKind;
  /** The user whose PIN was entered: a supervisor or admin of the outlet. */
  approverId: string;
  /** The user who asked (the signed-in cashier); null on sales made before sign-in existed. */
  requestedBy: string | null;
  /** Device clock, epoch ms. */
  at: number;
  /** The sale line it was for; null for the whole sale or order. */
  lineId: string | null;
  /** What was allowed, in words for the audit log ("harga 150.000 → 120.000"). */
  detail: string;
}

/** A line taken out of the cart before payment, kept on the sale as evidence. */
export interface VoidedLine {
  productId: string;
  name: string;
  qty: number;
  unitPrice: Rupiah;
  at: number;
  /**
   * The supervisor's approval; null when the outlet lets a cashier take a
   * line out of the open cart alone (its default: a one-person booth must
   * be able to undo a wrong tap), and then `by` says who did.
   */
  approvalId: string | null;
  /** Who took it out; absent on lines voided before this was recorded (the approval's requestedBy says). */
  by?: string | undefined;
}

/**
 * Whether taking units out of the open cart before payment needs a
 * supervisor. An outlet's choice: by default a cashier may, each removal
 * still recorded with who did it.
 */
export const DEFAULT_CART_REMOVAL_NEEDS_APPROVAL = false;

/**
 * Above these an outlet wants a supervisor to see the sale before payment:
 * a quantity on one line, or a sale total. Below the hard limits of
 * domain/cart.ts, which refuse a sale outright.
 */
export interface LargeSaleLimits {
  lineQty: number;
  saleTotal: Rupiah;
}
export const DEFAULT_LARGE_SALE_LIMITS: LargeSaleLimits = { lineQty: 100, saleTotal: 25_000_000 };

export type LargeSaleReason = { kind: 'line-qty'; index: number; qty: number; limit: number } | { kind: 'sale-total'; total: Rupiah; limit: Rupiah };

/** What makes this sale large by the outlet's limits; empty when no supervisor is needed. */
export function largeSaleReasons(lines: readonly { qty: number }[], total: Rupiah, limits: LargeSaleLimits): LargeSaleReason[] {
  const out: LargeSaleReason[] = [];
  lines.forEach((l, index) => {
    if (l.qty > limits.lineQty) out.push({ kind: 'line-qty', index, qty: l.qty, limit: limits.lineQty });
  });
  if (total > limits.saleTotal) out.push({ kind: 'sale-total', total, limit: limits.saleTotal });
  return out;
}

/** Approvals come from supervisors and admins; a cashier's PIN approves nothing. */
export function canApprove(role: Role): boolean {
  return role === 'supervisor' || role === 'admin';
}

/**
 * Who may change an outlet's own settings (receipt name, NPWP, tax, rounding,
 * QRIS) and wipe its devices: the people answerable for the outlet, not the
 * cashier on shift. Printer and scanner settings are the device's, anyone's.
 */
export function mayManageOutlet(role: Role): boolean {
  return role === 'supervisor' || role === 'admin';
}

/**
 * Whether a user's PIN comes down to, and opens, a device of `outletId`.
 * Only the outlet's own people: a PIN hash on a tablet can be taken with
 * the tablet, so an admin of every outlet signs in with a password on the
 * management screens and has no PIN on any device; an admin who works at a
 * counter is given that outlet (docs/decisions.md, "What a stolen tablet holds").
 */
export function signsInAt(user: { active: boolean; outletId: string | null }, outletId: string): boolean {
  return user.active && user.outletId === outletId;
}

/** Default share of a price a cashier may take off without a supervisor: 10%. */
export const DEFAULT_DISCOUNT_LIMIT_BP = 1_000;

export interface RequiredApproval {
  kind: ApprovalKind;
  lineId: string | null;
}

/** True when `taken` off `base` is more than `limitBp` basis points of it. */
export function overLimit(taken: Rupiah, base: Rupiah, limitBp: number): boolean {
  // Integer comparison: taken / base > limit / 10,000, with no rounding.
  return taken > 0 && taken * 10_000 > base * limitBp;
}

/** The price the catalog showed; equal to the unit price unless overridden. */
export function listPriceOf(line: Pick<SaleLine, 'unitPrice'> & { listPrice?: Rupiah | undefined }): Rupiah {
  return line.listPrice ?? line.unitPrice;
}

type SaleForApproval = Pick<Sale, 'lines' | 'subtotal' | 'lineDiscounts' | 'orderDiscountAmount'> & {
  lines: readonly (SaleLine & { listPrice?: Rupiah | undefined })[];
  voidedLines?: readonly VoidedLine[] | undefined;
};

/**
 * Every act in a finished sale that needed a supervisor: a price other than
 * the catalog's, a discount beyond the outlet's limit (per line, and on the
 * order after line discounts), each line voided from the cart.
 */
export function requiredApprovals(sale: SaleForApproval, discountLimitBp: number): RequiredApproval[] {
  const out: RequiredApproval[] = [];
  for (const l of sale.lines) {
    if (listPriceOf(l) !== l.unitPrice) out.push({ kind: 'price-override', lineId: l.id });
    if (overLimit(l.lineDiscount, l.unitPrice * l.qty, discountLimitBp)) out.push({ kind: 'discount-over-limit', lineId: l.id });
  }
  const afterLines = sale.subtotal - sale.lineDiscounts;
  if (overLimit(sale.orderDiscountAmount, afterLines, discountLimitBp)) out.push({ kind: 'discount-over-limit', lineId: null });
  return out;
}

/**
 * The required approvals no approval on the sale covers, plus voided lines
 * whose approval is missing. A present approval by the wrong person is the
 * server's question (roleAt), not this one's.
 */
export function missingApprovals(sale: SaleForApproval, approvals: readonly Approval[], discountLimitBp: number): RequiredApproval[] {
  const missing = requiredApprovals(sale, discountLimitBp).filter((r) => !approvals.some((a) => a.kind === r.kind && a.lineId === r.lineId));
  for (const v of sale.voidedLines ?? []) {
    // A line taken out without one is the outlet's policy (recorded with who did it), not a missing approval.
    if (v.approvalId === null) continue;
    if (!approvals.some((a) => a.id === v.approvalId && a.kind === 'void-line')) missing.push({ kind: 'void-line', lineId: null });
  }
  return missing;
}

export interface ReturnLine {
  lineId: string;
  qty: number;
}

/** Units of each sale line taken back so far, and the money paid out. */
export interface Returned {
  qty: Map<string, number>;
  amount: number;
}

/** Adds one void or refund to what was returned so far (mutates and answers `so`). */
export function addReturned(so: Returned, ret: { amount: number; lines: readonly { lineId: string; qty: number }[] }): Returned {
  for (const l of ret.lines) so.qty.set(l.lineId, (so.qty.get(l.lineId) ?? 0) + l.qty);
  so.amount += ret.amount;
  return so;
}

/** What these voids and refunds took back together. */
export function returnedSoFar(returns: readonly { amount: number; lines: readonly { lineId: string; qty: number }[] }[]): Returned {
  return returns.reduce(addReturned, { qty: new Map<string, number>(), amount: 0 });
}

/** A void or refund as far as the rules for the next one go. */
export interface PriorReturn {
  kind: 'void' | 'refund';
  amount: number;
  lines: readonly ReturnLine[];
}

/** Every unit of every line is back already: nothing left to take back. */
export function fullyReturned(sale: Pick<Sale, 'lines'>, returned: { qty: ReadonlyMap<string, number> }): boolean {
  return sale.lines.every((l) => (returned.qty.get(l.id) ?? 0) >= l.qty);
}

/** These lines, with what came back before, take back every unit of the sale. */
export function takesWholeRemainder(sale: Pick<Sale, 'lines'>, prior: { qty: ReadonlyMap<string, number> }, lines: readonly ReturnLine[]): boolean {
  return sale.lines.every((l) => (prior.qty.get(l.id) ?? 0) + lines.filter((r) => r.lineId === l.id).reduce((a, r) => a + r.qty, 0) === l.qty);
}

export type VoidRefusal = 'already-voided' | 'partly-returned' | 'not-today';
export type RefundRefusal = 'already-voided' | 'nothing-left';

/**
 * A void undoes a whole sale on its own business day, before anything of it
 * came back; after the day, or once part of it was refunded, only a refund
 * can take goods back.
 */
export function voidRefusal(sale: Pick<Sale, 'businessDate'>, returns: readonly PriorReturn[], today: string): VoidRefusal | null {
  if (returns.some((r) => r.kind === 'void')) return 'already-voided';
  if (returns.length > 0) return 'partly-returned';
  if (sale.businessDate !== today) return 'not-today';
  return null;
}

/** A refund takes back what is left of a sale that was not voided. */
export function refundRefusal(sale: Pick<Sale, 'lines'>, returns: readonly PriorReturn[]): RefundRefusal | null {
  if (returns.some((r) => r.kind === 'void')) return 'already-voided';
  if (fullyReturned(sale, returnedSoFar(returns))) return 'nothing-left';
  return null;
}

/** Why a return's lines do not add up, as a code the screen words in its language; the message is English for logs and API clients. */
export type ReturnProblem =
  | { code: 'no-lines' }
  | { code: 'line-not-on-sale'; lineId: string }
  | { code: 'qty-not-whole'; name: string }
  | { code: 'qty-over-left'; name: string; left: number };

export const RETURN_PROBLEM_CODES = ['no-lines', 'line-not-on-sale', 'qty-not-whole', 'qty-over-left'] as const satisfies readonly ReturnProblem['code'][];

function returnProblemMessage(p: ReturnProblem): string {
  switch (p.code) {
    case 'no-lines':
      return 'choose at least one line to return';
    case 'line-not-on-sale':
      return `line ${p.lineId} is not on this sale`;
    case 'qty-not-whole':
      return `line ${p.name}: return a whole number above zero`;
    case 'qty-over-left':
      return `line ${p.name}: only ${p.left} left to return`;
  }
}

export class ReturnError extends Error {
  override name = 'ReturnError';
  constructor(readonly problem: ReturnProblem) {
    super(returnProblemMessage(problem));
  }
}

/**
 * The money going back for these lines. A return that leaves nothing of the
 * sale gives back exactly what is left of what the customer paid (rounding
 * included), so a sale returned in parts never pays out a rupiah more or
 * less than it took. A part return pays each line's net pro rata, capped
 * at what is left of the payment.
 */
export function refundAmount(
  sale: Pick<Sale, 'lines' | 'total' | 'rounding'>,
  lines: readonly ReturnLine[],
  already: { qty: ReadonlyMap<string, number>; amount: Rupiah } = { qty: new Map(), amount: 0 },
): Rupiah {
  if (lines.length === 0) throw new ReturnError({ code: 'no-lines' });
  const returning = new Map<string, number>();
  for (const r of lines) {
    const line = sale.lines.find((l) => l.id === r.lineId);
    if (!line) throw new ReturnError({ code: 'line-not-on-sale', lineId: r.lineId });
    if (!Number.isInteger(r.qty) || r.qty <= 0) throw new ReturnError({ code: 'qty-not-whole', name: line.name });
    const total = (returning.get(r.lineId) ?? 0) + r.qty;
    if (total + (already.qty.get(r.lineId) ?? 0) > line.qty) throw new ReturnError({ code: 'qty-over-left', name: line.name, left: line.qty - (already.qty.get(r.lineId) ?? 0) });
    returning.set(r.lineId, total);
  }
  const allBack = sale.lines.every((l) => (already.qty.get(l.id) ?? 0) + (returning.get(l.id) ?? 0) === l.qty);
  if (allBack) return amountCollected(sale) - already.amount;
  let amount = 0;
  for (const [lineId, qty] of returning) {
    const line = sale.lines.find((l) => l.id === lineId)!;
    amount += Math.round((line.net * qty) / line.qty);
  }
  // Cash rounding can leave the customer having paid less than the lines'
  // nets: a part never pays out more than is left of what was paid.
  return Math.min(amount, amountCollected(sale) - already.amount);
}
