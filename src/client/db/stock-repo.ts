// Stock acts on this device: goods received from a producer, transfers sent
// and received, adjustments, stock takes. Each is one transaction that writes
// its stock events (pending until the server answers, sync rule 13), its
// document row where it has one, and its mutation in the outbox, so it is
// kept offline and sent like a sale.
import Dexie from 'dexie';
import type { Approval } from '../../domain/approval.ts';
import { uuidv7 } from '../../domain/id.ts';
import { BUILTIN_ADJUST_REASONS, countVariance, movedAfter, nettedCount, type CountScope } from '../../domain/stock.ts';
import type { MutationType, StockAdjustPayload, StockCountPayload, StockReceivePayload, TransferReceivePayload, TransferSendPayload } from '../../protocol/schemas.ts';
import type { AdjustReason } from '../../protocol/stock.ts';
import { stockOf } from './catalog-repo.ts';
import type { KasirDb } from './database.ts';
import { queueMutation } from './outbox-repo.ts';
import type { CountRow, OutboxStatus, StockDocRef, StockEventRow, TransferRow } from './schema.ts';

const events = (outletId: string, lines: readonly { stockEventId: string; productId: string; delta: number }[], reason: StockEventRow['reason'], doc: StockDocRef, now: number): StockEventRow[] =>
  lines.map((l) => ({ id: l.stockEventId, productId: l.productId, outletId, delta: l.delta, reason, saleId: null, state: 'pending', createdAt: now, doc }));

// ---------------------------------------------------------------- receive

export interface ReceiveInput {
  outletId: string;
  producerId: string;
  noteNo: string;
  by: string;
  lines: readonly { productId: string; qty: number; unitCost: number }[];
  now?: number;
}

export async function receiveGoods(db: KasirDb, input: ReceiveInput): Promise<StockReceivePayload> {
  const now = input.now ?? Date.now();
  const payload: StockReceivePayload = {
    id: uuidv7(now),
    outletId: input.outletId,
    producerId: input.producerId,
    noteNo: input.noteNo.trim(),
    by: input.by,
    createdAt: now,
    lines: input.lines.map((l) => ({ stockEventId: uuidv7(now), productId: l.productId, qty: l.qty, unitCost: l.unitCost })),
  };
  const doc: StockDocRef = { kind: 'receipt', id: payload.id, ref: payload.noteNo, by: input.by };
  await db.transaction('rw', [db.device, db.outbox, db.stockEvents], async () => {
    await queueMutation(db, 'stock.receive', payload, { id: payload.id, deviceTime: now });
    await db.stockEvents.bulkAdd(events(input.outletId, payload.lines.map((l) => ({ ...l, delta: l.qty })), 'receive', doc, now));
  });
  return payload;
}

// ----------------------------------------------------------------- adjust

export interface AdjustInput {
  outletId: string;
  reason: string;
  note: string;
  by: string;
  lines: readonly { productId: string; delta: number }[];
  approval: Approval | null;
  now?: number;
}

export async function adjustStock(db: KasirDb, input: AdjustInput): Promise<StockAdjustPayload> {
  const now = input.now ?? Date.now();
  const payload: StockAdjustPayload = {
    id: uuidv7(now),
    outletId: input.outletId,
    reason: input.reason,
    note: input.note.trim(),
    by: input.by,
    createdAt: now,
    lines: input.lines.map((l) => ({ stockEventId: uuidv7(now), productId: l.productId, delta: l.delta })),
    approval: input.approval,
  };
  const doc: StockDocRef = { kind: 'adjustment', id: payload.id, ref: payload.reason, by: input.by };
  await db.transaction('rw', [db.device, db.outbox, db.stockEvents], async () => {
    await queueMutation(db, 'stock.adjust', payload, { id: payload.id, deviceTime: now });
    await db.stockEvents.bulkAdd(events(input.outletId, payload.lines, 'adjust', doc, now));
  });
  return payload;
}

// -------------------------------------------------------------- transfers

export interface SendInput {
  fromOutletId: string;
  toOutletId: string;
  note: string;
  by: string;
  lines: readonly { productId: string; qty: number }[];
  now?: number;
}

/** A transfer made and sent here: the lines leave this outlet as in transit. */
export async function sendTransfer(db: KasirDb, input: SendInput): Promise<TransferSendPayload> {
  const now = input.now ?? Date.now();
  const payload: TransferSendPayload = {
    id: uuidv7(now),
    fromOutletId: input.fromOutletId,
    toOutletId: input.toOutletId,
    note: input.note.trim(),
    by: input.by,
    createdAt: now,
    lines: input.lines.map((l) => ({ stockEventId: uuidv7(now), productId: l.productId, qty: l.qty })),
  };
  const row: TransferRow = {
    id: payload.id,
    fromOutletId: payload.fromOutletId,
    toOutletId: payload.toOutletId,
    state: 'sent',
    note: payload.note,
    sentBy: input.by,
    sentAt: now,
    lines: input.lines.map((l) => ({ productId: l.productId, qty: l.qty })),
    received: null,
    local: 'sent-here',
  };
  const doc: StockDocRef = { kind: 'transfer', id: payload.id, ref: input.toOutletId, by: input.by };
  await db.transaction('rw', [db.device, db.outbox, db.stockEvents, db.transfers], async () => {
    await queueMutation(db, 'transfer.send', payload, { id: payload.id, deviceTime: now });
    await db.stockEvents.bulkAdd(events(input.fromOutletId, payload.lines.map((l) => ({ ...l, delta: -l.qty })), 'transfer_out', doc, now));
    await db.transfers.put(row);
  });
  return payload;
}

/** Transfers on their way to `outletId`, oldest first: what this outlet can receive. */
export async function incomingTransfers(db: KasirDb, outletId: string): Promise<TransferRow[]> {
  const rows = await db.transfers.where('toOutletId').equals(outletId).toArray();
  return rows.filter((t) => t.state === 'sent').sort((a, b) => a.sentAt - b.sentAt);
}

/** Transfers from or to `outletId`, newest first. */
export async function transfersOf(db: KasirDb, outletId: string): Promise<TransferRow[]> {
  const [to, from] = await Promise.all([db.transfers.where('toOutletId').equals(outletId).toArray(), db.transfers.where('fromOutletId').equals(outletId).toArray()]);
  return [...to, ...from].sort((a, b) => b.sentAt - a.sentAt);
}

/** One more piece (or `qty`) of a product scanned into a transfer being received; kept across reloads. */
export async function scanIntoTransfer(db: KasirDb, transferId: string, productId: string, qty = 1): Promise<void> {
  await db.transaction('rw', db.transfers, async () => {
    const t = await db.transfers.get(transferId);
    if (!t || t.state !== 'sent') return;
    const scanned = [...(t.scanned ?? [])];
    const at = scanned.findIndex((l) => l.productId === productId);
    const next = Math.max(0, (scanned[at]?.qty ?? 0) + qty);
    if (at < 0) scanned.push({ productId, qty: next });
    else scanned[at] = { productId, qty: next };
    await db.transfers.update(transferId, { scanned: scanned.filter((l) => l.qty > 0) });
  });
}

/** Sets the scanned quantity of a product (typed rather than scanned). */
export async function setScanned(db: KasirDb, transferId: string, productId: string, qty: number): Promise<void> {
  await db.transaction('rw', db.transfers, async () => {
    const t = await db.transfers.get(transferId);
    if (!t || t.state !== 'sent') return;
    const rest = (t.scanned ?? []).filter((l) => l.productId !== productId);
    await db.transfers.update(transferId, { scanned: qty > 0 ? [...rest, { productId, qty }] : rest });
  });
}

export class StockActRefused extends Error {
  override name = 'StockActRefused';
}

/** Receives what was scanned of an incoming transfer: the lines arrive here; the server flags a difference. */
export async function receiveTransfer(db: KasirDb, input: { transferId: string; outletId: string; by: string; note: string; now?: number }): Promise<TransferReceivePayload> {
  const now = input.now ?? Date.now();
  let payload: TransferReceivePayload | null = null;
  await db.transaction('rw', [db.device, db.outbox, db.stockEvents, db.transfers], async () => {
    const t = await db.transfers.get(input.transferId);
    if (!t || t.toOutletId !== input.outletId) throw new StockActRefused(`transfer ${input.transferId} is not on its way here`);
    if (t.state !== 'sent') throw new StockActRefused(`transfer ${input.transferId} was already received`);
    const scanned = (t.scanned ?? []).filter((l) => l.qty > 0);
    const p: TransferReceivePayload = {
      id: uuidv7(now),
      transferId: t.id,
      outletId: input.outletId,
      note: input.note.trim(),
      by: input.by,
      createdAt: now,
      lines: scanned.map((l) => ({ stockEventId: uuidv7(now), productId: l.productId, qty: l.qty })),
    };
    payload = p;
    const differs = scanned.length !== t.lines.length || t.lines.some((l) => scanned.find((s) => s.productId === l.productId)?.qty !== l.qty);
    await queueMutation(db, 'transfer.receive', p, { id: p.id, deviceTime: now });
    const doc: StockDocRef = { kind: 'transfer', id: t.id, ref: t.fromOutletId, by: input.by };
    await db.stockEvents.bulkAdd(events(input.outletId, p.lines.map((l) => ({ ...l, delta: l.qty })), 'transfer_in', doc, now));
    await db.transfers.update(t.id, {
      state: differs ? 'received-with-difference' : 'received',
      received: { by: input.by, at: now, lines: scanned },
      local: 'received-here',
    });
  });
  if (payload === null) throw new StockActRefused('not received');
  return payload;
}

// ------------------------------------------------------------ stock takes

export async function startCount(db: KasirDb, input: { outletId: string; scope: CountScope; by: string; now?: number; products?: readonly string[] }): Promise<CountRow> {
  const now = input.now ?? Date.now();
  const row: CountRow = { id: uuidv7(now), outletId: input.outletId, scope: input.scope, by: input.by, startedAt: now, state: 'open', lines: [], approvedAt: null };
  await db.stockCounts.add(row);
  return row;
}

export async function openCount(db: KasirDb, outletId: string): Promise<CountRow | undefined> {
  return (await db.stockCounts.where('state').equals('open').toArray()).find((c) => c.outletId === outletId);
}

/**
 * One scan adds a piece, a typed figure replaces the count; either way the
 * product's `countedAt` moves to now, as the shelf is as seen now.
 */
export async function recordCount(db: KasirDb, countId: string, productId: string, change: { add: number } | { set: number }, now = Date.now()): Promise<void> {
  await db.transaction('rw', db.stockCounts, async () => {
    const c = await db.stockCounts.get(countId);
    if (!c || c.state !== 'open') return;
    const lines = [...c.lines];
    const at = lines.findIndex((l) => l.productId === productId);
    const before = lines[at]?.counted ?? 0;
    const counted = Math.max(0, 'add' in change ? before + change.add : change.set);
    const line = { productId, counted, countedAt: now };
    if (at < 0) lines.push(line);
    else lines[at] = line;
    await db.stockCounts.update(countId, { lines });
  });
}

export async function abandonCount(db: KasirDb, countId: string): Promise<void> {
  await db.stockCounts.update(countId, { state: 'abandoned' });
}

export interface Variance {
  productId: string;
  counted: number;
  countedAt: number;
  /** What moved here after the product was counted (sales negative). */
  movedAfter: number;
  /** The count netted by those moves: the shelf now. */
  netted: number;
  /** The level this device shows now. */
  expected: number;
  variance: number;
}

/** Each counted product's netted figure against the level shown now (domain/stock.ts nettedCount). */
export async function countVariances(db: KasirDb, countId: string): Promise<Variance[]> {
  const c = await db.stockCounts.get(countId);
  if (!c) return [];
  const ids = c.lines.map((l) => l.productId);
  const wanted = new Set(ids);
  const [levels, moves] = await Promise.all([
    stockOf(db, c.outletId, ids),
    db.stockEvents
      .where('productId')
      .anyOf(ids)
      .filter((e) => e.outletId === c.outletId && wanted.has(e.productId))
      .toArray(),
  ]);
  return c.lines.map((l) => {
    const mine = moves.filter((e) => e.productId === l.productId).map((e) => ({ at: e.createdAt, delta: e.delta }));
    const expected = levels.get(l.productId) ?? 0;
    const netted = nettedCount(l.counted, l.countedAt, mine);
    return { productId: l.productId, counted: l.counted, countedAt: l.countedAt, movedAfter: movedAfter(l.countedAt, mine), netted, expected, variance: countVariance(expected, netted) };
  });
}

/**
 * A supervisor approved the count: it is queued with each product's netted
 * figure, and the levels shown here move to it at once (a 'count' event of
 * the variance; the server sets its own from its level).
 */
export async function approveCount(db: KasirDb, countId: string, approval: Approval, now = Date.now()): Promise<StockCountPayload> {
  const variances = await countVariances(db, countId);
  let payload: StockCountPayload | null = null;
  await db.transaction('rw', [db.device, db.outbox, db.stockEvents, db.stockCounts], async () => {
    const c = await db.stockCounts.get(countId);
    if (!c || c.state !== 'open') throw new StockActRefused(`count ${countId} is not open`);
    if (variances.length === 0) throw new StockActRefused('nothing was counted');
    const lines = variances.map((v) => ({ stockEventId: uuidv7(now), productId: v.productId, counted: v.counted, countedAt: v.countedAt, movedAfter: v.movedAfter, expected: v.expected }));
    const p: StockCountPayload = { id: c.id, outletId: c.outletId, scope: c.scope, by: c.by, startedAt: c.startedAt, createdAt: now, lines, approval };
    payload = p;
    await queueMutation(db, 'stock.count', p, { id: uuidv7(now), deviceTime: now });
    const doc: StockDocRef = { kind: 'count', id: c.id, ref: c.scope.kind === 'full' ? '' : c.scope.category, by: c.by };
    const changed = lines.flatMap((l, i) => {
      const v = variances[i];
      return v && v.variance !== 0 ? [{ stockEventId: l.stockEventId, productId: l.productId, delta: v.variance }] : [];
    });
    await db.stockEvents.bulkAdd(events(c.outletId, changed, 'count', doc, now));
    await db.stockCounts.update(c.id, { state: 'approved', approvedAt: now });
  });
  if (payload === null) throw new StockActRefused('not approved');
  return payload;
}

/** The reasons offered: the pulled ones, and the built-in ones even before a pull brought them (every server has them). */
export async function activeReasons(db: KasirDb): Promise<AdjustReason[]> {
  const pulled = await db.adjustReasons.toArray();
  const builtin = BUILTIN_ADJUST_REASONS.filter((code) => !pulled.some((r) => r.code === code)).map((code) => ({ code, label: code, builtin: true, active: true }));
  return [...builtin, ...pulled].filter((r) => r.active).sort((a, b) => Number(b.builtin) - Number(a.builtin) || a.code.localeCompare(b.code));
}

// --------------------------------------------------------------- history

export const STOCK_KINDS = ['stock.receive', 'stock.adjust', 'transfer.send', 'transfer.receive', 'stock.count'] as const satisfies readonly MutationType[];

export interface QueuedStockAct {
  seq: number;
  type: (typeof STOCK_KINDS)[number];
  status: OutboxStatus;
  deviceTime: number;
  reason: string | null;
}

/** Stock acts this device queued, newest first, with the server's answer where it came (refusals included). */
export async function stockActs(db: KasirDb, limit = 100): Promise<QueuedStockAct[]> {
  const kinds = new Set<string>(STOCK_KINDS);
  const rows = await db.outbox.orderBy('seq').reverse().filter((r) => kinds.has(r.type)).limit(limit).toArray();
  return rows.map((r) => ({ seq: r.seq, type: r.type as QueuedStockAct['type'], status: r.status, deviceTime: r.deviceTime, reason: r.result }));
}

/** This device's stock events at the outlet the server has not reflected yet (sync rule 13), newest first. */
export async function pendingStockEvents(db: KasirDb, outletId: string): Promise<StockEventRow[]> {
  const rows = await db.stockEvents.where('state').anyOf(['pending', 'acked']).filter((e) => e.outletId === outletId).toArray();
  return rows.sort((a, b) => b.createdAt - a.createdAt);
}

// ------------------------------------------------------- for the screens

export async function allProducers(db: KasirDb) {
  return (await db.producers.toArray()).sort((a, b) => a.name.localeCompare(b.name, 'id'));
}

export async function productsByIds(db: KasirDb, ids: readonly string[]) {
  return db.products.bulkGet([...ids]);
}

/** Products this outlet shows below zero (the pulled level plus this device's own events): each fixed by a count. */
export async function negativeLevels(db: KasirDb, outletId: string): Promise<{ productId: string; name: string; level: number }[]> {
  const rows = await db.stockLevels
    .where('[outletId+productId]')
    .between([outletId, Dexie.minKey], [outletId, Dexie.maxKey])
    .filter((s) => s.level < 0)
    .toArray();
  if (rows.length === 0) return [];
  const shown = await stockOf(
    db,
    outletId,
    rows.map((r) => r.productId),
  );
  const products = await db.products.bulkGet(rows.map((r) => r.productId));
  return rows.flatMap((r, i) => {
    const level = shown.get(r.productId) ?? r.level;
    return level < 0 ? [{ productId: r.productId, name: products[i]?.name ?? r.productId, level }] : [];
  });
}
