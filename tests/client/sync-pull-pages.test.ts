// Rule 12 on the device, in pages: each page of a pull is committed as it
// arrives, a cut connection resumes from the next page, a checkout never
// waits for the pull, and a full re-pull never leaves search with nothing.
import type { DBCore, DBCoreTransaction } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SearchIndex } from '../../src/domain/search-index.ts';
import { storeEnrolment } from '../../src/client/db/auth-repo.ts';
import { loadPullProgress, searchProducts, STOCK_STEP } from '../../src/client/db/catalog-repo.ts';
import { KasirDb } from '../../src/client/db/database.ts';
import { loadSettings } from '../../src/client/db/settings-repo.ts';
import { SyncEngine } from '../../src/client/sync/engine.ts';
import { newEpoch } from '../../src/server/sync/pull.ts';
import { DEMO_PRODUCTS } from '../../src/server/seed-data.ts';
import { FakeServer, OUTLET, productBySku, TestDevice } from './sync-harness.ts';

let server: FakeServer | null = null;
const devices: TestDevice[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const d of devices.splice(0)) await d.destroy();
  await server?.close();
  server = null;
});

const PAGE = 10;

/** A device that pulled the catalog once, in pages of PAGE, and the bytes that full pull took. */
async function setup(): Promise<{ server: FakeServer; device: TestDevice; fullPullBytes: number }> {
  server = await FakeServer.create();
  await newEpoch(server.store);
  const device = await TestDevice.create(server, { pullPageSize: PAGE });
  devices.push(device);
  return { server, device, fullPullBytes: server.bytesSent.pull };
}

/** The pull URLs the engine asks for, through a fetch that notes them. */
function notingPulls(s: FakeServer): { fetch: typeof fetch; urls: URL[] } {
  const urls: URL[] = [];
  return {
    urls,
    fetch: (input, init) => {
      const url = new URL(String(input), 'http://kasir.test');
      if (url.pathname.endsWith('/pull')) urls.push(url);
      return s.fetch(input, init);
    },
  };
}

describe('a paged pull', () => {
  it('comes in pages that each carry at most the page size, the version stored only with the last', async () => {
    const { server, device } = await setup();
    const pages = Math.ceil((DEMO_PRODUCTS.length * 2) / PAGE);
    expect(server.handled.filter((r) => r.route === 'pull').length).toBeGreaterThanOrEqual(pages);
    expect(await device.db.products.count()).toBe(DEMO_PRODUCTS.length);
    expect(await loadPullProgress(device.db)).toBeNull();
    expect((await loadSettings(device.db)).pullVersion).toBeGreaterThan(0);
  });

  it('cut after the second page, resumes from the third and fetches fewer bytes than a full pull', async () => {
    const { server, device, fullPullBytes } = await setup();
    const before = await loadSettings(device.db);
    // A restore: the device must pull everything again.
    await newEpoch(server.store);
    server.plan('pull', 'ok', 'ok', 'fail-before');
    const cut = await device.engine.syncNow();
    expect(cut.failure).toEqual({ kind: 'unreachable', detail: expect.stringContaining('before the server'), noConnection: true });

    // Two pages are in; the device does not believe it has the new catalog.
    const progress = await loadPullProgress(device.db);
    expect(progress).toMatchObject({ full: true, total: DEMO_PRODUCTS.length });
    const after = await loadSettings(device.db);
    expect(after.pullVersion).toBe(before.pullVersion);
    expect(after.pullEpoch).toBe(before.pullEpoch);

    const noted = notingPulls(server);
    const bytesBefore = server.bytesSent.pull;
    const engine = device.reload({ fetch: noted.fetch });
    expect((await engine.syncNow()).ok).toBe(true);
    // The first request of the new round goes on from the cursor the second page left.
    expect(noted.urls[0]?.searchParams.get('cursor')).toBe(progress?.cursor);
    const resumedBytes = server.bytesSent.pull - bytesBefore;
    expect(resumedBytes).toBeLessThan(fullPullBytes);
    expect(resumedBytes).toBeGreaterThan(0);

    expect(await loadPullProgress(device.db)).toBeNull();
    const done = await loadSettings(device.db);
    expect(done.pullEpoch).not.toBe(before.pullEpoch);
    expect(done.pullVersion).toBeGreaterThan(0);
    expect(await device.db.products.count()).toBe(DEMO_PRODUCTS.length);
    expect(await device.db.stockLevels.count()).toBe(DEMO_PRODUCTS.length);
    // Pages from before the cut and after it are all searchable.
    await expectEverySearchable(device.db);
  });

  it('resumed in a page opened anew, whose memory lost the first pages, still finds the products of every page', async () => {
    const { server, device } = await setup();
    await newEpoch(server.store);
    server.plan('pull', 'ok', 'ok', 'fail-before');
    await device.engine.syncNow();
    expect(await loadPullProgress(device.db)).not.toBeNull();
    device.engine.stop();
    const reopened = new KasirDb(device.db.name);
    await reopened.open();
    expect((await new SyncEngine(reopened, { fetch: server.fetch, pullPageSize: PAGE }).syncNow()).ok).toBe(true);
    await expectEverySearchable(reopened);
    reopened.close();
  });

  it('starts afresh after the device is enrolled again, maybe into another outlet', async () => {
    const { server, device } = await setup();
    await newEpoch(server.store);
    server.plan('pull', 'ok', 'fail-before');
    await device.engine.syncNow();
    expect(await loadPullProgress(device.db)).not.toBeNull();
    await storeEnrolment(device.db, { deviceId: device.deviceId, outletId: 'booth-pameran', outlet: null, label: 'Booth', credential: server.credentialOf(device.deviceId) ?? '' });
    expect(await loadPullProgress(device.db)).toBeNull();
    expect((await loadSettings(device.db)).pullVersion).toBe(0);
  });

  it('lets a checkout commit while the pull is still under way, and keeps the old catalog searchable until the new one is complete', async () => {
    const { server, device } = await setup();
    // A product only this device still has: the restored server never had it.
    const stale = { ...productBySku('KOP-001'), id: 'gone-product', sku: 'GONE-1', barcode: null, name: 'Kopi Hilang' };
    await device.db.products.put({ ...stale, words: ['kopi', 'hilang'] });
    // As a pull that brought it would: the search index is rebuilt with it.
    await device.db.settings.put({ key: 'productsRevision', value: 'with-stale-product' });
    await newEpoch(server.store);
    server.plan('pull', 'ok', 'ok', 'hold');
    const syncing = device.engine.syncNow();
    const held = await server.held();

    // Mid-pull: two pages committed, the third on its way.
    expect(await loadPullProgress(device.db)).not.toBeNull();
    const sale = await device.sell([{ sku: 'MDU-002', qty: 1 }]);
    expect(await device.db.sales.get(sale.id)).toMatchObject({ sync: 'pending' });
    expect((await searchProducts(device.db, 'kopi', OUTLET)).map((h) => h.id)).toContain(stale.id);
    expect((await searchProducts(device.db, 'madu', OUTLET)).length).toBeGreaterThan(0);

    await held.release();
    expect((await syncing).ok).toBe(true);
    // The catalog is the server's now: what it lacks is gone.
    expect(await device.db.products.get(stale.id)).toBeUndefined();
    expect(await device.db.products.count()).toBe(DEMO_PRODUCTS.length);
    // The sale made during the pull goes up with the next round.
    expect((await device.engine.syncNow()).ok).toBe(true);
    expect(await server.saleIds()).toEqual([sale.id]);
  });

  it('never writes products in a transaction a checkout needs, and stock in small steps only', async () => {
    server = await FakeServer.create();
    const device = await TestDevice.create(server);
    devices.push(device);
    await device.sell([{ sku: 'KOP-001', qty: 1 }]);
    const log = recordTransactions(device);
    await device.db.open();
    await newEpoch(server.store);
    // One page holds the whole demo catalog: the old pull wrote it in one transaction with the settings and stock events.
    expect((await device.engine.syncNow()).ok).toBe(true);
    const checkoutTables = ['device', 'sales', 'stockEvents', 'outbox', 'carts', 'settings'];
    const writing = log.filter((t) => t.mode === 'readwrite' && Object.keys(t.writes).length > 0);
    expect(writing.some((t) => (t.writes.products ?? 0) > 0)).toBe(true);
    for (const t of writing) {
      const sharesCheckout = t.stores.some((s) => checkoutTables.includes(s));
      if (sharesCheckout) expect({ stores: t.stores, products: t.writes.products ?? 0 }).toEqual({ stores: t.stores, products: 0 });
      if (sharesCheckout) expect(t.writes.stockLevels ?? 0).toBeLessThanOrEqual(STOCK_STEP);
    }
    expect((await device.displayedStock()).get(productBySku('KOP-001').id)).toBe((await server.level(productBySku('KOP-001').id)));
  });
});

describe('the search index after a pull', () => {
  it('is built right after the pull commits, before anyone searches, from the whole new catalog', async () => {
    const build = vi.spyOn(SearchIndex, 'buildInSlices');
    await setup();
    await expect.poll(() => build.mock.calls.length).toBeGreaterThan(0);
    const built = await build.mock.results.at(-1)?.value;
    expect((built as SearchIndex).size).toBe(DEMO_PRODUCTS.length);
  });
});

/** Each demo product is found by its whole name on this device. */
async function expectEverySearchable(db: KasirDb): Promise<void> {
  const missing: string[] = [];
  for (const p of DEMO_PRODUCTS) if (!(await searchProducts(db, p.name, OUTLET)).some((h) => h.sku === p.sku)) missing.push(p.sku);
  expect(missing).toEqual([]);
}

interface TxRecord {
  stores: string[];
  mode: string;
  writes: Record<string, number>;
}

/** Notes every transaction the device opens from its next open on: its tables and how many rows it writes to each. */
function recordTransactions(device: TestDevice): TxRecord[] {
  const log: TxRecord[] = [];
  const byTrans = new WeakMap<DBCoreTransaction, TxRecord>();
  device.db.close();
  device.db.use({
    stack: 'dbcore',
    name: 'transaction-log',
    create: (down: DBCore): DBCore => ({
      ...down,
      transaction: (stores, mode, options) => {
        const trans = down.transaction(stores, mode, options);
        const rec: TxRecord = { stores: [...stores], mode, writes: {} };
        log.push(rec);
        byTrans.set(trans, rec);
        return trans;
      },
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (req) => {
            const rec = byTrans.get(req.trans);
            const n = req.type === 'delete' ? req.keys.length : req.type === 'deleteRange' ? 1 : req.values.length;
            if (rec) rec.writes[name] = (rec.writes[name] ?? 0) + n;
            return table.mutate(req);
          },
        };
      },
    }),
  });
  return log;
}
