// Taking goods back out, with a supervisor's approval and a trace the server
// gets: units voided from the cart (kept on the cart, then on the sale), a
// cart cleared with lines in it ('cart.void'), and a finished sale voided or
// refunded ('sale.void', with 'return' stock events). Each is one transaction
// with its outbox row, like a checkout.
import { refundAmount, refundRefusal, returnedSoFar, voidRefusal, type Approval, type RefundRefusal, type Returned, type VoidedLine, type VoidRefusal } from '../../domain/approval.ts';
import { uuidv7 } from '../../domain/id.ts';
import type { PaymentMethod } from '../../domain/payment.ts';
import { businessDate } from '../../domain/time.ts';
import { dayCutoffOf, loadSettings } from './settings-repo.ts';
import type { StockEvent } from '../../protocol/schemas.ts';
import { OPEN_CART } from './cart-repo.ts';
import type { KasirDb } from './database.ts';
import { queueMutation } from './outbox-repo.ts';
import { currentShift } from './shift-current.ts';
import type { CartRow, SaleReturnRow, SaleRow, StockEventRow } from './schema.ts';

export class VoidError extends Error {
  override name = 'VoidError';
  constructor(
    readonly code: 'line-gone' | 'sale-gone' | 'already-voided' | 'nothing-to-return' | 'not-today' | 'changed' | 'no-shift',
    message: string,
  ) {
    super(message);
  }
}

/** The domain's reason a void or refund may not happen, as the error the screens word. */
function refusalError(refusal: VoidRefusal | RefundRefusal): VoidError {
  switch (refusal) {
    case 'already-voided':
      return new VoidError('already-voided', 'this sale was already voided');
    case 'partly-returned':
      return new VoidError('already-voided', 'part of this sale was already returned; refund the rest instead');
    case 'not-today':
      return new VoidError('not-today', 'a sale can only be voided on its own business day; refund it instead');
    case 'nothing-left':
      return new VoidError('nothing-to-return', 'everything of this sale was already taken back');
  }
}

/** Queues the evidence of a cart that never became a sale, and drops the cart. */
async function voidCartRow(db: KasirDb, cart: CartRow, extra: VoidedLine[], extraApproval: Approval | null, by: string, now: number): Promise<void> {
  const device = await db.device.get('self');
  if (!device) throw new Error('device identity missing; restart the app');
  const lines = [...(cart.voidedLines ?? []), ...extra];
  const approvals = [...(cart.approvals ?? []), ...(extraApproval ? [extraApproval] : [])];
  const used = new Set(lines.map((l) => l.approvalId));
  const id = uuidv7(now);
  await queueMutation(
    db,
    'cart.void',
    {
      id,
      outletId: device.outletId,
      by,
      createdAt: now,
      lines,
      // Only the approvals the voided lines name: a price override on a cart never sold proves nothing.
      approvals: approvals.filter((a) => used.has(a.id)),
    },
    { id, deviceTime: now },
  );
  await db.carts.delete(cart.id);
}

export interface VoidUnits {
  lineId: string;
  units: number;
  /** The supervisor's; null when the outlet lets the cashier take units out alone. */
  approval: Approval | null;
  /** Who took them out (the signed-in user), also for the 'cart.void' should the cart end up empty. */
  by: string;
  now?: number;
}

/**
 * Takes `units` of a line out of the open cart: lowering a quantity or
 * removing the line. The units stay on the cart as voided lines and go onto
 * the sale. When nothing is left, the cart is voided as a whole at once, so
 * the evidence does not wait on a sale that may never come.
 */
export async function voidCartUnits(db: KasirDb, v: VoidUnits): Promise<{ cartVoided: boolean }> {
  const now = v.now ?? Date.now();
  return db.transaction('rw', [db.carts, db.device, db.outbox], async () => {
    const cart = await db.carts.get(OPEN_CART);
    const line = cart?.lines.find((l) => l.id === v.lineId);
    if (!cart || !line) throw new VoidError('line-gone', 'that line is no longer in the cart');
    const units = Math.min(line.qty, Math.max(1, Math.floor(v.units)));
    const voided: VoidedLine = { productId: line.productId, name: line.name, qty: units, unitPrice: line.unitPrice, at: now, approvalId: v.approval?.id ?? null, by: v.by };
    const lines = cart.lines.flatMap((l) => (l !== line ? [l] : l.qty > units ? [{ ...l, qty: l.qty - units }] : []));
    // A price or discount approval for a line that is gone covers nothing any more; void approvals stay as evidence.
    const lineGone = !lines.some((l) => l.id === v.lineId);
    const approvals = [...(cart.approvals ?? []).filter((a) => !(lineGone && a.lineId === v.lineId && a.kind !== 'void-line')), ...(v.approval ? [v.approval] : [])];
    const next: CartRow = { ...cart, lines, approvals, voidedLines: [...(cart.voidedLines ?? []), voided], updatedAt: now };
    if (lines.length === 0) {
      await voidCartRow(db, next, [], null, v.by, now);
      return { cartVoided: true };
    }
    await db.carts.put(next);
    return { cartVoided: false };
  });
}

/**
 * Clears a cart that has lines (the open one or a held one): every line
 * becomes a voided line under one approval, or under none when the outlet
 * lets the cashier clear the open cart alone.
 */
export async function voidWholeCart(db: KasirDb, cartId: string, approval: Approval | null, by: string, now: number = Date.now()): Promise<void> {
  await db.transaction('rw', [db.carts, db.device, db.outbox], async () => {
    const cart = await db.carts.get(cartId);
    if (!cart) return;
    if (cart.lines.length === 0 && (cart.voidedLines ?? []).length === 0) {
      await db.carts.delete(cartId);
      return;
    }
    const lines: VoidedLine[] = cart.lines.map((l) => ({ productId: l.productId, name: l.name, qty: l.qty, unitPrice: l.unitPrice, at: now, approvalId: approval?.id ?? null, by }));
    await voidCartRow(db, cart, lines, approval, by, now);
  });
}

// ------------------------------------------------------ voids and refunds

/** Units of each sale line already taken back, and the money already paid out. */
export function alreadyReturned(sale: SaleRow): Returned {
  return returnedSoFar(sale.returns ?? []);
}

export interface SaleReturnInput {
  saleId: string;
  kind: 'void' | 'refund';
  lines: { lineId: string; qty: number }[];
  /** From domain/approval.ts refundAmount(), computed by the caller on the same sale. */
  amount: number;
  method: PaymentMethod;
  reason: string;
  by: { id: string; name: string };
  approval: Approval;
  approverName: string;
  now?: number;
}

/**
 * Records a void or refund: the goods go back into stock (+qty 'return'
 * events, at once in the stock the screen shows), the sale is marked, and
 * a 'sale.void' mutation carries it all to the server.
 */
export async function recordSaleReturn(db: KasirDb, input: SaleReturnInput): Promise<SaleReturnRow> {
  const now = input.now ?? Date.now();
  // The same business day the checkout gave the sale: a void at 01:00 on a fair's night is still that day's.
  const today = businessDate(now, dayCutoffOf(await loadSettings(db)));
  return db.transaction('rw', [db.sales, db.stockEvents, db.device, db.outbox, db.shifts], async () => {
    // The money goes back out of the open shift's drawer, and counts in its expected cash.
    const shift = await currentShift(db);
    if (!shift) throw new VoidError('no-shift', 'no shift is open on this device; start a shift to pay money back');
    const sale = await db.sales.get(input.saleId);
    if (!sale) throw new VoidError('sale-gone', 'the sale is not on this device');
    const refusal = input.kind === 'void' ? voidRefusal(sale, sale.returns ?? [], today) : refundRefusal(sale, sale.returns ?? []);
    if (refusal) throw refusalError(refusal);
    const lines = input.lines.filter((l) => l.qty > 0);
    if (lines.length === 0) throw new VoidError('nothing-to-return', 'choose at least one item to take back');
    // Checked again against the sale as stored: another tab may have taken goods back since the
    // supervisor saw the amount, and what was approved must be what is paid out.
    if (refundAmount(sale, lines, alreadyReturned(sale)) !== input.amount) throw new VoidError('changed', 'the sale changed since the amount was shown; open it again');
    const id = uuidv7(now);
    const stockEvents: StockEvent[] = lines.map((l) => {
      const line = sale.lines.find((x) => x.id === l.lineId);
      if (!line) throw new VoidError('line-gone', `line ${l.lineId} is not on this sale`);
      return { id: uuidv7(now), productId: line.productId, outletId: sale.outletId, delta: l.qty, reason: 'return', saleId: sale.id };
    });
    const payload = {
      id,
      saleId: sale.id,
      outletId: sale.outletId,
      kind: input.kind,
      lines,
      amount: input.amount,
      method: input.method,
      reason: input.reason,
      by: input.by.id,
      createdAt: now,
      businessDate: today,
      shiftId: shift.id,
      approval: input.approval,
      stockEvents,
    };
    const row: SaleReturnRow = {
      id,
      kind: input.kind,
      lines,
      amount: input.amount,
      method: input.method,
      reason: input.reason,
      by: input.by.id,
      byName: input.by.name,
      approverName: input.approverName,
      approval: input.approval,
      createdAt: now,
      shiftId: shift.id,
      sync: 'pending',
      syncNote: null,
    };
    // saleId stays null on the outbox row: the server's answer about the
    // return must not overwrite the sale's own sync state.
    await queueMutation(db, 'sale.void', payload, { id, deviceTime: now });
    await db.stockEvents.bulkAdd(stockEvents.map((e): StockEventRow => ({ ...e, state: 'pending', createdAt: now })));
    await db.sales.update(sale.id, { returns: [...(sale.returns ?? []), row] });
    return row;
  });
}
