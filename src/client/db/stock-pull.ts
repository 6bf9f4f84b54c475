// What a pull brings of stock documents, on its own so the catalog's pull
// (in the counter's first download) does not carry the stock acts with it.
import type { AdjustReason, TransferDoc } from '../../protocol/stock.ts';
import type { KasirDb } from './database.ts';
import type { TransferRow } from './schema.ts';

/**
 * The transfers and reasons a first page of a pull brings. Transfers come
 * whole: one this device made or received and the server does not list yet
 * (not synced) is kept as it is here.
 */
export async function storePulledStock(db: KasirDb, transfers: readonly TransferDoc[], reasons: readonly AdjustReason[], full: boolean): Promise<void> {
  await db.transaction('rw', db.transfers, db.adjustReasons, async () => {
    if (full) await db.adjustReasons.clear();
    await db.adjustReasons.bulkPut([...reasons]);
    const known = new Map((await db.transfers.toArray()).map((t) => [t.id, t]));
    const listed = new Set(transfers.map((t) => t.id));
    const rows: TransferRow[] = transfers.map((t) => {
      const mine = known.get(t.id);
      // Received here but not yet on the server: the pull's 'sent' is older than what this device did.
      if (mine && mine.local === 'received-here' && t.state === 'sent') return mine;
      return { ...t, local: 'pulled', ...(mine?.scanned ? { scanned: mine.scanned } : {}) };
    });
    await db.transfers.bulkPut(rows);
    // Pulled ones the server no longer lists are closed long ago; this device's own wait for their sync.
    const stale = [...known.values()].filter((t) => !listed.has(t.id) && t.local === 'pulled').map((t) => t.id);
    if (stale.length > 0) await db.transfers.bulkDelete(stale);
  });
}
