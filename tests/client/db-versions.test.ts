// Sync rule 6: published Dexie versions are append-only. Each entry below is
// the schema as it shipped; a device may still hold a database made by any of
// them, and the current app must open it and keep every sale.
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { KasirDb } from '../../src/client/db/database.ts';

const PUBLISHED: Record<number, Record<string, string>> = {
  1: {
    products: 'id, &sku, barcode, *words, category, producerId',
    producers: 'id',
    outlets: 'id',
    stockLevels: '[outletId+productId], productId',
    stockEvents: 'id, productId, saleId, state',
    sales: 'id, receiptNo, createdAt, businessDate, sync',
    outbox: 'seq, &id, [status+seq], saleId',
    carts: 'id, updatedAt',
    device: 'key',
    settings: 'key',
  },
};

describe('device database versions', () => {
  for (const version of Object.keys(PUBLISHED).map(Number)) {
    it(`a database made by version ${version} opens in the current app with its sales and queue intact`, async () => {
      const name = `upgrade-from-${version}-${Date.now()}`;
      const old = new Dexie(name);
      for (let v = 1; v <= version; v++) old.version(v).stores(PUBLISHED[v] ?? {});
      await old.open();
      await old.table('sales').add({ id: 's1', receiptNo: 'ABCD-000001', createdAt: 1, businessDate: '2026-11-27', sync: 'pending', lines: [] });
      await old.table('outbox').add({ seq: 1, id: 'm1', status: 'pending', saleId: 's1', payload: {} });
      await old.table('device').add({ key: 'self', deviceId: 'dev-1', outletId: 'ntb-mall', nextSeq: 2, nextReceipt: 2, createdAt: 1 });
      old.close();

      const db = new KasirDb(name);
      await db.open();
      expect(db.verno).toBeGreaterThanOrEqual(version);
      expect(await db.sales.get('s1')).toMatchObject({ receiptNo: 'ABCD-000001' });
      expect(await db.outbox.where('[status+seq]').between(['pending', -Infinity], ['pending', Infinity]).count()).toBe(1);
      expect(await db.device.get('self')).toMatchObject({ deviceId: 'dev-1', nextSeq: 2 });
      db.close();
    });
  }

  it('the current schema is the last published one (a change needs a new version and an entry here)', () => {
    const db = new KasirDb(`schema-${Date.now()}`);
    const latest = Math.max(...Object.keys(PUBLISHED).map(Number));
    expect(db.verno).toBe(latest);
    const current = Object.fromEntries(db.tables.map((t) => [t.name, [t.schema.primKey.src, ...t.schema.indexes.map((i) => i.src)].join(', ')]));
    const published = Object.fromEntries(Object.entries(PUBLISHED[latest] ?? {}).map(([k, v]) => [k, v.replace(/\s*,\s*/g, ', ')]));
    expect(current).toEqual(published);
  });
});
