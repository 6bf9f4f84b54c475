// Receipts brought back and QRIS payments awaiting confirmation, read back:
// a sale by its receipt number (to refund it on any device of its outlet),
// and the payments a supervisor must look at. A payment's state is read from
// every confirmation stored for it, so the order they arrived in (replayed,
// before the sale, from two tablets) never changes it: any dispute keeps it
// disputed, a confirmation with none settles it.
import type { Sale } from '../../domain/sale.ts';
import { storedFlags, type Flag } from '../../protocol/flags.ts';
import type { SaleVoidPayload } from '../../protocol/mutations/index.ts';
import type { QrisReviewItem, ReceiptLookupResponse } from '../../protocol/receipts.ts';
import { num, str, type Row, type SqlTx } from '../store/db.ts';
import { selectIn } from '../store/sql.ts';
import type { Store } from '../store/store.ts';

/** The sales of `receiptNo` (of `outletId` when given: a device's or a supervisor's own outlet), with their returns. */
export async function salesByReceipt(store: Store, receiptNo: string, outletId: string | null): Promise<ReceiptLookupResponse> {
  return store.db.tx(async (tx) => {
    const rows = await tx.all(
      `SELECT id, received_at, flags, body FROM sales WHERE receipt_no = ?${outletId === null ? '' : ' AND outlet_id = ?'} ORDER BY received_at, id LIMIT 20`,
      [receiptNo, ...(outletId === null ? [] : [outletId])],
    );
    const ids = rows.map((r) => str(r.id));
    const returns = ids.length === 0 ? [] : await selectIn(tx, 'SELECT sale_id, body FROM sale_returns WHERE sale_id IN', ids);
    const disputes = await disputeFlagsOf(tx, ids);
    return {
      sales: rows.map((r) => ({
        sale: JSON.parse(str(r.body)) as Sale,
        receivedAt: num(r.received_at),
        flags: [...storedFlags(str(r.flags)), ...(disputes.get(str(r.id)) ?? [])],
        returns: returns
          .filter((x) => str(x.sale_id) === str(r.id))
          .map((x) => JSON.parse(str(x.body)) as SaleVoidPayload)
          .sort((a, b) => a.createdAt - b.createdAt),
      })),
    };
  });
}

/** The 'qris-disputed' flags each sale's disputes carry: a dispute flags its sale wherever the sale is read for review. */
export async function disputeFlagsOf(tx: SqlTx, saleIds: readonly string[]): Promise<Map<string, Flag[]>> {
  const out = new Map<string, Flag[]>();
  if (saleIds.length === 0) return out;
  const rows = await selectIn(tx, "SELECT sale_id, flags FROM payment_confirmations WHERE outcome = 'disputed' AND sale_id IN", saleIds);
  for (const r of rows) {
    const flags = storedFlags(str(r.flags)).filter((f) => f.kind === 'qris-disputed');
    out.set(str(r.sale_id), [...(out.get(str(r.sale_id)) ?? []), ...flags]);
  }
  return out;
}

/** Sales with a dispute stored against one of their payments: flagged for review even if the sale itself was clean. */
export const DISPUTED_SALE_IDS = "SELECT c.sale_id FROM payment_confirmations c WHERE c.outcome = 'disputed'";

const OPEN_SALE = (saleId: string): string => `NOT EXISTS (SELECT 1 FROM flag_resolutions r WHERE r.subject_kind = 'sale' AND r.subject_id = ${saleId})`;

/**
 * Awaiting (no answer yet) and disputed QRIS payments of an outlet (or all),
 * oldest first; a disputed one leaves the list when its sale's flag is
 * resolved. Confirmations whose sale has not arrived are listed by what they say.
 */
export async function qrisForReview(tx: SqlTx, outletId: string | null, limit: number): Promise<QrisReviewItem[]> {
  const outlet = outletId === null ? '' : ' AND a.outlet_id = ?';
  const only = outletId === null ? [] : [outletId];
  const awaiting = await tx.all(
    `SELECT a.payment_id, a.sale_id, a.outlet_id, a.amount, a.received_at, s.receipt_no FROM payment_awaiting a LEFT JOIN sales s ON s.id = a.sale_id
     WHERE (NOT EXISTS (SELECT 1 FROM payment_confirmations c WHERE c.payment_id = a.payment_id)
        OR EXISTS (SELECT 1 FROM payment_confirmations c WHERE c.payment_id = a.payment_id AND c.outcome = 'disputed'))
       AND ${OPEN_SALE('a.sale_id')}${outlet}
     ORDER BY a.received_at, a.payment_id LIMIT ?`,
    [...only, limit],
  );
  // A dispute that came before its sale: nothing else would show it.
  const orphans = await tx.all(
    `SELECT c.payment_id, c.sale_id, c.outlet_id, NULL AS amount, NULL AS received_at, NULL AS receipt_no FROM payment_confirmations c
     WHERE c.outcome = 'disputed' AND NOT EXISTS (SELECT 1 FROM payment_awaiting a WHERE a.payment_id = c.payment_id)
       AND ${OPEN_SALE('c.sale_id')}${outletId === null ? '' : ' AND c.outlet_id = ?'}
     ORDER BY c.received_at, c.id LIMIT ?`,
    [...only, limit],
  );
  const heads = new Map<string, Row>();
  for (const r of [...awaiting, ...orphans]) if (!heads.has(str(r.payment_id))) heads.set(str(r.payment_id), r);
  if (heads.size === 0) return [];
  const confirmations = await selectIn(
    tx,
    'SELECT id, payment_id, outcome, reference, note, by_user, device_id, created_at, received_at FROM payment_confirmations WHERE payment_id IN',
    [...heads.keys()],
  );
  return [...heads.values()].map((r): QrisReviewItem => {
    const mine = confirmations
      .filter((c) => str(c.payment_id) === str(r.payment_id))
      .map((c) => ({
        id: str(c.id),
        outcome: str(c.outcome) === 'disputed' ? ('disputed' as const) : ('confirmed' as const),
        reference: c.reference === null ? null : str(c.reference),
        note: str(c.note),
        by: str(c.by_user),
        deviceId: str(c.device_id),
        createdAt: num(c.created_at),
        receivedAt: num(c.received_at),
      }))
      .sort((a, b) => a.receivedAt - b.receivedAt || a.id.localeCompare(b.id));
    return {
      paymentId: str(r.payment_id),
      saleId: str(r.sale_id),
      outletId: str(r.outlet_id),
      receiptNo: r.receipt_no === null ? null : str(r.receipt_no),
      amount: r.amount === null ? null : num(r.amount),
      state: mine.some((c) => c.outcome === 'disputed') ? 'disputed' : 'awaiting',
      saleReceivedAt: r.received_at === null ? null : num(r.received_at),
      confirmations: mine,
    };
  });
}
