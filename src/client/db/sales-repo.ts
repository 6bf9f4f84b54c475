// Checkout: the sale, its stock events and its outbox row are written in one
// transaction (sync rule 2), and the caller hears "saved" only after commit.
import { computeTotals, type TaxMode } from '../../domain/cart.ts';
import { receiptNumber, uuidv7 } from '../../domain/id.ts';
import { settle, type TenderInput } from '../../domain/payment.ts';
import type { Sale } from '../../domain/sale.ts';
import { businessDate } from '../../domain/time.ts';
import { saleRecordPayloadSchema, type StockEvent } from '../../protocol/schemas.ts';
import { OPEN_CART } from './cart-repo.ts';
import type { KasirDb } from './database.ts';
import type { CartRow, SaleRow, StockEventRow } from './schema.ts';

export interface CheckoutInput {
  cart: CartRow;
  tenders: readonly (TenderInput & { reference?: string | null })[];
  cashier: string;
  taxMode: TaxMode;
  roundingStep: number;
  now?: number;
}

export class CheckoutError extends Error {
  override name = 'CheckoutError';
  constructor(
    readonly code: 'empty-cart' | 'underpaid' | 'non-cash-exceeds-total' | 'cart-changed',
    message: string,
  ) {
    super(message);
  }
}

/** Builds the sale from the cart and the tenders; pure apart from ids. */
export function buildSale(input: CheckoutInput, deviceId: string, outletId: string, receiptCounter: number): Sale {
  const now = input.now ?? Date.now();
  const { cart } = input;
  if (cart.lines.length === 0) throw new CheckoutError('empty-cart', 'the cart is empty');
  const totals = computeTotals(cart.lines, cart.orderDiscount, input.taxMode);
  const s = settle(totals.total, input.tenders, input.roundingStep);
  if (s.problem === 'non-cash-exceeds-total') throw new CheckoutError('non-cash-exceeds-total', 'non-cash payments exceed the total');
  if (!s.complete) throw new CheckoutError('underpaid', `still to pay: ${s.remaining}`);
  return {
    id: uuidv7(now),
    receiptNo: receiptNumber(deviceId, receiptCounter),
    deviceId,
    outletId,
    cashier: input.cashier,
    createdAt: now,
    businessDate: businessDate(now),
    lines: cart.lines.map((l, i) => {
      const t = totals.lines[i]!;
      return {
        id: uuidv7(now),
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
      };
    }),
    orderDiscount: cart.orderDiscount,
    subtotal: totals.subtotal,
    lineDiscounts: totals.lineDiscounts,
    orderDiscountAmount: totals.orderDiscount,
    taxMode: input.taxMode,
    tax: totals.tax,
    total: totals.total,
    rounding: s.rounding,
    payments: input.tenders
      .filter((t) => t.amount > 0)
      .map((t) => ({ id: uuidv7(now), method: t.method, amount: t.amount, reference: t.reference?.trim() || null })),
    change: s.change,
    note: cart.note,
  };
}

export async function checkout(db: KasirDb, input: CheckoutInput): Promise<SaleRow> {
  return db.transaction('rw', [db.device, db.sales, db.stockEvents, db.outbox, db.carts], async () => {
    const device = await db.device.get('self');
    if (!device) throw new Error('device identity missing; restart the app');
    // The cart on screen must be the cart stored: another tab may have sold it.
    const stored = await db.carts.get(OPEN_CART);
    if (!stored || JSON.stringify(stored.lines) !== JSON.stringify(input.cart.lines)) {
      throw new CheckoutError('cart-changed', 'the cart changed in another window; check it and pay again');
    }
    const sale = buildSale(input, device.deviceId, device.outletId, device.nextReceipt);
    const events: StockEvent[] = sale.lines.map((l) => ({
      id: uuidv7(sale.createdAt),
      productId: l.productId,
      outletId: sale.outletId,
      delta: -l.qty,
      reason: 'sale',
      saleId: sale.id,
    }));
    const payload = saleRecordPayloadSchema.parse({ sale, stockEvents: events });
    const seq = device.nextSeq;
    await db.device.update('self', { nextSeq: seq + 1, nextReceipt: device.nextReceipt + 1 });
    const row: SaleRow = { ...sale, sync: 'pending', syncNote: null };
    await db.sales.add(row);
    await db.stockEvents.bulkAdd(events.map((e): StockEventRow => ({ ...e, state: 'pending', createdAt: sale.createdAt })));
    await db.outbox.add({
      seq,
      id: uuidv7(sale.createdAt),
      type: 'sale.record',
      payload,
      deviceTime: sale.createdAt,
      status: 'pending',
      attempts: 0,
      result: null,
      resultStatus: null,
      saleId: sale.id,
    });
    await db.carts.delete(OPEN_CART);
    return row;
  });
}

export async function salesOfDay(db: KasirDb, day: string): Promise<SaleRow[]> {
  const rows = await db.sales.where('businessDate').equals(day).toArray();
  return rows.sort((a, b) => b.createdAt - a.createdAt);
}

export async function getSale(db: KasirDb, id: string): Promise<SaleRow | undefined> {
  return db.sales.get(id);
}
