// The outbox: pending -> inflight -> acked | rejected (sync rule 5). Rows are
// kept after acknowledgement so a server restored from backup can be refilled.
import Dexie from 'dexie';
import { uuidv7 } from '../../domain/id.ts';
import { loadDeviceWire, loadedDeviceWire } from '../../protocol/device-wire-loader.ts';
import type { MutationEnvelope, MutationResult, MutationType, PayloadOf } from '../../protocol/schemas.ts';
import type { KasirDb } from './database.ts';
import { answerOf, bookAnswer, bookResend, noEffects, type Effects } from './mutation-kinds.ts';
import type { OutboxRow, SaleRow } from './schema.ts';
import type { WirePushProblem } from '../../protocol/push-problems.ts';

export interface QueueOptions {
  /** The mutation's id; a new UUIDv7 when absent. */
  id?: string;
  /** Device clock, epoch ms. */
  deviceTime: number;
  /** The sale a 'sale.record' carries, so its answer finds the sale row. */
  saleId?: string | null;
}

/**
 * The one writer of the outbox: every local act that must reach the server
 * is queued here, with the device's next seq (sync rule 1: no other code
 * assigns one). It runs inside the caller's rw transaction over device and
 * outbox (with whatever the act records), so the seq, the row and the act
 * commit together or not at all. The payload is parsed with its kind's wire
 * schema first: what the server will refuse is refused here, before any
 * write.
 */
export async function queueMutation<K extends MutationType>(db: KasirDb, type: K, payload: PayloadOf<K>, opts: QueueOptions): Promise<OutboxRow> {
  const tx = Dexie.currentTransaction;
  if (!tx || tx.mode !== 'readwrite' || !tx.storeNames.includes('device') || !tx.storeNames.includes('outbox')) {
    throw new Error(`queueMutation(${type}) must run inside a rw transaction over device and outbox`);
  }
  // The schemas load after the first screen (the counter warms them); a sale made before they arrive
  // keeps its transaction alive while they come from the precache, rather than letting it commit half done.
  const { MUTATIONS } = loadedDeviceWire() ?? (await Dexie.waitFor(loadDeviceWire()));
  const parsed = MUTATIONS[type].payload.parse(payload);
  const device = await db.device.get('self');
  if (!device) throw new Error('device identity missing; restart the app');
  const seq = device.nextSeq;
  await db.device.update('self', { nextSeq: seq + 1 });
  const row: OutboxRow = {
    seq,
    id: opts.id ?? uuidv7(opts.deviceTime),
    type,
    payload: parsed,
    deviceTime: opts.deviceTime,
    status: 'pending',
    attempts: 0,
    result: null,
    resultStatus: null,
    saleId: opts.saleId ?? null,
  };
  await db.outbox.add(row);
  return row;
}

/** Writes what a batch of answers (or resends) did to sales, returns and stock events, in bulk. */
async function applyEffects(db: KasirDb, fx: Effects): Promise<void> {
  await db.sales.bulkUpdate(fx.sales.map((x) => ({ key: x.saleId, changes: { sync: x.sync, syncNote: x.note, syncProblem: x.problem } })));
  // 'applied' too: a refused stock document's events stop counting as the device's own.
  for (const state of ['acked', 'pending', 'applied'] as const) {
    const saleIds = fx.saleEvents.filter((x) => x.state === state).flatMap((x) => x.saleIds);
    if (saleIds.length > 0) await db.stockEvents.where('saleId').anyOf(saleIds).and((e) => e.reason === 'sale').modify({ state });
    const ids = fx.events.filter((x) => x.state === state).flatMap((x) => x.ids);
    if (ids.length > 0) await db.stockEvents.where('id').anyOf(ids).modify({ state });
  }
  for (const r of fx.returns) {
    await db.sales
      .where('id')
      .equals(r.saleId)
      .modify((sale: SaleRow) => {
        sale.returns = (sale.returns ?? []).map((x) => (x.id === r.returnId ? { ...x, sync: r.sync, syncNote: r.note, syncProblem: r.problem } : x));
      });
  }
  for (const c of fx.checks) {
    await db.sales
      .where('id')
      .equals(c.saleId)
      .modify((sale: SaleRow) => {
        sale.qrisChecks = (sale.qrisChecks ?? []).map((x) => (x.id === c.checkId ? { ...x, sync: c.sync, syncNote: c.note, syncProblem: c.problem } : x));
      });
  }
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

/**
 * Records the server's answers; each row's kind says what follows for the
 * rows it wrote (its sale, its return, their stock events), in the same
 * transaction. Bulk reads and writes: a batch of 500 answers is a handful of
 * IndexedDB requests, not thousands.
 */
export async function applyResults(db: KasirDb, results: readonly MutationResult[]): Promise<void> {
  if (results.length === 0) return;
  await db.transaction('rw', [db.outbox, db.sales, db.stockEvents], async () => {
    const rows = await db.outbox.bulkGet(results.map((r) => r.seq));
    const outboxChanges: { key: number; changes: Partial<OutboxRow> }[] = [];
    const fx = noEffects();
    results.forEach((r, i) => {
      const row = rows[i];
      if (!row || row.id !== r.id) return;
      const answer = answerOf(r);
      outboxChanges.push({ key: r.seq, changes: { status: answer.refused ? 'rejected' : 'acked', result: r.reason, problem: r.problem, resultStatus: r.status } });
      bookAnswer(row, answer, fx);
    });
    await db.outbox.bulkUpdate(outboxChanges);
    await applyEffects(db, fx);
  });
}

/**
 * The server lost rows we thought it had (restored from a backup): send every
 * row from `seq` on again, refused ones too, as each took a seq the server now
 * waits for. What they wrote counts as unsynced until answered.
 */
export async function resendFrom(db: KasirDb, seq: number): Promise<void> {
  await db.transaction('rw', [db.outbox, db.sales, db.stockEvents], async () => {
    const rows = await db.outbox.where('seq').aboveOrEqual(seq).and((r) => r.status !== 'pending').toArray();
    if (rows.length === 0) return;
    await db.outbox.bulkUpdate(rows.map((r) => ({ key: r.seq, changes: { status: 'pending' as const } })));
    const fx = noEffects();
    for (const row of rows) bookResend(row, fx);
    await applyEffects(db, fx);
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
  /** The server's words on the most recent refused or flagged sale (English; for rows answered before codes). */
  latestReason: string | null;
  /** The same as a code with flags, to word on the screen; null when the server sent none. */
  latestProblem: WirePushProblem | null;
  /** The lines of the flagged sale, so its flags name products rather than ids. */
  latestLines: readonly { id: string; productId: string; name: string }[];
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
  let latestProblem = lastRefused?.problem ?? null;
  let latestLines: SyncProblems['latestLines'] = [];
  if (latestReason === null && flagged > 0) {
    // Within one index key rows follow the primary key, a UUIDv7: the last is the newest.
    const sale = await db.sales.where('sync').equals('flagged').last();
    latestReason = sale?.syncNote ?? null;
    latestProblem = sale?.syncProblem ?? null;
    latestLines = sale?.lines.map((l) => ({ id: l.id, productId: l.productId, name: l.name })) ?? [];
  }
  return { rejected, flagged, latestReason, latestProblem, latestLines };
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
