// The outbox: pending -> inflight -> acked | rejected (sync rule 5). Rows are
// kept after acknowledgement so a server restored from backup can be refilled.
import type { MutationEnvelope, MutationResult, MutationType } from '../../protocol/schemas.ts';
import type { KasirDb } from './database.ts';
import type { OutboxRow, SaleRow, SaleSyncState } from './schema.ts';

/**
 * Queues a mutation with the device's next seq. Call it inside a rw
 * transaction over device and outbox (with whatever the mutation records),
 * so the seq, the row and the act commit together or not at all.
 */
export async function appendToOutbox(db: KasirDb, type: MutationType, id: string, payload: unknown, deviceTime: number, saleId: string | null = null): Promise<number> {
  const device = await db.device.get('self');
  if (!device) throw new Error('device identity missing; restart the app');
  const seq = device.nextSeq;
  await db.device.update('self', { nextSeq: seq + 1 });
  await db.outbox.add({ seq, id, type, payload, deviceTime, status: 'pending', attempts: 0, result: null, resultStatus: null, saleId });
  return seq;
}

/** What a 'sale.void' row needs for its bookkeeping; the payload was parsed with the wire schema when queued. */
interface VoidRef {
  id: string;
  saleId: string;
  stockEventIds: string[];
}

function voidRefOf(row: OutboxRow): VoidRef | null {
  if (row.type !== 'sale.void') return null;
  const p = row.payload;
  if (typeof p !== 'object' || p === null || !('id' in p) || !('saleId' in p) || !('stockEvents' in p)) return null;
  const { id, saleId, stockEvents } = p;
  if (typeof id !== 'string' || typeof saleId !== 'string' || !Array.isArray(stockEvents)) return null;
  const stockEventIds = stockEvents.flatMap((e: unknown) => (typeof e === 'object' && e !== null && 'id' in e && typeof e.id === 'string' ? [e.id] : []));
  return { id, saleId, stockEventIds };
}

/** Sets the state of one return on its sale; the sale's own state is the 'sale.record' row's. */
async function setReturnState(db: KasirDb, ref: VoidRef, sync: SaleSyncState, syncNote: string | null): Promise<void> {
  await db.sales
    .where('id')
    .equals(ref.saleId)
    .modify((sale: SaleRow) => {
      sale.returns = (sale.returns ?? []).map((r) => (r.id === ref.id ? { ...r, sync, syncNote } : r));
    });
}

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

/**
 * Records the server's answers; the sale and its stock events follow in the
 * same transaction. Bulk reads and writes: a batch of 500 answers is a handful
 * of IndexedDB requests, not thousands.
 */
export async function applyResults(db: KasirDb, results: readonly MutationResult[]): Promise<void> {
  if (results.length === 0) return;
  await db.transaction('rw', [db.outbox, db.sales, db.stockEvents], async () => {
    const rows = await db.outbox.bulkGet(results.map((r) => r.seq));
    const outboxChanges: { key: number; changes: Partial<OutboxRow> }[] = [];
    const saleChanges: { key: string; changes: { sync: SaleSyncState; syncNote: string | null } }[] = [];
    const ackedSales: string[] = [];
    const ackedEvents: string[] = [];
    const returns: { ref: VoidRef; sync: SaleSyncState; note: string | null }[] = [];
    results.forEach((r, i) => {
      const row = rows[i];
      if (!row || row.id !== r.id) return;
      const refused = r.status === 'rejected' || r.status === 'conflict';
      outboxChanges.push({ key: r.seq, changes: { status: refused ? 'rejected' : 'acked', result: r.reason, resultStatus: r.status } });
      if (row.saleId) {
        saleChanges.push({ key: row.saleId, changes: { sync: SALE_STATE[r.status], syncNote: r.reason } });
        if (!refused) ackedSales.push(row.saleId);
      }
      const ref = voidRefOf(row);
      if (ref) {
        returns.push({ ref, sync: SALE_STATE[r.status], note: r.reason });
        if (!refused) ackedEvents.push(...ref.stockEventIds);
      }
    });
    await db.outbox.bulkUpdate(outboxChanges);
    await db.sales.bulkUpdate(saleChanges);
    // Only the sale's own events: its returns share the saleId but are acked with their own mutation.
    if (ackedSales.length > 0) await db.stockEvents.where('saleId').anyOf(ackedSales).and((e) => e.reason === 'sale').modify({ state: 'acked' });
    if (ackedEvents.length > 0) await db.stockEvents.where('id').anyOf(ackedEvents).modify({ state: 'acked' });
    for (const x of returns) await setReturnState(db, x.ref, x.sync, x.note);
  });
}

/**
 * The server lost rows we thought it had (restored from a backup): send every
 * row from `seq` on again, refused ones too, as each took a seq the server now
 * waits for. Their sales and stock deltas count as unsynced until answered.
 */
export async function resendFrom(db: KasirDb, seq: number): Promise<void> {
  await db.transaction('rw', [db.outbox, db.sales, db.stockEvents], async () => {
    const rows = await db.outbox.where('seq').aboveOrEqual(seq).and((r) => r.status !== 'pending').toArray();
    if (rows.length === 0) return;
    await db.outbox.bulkUpdate(rows.map((r) => ({ key: r.seq, changes: { status: 'pending' as const } })));
    const saleIds = rows.flatMap((r) => (r.saleId ? [r.saleId] : []));
    if (saleIds.length > 0) {
      await db.sales.where('id').anyOf(saleIds).modify({ sync: 'pending', syncNote: null });
      await db.stockEvents.where('saleId').anyOf(saleIds).and((e) => e.reason === 'sale').modify({ state: 'pending' });
    }
    for (const ref of rows.flatMap((r) => voidRefOf(r) ?? [])) {
      await setReturnState(db, ref, 'pending', null);
      if (ref.stockEventIds.length > 0) await db.stockEvents.where('id').anyOf(ref.stockEventIds).modify({ state: 'pending' });
    }
  });
}

/** The highest seq the server has answered for (acked or refused): it must hold at least this much. */
export async function highestTakenSeq(db: KasirDb): Promise<number> {
  const [acked, rejected] = await Promise.all([
    db.outbox.where('[status+seq]').between(['acked', -Infinity], ['acked', Infinity]).last(),
    db.outbox.where('[status+seq]').between(['rejected', -Infinity], ['rejected', Infinity]).last(),
  ]);
  return Math.max(acked?.seq ?? 0, rejected?.seq ?? 0);
}

export async function unsyncedCount(db: KasirDb): Promise<number> {
  const [p, i] = await Promise.all([
    db.outbox.where('[status+seq]').between(['pending', -Infinity], ['pending', Infinity]).count(),
    db.outbox.where('[status+seq]').between(['inflight', -Infinity], ['inflight', Infinity]).count(),
  ]);
  return p + i;
}

/** The unsynced row waiting longest; reads two index entries, not the whole queue. */
export async function oldestUnsynced(db: KasirDb): Promise<OutboxRow | undefined> {
  const [pending, inflight] = await Promise.all([
    db.outbox.where('[status+seq]').between(['pending', -Infinity], ['pending', Infinity]).first(),
    db.outbox.where('[status+seq]').between(['inflight', -Infinity], ['inflight', Infinity]).first(),
  ]);
  if (!pending) return inflight;
  if (!inflight) return pending;
  return pending.seq < inflight.seq ? pending : inflight;
}

export interface SyncProblems {
  /** Sales the server refused: kept here, to be exported for the admin. */
  rejected: number;
  /** Sales the server stored but a supervisor must look at. */
  flagged: number;
  /** The server's words on the most recent refused or flagged sale. */
  latestReason: string | null;
}

export async function syncProblems(db: KasirDb): Promise<SyncProblems> {
  const [rejected, flagged, lastRefused] = await Promise.all([
    // Outbox rows, not sales: a refused void, refund or cart void is as much
    // the cashier's business as a refused sale.
    db.outbox.where('[status+seq]').between(['rejected', -Infinity], ['rejected', Infinity]).count(),
    db.sales.where('sync').equals('flagged').count(),
    db.outbox.where('[status+seq]').between(['rejected', -Infinity], ['rejected', Infinity]).last(),
  ]);
  let latestReason = lastRefused?.result ?? null;
  if (latestReason === null && flagged > 0) {
    // Within one index key rows follow the primary key, a UUIDv7: the last is the newest.
    latestReason = (await db.sales.where('sync').equals('flagged').last())?.syncNote ?? null;
  }
  return { rejected, flagged, latestReason };
}

const LAST_SYNC_KEY = 'lastSyncAt';

/** Kept in the database so "last sync" survives a reload and is shared by tabs. */
export async function recordSyncSuccess(db: KasirDb, at: number): Promise<void> {
  await db.settings.put({ key: LAST_SYNC_KEY, value: at });
}

export async function lastSyncSuccess(db: KasirDb): Promise<number | null> {
  const row = await db.settings.get(LAST_SYNC_KEY);
  return typeof row?.value === 'number' ? row.value : null;
}

/** Stock events acknowledged by the server but not yet reflected in a pulled level. */
export async function ackedStockEventIds(db: KasirDb): Promise<string[]> {
  return (await db.stockEvents.where('state').equals('acked').primaryKeys()) as string[];
}

export interface SyncSummary {
  /** Pending and inflight rows: sales the server has not acknowledged. */
  unsynced: number;
  /** Device time of the oldest of them, for "oldest 2 h ago". */
  oldestUnsyncedAt: number | null;
  /** Everything an export would hold: unsynced plus refused rows. */
  exportable: number;
  problems: SyncProblems;
  lastSyncAt: number | null;
}

/** What the sync status shows, in one read transaction so the numbers agree with each other. */
export async function syncSummary(db: KasirDb): Promise<SyncSummary> {
  return db.transaction('r', [db.outbox, db.sales, db.settings], async () => {
    const [unsynced, oldest, refusedRows, problems, lastSyncAt] = await Promise.all([
      unsyncedCount(db),
      oldestUnsynced(db),
      db.outbox.where('[status+seq]').between(['rejected', -Infinity], ['rejected', Infinity]).count(),
      syncProblems(db),
      lastSyncSuccess(db),
    ]);
    return { unsynced, oldestUnsyncedAt: oldest?.deviceTime ?? null, exportable: unsynced + refusedRows, problems, lastSyncAt };
  });
}
