// The supervisor's review list: every sale stored with a flag (rule 10) and
// every stock level below zero (rule 13), named so a person can act on it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Product } from '../../src/domain/catalog.ts';
import { REVIEW_ROUTE } from '../../src/protocol/routes.ts';
import { adminToken, backends, bearer, demoProduct, errorOf, get, OUTLET, push, review, saleOf, startTestServer, TestDevice, type TestServer } from './helpers.ts';
import { upsertCatalog } from '../../src/server/catalog/catalog.ts';

const KOPI = demoProduct('KOP-001');
const BATIK = demoProduct('BTK-004'); // opening stock 3 at the store

describe.each(backends)('review ($name)', (backend) => {
  let server: TestServer;
  let url: string;

  beforeEach(async () => {
    // A clock that ticks per mutation, so "oldest first" does not hang on two sales in one millisecond.
    let clock = 1_750_000_000_000;
    server = await startTestServer(backend, { now: () => ++clock });
    url = server.baseUrl;
  });
  afterEach(async () => {
    await server.close();
  });

  it('is empty on a fresh server and after clean sales', async () => {
    expect(await review(url)).toEqual({ flaggedSales: [], negativeStock: [], flaggedReturns: [], resolved: [], flaggedStock: [], qrisPayments: [], flaggedCash: [] });
    const device = new TestDevice();
    await push(url, device.id, [device.sell([{ product: 'KOP-001', qty: 2 }])]);
    expect(await review(url)).toEqual({ flaggedSales: [], negativeStock: [], flaggedReturns: [], resolved: [], flaggedStock: [], qrisPayments: [], flaggedCash: [] });
  });

  it('lists a sale at a changed price with its flag, and not the clean sale beside it', async () => {
    const device = new TestDevice();
    const clean = device.sell([{ product: 'KOP-002', qty: 1 }]);
    const odd = device.sell([{ product: 'KOP-001', qty: 1, unitPrice: 60_000 }]);
    await push(url, device.id, [clean, odd]);

    const r = await review(url);

    expect(r.flaggedSales.map((s) => s.sale)).toEqual([saleOf(odd)]);
    expect(r.flaggedSales[0]?.deviceSeq).toBe(2);
    // A kind and its parameters for the device to word, and English words for API clients.
    expect(r.flaggedSales[0]?.flags).toEqual([
      { kind: 'price-differs', params: { productId: KOPI.id, name: KOPI.name, soldAt: 60000, catalogPrice: KOPI.price }, message: `${KOPI.name}: sold at 60000, catalog price ${KOPI.price}` },
    ]);
    expect(r.negativeStock).toEqual([]);
  });

  it('a sale stored before flags had kinds shows its old English words as a legacy note', async () => {
    const device = new TestDevice();
    const odd = device.sell([{ product: 'KOP-001', qty: 1, unitPrice: 60_000 }]);
    await push(url, device.id, [odd]);
    await server.store.db.tx((tx) => tx.run('UPDATE sales SET flags = ? WHERE id = ?', [JSON.stringify(['an old flag in English']), saleOf(odd).id]));

    const r = await review(url);

    expect(r.flaggedSales[0]?.flags).toEqual([{ kind: 'legacy-text', params: { text: 'an old flag in English' }, message: 'an old flag in English' }]);
  });

  it('an oversold product shows as negative stock with outlet and product names, and its sale as flagged', async () => {
    const a = new TestDevice();
    const b = new TestDevice();
    await push(url, a.id, [a.sell([{ product: 'BTK-004', qty: 2 }])]);
    const second = b.sell([{ product: 'BTK-004', qty: 3 }]);
    await push(url, b.id, [second]);

    const r = await review(url);

    expect(r.negativeStock).toEqual([{ outletId: OUTLET, outletName: 'NTB Mall', productId: BATIK.id, productName: BATIK.name, level: -2 }]);
    expect(r.flaggedSales.map((s) => s.sale.id)).toEqual([saleOf(second).id]);
    expect(r.flaggedSales[0]?.flags).toEqual([{ kind: 'stock-negative', params: { productId: BATIK.id, outletId: OUTLET, level: -2 }, message: `stock of ${BATIK.id} at ${OUTLET} is now -2` }]);
  });

  it('a sale at an unknown outlet of an unknown product is listed, and its stock rows name no outlet or product', async () => {
    const device = new TestDevice();
    const ghost: Product = { ...KOPI, id: 'p-ghost', sku: 'GHOST-1', name: 'Kopi Hantu', barcode: null };
    const m = device.sell([{ product: ghost, qty: 1 }], { outletId: 'booth-unknown' });
    await push(url, device.id, [m]);

    const r = await review(url);

    expect(r.flaggedSales).toHaveLength(1);
    expect(r.flaggedSales[0]?.flags.map((f) => f.message)).toEqual(expect.arrayContaining(['unknown outlet booth-unknown', 'unknown product p-ghost (Kopi Hantu)']));
    expect(r.flaggedSales[0]?.flags.map((f) => f.kind)).toEqual(expect.arrayContaining(['outlet-unknown', 'product-unknown']));
    expect(r.negativeStock).toEqual([{ outletId: 'booth-unknown', outletName: null, productId: 'p-ghost', productName: null, level: -1 }]);
  });

  it('flagged sales come oldest first across devices; a restocked product leaves the negative list', async () => {
    const a = new TestDevice();
    const b = new TestDevice();
    const first = a.sell([{ product: 'BTK-004', qty: 4 }]);
    await push(url, a.id, [first]);
    const second = b.sell([{ product: 'KOP-001', qty: 1, unitPrice: 1_000 }]);
    await push(url, b.id, [second]);
    expect((await review(url)).flaggedSales.map((s) => s.sale.id)).toEqual([saleOf(first).id, saleOf(second).id]);

    await upsertCatalog(server.store, { stock: [{ outletId: OUTLET, productId: BATIK.id, level: 10 }] });

    const r = await review(url);
    expect(r.negativeStock).toEqual([]);
    // The sales stay flagged: what was odd about them did not change.
    expect(r.flaggedSales).toHaveLength(2);
  });

  it('a replayed flagged sale is listed once', async () => {
    const device = new TestDevice();
    const m = device.sell([{ product: 'BTK-004', qty: 5 }]);
    await push(url, device.id, [m]);
    await push(url, device.id, [m]);
    const r = await review(url);
    expect(r.flaggedSales).toHaveLength(1);
    expect(r.negativeStock).toHaveLength(1);
    expect(r.negativeStock[0]?.level).toBe(-2);
  });

  it('a bad limit is a 400 naming limit', async () => {
    const res = await get(url, `${REVIEW_ROUTE}?limit=0`, bearer(await adminToken(url)));
    expect(res.status).toBe(400);
    expect(errorOf(res).field).toBe('limit');
  });
});
