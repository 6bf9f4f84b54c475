// The sync rules of docs/sync-rules.md, end to end on one machine: real
// checkout() into fake-indexeddb, the real SyncEngine, the real server Store
// on SQLite, and a network that loses answers, delays and repeats requests.
import { ROUTES } from '../../src/protocol/routes.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KasirDb } from '../../src/client/db/database.ts';
import { SyncEngine } from '../../src/client/sync/engine.ts';
import { FakeServer, openingLevel, productBySku, TestDevice, TestLockManager, watchStates } from './sync-harness.ts';

const BATIK = productBySku('BTK-004'); // 3 in stock at ntb-mall
const KOPI = productBySku('KOP-001');
const MADU = productBySku('MDU-002');

let server: FakeServer | null = null;
const devices: TestDevice[] = [];
const undo: (() => void)[] = [];

afterEach(async () => {
  for (const u of undo.splice(0)) u();
  for (const d of devices.splice(0)) d.close();
  await server?.close();
  server = null;
  vi.useRealTimers();
});

async function setup(opts: { file?: boolean } = {}): Promise<{ server: FakeServer; device: TestDevice }> {
  server = await FakeServer.create(opts);
  const device = await TestDevice.create(server);
  devices.push(device);
  return { server, device };
}

async function addDevice(s: FakeServer): Promise<TestDevice> {
  const d = await TestDevice.create(s);
  devices.push(d);
  return d;
}

describe('what the device says about itself', () => {
  it('every sync request carries its app version, what waits unsynced and since when', async () => {
    const { server, device } = await setup();
    const first = await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    const before = server.healthReports.length;
    await device.engine.syncNow();
    const reports = server.healthReports.slice(before);
    const push = reports.find((r) => r.path === ROUTES.push);
    expect(push?.report).toMatchObject({ appVersion: expect.stringMatching(/^\d+\.\d+\.\d+$/), pending: 2, oldestUnsyncedAt: first.createdAt });
    // The pull after the push already knows the queue is empty.
    const pull = reports.filter((r) => r.path === ROUTES.pull).at(-1);
    expect(pull?.report).toMatchObject({ pending: 0, oldestUnsyncedAt: null });
  });
});

describe('a lost acknowledgement', () => {
  it('leaves one sale on the server, stock moved once, and the device acknowledged after the retry', async () => {
    const { server, device } = await setup();
    const sale = await device.sell([{ sku: 'KOP-001', qty: 2 }]);

    server.plan('push', 'drop-reply');
    const lost = await device.engine.syncNow();
    expect(lost.failure).toEqual({ kind: 'unreachable', detail: expect.stringContaining('answer lost'), noConnection: true });
    // The server committed; the device could not know, so the row waits to be sent again.
    expect(await server.saleIds()).toEqual([sale.id]);
    expect(await device.outboxByStatus()).toEqual({ pending: [1] });

    const retry = await device.engine.syncNow();
    expect(retry.ok).toBe(true);
    expect(await server.saleIds()).toEqual([sale.id]);
    expect(await server.level(KOPI.id)).toBe(openingLevel(KOPI.id) - 2);
    expect(await device.outboxByStatus()).toEqual({ acked: [1] });
    expect((await device.db.sales.get(sale.id))?.sync).toBe('synced');
    expect((await device.displayedStock()).get(KOPI.id)).toBe(openingLevel(KOPI.id) - 2);
  });

  it('is stored once when the same request reaches the server twice', async () => {
    const { server, device } = await setup();
    const sale = await device.sell([{ sku: 'MDU-002', qty: 1 }]);
    server.plan('push', 'duplicate');
    expect((await device.engine.syncNow()).ok).toBe(true);
    expect(server.handled.filter((r) => r.route === 'push' && r.seqs.includes(1))).toHaveLength(2);
    expect(await server.saleIds()).toEqual([sale.id]);
    expect(await server.level(MADU.id)).toBe(openingLevel(MADU.id) - 1);
    expect(await device.outboxByStatus()).toEqual({ acked: [1] });
  });
});

describe('a reload during a push', () => {
  it.each([
    ['the server committed before the page died', 'hang' as const],
    ['the request died with the page', 'hang-lost' as const],
  ])('sends the batch again and it is stored once (%s)', async (_why, fate) => {
    const { server, device } = await setup();
    const a = await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    const b = await device.sell([{ sku: 'MDU-002', qty: 3 }]);

    server.plan('push', fate);
    void device.engine.syncNow();
    // The push left: both rows are inflight and the old page never hears back.
    await vi.waitFor(async () => expect(await device.outboxByStatus()).toEqual({ inflight: [1, 2] }));
    await server.settle();

    const fresh = device.reload();
    const outcome = await fresh.syncNow();
    expect(outcome.ok).toBe(true);
    expect(await server.saleIds()).toEqual([a.id, b.id].sort());
    expect(await server.level(KOPI.id)).toBe(openingLevel(KOPI.id) - 1);
    expect(await server.level(MADU.id)).toBe(openingLevel(MADU.id) - 3);
    expect(await device.outboxByStatus()).toEqual({ acked: [1, 2] });
    expect(await server.lastSeq(device.deviceId)).toBe(2);
  });

  it('resets rows a killed page left inflight when the new engine starts', async () => {
    const { server, device } = await setup();
    await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    server.plan('push', 'hang-lost');
    void device.engine.syncNow();
    await vi.waitFor(async () => expect(await device.outboxByStatus()).toEqual({ inflight: [1] }));

    const watch = watchStates();
    const fresh = device.reload({ onState: watch.onState });
    const idle = watch.idle();
    await fresh.start();
    expect((await idle).failure).toBeNull();
    fresh.stop();
    expect(await device.outboxByStatus()).toEqual({ acked: [1] });
    expect(await server.lastSeq(device.deviceId)).toBe(1);
  });
});

describe('a server restored from an older backup', () => {
  it('gets the lost sales again from the seq it expects when the next sale runs into the gap', async () => {
    const { server, device } = await setup({ file: true });
    const s1 = await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    await device.engine.syncNow();
    const backup = server.backup();
    const s2 = await device.sell([{ sku: 'KOP-001', qty: 2 }]);
    const s3 = await device.sell([{ sku: 'MDU-002', qty: 1 }]);
    await device.engine.syncNow();
    expect(await server.lastSeq(device.deviceId)).toBe(3);

    await server.restore(backup);
    expect(await server.saleIds()).toEqual([s1.id]);
    const s4 = await device.sell([{ sku: 'MDU-002', qty: 2 }]);
    const outcome = await device.engine.syncNow();

    expect(outcome.ok).toBe(true);
    // The first push of seq 4 met a gap at 2; the device resent 2.. and the server stored each once.
    const pushes = server.handled.filter((r) => r.route === 'push' && r.seqs.length > 0).slice(-2);
    expect(pushes.map((p) => p.seqs)).toEqual([[4], [2, 3, 4]]);
    expect(await server.saleIds()).toEqual([s1.id, s2.id, s3.id, s4.id].sort());
    expect(await server.level(KOPI.id)).toBe(openingLevel(KOPI.id) - 3);
    expect(await server.level(MADU.id)).toBe(openingLevel(MADU.id) - 3);
    expect(await device.outboxByStatus()).toEqual({ acked: [1, 2, 3, 4] });
    const shown = await device.displayedStock();
    expect(shown.get(KOPI.id)).toBe(openingLevel(KOPI.id) - 3);
    expect(shown.get(MADU.id)).toBe(openingLevel(MADU.id) - 3);
  });

  it('sell 10, back up, sell 10 more (all acknowledged), restore, reconnect: the server holds all 20 once, stock right', async () => {
    const { server, device } = await setup({ file: true });
    const sold = [];
    for (let i = 0; i < 10; i++) sold.push(await device.sell([{ sku: i % 2 ? 'MDU-002' : 'KOP-001', qty: 1 }]));
    expect((await device.engine.syncNow()).ok).toBe(true);
    const backup = server.backup();
    for (let i = 0; i < 10; i++) sold.push(await device.sell([{ sku: i % 2 ? 'MDU-002' : 'KOP-001', qty: 1 }]));
    expect((await device.engine.syncNow()).ok).toBe(true);
    expect(await device.outboxByStatus()).toEqual({ acked: Array.from({ length: 20 }, (_, i) => i + 1) });

    await server.restore(backup);
    expect(await server.saleIds()).toHaveLength(10);
    // Reconnecting: nothing new to send, and the device finds the server behind it.
    expect((await device.engine.syncNow()).ok).toBe(true);

    const ids = await server.saleIds();
    expect(ids).toEqual(sold.map((s) => s.id).sort());
    expect(new Set(ids).size).toBe(20);
    expect(await server.lastSeq(device.deviceId)).toBe(20);
    expect(await server.level(KOPI.id)).toBe(openingLevel(KOPI.id) - 10);
    expect(await server.level(MADU.id)).toBe(openingLevel(MADU.id) - 10);
    // Once more changes nothing.
    expect((await device.engine.syncNow()).ok).toBe(true);
    expect(await server.saleIds()).toHaveLength(20);
    expect(await server.level(KOPI.id)).toBe(openingLevel(KOPI.id) - 10);
  });

  it('notices the loss with nothing new to send, from the lastSeq the server reports', async () => {
    const { server, device } = await setup({ file: true });
    const backup = server.backup();
    const s1 = await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    const s2 = await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    await device.engine.syncNow();

    await server.restore(backup);
    expect(await server.saleIds()).toEqual([]);
    expect((await device.engine.syncNow()).ok).toBe(true);

    expect(await server.saleIds()).toEqual([s1.id, s2.id].sort());
    expect(await server.level(KOPI.id)).toBe(openingLevel(KOPI.id) - 2);
    expect(await device.outboxByStatus()).toEqual({ acked: [1, 2] });
    expect((await device.displayedStock()).get(KOPI.id)).toBe(openingLevel(KOPI.id) - 2);
  });

  it('resends a refused mutation in the lost range too, so the seqs after it can be stored', async () => {
    const { server, device } = await setup({ file: true });
    const backup = server.backup();
    await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    await tamperWithSale(device, 1);
    const s2 = await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    await device.engine.syncNow();
    expect(await device.outboxByStatus()).toEqual({ acked: [2], rejected: [1] });

    await server.restore(backup);
    const s3 = await device.sell([{ sku: 'MDU-002', qty: 1 }]);
    const outcome = await device.engine.syncNow();

    expect(outcome).toMatchObject({ ok: true, failure: null });
    expect(await server.saleIds()).toEqual([s2.id, s3.id].sort());
    expect(await server.lastSeq(device.deviceId)).toBe(3);
    expect(await device.outboxByStatus()).toEqual({ acked: [2, 3], rejected: [1] });
  });

  it('stops with a clear failure, instead of looping, when the seq the server waits for is gone from the device', async () => {
    const { server, device } = await setup({ file: true });
    const backup = server.backup();
    await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    await device.engine.syncNow();
    await server.restore(backup);
    // Not something the app does: a row lost on the device (a bug, a manual repair).
    await device.db.outbox.delete(1);
    await device.sell([{ sku: 'KOP-001', qty: 1 }]);

    const outcome = await device.engine.syncNow();
    expect(outcome.failure).toEqual({ kind: 'refused', status: 409, detail: expect.stringContaining('seq 1') });
    expect(server.handled.filter((r) => r.route === 'push').length).toBeLessThan(6);
    expect(await device.outboxByStatus()).toEqual({ pending: [2, 3] });
  });
});

describe('an app too old for the server (426)', () => {
  it('keeps the queue, says an update is required, and sends it all once updated', async () => {
    const { server, device } = await setup();
    const a = await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    const b = await device.sell([{ sku: 'MDU-002', qty: 1 }]);
    server.plan('push', 'update-required', 'update-required');

    const first = await device.engine.syncNow();
    expect(first.failure).toEqual({ kind: 'update-required', detail: expect.stringContaining('update the app'), server: { code: 'update-required', params: {} } });
    expect((await device.engine.syncNow()).failure?.kind).toBe('update-required');
    expect(await device.outboxByStatus()).toEqual({ pending: [1, 2] });
    expect((await device.db.sales.get(a.id))?.sync).toBe('pending');
    expect(await server.saleIds()).toEqual([]);

    expect((await device.engine.syncNow()).ok).toBe(true);
    expect(await server.saleIds()).toEqual([a.id, b.id].sort());
    expect(await device.outboxByStatus()).toEqual({ acked: [1, 2] });
  });
});

/** Makes the stored sale claim another device: the server refuses it (and only it). */
async function tamperWithSale(device: TestDevice, seq: number): Promise<void> {
  const row = await device.db.outbox.get(seq);
  const payload = structuredClone(row?.payload) as { sale: { deviceId: string } };
  payload.sale.deviceId = 'some-other-device';
  await device.db.outbox.update(seq, { payload });
}

describe('a refused mutation', () => {
  it('does not block the sales queued behind it and stays on the device with the reason', async () => {
    const { server, device } = await setup();
    const bad = await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    await tamperWithSale(device, 1);
    const good1 = await device.sell([{ sku: 'MDU-002', qty: 1 }]);
    const good2 = await device.sell([{ sku: 'KOP-001', qty: 2 }]);

    expect((await device.engine.syncNow()).ok).toBe(true);
    expect(await server.saleIds()).toEqual([good1.id, good2.id].sort());
    expect(await device.outboxByStatus()).toEqual({ acked: [2, 3], rejected: [1] });
    const refused = await device.db.sales.get(bad.id);
    expect(refused?.sync).toBe('rejected');
    expect(refused?.syncNote).toMatch(/belongs to device some-other-device/);
    expect((await device.db.outbox.get(1))?.result).toMatch(/belongs to device/);
    // The server never moved stock for it; only the two stored sales did.
    expect(await server.level(KOPI.id)).toBe(openingLevel(KOPI.id) - 2);

    // Later syncs leave it alone: it is not sent again.
    const before = server.handled.length;
    await device.sell([{ sku: 'MDU-002', qty: 1 }]);
    await device.engine.syncNow();
    expect(server.handled.slice(before).filter((r) => r.route === 'push').map((r) => r.seqs)).toEqual([[4]]);
  });

  it('records a sale that sells more than the server has, flagged for review', async () => {
    const { server } = await setup();
    const [a, b] = [await addDevice(server), await addDevice(server)];
    // Two booths sell the last pieces offline; both sales stand (rule 13).
    const saleA = await a.sell([{ sku: 'BTK-004', qty: 3 }]);
    const saleB = await b.sell([{ sku: 'BTK-004', qty: 2 }]);
    await a.engine.syncNow();
    await b.engine.syncNow();
    await a.engine.syncNow();
    expect(await server.saleIds()).toEqual([saleA.id, saleB.id].sort());
    expect(await server.level(BATIK.id)).toBe(-2);
    expect((await b.db.sales.get(saleB.id))?.sync).toBe('flagged');
    expect(await b.outboxByStatus()).toEqual({ acked: [1] });
    expect((await a.displayedStock()).get(BATIK.id)).toBe(-2);
    expect((await b.displayedStock()).get(BATIK.id)).toBe(-2);
  });
});

describe('two tabs on one device', () => {
  it('never push the same rows at the same time: the second waits for the lock', async () => {
    const { server, device } = await setup();
    const locks = new TestLockManager();
    undo.push(locks.install());
    // Tab B opens the same IndexedDB database with its own connection and engine.
    const tabB = new KasirDb(device.db.name);
    await tabB.open();
    undo.push(() => tabB.close());
    const engineA = device.engine;
    const engineB = new SyncEngine(tabB, { fetch: server.fetch });

    await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    server.plan('push', 'hold');
    const runA = engineA.syncNow();
    const held = await server.held();
    expect(held.request.seqs).toEqual([1, 2]);

    // Meanwhile tab B takes a sale and asks to sync; its engine must wait.
    const tabBDevice = await tabB.device.get('self');
    expect(tabBDevice?.deviceId).toBe(device.deviceId);
    await device.sell([{ sku: 'MDU-002', qty: 1 }]);
    const runB = engineB.syncNow();
    await locks.untilRequested(2);
    expect(locks.waiting).toBe(1);
    expect(server.handled).toHaveLength(1); // only the device's first pull so far
    expect(server.open).toBe(1);

    await held.release();
    const outcomes = await Promise.all([runA, runB]);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(locks.maxHolders).toBe(1);
    expect(server.maxOpen).toBe(1);
    // Every seq was sent in exactly one push: none twice, none concurrently.
    const sent = server.handled.filter((r) => r.route === 'push').flatMap((r) => r.seqs);
    expect(sent.sort((x, y) => x - y)).toEqual([1, 2, 3]);
    expect(await device.outboxByStatus()).toEqual({ acked: [1, 2, 3] });
  });
});

describe('retry timing', () => {
  it('backs off from 5 s doubling to a 5 min cap, with jitter, and returns to the heartbeat after a success', async () => {
    const { server, device } = await setup();
    await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    let r = 0;
    const engine = device.newEngine({ random: () => r });
    const windows: [number, number][] = [];
    for (let failures = 1; failures <= 12; failures++) {
      server.plan('push', 'fail-before');
      expect((await engine.syncNow()).ok).toBe(false);
      r = 0;
      const low = engine.nextDelay();
      r = 0.999999;
      const high = engine.nextDelay();
      windows.push([low, high]);
    }
    for (const [low, high] of windows) {
      expect(low).toBeGreaterThanOrEqual(5_000);
      expect(high).toBeLessThanOrEqual(300_000);
      // Jitter: devices that failed together do not retry together.
      expect(high - low).toBeGreaterThanOrEqual(low * 0.99);
    }
    expect(windows.slice(0, 4)).toEqual([
      [5_000, 10_000],
      [10_000, 20_000],
      [20_000, 40_000],
      [40_000, 80_000],
    ]);
    expect(windows.at(-1)).toEqual([150_000, 300_000]);

    expect((await engine.syncNow()).ok).toBe(true);
    expect(engine.nextDelay()).toBe(60_000);
  });

  it('offline rounds do not count: after N offline checkouts and one failed push, the retry is the first step of the backoff', async () => {
    const { server, device } = await setup();
    let r = 0.999999;
    const engine = device.newEngine({ random: () => r });
    const offline = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    for (let i = 0; i < 6; i++) {
      await device.sell([{ sku: 'KOP-001', qty: 1 }]);
      expect((await engine.syncNow()).failure).toEqual({ kind: 'offline' });
    }
    offline.mockRestore();
    server.plan('push', 'drop-reply');
    expect((await engine.syncNow()).ok).toBe(false);
    // The reply was lost: tried again within seconds, not minutes.
    expect(engine.nextDelay()).toBe(10_000);
    r = 0;
    expect(engine.nextDelay()).toBe(5_000);
    expect((await engine.syncNow()).ok).toBe(true);
    expect(await device.outboxByStatus()).toEqual({ acked: [1, 2, 3, 4, 5, 6] });
  });

  it('coming back online starts the backoff over', async () => {
    const { server, device } = await setup();
    await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    let rounds = 0;
    const engine = device.newEngine({ random: () => 0.999999, onState: (st) => void (st.syncing ? undefined : rounds++) });
    for (let i = 0; i < 6; i++) {
      server.plan('push', 'fail-before');
      await engine.syncNow();
    }
    expect(engine.nextDelay()).toBe(300_000);
    // Started while the server still fails: the backoff stays where it was.
    server.plan('push', 'fail-before');
    await engine.start();
    await vi.waitFor(() => expect(rounds).toBe(7));
    expect(engine.nextDelay()).toBe(300_000);
    server.plan('push', 'fail-before');
    globalThis.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(rounds).toBe(8));
    expect(engine.nextDelay()).toBe(10_000);
    engine.stop();
  });

  it('schedules the next try at the backoff delay and tries again when it fires', async () => {
    const { server, device } = await setup();
    await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const watch = watchStates();
    const engine = device.reload({ random: () => 0.5, onState: watch.onState });
    server.plan('push', 'fail-before');
    let idle = watch.idle();
    await engine.start();
    expect(await idle).toMatchObject({ failure: { kind: 'unreachable' }, nextAttemptAt: Date.now() + 7_500 });

    idle = watch.idle();
    await vi.advanceTimersByTimeAsync(7_499);
    expect(await device.outboxByStatus()).toEqual({ pending: [1] });
    await vi.advanceTimersByTimeAsync(1);
    const after = await idle;
    expect(after).toMatchObject({ failure: null, nextAttemptAt: Date.now() + 60_000 });
    expect(after.lastSuccessAt).toBe(Date.now());
    expect(await device.outboxByStatus()).toEqual({ acked: [1] });
    engine.stop();
  });

  it('gives up on a request with no answer, and the late delivery is stored once', async () => {
    const { server, device } = await setup();
    const sale = await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const engine = device.newEngine({ requestTimeoutMs: 30_000 });
    server.plan('push', 'hold');
    const run = engine.syncNow();
    const held = await server.held();
    await vi.advanceTimersByTimeAsync(30_000);
    const outcome = await run;
    expect(outcome.failure).toEqual({ kind: 'unreachable', detail: 'nothing received for 30 s' });
    expect(await device.outboxByStatus()).toEqual({ pending: [1] });

    // The slow request does reach the server in the end; its answer goes nowhere.
    await held.release();
    expect(await server.saleIds()).toEqual([sale.id]);
    expect(await device.outboxByStatus()).toEqual({ pending: [1] });
    expect((await engine.syncNow()).ok).toBe(true);
    expect(server.handled.filter((r) => r.route === 'push').map((r) => r.seqs)).toEqual([[1], [1]]);
    expect(await server.saleIds()).toEqual([sale.id]);
    expect(await server.level(KOPI.id)).toBe(openingLevel(KOPI.id) - 1);
    expect(await device.outboxByStatus()).toEqual({ acked: [1] });
  });
});

describe('offline', () => {
  it('does not try the network while the browser says it is offline, and keeps the queue', async () => {
    const { server, device } = await setup();
    await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    const onLine = vi.spyOn(Object.getPrototypeOf(globalThis.navigator) as Navigator, 'onLine', 'get').mockReturnValue(false);
    undo.push(() => onLine.mockRestore());
    const before = server.handled.length;
    expect((await device.engine.syncNow()).failure).toEqual({ kind: 'offline' });
    expect(server.handled.length).toBe(before);
    expect(await device.outboxByStatus()).toEqual({ pending: [1] });
  });
});
