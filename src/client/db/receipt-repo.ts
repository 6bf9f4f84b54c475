// Sales found by receipt number, for a refund: among this device's own
// sales (offline), or brought from the server (another device's, or one this
// device no longer holds) and stored here so the refund is recorded offline
// like any other, in one transaction with its outbox row (void-repo.ts).
import { asReceiptNumber } from '../../domain/receipt-code.ts';
import type { ReceiptMatch } from '../../protocol/receipts.ts';
import type { KasirDb } from './database.ts';
import type { SaleReturnRow, SaleRow } from './schema.ts';

/** One sale on this device (its own or looked up), or null. */
export async function saleById(db: KasirDb, saleId: string | null): Promise<SaleRow | null> {
  return saleId === null ? null : ((await db.sales.get(saleId)) ?? null);
}

/** This device's sales (and sales looked up before) with this receipt number. */
export async function localSalesByReceipt(db: KasirDb, receiptNo: string): Promise<SaleRow[]> {
  const no = asReceiptNumber(receiptNo) ?? receiptNo.trim();
  return db.sales.where('receiptNo').equals(no).toArray();
}

/** A return the server holds, as the device keeps returns: acknowledged, by whoever made it. */
function serverReturnRow(r: ReceiptMatch['returns'][number]): SaleReturnRow {
  return {
    id: r.id,
    kind: r.kind,
    lines: r.lines,
    amount: r.amount,
    method: r.method,
    reason: r.reason,
    by: r.by,
    byName: '',
    approverName: '',
    approval: r.approval,
    createdAt: r.createdAt,
    sync: 'synced',
    syncNote: null,
  };
}

/**
 * Keeps a sale the server found: a new one as 'lookup' (not this device's
 * sale, never sent), and for one already here, the returns made on other
 * devices that this one has not seen, so a second refund of the same goods
 * is refused here too. Returns the stored row.
 */
export async function storeLookedUpSale(db: KasirDb, match: ReceiptMatch): Promise<SaleRow> {
  return db.transaction('rw', db.sales, async () => {
    const here = await db.sales.get(match.sale.id);
    const theirs = match.returns.map(serverReturnRow);
    if (!here) {
      const row: SaleRow = { ...match.sale, sync: match.flags.length > 0 ? 'flagged' : 'synced', syncNote: null, returns: theirs, origin: 'lookup' };
      await db.sales.add(row);
      return row;
    }
    const known = new Set((here.returns ?? []).map((r) => r.id));
    const returns = [...(here.returns ?? []), ...theirs.filter((r) => !known.has(r.id))].sort((a, b) => a.createdAt - b.createdAt);
    await db.sales.update(here.id, { returns });
    return { ...here, returns };
  });
}
