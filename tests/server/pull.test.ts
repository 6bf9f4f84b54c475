// Sync rule 12: the catalog and stock come down by a server version that only
// goes up; and a restart keeps everything.
import { describe, expect, it } from 'vitest';
import { DEMO_OUTLETS, DEMO_PRODUCERS, DEMO_PRODUCTS } from '../../src/server/seed-data.ts';
import {
  backends,
  countRows,
  demoProduct,
  listSales,
  OUTLET,
  pull,
  push,
  saleOf,
  serveDatabase,
  serverPerTest,
  startTestServer,
  stockLevel,
  TestDevice,
  type TestServer,
} from './helpers.ts';
import { seedIfEmpty, upsertCatalog } from '../../src/server/catalog/catalog.ts';
import { ensureEpoch, pull as pullService } from '../../src/server/sync/pull.ts';

describe.each(backends)('pull ($name)', (backend) => {
  let server: TestServer;
  let url: string;

  serverPerTest(backend, (s) => {
    server = s;
    url = s.baseUrl;
  });

  it('since=0 gives the full catalog and a version', async () => {
    const p = await pull(url, 0);
    expect(p.full).toBe(true);
    expect(p.version).toBeGreaterThan(0);
    expect(p.products.length).toBeGreaterThanOrEqual(40);
    expect(p.products).toHaveLength(DEMO_PRODUCTS.length);
    expect(p.producers).toHaveLength(6);
    expect(p.outlets).toHaveLength(3);
    expect(p.producers.map((x) => x.id).sort()).toEqual(DEMO_PRODUCERS.map((x) => x.id).sort());
    expect(p.outlets.map((x) => x.id).sort()).toEqual(DEMO_OUTLETS.map((x) => x.id).sort());
    // Rows come back as they went in.
    const kopi = demoProduct('KOP-001');
    expect(p.products.find((x) => x.id === kopi.id)).toEqual(kopi);
    expect(p.producers.find((x) => x.id === 'lapas-lobar')).toEqual(DEMO_PRODUCERS.find((x) => x.id === 'lapas-lobar'));
    // Every product has a level at every outlet.
    expect(p.stock).toHaveLength(DEMO_PRODUCTS.length * DEMO_OUTLETS.length);
  });

  it('an outletId narrows the stock to that outlet only', async () => {
    const p = await pull(url, 0, 'booth-pameran');
    expect(p.stock).toHaveLength(DEMO_PRODUCTS.length);
    expect(new Set(p.stock.map((s) => s.outletId))).toEqual(new Set(['booth-pameran']));
    expect(p.products).toHaveLength(DEMO_PRODUCTS.length);
  });

  it('since the current version gives nothing new and the same version (the cash reasons come whole, as always)', async () => {
    const first = await pull(url, 0, OUTLET);
    const again = await pull(url, first.version, OUTLET);
    expect(first.cashReasons.length).toBeGreaterThan(0);
    expect(again).toEqual({
      version: first.version,
      epoch: first.epoch,
      full: false,
      producers: [],
      products: [],
      outlets: [],
      stock: [],
      users: [],
      first: true,
      more: false,
      cursor: null,
      total: 0,
      transfers: [],
      adjustReasons: [],
      cashReasons: first.cashReasons,
    });
  });

  it('a changed product comes down alone with a higher version', async () => {
    const first = await pull(url, 0);
    const kopi = demoProduct('KOP-001');
    const changed = { ...kopi, price: 70_000 };

    const v = await upsertCatalog(server.store, { products: [changed] });

    const next = await pull(url, first.version);
    expect(next.version).toBe(v);
    expect(next.version).toBeGreaterThan(first.version);
    expect(next.full).toBe(false);
    expect(next.products).toEqual([changed]);
    expect(next.producers).toEqual([]);
    expect(next.outlets).toEqual([]);
    expect(next.stock).toEqual([]);
    // And a sale at the old price is now flagged.
    const device = new TestDevice();
    const res = await push(url, device.id, [device.sell([{ product: kopi, qty: 1 }])]);
    expect(res.results[0]?.status).toBe('flagged');
  });

  it('versions only go up, through catalog changes and sales', async () => {
    const seen: number[] = [(await pull(url, 0)).version];
    const device = new TestDevice();
    for (let i = 0; i < 3; i++) {
      await upsertCatalog(server.store, { products: [{ ...demoProduct('MDU-001'), price: 150_000 + i }] });
      seen.push((await pull(url, 0)).version);
      await push(url, device.id, [device.sell([{ product: 'KOP-002', qty: 1 }])]);
      seen.push((await pull(url, 0)).version);
    }
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1] ?? Infinity);
  });

  it('a sale shows up as a stock change in the pull since the pre-sale version', async () => {
    const before = await pull(url, 0, OUTLET);
    const kopi = demoProduct('KOP-001');
    const madu = demoProduct('MDU-001');
    const device = new TestDevice();
    await push(url, device.id, [device.sell([{ product: 'KOP-001', qty: 2 }, { product: 'MDU-001', qty: 1 }])]);

    const after = await pull(url, before.version, OUTLET);

    expect(after.version).toBeGreaterThan(before.version);
    expect(after.products).toEqual([]);
    expect(after.stock.sort((a, b) => a.productId.localeCompare(b.productId))).toEqual(
      [
        { productId: kopi.id, outletId: OUTLET, level: (stockLevel(before, kopi.id, OUTLET) ?? 0) - 2 },
        { productId: madu.id, outletId: OUTLET, level: (stockLevel(before, madu.id, OUTLET) ?? 0) - 1 },
      ].sort((a, b) => a.productId.localeCompare(b.productId)),
    );
    // Another outlet's pull does not see this outlet's change.
    expect((await pull(url, before.version, 'booth-pameran')).stock).toEqual([]);
  });

  it('a rejected mutation does not move the version', async () => {
    const before = await pull(url, 0);
    const device = new TestDevice();
    await push(url, device.id, [device.next({}, { type: 'stock.teleport' })]);
    expect((await pull(url, 0)).version).toBe(before.version);
  });

  it('a device ahead of the database proves a restore: the epoch moves once, and a device whose version looks plausible then pulls in full too', async () => {
    const { store } = server;
    await ensureEpoch(store);
    const before = await pullService(store, 0, OUTLET);
    // Another device synced up to now; the one ahead saw versions this database never reached.
    const plausible = before.version;
    const [ahead, aheadToo] = await Promise.all([pullService(store, before.version + 50, OUTLET, before.epoch), pullService(store, before.version + 60, OUTLET, before.epoch)]);
    expect(ahead.full && aheadToo.full).toBe(true);
    expect(ahead.epoch).not.toBe(before.epoch);
    expect(aheadToo.epoch).toBe(ahead.epoch);
    const other = await pullService(store, plausible, OUTLET, before.epoch);
    expect(other.full).toBe(true);
    expect(other.products).toHaveLength(DEMO_PRODUCTS.length);
    // Once on the new epoch, a device is incremental again.
    expect((await pullService(store, other.version, OUTLET, other.epoch)).full).toBe(false);
  });

  it('ensureEpoch keeps an epoch the database has', async () => {
    const { store } = server;
    await ensureEpoch(store);
    const { epoch } = await pullService(store, 0, OUTLET);
    await ensureEpoch(store);
    expect((await pullService(store, 0, OUTLET)).epoch).toBe(epoch);
  });

  it('a client ahead of the server (its database was restored) gets the full catalog again', async () => {
    const current = (await pull(url, 0)).version;
    const p = await pull(url, current + 1000);
    expect(p.full).toBe(true);
    expect(p.version).toBe(current);
    expect(p.products).toHaveLength(DEMO_PRODUCTS.length);
    expect(p.stock.length).toBeGreaterThan(0);
  });
});

describe.each(backends)('restart ($name)', (backend) => {
  it('reopening the same database keeps sales, stock and versions, and does not reseed', async () => {
    const first = await startTestServer(backend);
    let second: TestServer | null = null;
    try {
      expect(first.seeded).toBe(true);
      const device = new TestDevice();
      const m = device.sell([{ product: 'KOP-001', qty: 2 }]);
      await push(first.baseUrl, device.id, [m]);
      const pulled = await pull(first.baseUrl, 0);
      await first.stop();

      second = await serveDatabase(first.database);

      expect(second.seeded).toBe(false);
      expect(await seedIfEmpty(second.store, { outlets: [], producers: [], products: [], stock: [] })).toBe(false);
      const sales = await listSales(second.baseUrl, device.id);
      expect(sales.map((s) => s.sale)).toEqual([saleOf(m)]);
      expect(await countRows(second.store, 'stock_events')).toBe(1);
      expect(await pull(second.baseUrl, 0)).toEqual(pulled);
      // The device's seq survived: a replay is still a replay, and the queue continues at 2.
      const replay = await push(second.baseUrl, device.id, [m]);
      expect(replay.results[0]).toMatchObject({ status: 'applied', replay: true });
      const next = await push(second.baseUrl, device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])]);
      expect(next.results[0]).toMatchObject({ seq: 2, status: 'applied' });
      expect(stockLevel(await pull(second.baseUrl, 0, OUTLET), demoProduct('KOP-001').id, OUTLET)).toBe(37);
    } finally {
      await first.stop();
      await (second ?? first).close();
    }
  });

  it('migrating again is a no-op', async () => {
    const server = await startTestServer(backend);
    try {
      await server.store.migrate();
      await server.store.migrate();
      expect(await countRows(server.store, 'products')).toBe(DEMO_PRODUCTS.length);
    } finally {
      await server.close();
    }
  });
});
