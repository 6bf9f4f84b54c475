// A server restored from a backup hands out catalog versions again that a
// device already saw with other contents. The epoch tells the device to pull
// in full, even when other devices have since pushed the version past its own.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeServer, productBySku, TestDevice } from './sync-harness.ts';
import { upsertCatalog } from '../../src/server/catalog/catalog.ts';
import { newEpoch, pull } from '../../src/server/sync/pull.ts';

let server: FakeServer | null = null;
const devices: TestDevice[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) await d.destroy();
  await server?.close();
});

describe('the server epoch', () => {
  it('makes a device that saw a lost price change pull the restored catalog in full', async () => {
    server = await FakeServer.create({ file: true });
    await newEpoch(server.store);
    const a = await TestDevice.create(server);
    const b = await TestDevice.create(server);
    devices.push(a, b);
    const kopi = productBySku('KOP-001');
    const backup = server.backup();

    // After the backup: a price change that device A sees, then the restore loses.
    await upsertCatalog(server.store, { products: [{ ...kopi, price: 99_000 }] });
    await a.engine.syncNow();
    expect((await a.db.products.get(kopi.id))?.price).toBe(99_000);

    await server.restore(backup);
    // Device B sells enough that the restored server's version passes what A holds.
    for (let i = 0; i < 5; i++) await b.sell([{ sku: 'MDU-002', qty: 1 }]);
    await b.engine.syncNow();

    await a.engine.syncNow();
    expect((await a.db.products.get(kopi.id))?.price).toBe(kopi.price);
  });

  it('leaves incremental pulls alone while the epoch holds', async () => {
    server = await FakeServer.create();
    await newEpoch(server.store);
    const a = await TestDevice.create(server);
    devices.push(a);
    const before = await pull(server.store, 0, 'ntb-mall');
    const again = await pull(server.store, before.version, 'ntb-mall', before.epoch);
    expect(again.full).toBe(false);
    expect(again.products).toEqual([]);
    const other = await pull(server.store, before.version, 'ntb-mall', before.epoch + 1);
    expect(other.full).toBe(true);
    expect(other.products.length).toBeGreaterThan(40);
  });
});
