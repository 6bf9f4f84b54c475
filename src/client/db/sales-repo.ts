// Checkout: the sale, its stock events and its outbox row are written in one
// transaction (sync rule 2), and the caller hears "saved" only after commit.
import type { TaxMode } from '../../domain/cart.ts';
import { receiptNumber, uuidv7 } from '../../domain/id.ts';
import type { TenderInput } from '../../domain/payment.ts';
import { buildSaleFromLines, SaleBuildError, type Sale } from '../../domain/sale.ts';
import type { StockEvent } from '../../protocol/schemas.ts';
import { queueMutation } from './outbox-repo.ts';
import { asSale } from './sales-first.ts';
import { dayCutoffOf, loadSettings, saveSetting } from './settings-repo.ts';
import { OPEN_CART } from './cart-repo.ts';
import { currentShift } from './shift-current.ts';
import type { KasirDb } from './database.ts';
import type { CartRow, SaleRow, StockEventRow } from './schema.ts';

export interface CheckoutInput {
  cart: CartRow;
  tenders: readonly (TenderInput & { reference?: string | null; awaitingConfirmation?: boolean })[];
  /** The signed-in user's name, printed on the receipt. */
  cashier: string;
  /** The signed-in user: the sale's cashier and the receiver of every payment. */
  cashierId?: string | null;
  taxMode: TaxMode;
  roundingStep: number;
  /** The outlet's business-day cutoff, minutes after midnight WITA (settings-repo dayCutoffOf). */
  dayCutoffMinutes?: number;
  now?: number;
}

export class CheckoutError extends Error {
  override name = 'CheckoutError';
  constructor(
    readonly code: 'empty-cart' | 'underpaid' | 'non-cash-exceeds-total' | 'too-large' | 'cart-changed' | 'no-shift',
    message: string,
  ) {
    super(message);
  }
}

/** The sale for this cart: the domain's one builder, with this device's identity. */
export function buildSale(input: CheckoutInput, deviceId: string, outletId: string, receiptCounter: number, shiftId?: string): Sale {
  try {
    const sale = buildSaleFromLines({
      lines: input.cart.lines,
      orderDiscount: input.cart.orderDiscount,
      note: input.cart.note,
      tenders: input.tenders,
      cashier: input.cashier,
      ...(input.cashierId !== undefined ? { cashierId: input.cashierId } : {}),
      approvals: input.cart.approvals ?? [],
      voidedLines: input.cart.voidedLines ?? [],
      taxMode: input.taxMode,
      roundingStep: input.roundingStep,
      ...(input.dayCutoffMinutes !== undefined ? { dayCutoffMinutes: input.dayCutoffMinutes } : {}),
      now: input.now ?? Date.now(),
      deviceId,
      outletId,
      receiptNo: receiptNumber(deviceId, receiptCounter),
      ...(shiftId !== undefined ? { shiftId } : {}),
    });
    if (!sale.approvals) return sale;
    // In the cart an approval names a cart line; on the sale it must name the
    // sale line built from it (same position). A line voided away names none.
    const lineIds = new Map(input.cart.lines.flatMap((l, i) => (sale.lines[i] ? [[l.id, sale.lines[i].id] as const] : [])));
    return { ...sale, approvals: sale.approvals.map((a) => ({ ...a, lineId: a.lineId === null ? null : (lineIds.get(a.lineId) ?? null) })) };
  } catch (e) {
    if (e instanceof SaleBuildError) throw new CheckoutError(e.code, e.message);
    throw e;
  }
}

export async function checkout(db: KasirDb, input: CheckoutInput): Promise<SaleRow> {
  // The outlet's business day, never midnight's: between 00:00 and the cutoff a caller that named none filed sales under the next day.
  const dayCutoffMinutes = input.dayCutoffMinutes ?? dayCutoffOf(await loadSettings(db));
  return asSale(() => checkoutWrite(db, { ...input, dayCutoffMinutes }));
}

async function checkoutWrite(db: KasirDb, input: CheckoutInput): Promise<SaleRow> {
  return db.transaction('rw', [db.device, db.sales, db.stockEvents, db.outbox, db.carts, db.settings, db.shifts], async () => {
    const device = await db.device.get('self');
    if (!device) throw new Error('device identity missing; restart the app');
    // Every sale belongs to the shift its drawer was in (issue 15): none open, no sale.
    const shift = await currentShift(db);
    if (!shift) throw new CheckoutError('no-shift', 'no shift is open on this device; start a shift first');
    // The cart on screen must be the cart stored: another tab may have sold it.
    const stored = await db.carts.get(OPEN_CART);
    if (!stored || JSON.stringify(stored.lines) !== JSON.stringify(input.cart.lines)) {
      throw new CheckoutError('cart-changed', 'the cart changed in another window; check it and pay again');
    }
    // Approvals and voided lines as stored: another tab may have added one since this screen read the cart.
    const cart: CartRow = { ...input.cart, approvals: stored.approvals ?? [], voidedLines: stored.voidedLines ?? [] };
    const sale = buildSale({ ...input, cart }, device.deviceId, device.outletId, device.nextReceipt, shift.id);
    const events: StockEvent[] = sale.lines.map((l) => ({
      id: uuidv7(sale.createdAt),
      productId: l.productId,
      outletId: sale.outletId,
      delta: -l.qty,
      reason: 'sale',
      saleId: sale.id,
    }));
    await queueMutation(db, 'sale.record', { sale, stockEvents: events }, { deviceTime: sale.createdAt, saleId: sale.id });
    await db.device.update('self', { nextReceipt: device.nextReceipt + 1 });
    const row: SaleRow = { ...sale, sync: 'pending', syncNote: null };
    await db.sales.add(row);
    await db.stockEvents.bulkAdd(events.map((e): StockEventRow => ({ ...e, state: 'pending', createdAt: sale.createdAt })));
    await db.carts.delete(OPEN_CART);
    // The receipt stays on screen, a reload included, until the next sale starts.
    await saveSetting(db, 'lastReceiptSaleId', sale.id);
    return row;
  });
}

/** The sale whose receipt the counter still shows, if any. */
export async function shownReceipt(db: KasirDb): Promise<SaleRow | null> {
  const { lastReceiptSaleId } = await loadSettings(db);
  return lastReceiptSaleId ? ((await db.sales.get(lastReceiptSaleId)) ?? null) : null;
}

/** The next sale started (or the cashier closed the receipt): the last one's receipt leaves the screen. */
export async function dismissReceipt(db: KasirDb): Promise<void> {
  await saveSetting(db, 'lastReceiptSaleId', null);
}

export async function salesOfDay(db: KasirDb, day: string): Promise<SaleRow[]> {
  // Another device's sale looked up for a refund is that device's day, not this one's.
  const rows = (await db.sales.where('businessDate').equals(day).toArray()).filter((s) => s.origin !== 'lookup');
  return rows.sort((a, b) => b.createdAt - a.createdAt);
}
