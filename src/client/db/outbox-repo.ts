// The outbox: pending -> inflight -> acked | rejected (sync rule 5). Rows are
// kept after acknowledgement so a server restored from backup can be refilled.
import type { MutationEnvelope, MutationResult } from '../../protocol/schemas.ts';
import type { KasirDb } from './database.ts';
import type { OutboxRow, SaleSyncState } from './schema.ts';

/** At start-up nothing is really in flight: a push that was cut off is sent again. */
export async function resetInflight(db: KasirDb): Promise<number> {
  return db.outbox.where('[status+seq]').between(['inflight', -Infinity], ['inflight', Infinity]).modify({ status: 'pending' });
}

export async function takeBatch(db: KasirDb, max: number): Promise<MutationEnvelope[]> {
  return db.transaction('rw', db.outbox, async () => {
    const rows = await db.outbox.where('[status+seq]').between(['pending', -Infinity], ['pending', Infinity]).limit(max).toArray();
    await db.outbox.bulkUpdate(rows.map((r) => ({ key: r.seq, changes: { status: 'inflight' as const, attempts: r.attempts + 1 } })));
    return rows.map((r) => ({ seq: r.seq, id: r.id, type: r.type, payload: r.payload, deviceTime: r.deviceTime }));
  });
}

export async function releaseInflight(db: KasirDb): Promise<void> {
  await resetInflight(db);
}

const SALE_STATE: Record<MutationResult['status'], SaleSyncState> = {
  applied: 'synced',
  duplicate: 'synced',
  flagged: 'flagged',
  rejected: 'rejected',
  conflict: 'rejected',
};

/** Records the server's answers; the sale and its stock events follow in the same transaction. */
export async function applyResults(db: KasirDb, results: readonly MutationResult[]): Promise<void> {
  if (results.length === 0) return;
  await db.transaction('rw', [db.outbox, db.sales, db.stockEvents], async () => {
    for (const r of results) {
      const row = await db.outbox.get(r.seq);
      if (!row || row.id !== r.id) continue;
      const refused = r.status === 'rejected' || r.status === 'conflict';
      await db.outbox.update(r.seq, { status: refused ? 'rejected' : 'acked', result: r.reason, resultStatus: r.status });
      if (row.saleId) {
        await db.sales.update(row.saleId, { sync: SALE_STATE[r.status], syncNote: r.reason });
        if (!refused) await db.stockEvents.where('saleId').equals(row.saleId).modify({ state: 'acked' });
      }
    }
  });
}

/** The server lost rows we thought it had (restored from a backup): send them again. */
export async function resendFrom(db: KasirDb, seq: number): Promise<void> {
  await db.outbox.where('seq').aboveOrEqual(seq).and((r) => r.status === 'acked' || r.status === 'inflight').modify({ status: 'pending' });
}

export async function unsyncedCount(db: KasirDb): Promise<number> {
  const [p, i] = await Promise.all([
    db.outbox.where('[status+seq]').between(['pending', -Infinity], ['pending', Infinity]).count(),
    db.outbox.where('[status+seq]').between(['inflight', -Infinity], ['inflight', Infinity]).count(),
  ]);
  return p + i;
}

export async function oldestUnsynced(db: KasirDb): Promise<OutboxRow | undefined> {
  const rows = await db.outbox
    .where('[status+seq]')
    .between(['inflight', -Infinity], ['pending', Infinity])
    .toArray();
  return rows.sort((a, b) => a.seq - b.seq)[0];
}

/** Stock events acknowledged by the server but not yet reflected in a pulled level. */
export async function ackedStockEventIds(db: KasirDb): Promise<string[]> {
  return (await db.stockEvents.where('state').equals('acked').primaryKeys()) as string[];
}
