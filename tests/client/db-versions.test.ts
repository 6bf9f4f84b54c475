// Sync rule 6: published Dexie versions are append-only. Each entry below is
// the schema as it shipped; a device may still hold a database made by any of
// them, and the current app must open it and keep every sale.
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { isEnrolled } from '../../src/client/db/auth-repo.ts';
import { KasirDb } from '../../src/client/db/database.ts';
import { findByCode, searchProducts } from '../../src/client/db/catalog-repo.ts';

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
  // Accounts (issue 5): users from the pull, wrong-PIN state per user.
  2: {
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
    users: 'id, outletId',
    lockouts: 'userId',
  },
  // Stock across outlets (issue 14): transfers, stock takes, adjustment reasons.
  3: {
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
    users: 'id, outletId',
    lockouts: 'userId',
    transfers: 'id, toOutletId, fromOutletId, state',
    stockCounts: 'id, state, outletId',
    adjustReasons: 'code',
  },
  // Shifts (issue 15): a drawer's shifts, its cash movements, the cash reasons.
  4: {
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
    users: 'id, outletId',
    lockouts: 'userId',
    transfers: 'id, toOutletId, fromOutletId, state',
    stockCounts: 'id, state, outletId',
    adjustReasons: 'code',
    shifts: 'id, [drawerId+state], openedAt',
    cashMovements: 'id, shiftId',
    cashReasons: 'code',
  },
  // The word index dropped (issue 12): the in-memory search index answers word searches.
  6: {
    products: 'id, &sku, barcode, category',
    producers: 'id',
    outlets: 'id',
    stockLevels: '[outletId+productId], productId',
    stockEvents: 'id, productId, saleId, state',
    sales: 'id, receiptNo, createdAt, businessDate, sync',
    outbox: 'seq, &id, [status+seq], saleId',
    carts: 'id, updatedAt',
    device: 'key',
    settings: 'key',
    users: 'id, outletId',
    lockouts: 'userId',
    transfers: 'id, toOutletId, fromOutletId, state',
    stockCounts: 'id, state, outletId',
    adjustReasons: 'code',
    shifts: 'id, [drawerId+state], openedAt',
    cashMovements: 'id, shiftId',
    cashReasons: 'code',
  },
};

describe('device database versions', () => {
  for (const version of Object.keys(PUBLISHED).map(Number)) {
    it(`a database made by version ${version} opens in the current app with its sales and queue intact`, async () => {
      const name = `upgrade-from-${version}-${Date.now()}`;
      const old = new Dexie(name);
      for (const v of Object.keys(PUBLISHED).map(Number).filter((n) => n <= version)) old.version(v).stores(PUBLISHED[v] ?? {});
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

  it('version 1 to 2: a device from before accounts is not enrolled, keeps its id and queue, and its open cart lines get ids', async () => {
    const name = `upgrade-1-2-${Date.now()}`;
    const old = new Dexie(name);
    old.version(1).stores(PUBLISHED[1] ?? {});
    await old.open();
    await old.table('device').add({ key: 'self', deviceId: 'dev-old', outletId: 'ntb-mall', nextSeq: 7, nextReceipt: 7, createdAt: 1 });
    await old.table('outbox').add({ seq: 6, id: 'm6', status: 'pending', saleId: 's6', payload: {}, type: 'sale.record' });
    const line = { productId: 'p-kop-001', producerId: 'umkm-kopi-sembalun', name: 'Kopi', sku: 'KOP-001', unitPrice: 65_000, qty: 2, discount: null };
    await old.table('carts').add({ id: 'open', lines: [line, { ...line, productId: 'p-mdu-001', sku: 'MDU-001' }], orderDiscount: null, note: '', updatedAt: 1 });
    old.close();

    const db = new KasirDb(name);
    await db.open();
    const device = await db.device.get('self');
    expect(device).toMatchObject({ deviceId: 'dev-old', nextSeq: 7, credential: null, revoked: false });
    expect(isEnrolled(device)).toBe(false);
    expect(await db.outbox.get(6)).toMatchObject({ id: 'm6', status: 'pending' });
    const ids = (await db.carts.get('open'))?.lines.map((l) => l.id) ?? [];
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await db.users.count()).toBe(0);
    db.close();
  });

  it('version 2 to 3: a device signed in with sales, stock events and a queue keeps them all, and starts with no transfers or counts', async () => {
    const name = `upgrade-2-3-${Date.now()}`;
    const old = new Dexie(name);
    old.version(1).stores(PUBLISHED[1] ?? {});
    old.version(2).stores(PUBLISHED[2] ?? {});
    await old.open();
    await old.table('device').add({ key: 'self', deviceId: 'dev-2', outletId: 'booth-pameran', nextSeq: 4, nextReceipt: 4, createdAt: 1, credential: 'kkd_dev-2.x', revoked: false });
    await old.table('stockEvents').add({ id: 'e1', productId: 'p-kop-001', outletId: 'booth-pameran', delta: -1, reason: 'sale', saleId: 's1', state: 'pending', createdAt: 1 });
    await old.table('users').add({ id: 'u1', outletId: 'booth-pameran', name: 'Wayan', role: 'supervisor', active: true });
    await old.table('outbox').add({ seq: 3, id: 'm3', status: 'pending', saleId: 's1', payload: {}, type: 'sale.record' });
    old.close();

    const db = new KasirDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(3);
    expect(await db.device.get('self')).toMatchObject({ deviceId: 'dev-2', nextSeq: 4, credential: 'kkd_dev-2.x' });
    expect(await db.stockEvents.get('e1')).toMatchObject({ delta: -1, state: 'pending' });
    expect(await db.users.get('u1')).toMatchObject({ role: 'supervisor' });
    expect(await db.outbox.get(3)).toMatchObject({ status: 'pending' });
    expect([await db.transfers.count(), await db.stockCounts.count(), await db.adjustReasons.count()]).toEqual([0, 0, 0]);
    db.close();
  });

  it('version 3 to 6: the products keep their words and are found by the in-memory search, with the word index gone', async () => {
    const name = `upgrade-3-6-${Date.now()}`;
    const old = new Dexie(name);
    for (const v of [1, 2, 3]) old.version(v).stores(PUBLISHED[v] ?? {});
    await old.open();
    await old.table('products').bulkAdd([
      { id: 'p1', sku: 'CKL-001', barcode: '8991234500013', name: 'Kotak Cukli Kecil', category: 'Cukli', producerId: 'lapas-lobar', price: 85_000, unit: 'pcs', active: true, words: ['kotak', 'cukli', 'kecil', 'ckl-001'] },
      { id: 'p2', sku: 'BTK-001', barcode: null, name: 'Batik Tulis Gembok', category: 'Batik', producerId: 'lapas-mataram', price: 350_000, unit: 'lembar', active: true, words: ['batik', 'tulis', 'gembok', 'btk-001'] },
    ]);
    old.close();
    const db = new KasirDb(name);
    await db.open();
    expect(db.products.schema.indexes.map((i) => i.name).sort()).toEqual(['barcode', 'category', 'sku']);
    expect(await db.products.count()).toBe(2);
    expect((await searchProducts(db, 'cukli kec', 'ntb-mall')).map((p) => p.id)).toEqual(['p1']);
    expect((await searchProducts(db, 'gembok', 'ntb-mall')).map((p) => p.id)).toEqual(['p2']);
    expect((await findByCode(db, '8991234500013', 'ntb-mall'))?.id).toBe('p1');
    db.close();
    await Dexie.delete(name);
  });

  it('version 3 to 4: a device with an open cart, sales and a queue keeps them, and has no shift open yet', async () => {
    const name = `upgrade-3-4-${Date.now()}`;
    const old = new Dexie(name);
    for (const v of [1, 2, 3]) old.version(v).stores(PUBLISHED[v] ?? {});
    await old.open();
    await old.table('device').add({ key: 'self', deviceId: 'dev-3', outletId: 'booth-pameran', nextSeq: 9, nextReceipt: 7, createdAt: 1, credential: 'kkd_dev-3.x', revoked: false });
    await old.table('sales').add({ id: 's1', receiptNo: 'R1', createdAt: 1, businessDate: '2026-12-01', sync: 'pending' });
    await old.table('outbox').add({ seq: 8, id: 'm8', status: 'pending', saleId: 's1', payload: {}, type: 'sale.record' });
    await old.table('carts').add({ id: 'open', updatedAt: 1, lines: [] });
    old.close();

    const db = new KasirDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(4);
    expect(await db.device.get('self')).toMatchObject({ deviceId: 'dev-3', nextSeq: 9 });
    expect(await db.sales.get('s1')).toMatchObject({ sync: 'pending' });
    expect(await db.outbox.get(8)).toMatchObject({ status: 'pending' });
    expect(await db.carts.get('open')).toBeDefined();
    expect([await db.shifts.count(), await db.cashMovements.count(), await db.cashReasons.count()]).toEqual([0, 0, 0]);
    db.close();
  });

  it('the current schema is the last published one (a change needs a new version and an entry here)', () => {
    const db = new KasirDb(`schema-${Date.now()}`);
    const latest = Math.max(...Object.keys(PUBLISHED).map(Number));
    expect(db.verno).toBe(latest);
    const current = Object.fromEntries(db.tables.map((t) => [t.name, [t.schema.primKey.src, ...t.schema.indexes.map((i) => i.src)].join(', ')]));
    const published = Object.fromEntries(Object.entries(PUBLISHED[latest] ?? {}).map(([k, v]) => [k, v.replace(/\s*,\s*/g, ', ')]));
    expect(current).toEqual(published);
  });
});
