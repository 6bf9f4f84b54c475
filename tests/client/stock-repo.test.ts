// Stock acts on the device: each writes its events and its outbox row in one
// transaction, shows at once in the levels, and follows the server's answer
// (acked until the pull brings the level; refused, it stops counting). A
// transfer pulled at the booth is received offline; a count is netted by the
// sales made after each product was counted.
import { afterEach, describe, expect, it } from 'vitest';
import { stockOf } from '../../src/client/db/catalog-repo.ts';
import type { KasirDb } from '../../src/client/db/database.ts';
import { bookAnswer, noEffects } from '../../src/client/db/mutation-kinds.ts';
import { storePulledStock } from '../../src/client/db/stock-pull.ts';
import {
  adjustStock,
  approveCount,
  countVariances,
  incomingTransfers,
  receiveGoods,
  receiveTransfer,
  recordCount,
  scanIntoTransfer,
  sendTransfer,
  startCount,
  stockActs,
} from '../../src/client/db/stock-repo.ts';
import type { Approval } from '../../src/domain/approval.ts';
import { createUser } from '../../src/server/accounts/accounts.ts';
import { freshDb, SUPERVISOR } from './harness.tsx';
import { FakeServer, OUTLET, productBySku, TestDevice } from './sync-harness.ts';

let db: KasirDb | null = null;
let server: FakeServer | null = null;
let device: TestDevice | null = null;
afterEach(async () => {
  await device?.destroy();
  await server?.close();
  if (db && !device) await db.delete();
  db = null;
  server = null;
  device = null;
});

const KOPI = productBySku('KOP-001');
const MADU = productBySku('MDU-002');
const level = async (d: KasirDb, productId: string, outletId = OUTLET) => (await stockOf(d, outletId, [productId])).get(productId);
const approval = (kind: Approval['kind'], by = SUPERVISOR.id): Approval => ({ id: `a-${kind}`, kind, approverId: by, requestedBy: by, at: Date.now(), lineId: null, detail: 'uji' });

describe('stock acts on the device', () => {
  it('goods received show in the level at once and are queued with one stock event per line', async () => {
    db = await freshDb();
    const before = await level(db, KOPI.id);
    const p = await receiveGoods(db, { outletId: OUTLET, producerId: KOPI.producerId, noteNo: ' NT-7 ', by: SUPERVISOR.id, lines: [{ productId: KOPI.id, qty: 24, unitCost: 40_000 }] });
    expect(await level(db, KOPI.id)).toBe((before ?? 0) + 24);
    const [row] = await db.outbox.toArray();
    expect(row).toMatchObject({ type: 'stock.receive', id: p.id, status: 'pending', payload: { noteNo: 'NT-7' } });
    expect(await db.stockEvents.get(p.lines[0]?.stockEventId ?? '')).toMatchObject({ reason: 'receive', delta: 24, state: 'pending', doc: { kind: 'receipt', ref: 'NT-7' } });
    expect((await stockActs(db)).map((a) => [a.type, a.status])).toEqual([['stock.receive', 'pending']]);
  });

  it('the wire refuses what the server would, before anything is written', async () => {
    db = await freshDb();
    await expect(adjustStock(db, { outletId: OUTLET, reason: 'Rusak Berat', note: '', by: SUPERVISOR.id, lines: [{ productId: KOPI.id, delta: -1 }], approval: null })).rejects.toThrow(/reason code/);
    await expect(sendTransfer(db, { fromOutletId: OUTLET, toOutletId: OUTLET, note: '', by: SUPERVISOR.id, lines: [{ productId: KOPI.id, qty: 1 }] })).rejects.toThrow(/another outlet/);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.stockEvents.count()).toBe(0);
  });

  it('bookkeeping: acknowledged events wait for the pull, refused ones stop counting, resent ones count again', async () => {
    db = await freshDb();
    const before = await level(db, MADU.id);
    const p = await adjustStock(db, { outletId: OUTLET, reason: 'rusak', note: 'pecah', by: SUPERVISOR.id, lines: [{ productId: MADU.id, delta: -2 }], approval: null });
    const [row] = await db.outbox.toArray();
    if (!row) throw new Error('no outbox row');
    const fx = noEffects();
    bookAnswer(row, { sync: 'rejected', note: 'no', problem: null, refused: true }, fx);
    expect(fx.events).toEqual([{ ids: [p.lines[0]?.stockEventId], state: 'applied' }]);
    const ok = noEffects();
    bookAnswer(row, { sync: 'synced', note: null, problem: null, refused: false }, ok);
    expect(ok.events).toEqual([{ ids: [p.lines[0]?.stockEventId], state: 'acked' }]);
    expect(await level(db, MADU.id)).toBe((before ?? 0) - 2);
  });

  it('a pulled transfer is received offline by scanning, with its difference; received twice is refused', async () => {
    db = await freshDb();
    await storePulledStock(
      db,
      [{ id: 't-1', fromOutletId: 'booth-x', toOutletId: OUTLET, state: 'sent', note: '', sentBy: 'u-x', sentAt: 1, lines: [{ productId: KOPI.id, qty: 3 }, { productId: MADU.id, qty: 2 }], received: null }],
      [{ code: 'rusak', label: 'Rusak', builtin: true, active: true }],
      false,
    );
    expect((await incomingTransfers(db, OUTLET)).map((t) => t.id)).toEqual(['t-1']);
    const kopi = await level(db, KOPI.id);
    for (let i = 0; i < 3; i++) await scanIntoTransfer(db, 't-1', KOPI.id);
    await scanIntoTransfer(db, 't-1', MADU.id);
    const p = await receiveTransfer(db, { transferId: 't-1', outletId: OUTLET, by: SUPERVISOR.id, note: '' });
    expect(p.lines.map((l) => [l.productId, l.qty])).toEqual([
      [KOPI.id, 3],
      [MADU.id, 1],
    ]);
    expect(await level(db, KOPI.id)).toBe((kopi ?? 0) + 3);
    expect((await db.transfers.get('t-1'))?.state).toBe('received-with-difference');
    expect(await incomingTransfers(db, OUTLET)).toEqual([]);
    await expect(receiveTransfer(db, { transferId: 't-1', outletId: OUTLET, by: SUPERVISOR.id, note: '' })).rejects.toThrow(/already received/);
    // A later pull that still says 'sent' (the receipt not synced yet) does not open it again.
    await storePulledStock(db, [{ id: 't-1', fromOutletId: 'booth-x', toOutletId: OUTLET, state: 'sent', note: '', sentBy: 'u-x', sentAt: 1, lines: [], received: null }], [], false);
    expect((await db.transfers.get('t-1'))?.state).toBe('received-with-difference');
  });

  it('a count is netted by what sold after each product was counted, and approved it moves the level to the shelf', async () => {
    server = await FakeServer.create();
    const store = server.store;
    // The server knows the supervisor, so their count and its approval stand.
    const spv = await store.db.tx(async (tx) => (await createUser(tx, { username: 'lalu', name: 'Lalu Ahmad', role: 'supervisor', outletId: OUTLET, pin: null, passwordHash: null }, { at: Date.now() - 3_600_000, actorId: null })).id);
    device = await TestDevice.create(server);
    const d = device.db;
    const books = (await level(d, KOPI.id)) ?? 0;
    const c = await startCount(d, { outletId: OUTLET, scope: { kind: 'category', category: KOPI.category }, by: spv, now: Date.now() - 60_000 });
    // Counted two short of the books, a minute ago; then one sold.
    await recordCount(d, c.id, KOPI.id, { set: books - 2 }, Date.now() - 30_000);
    await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    const [v] = await countVariances(d, c.id);
    expect(v).toMatchObject({ counted: books - 2, movedAfter: -1, netted: books - 3, expected: books - 1, variance: -2 });

    await approveCount(d, c.id, approval('stock-count', spv));
    expect(await level(d, KOPI.id)).toBe(books - 3);
    expect((await d.stockCounts.get(c.id))?.state).toBe('approved');

    expect((await device.engine.syncNow()).ok).toBe(true);
    expect((await stockActs(d)).map((a) => [a.type, a.status])).toEqual([['stock.count', 'acked']]);
    // After the pull the level is the server's, and it agrees.
    expect((await device.engine.syncNow()).ok).toBe(true);
    expect(await level(d, KOPI.id)).toBe(books - 3);
    expect(await d.stockEvents.where('state').anyOf(['pending', 'acked']).count()).toBe(0);
  });
});
