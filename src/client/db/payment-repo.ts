// QRIS payments saved "menunggu konfirmasi": listed from this device's own
// sales, and each confirmed (with the reference from the merchant's mutasi)
// or disputed in one transaction with its 'payment.confirm' outbox row, so it
// works offline at a booth's Tutup Kasir and is sent like a sale.
import { uuidv7 } from '../../domain/id.ts';
import type { SalePayment } from '../../domain/sale.ts';
import type { PaymentConfirmPayload } from '../../protocol/mutations/index.ts';
import type { KasirDb } from './database.ts';
import { queueMutation } from './outbox-repo.ts';
import type { QrisCheckRow, SaleRow } from './schema.ts';

/**
 * How far back the list looks. A shift closes within a day; a payment left
 * unanswered for weeks is the supervisor's, who sees it on the server's review.
 */
export const AWAITING_LOOKBACK_DAYS = 60;

export interface AwaitingPayment {
  sale: SaleRow;
  payment: SalePayment;
  /** The last answer given on this device; null while awaiting. */
  check: QrisCheckRow | null;
}

export class QrisCheckError extends Error {
  override name = 'QrisCheckError';
  constructor(
    readonly code: 'sale-gone' | 'not-awaiting' | 'already-checked' | 'reference-needed',
    message: string,
  ) {
    super(message);
  }
}

/** This device's QRIS payments saved as awaiting, oldest first; `all` keeps those already answered. */
export async function awaitingQrisPayments(db: KasirDb, opts: { all?: boolean; now?: number } = {}): Promise<AwaitingPayment[]> {
  const since = (opts.now ?? Date.now()) - AWAITING_LOOKBACK_DAYS * 86_400_000;
  const sales = await db.sales.where('createdAt').aboveOrEqual(since).toArray();
  const out: AwaitingPayment[] = [];
  for (const sale of sales) {
    if (sale.origin === 'lookup') continue;
    for (const payment of sale.payments) {
      if (payment.method !== 'qris' || payment.awaitingConfirmation !== true) continue;
      const check = (sale.qrisChecks ?? []).filter((c) => c.paymentId === payment.id).at(-1) ?? null;
      if (check === null || opts.all === true) out.push({ sale, payment, check });
    }
  }
  return out.sort((a, b) => a.sale.createdAt - b.sale.createdAt);
}

export interface QrisCheckInput {
  saleId: string;
  paymentId: string;
  outcome: 'confirmed' | 'disputed';
  reference: string;
  note: string;
  by: { id: string; name: string };
  now?: number;
}

/** Confirms or disputes one awaiting QRIS payment; one answer a payment on this device. */
export async function checkQrisPayment(db: KasirDb, input: QrisCheckInput): Promise<QrisCheckRow> {
  const now = input.now ?? Date.now();
  const reference = input.reference.trim();
  if (input.outcome === 'confirmed' && reference === '') throw new QrisCheckError('reference-needed', "type the reference the merchant's mutasi shows for this payment");
  return db.transaction('rw', [db.sales, db.device, db.outbox], async () => {
    const sale = await db.sales.get(input.saleId);
    if (!sale) throw new QrisCheckError('sale-gone', 'the sale is not on this device');
    const payment = sale.payments.find((p) => p.id === input.paymentId);
    if (!payment || payment.method !== 'qris' || payment.awaitingConfirmation !== true) throw new QrisCheckError('not-awaiting', 'this payment is not a QRIS payment awaiting confirmation');
    // Another tab may have answered it since the list was read.
    if ((sale.qrisChecks ?? []).some((c) => c.paymentId === payment.id)) throw new QrisCheckError('already-checked', 'this payment was already confirmed or disputed');
    const id = uuidv7(now);
    const payload: PaymentConfirmPayload = {
      id,
      saleId: sale.id,
      paymentId: payment.id,
      outletId: sale.outletId,
      outcome: input.outcome,
      reference: reference === '' ? null : reference,
      note: input.note.trim(),
      by: input.by.id,
      createdAt: now,
    };
    await queueMutation(db, 'payment.confirm', payload, { id, deviceTime: now });
    const row: QrisCheckRow = {
      id,
      paymentId: payment.id,
      outcome: input.outcome,
      reference: payload.reference,
      note: payload.note,
      by: input.by.id,
      byName: input.by.name,
      createdAt: now,
      sync: 'pending',
      syncNote: null,
    };
    await db.sales.update(sale.id, { qrisChecks: [...(sale.qrisChecks ?? []), row] });
    return row;
  });
}
