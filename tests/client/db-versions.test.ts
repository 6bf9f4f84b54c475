// Sync rule 6: published Dexie versions are append-only. Each entry below is
// the schema as it shipped; a device may still hold a database made by any of
// them, and the current app must open it and keep every sale.
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { isEnrolled, signInUsers } from '../../src/client/db/auth-repo.ts';
import { getOpenCart } from '../../src/client/db/cart-repo.ts';
import { KasirDb } from '../../src/client/db/database.ts';
import { findByCode, listCategories, searchProducts } from '../../src/client/db/catalog-repo.ts';
import { negativeLevels } from '../../src/client/db/stock-repo.ts';
import { takeBatch } from '../../src/client/db/outbox-repo.ts';
import { PIN_ALGORITHM } from '../../src/domain/pin.ts';
import type { CashMovementRow, CashReasonRow, ShiftRow } from '../../src/client/db/schema.ts';
import { currentShift } from '../../src/client/db/shift-current.ts';
import { cashReasons, movementsOf } from '../../src/client/db/shift-repo.ts';

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
  // The category and stock levels' productId indexes dropped (issue 12): the in-memory index lists categories.
  7: {
    products: 'id, &sku, barcode',
    producers: 'id',
    outlets: 'id',
    stockLevels: '[outletId+productId]',
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

  it('version 3 to the current one: the products keep their words and are found by the in-memory search, with the word and category indexes gone', async () => {
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
    expect(db.products.schema.indexes.map((i) => i.name).sort()).toEqual(['barcode', 'sku']);
    expect(await db.products.count()).toBe(2);
    expect((await searchProducts(db, 'cukli kec', 'ntb-mall')).map((p) => p.id)).toEqual(['p1']);
    expect((await searchProducts(db, 'gembok', 'ntb-mall')).map((p) => p.id)).toEqual(['p2']);
    expect((await findByCode(db, '8991234500013', 'ntb-mall'))?.id).toBe('p1');
    db.close();
    await Dexie.delete(name);
  });

  it('version 6 to 7: without the category and productId indexes, the counter still lists categories, a category\'s products and the outlet\'s levels below zero', async () => {
    const name = `upgrade-6-7-${Date.now()}`;
    const old = new Dexie(name);
    for (const v of [1, 2, 3, 4, 6]) old.version(v).stores(PUBLISHED[v] ?? {});
    await old.open();
    const product = { producerId: 'lapas-lobar', price: 85_000, unit: 'pcs', active: true, barcode: null, generation: 2 };
    await old.table('producers').add({ id: 'lapas-lobar', name: 'Lapas Lombok Barat', kind: 'lapas' });
    await old.table('products').bulkAdd([
      { ...product, id: 'p1', sku: 'CKL-001', name: 'Kotak Cukli Kecil', category: 'Cukli', words: ['kotak', 'cukli', 'kecil', 'ckl-001'] },
      { ...product, id: 'p2', sku: 'CKL-002', name: 'Kotak Cukli Besar', category: 'Cukli', words: ['kotak', 'cukli', 'besar', 'ckl-002'] },
      { ...product, id: 'p3', sku: 'BTK-001', name: 'Batik Tulis Gembok', category: 'Batik', words: ['batik', 'tulis', 'gembok', 'btk-001'] },
    ]);
    await old.table('stockLevels').bulkAdd([
      { outletId: 'ntb-mall', productId: 'p1', level: -2, generation: 2 },
      { outletId: 'ntb-mall', productId: 'p2', level: 4, generation: 2 },
      { outletId: 'booth-pameran', productId: 'p3', level: -1, generation: 2 },
    ]);
    old.close();
    const db = new KasirDb(name);
    await db.open();
    expect(db.stockLevels.schema.indexes).toEqual([]);
    expect(await listCategories(db)).toEqual(['Batik', 'Cukli']);
    expect((await searchProducts(db, '', 'ntb-mall', { category: 'Cukli' })).map((p) => [p.id, p.stock])).toEqual([
      ['p2', 4],
      ['p1', -2],
    ]);
    expect(await negativeLevels(db, 'ntb-mall')).toEqual([{ productId: 'p1', name: 'Kotak Cukli Kecil', level: -2 }]);
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

  // A device may hold a database of any published version with something in
  // every table: the rows below are in the shapes that version's code wrote
  // (products keep their words, unindexed from 6 on, and the pull's
  // generation from 3; cart lines had no ids and the device no credential
  // before 2). Each opens in the current app keeping
  // every row, and the app's own reads find them.
  function rowsAt(version: number): Record<string, Record<string, unknown>[]> {
    const rows: Record<string, Record<string, unknown>[]> = {
      products: [{ id: 'p1', sku: 'CKL-001', barcode: '8991234500013', name: 'Kotak Cukli Kecil', category: 'Cukli', producerId: 'lapas-lobar', price: 85_000, unit: 'pcs', active: true, words: ['kotak', 'cukli', 'kecil', 'ckl-001'], ...(version >= 3 ? { generation: 2 } : {}) }],
      producers: [{ id: 'lapas-lobar', name: 'Lapas Lombok Barat', kind: 'lapas' }],
      outlets: [{ id: 'ntb-mall', name: 'NTB Mall', kind: 'store' }],
      stockLevels: [{ outletId: 'ntb-mall', productId: 'p1', level: 11 }],
      stockEvents: [{ id: 'e1', productId: 'p1', outletId: 'ntb-mall', delta: -1, reason: 'sale', saleId: 's1', state: 'pending', createdAt: 5 }],
      sales: [{ id: 's1', receiptNo: 'ABCD-000007', createdAt: 5, businessDate: '2026-12-04', sync: 'pending', syncNote: null, lines: [{ productId: 'p1', qty: 1, unitPrice: 85_000 }], total: 85_000 }],
      outbox: [{ seq: 8, id: 'm8', type: 'sale.record', payload: { sale: { id: 's1' } }, deviceTime: 5, status: 'pending', attempts: 0, result: null, resultStatus: null, saleId: 's1' }],
      carts: [{ id: 'open', updatedAt: 5, orderDiscount: null, note: '', lines: [{ productId: 'p1', producerId: 'lapas-lobar', name: 'Kotak Cukli Kecil', sku: 'CKL-001', unitPrice: 85_000, qty: 2, discount: null, ...(version >= 2 ? { id: 'l1' } : {}) }] }],
      device: [{ key: 'self', deviceId: 'dev-v', outletId: 'ntb-mall', nextSeq: 9, nextReceipt: 8, createdAt: 1, ...(version >= 2 ? { credential: 'kkd_dev-v.secret', enrolledAt: 2, revoked: false } : {}) }],
      settings: [{ key: 'printer', value: { width: 58 } }],
    };
    if (version >= 2) {
      rows.users = [{ id: 'u1', name: 'Sari Kasir', role: 'cashier', outletId: 'ntb-mall', pin: { algorithm: PIN_ALGORITHM, iterations: 100_000, salt: 'c2FsdHNhbHRzYWx0c2FsdA', hash: 'aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g' }, active: true }];
      rows.lockouts = [{ userId: 'u1', failures: 2, lockedUntil: null }];
    }
    if (version >= 3) {
      rows.transfers = [{ id: 't1', fromOutletId: 'ntb-mall', toOutletId: 'booth-pameran', state: 'in-transit', lines: [{ productId: 'p1', qty: 3 }], local: 'pulled' }];
      rows.stockCounts = [{ id: 'c1', outletId: 'ntb-mall', scope: { kind: 'all' }, by: 'u1', startedAt: 3, state: 'open', lines: [{ productId: 'p1', counted: 10, countedAt: 4 }] }];
      rows.adjustReasons = [{ code: 'rusak', label: 'Rusak', active: true }];
    }
    if (version >= 4) {
      const shift: ShiftRow = { id: 'sh1', outletId: 'ntb-mall', drawerId: 'dev-v', openedBy: 'u1', openedByName: 'Sari Kasir', openedAt: 4, businessDate: '2026-12-04', openingFloat: 200_000, openSeq: 6, previous: null, state: 'open', close: null, closedByName: null, approverName: null };
      const movement: CashMovementRow = { id: 'cm1', shiftId: 'sh1', outletId: 'ntb-mall', direction: 'out', amount: 20_000, reason: 'beli-plastik', note: 'kantong', by: 'u1', byName: 'Sari Kasir', createdAt: 5, approval: null };
      const reason: CashReasonRow = { code: 'beli-plastik', label: 'Beli plastik', direction: 'out', builtin: false, active: true };
      rows.shifts = [{ ...shift }];
      rows.cashMovements = [{ ...movement }];
      rows.cashReasons = [{ ...reason }];
      rows.sales = rows.sales!.map((sale) => ({ ...sale, shiftId: 'sh1' }));
    }
    return rows;
  }

  async function openWith(name: string, versions: readonly number[], schemaOf: (v: number) => Record<string, string | null>, rows: Record<string, Record<string, unknown>[]>) {
    const old = new Dexie(name);
    for (const v of versions) old.version(v).stores(schemaOf(v));
    await old.open();
    for (const [table, list] of Object.entries(rows)) await old.table(table).bulkAdd(list);
    old.close();
    const db = new KasirDb(name);
    await db.open();
    return db;
  }

  async function expectKept(db: KasirDb, version: number, rows: Record<string, Record<string, unknown>[]>) {
    for (const [table, list] of Object.entries(rows)) {
      const stored = await db.table(table).toArray();
      // The device gains its credential fields and cart lines their ids at 2: the rest is as stored.
      if (table === 'device' || table === 'carts') expect(stored, table).toMatchObject(list);
      else expect(stored, table).toEqual(list);
    }
    // The app reads them as it would on the counter.
    expect((await searchProducts(db, 'cukli', 'ntb-mall')).map((p) => p.id)).toEqual(['p1']);
    expect((await findByCode(db, '8991234500013', 'ntb-mall'))?.id).toBe('p1');
    expect((await getOpenCart(db)).lines.map((l) => l.id)).toEqual([expect.stringMatching(/./)]);
    expect((await takeBatch(db, 10)).map((m) => [m.seq, m.id])).toEqual([[8, 'm8']]);
    if (version < 2) {
      expect(isEnrolled(await db.device.get('self'))).toBe(false);
      return;
    }
    expect(isEnrolled(await db.device.get('self'))).toBe(true);
    expect((await signInUsers(db, 'ntb-mall')).map((u) => u.id)).toEqual(['u1']);
    if (version < 4) {
      expect(await currentShift(db)).toBeNull();
      return;
    }
    expect((await currentShift(db))?.id).toBe('sh1');
    expect((await movementsOf(db, 'sh1')).map((m) => m.amount)).toEqual([20_000]);
    expect((await cashReasons(db, 'out')).map((r) => r.code)).toContain('beli-plastik');
  }

  const published = Object.keys(PUBLISHED).map(Number);
  for (const version of published) {
    it(`a device's database of version ${version} with a row in every table keeps every row in the current app, and the counter reads them`, async () => {
      const name = `full-${version}-${Date.now()}`;
      const rows = rowsAt(version);
      expect(Object.keys(rows).sort(), 'a row for every table of the version').toEqual(Object.keys(PUBLISHED[version] ?? {}).sort());
      const db = await openWith(name, published.filter((v) => v <= version), (v) => PUBLISHED[v] ?? {}, rows);
      expect(db.verno).toBe(Math.max(...published));
      await expectKept(db, version, rows);
      db.close();
      await Dexie.delete(name);
    });
  }

  it('version 6 as main first had it, before the shifts landed (1, 2, 3 and 6, no shift tables), opens with the shift tables and keeps every row', async () => {
    // Main held the word-index drop (6) for a while before version 4 (shifts) joined it: a tablet that
    // loaded the app then has a database at 6 without the shift tables. Dexie adds the missing tables.
    const name = `six-before-four-${Date.now()}`;
    const rows = rowsAt(3);
    rows.products = rowsAt(6).products!;
    const first6 = (v: number) => (v === 6 ? { products: PUBLISHED[6]!.products! } : (PUBLISHED[v] ?? {}));
    const db = await openWith(name, [1, 2, 3, 6], first6, rows);
    expect(db.products.schema.indexes.map((i) => i.name).sort()).toEqual(['barcode', 'sku']);
    await expectKept(db, 3, rows);
    // And a shift can be opened there now.
    const shift = rowsAt(4).shifts![0]!;
    await db.shifts.add(shift as unknown as ShiftRow);
    expect((await currentShift(db))?.id).toBe('sh1');
    db.close();
    await Dexie.delete(name);
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
