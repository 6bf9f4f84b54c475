// The Kas Masuk / Kas Keluar reasons a pull brings, kept apart from the shift
// screens' repo: the pull runs on the counter's first download, the shift
// screens load later.
import type { CashReason } from '../../protocol/shift.ts';
import type { KasirDb } from './database.ts';

/** The reasons a pull brought: the whole list, replacing what the device held (the server sends it whole). */
export async function storePulledCashReasons(db: KasirDb, reasons: readonly CashReason[]): Promise<void> {
  // An empty list is a server from before cash reasons were pulled: keep what is here.
  if (reasons.length === 0) return;
  await db.transaction('rw', db.cashReasons, async () => {
    await db.cashReasons.clear();
    await db.cashReasons.bulkPut(reasons.map((r) => ({ ...r })));
  });
}
