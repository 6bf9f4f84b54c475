// A supervisor closes what the server flagged: from a device signed in by
// PIN (the flag.resolve mutation, through the registry) or from a password
// session (POST /api/review/resolve). Accepted flags leave the open list
// and show under resolved; a stock count moves stock by a 'count' event.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/domain/id.ts';
import { RESOLVE_FLAG_ROUTE, REVIEW_ROUTE } from '../../src/protocol/routes.ts';
import { reviewResponseSchema, resolvedFlagSchema, type FlagResolvePayload, type MutationEnvelope, type SaleVoidPayload } from '../../src/protocol/schemas.ts';
import { listAudit } from '../../src/server/accounts/audit.ts';
import { num } from '../../src/server/store/db.ts';
import {
  asDevice,
  backends,
  createTestUser,
  demoProduct,
  errorOf,
  get,
  jsonWith,
  OUTLET,
  post,
  pull,
  push,
  review,
  saleOf,
  sessionFor,
  startTestServer,
  stockLevel,
  TestDevice,
  type TestServer,
} from './helpers.ts';

const BATIK = demoProduct('BTK-004'); // opening stock 3 at the store

describe.each(backends)('resolving flags ($name)', (backend) => {
  let server: TestServer;
  let url: string;
  let sari: string;
  let budi: string;

  beforeEach(async () => {
    server = await startTestServer(backend);
    url = server.baseUrl;
    sari = await createTestUser(server.store, { username: 'sari', role: 'cashier' });
    budi = await createTestUser(server.store, { username: 'budi', name: 'Budi Supervisor', role: 'supervisor' });
  });
  afterEach(async () => {
    await server.close();
  });

  const resolution = (p: Partial<FlagResolvePayload> & Pick<FlagResolvePayload, 'subject' | 'action'>): FlagResolvePayload => ({
    id: uuidv7(),
    outletId: OUTLET,
    note: '',
    by: budi,
    createdAt: Date.now(),
    count: null,
    ...p,
  });

  const resolveOn = (device: TestDevice, p: FlagResolvePayload): MutationEnvelope => device.next(p, { type: 'flag.resolve' });

  /** Batik oversold to -2 by one device; answers the device and the flagged sale's mutation. */
  async function oversold(): Promise<{ device: TestDevice; sale: MutationEnvelope }> {
    const device = new TestDevice();
    const sale = device.sell([{ product: 'BTK-004', qty: 5 }]);
    const [r] = (await push(url, device.id, [sale])).results;
    expect(r?.status).toBe('flagged');
    return { device, sale };
  }

  it('a supervisor accepts a flagged sale from the device with a note: it leaves the open list and is listed as resolved, audited', async () => {
    const device = new TestDevice();
    const odd = device.sell([{ product: 'KOP-001', qty: 1, unitPrice: 60_000 }]);
    expect((await push(url, device.id, [odd])).results[0]?.status).toBe('flagged');
    const p = resolution({ subject: { kind: 'sale', saleId: saleOf(odd).id }, action: 'price-note', note: 'harga promo pameran' });

    const [r] = (await push(url, device.id, [resolveOn(device, p)])).results;

    expect(r).toMatchObject({ status: 'applied', reason: null });
    const after = await review(url);
    expect(after.flaggedSales).toEqual([]);
    expect(after.resolved).toEqual([
      {
        id: p.id,
        outletId: OUTLET,
        subject: { kind: 'sale', saleId: saleOf(odd).id },
        label: saleOf(odd).receiptNo,
        action: 'price-note',
        note: 'harga promo pameran',
        by: budi,
        byName: 'Budi Supervisor',
        createdAt: p.createdAt,
        receivedAt: expect.any(Number) as number,
        counted: null,
        delta: null,
      },
    ]);
    const audit = await server.store.db.tx((tx) => listAudit(tx, {}));
    expect(audit.find((a) => a.action === 'flag.resolve')).toMatchObject({ actorId: budi, deviceId: device.id, outletId: OUTLET, detail: 'price-note: harga promo pameran' });
  });

  it('a stock count on a negative level becomes a count event: the level is the counted quantity, on the pull too', async () => {
    const { device } = await oversold();
    expect((await review(url)).negativeStock.map((n) => n.level)).toEqual([-2]);
    const p = resolution({ subject: { kind: 'stock', productId: BATIK.id }, action: 'stock-count', count: { counted: 4, stockEventId: uuidv7() } });

    const [r] = (await push(url, device.id, [resolveOn(device, p)])).results;

    expect(r?.status).toBe('applied');
    expect(stockLevel(await pull(url, 0, OUTLET), BATIK.id, OUTLET)).toBe(4);
    const [event] = await server.store.db.all('SELECT delta, reason FROM stock_events WHERE id = ?', [p.count?.stockEventId ?? '']);
    expect({ delta: num(event?.delta), reason: event?.reason }).toEqual({ delta: 6, reason: 'count' });
    const after = await review(url);
    expect(after.negativeStock).toEqual([]);
    expect(after.resolved[0]).toMatchObject({ subject: { kind: 'stock', productId: BATIK.id }, label: BATIK.name, action: 'stock-count', counted: 4, delta: 6 });
  });

  it('an accepted negative level comes back when a later sale moves it again', async () => {
    const { device } = await oversold();
    await push(url, device.id, [resolveOn(device, resolution({ subject: { kind: 'stock', productId: BATIK.id }, action: 'accept', note: 'barang titipan, stok belum dicatat' }))]);
    expect((await review(url)).negativeStock).toEqual([]);

    await push(url, device.id, [device.sell([{ product: 'BTK-004', qty: 1 }])]);

    expect((await review(url)).negativeStock.map((n) => n.level)).toEqual([-3]);
  });

  it('a void with a forged approval is accepted from the device, in the same push that brought it, and leaves the open list', async () => {
    const device = new TestDevice();
    const sold = device.sell([{ product: 'KOP-001', qty: 1 }]);
    await push(url, device.id, [sold]);
    const sale = saleOf(sold);
    // Approved by a cashier's PIN: flagged, the money went back all the same.
    const ret: SaleVoidPayload = {
      id: uuidv7(),
      saleId: sale.id,
      outletId: OUTLET,
      kind: 'void',
      lines: sale.lines.map((l) => ({ lineId: l.id, qty: l.qty })),
      amount: sale.total + sale.rounding,
      method: 'cash',
      reason: 'pelanggan batal',
      by: sari,
      createdAt: Date.now(),
      businessDate: sale.businessDate,
      approval: { id: uuidv7(), kind: 'void-sale', approverId: sari, requestedBy: sari, at: Date.now(), lineId: null, detail: 'uji' },
      stockEvents: sale.lines.map((l) => ({ id: uuidv7(), productId: l.productId, outletId: OUTLET, delta: l.qty, reason: 'return', saleId: sale.id })),
    };
    const accept = resolution({ subject: { kind: 'return', returnId: ret.id }, action: 'accept', note: 'sudah ditegur, uang kembali benar' });

    const results = (await push(url, device.id, [device.next(ret, { type: 'sale.void' }), resolveOn(device, accept)])).results;

    expect(results.map((r) => r.status)).toEqual(['flagged', 'applied']);
    const after = await review(url);
    expect(after.flaggedReturns).toEqual([]);
    expect(after.resolved[0]).toMatchObject({ subject: { kind: 'return', returnId: ret.id }, label: 'void', action: 'accept' });
    // Read back from what is stored, in a later push: a second word on it is kept too.
    const later = resolution({ subject: { kind: 'return', returnId: ret.id }, action: 'accept', note: 'dicek ulang oleh kantor' });
    expect((await push(url, device.id, [resolveOn(device, later)])).results[0]?.status).toBe('applied');
    expect((await review(url)).resolved.map((r) => r.note)).toEqual(['dicek ulang oleh kantor', 'sudah ditegur, uang kembali benar']);
  });

  it('refuses a resolution by a cashier and changes nothing', async () => {
    const { device } = await oversold();
    const p = resolution({ by: sari, subject: { kind: 'stock', productId: BATIK.id }, action: 'stock-count', count: { counted: 10, stockEventId: uuidv7() } });

    const [r] = (await push(url, device.id, [resolveOn(device, p)])).results;

    expect(r?.status).toBe('rejected');
    expect(r?.reason).toContain('only they resolve flags');
    expect(stockLevel(await pull(url, 0, OUTLET), BATIK.id, OUTLET)).toBe(-2);
    expect((await review(url)).resolved).toEqual([]);
  });

  it('refuses a resolution of a sale the server does not hold, and one without the note accepting needs', async () => {
    const device = new TestDevice();
    const ghost = resolution({ subject: { kind: 'sale', saleId: uuidv7() }, action: 'accept', note: 'ok' });
    const silent = { ...resolution({ subject: { kind: 'sale', saleId: uuidv7() }, action: 'accept' }), note: ' ' };

    const results = (await push(url, device.id, [resolveOn(device, ghost), resolveOn(device, silent)])).results;

    expect(results.map((x) => x.status)).toEqual(['rejected', 'rejected']);
    expect(results[0]?.reason).toContain('is not on the server');
    expect(results[1]?.reason).toContain('needs a note');
  });

  it('a resolution sent again counts once: the replay answers the same and stock moves once', async () => {
    const { device } = await oversold();
    const m = resolveOn(device, resolution({ subject: { kind: 'stock', productId: BATIK.id }, action: 'stock-count', count: { counted: 1, stockEventId: uuidv7() } }));

    const first = await push(url, device.id, [m]);
    const again = await push(url, device.id, [m]);

    expect(first.results[0]).toMatchObject({ status: 'applied', replay: false });
    expect(again.results[0]).toMatchObject({ status: 'applied', replay: true });
    expect(stockLevel(await pull(url, 0, OUTLET), BATIK.id, OUTLET)).toBe(1);
    expect((await review(url)).resolved).toHaveLength(1);
  });

  it('the same resolution under a new seq (resent after a restore) is a duplicate: stored once, stock moved once', async () => {
    const { device } = await oversold();
    const p = resolution({ subject: { kind: 'stock', productId: BATIK.id }, action: 'stock-count', count: { counted: 3, stockEventId: uuidv7() } });
    await push(url, device.id, [resolveOn(device, p)]);

    const [again] = (await push(url, device.id, [resolveOn(device, p)])).results;

    expect(again?.status).toBe('duplicate');
    expect(stockLevel(await pull(url, 0, OUTLET), BATIK.id, OUTLET)).toBe(3);
    expect((await review(url)).resolved).toHaveLength(1);
  });

  it('a device reviews for the supervisor signed in on it, and is refused for a cashier or for nobody', async () => {
    const { device } = await oversold();
    const headers = await asDevice(url, device.id);

    const asSupervisor = await get(url, `${REVIEW_ROUTE}?userId=${budi}`, headers);
    const asCashier = await get(url, `${REVIEW_ROUTE}?userId=${sari}`, headers);
    const asNobody = await get(url, REVIEW_ROUTE, headers);

    expect(asSupervisor.status).toBe(200);
    expect(reviewResponseSchema.parse(asSupervisor.body).negativeStock.map((n) => n.productId)).toEqual([BATIK.id]);
    expect(asCashier.status).toBe(403);
    expect(errorOf(asCashier).field).toBe('userId');
    expect(asNobody.status).toBe(403);
  });

  it('a supervisor with a password session counts stock online; the same request again answers the stored resolution', async () => {
    await oversold();
    const p = resolution({ subject: { kind: 'stock', productId: BATIK.id }, action: 'stock-count', count: { counted: 2, stockEventId: uuidv7() }, note: 'dihitung ulang' });
    const headers = jsonWith(await sessionFor(server.store, budi));

    const first = await post(url, RESOLVE_FLAG_ROUTE, p, headers);
    const again = await post(url, RESOLVE_FLAG_ROUTE, p, headers);

    expect(first.status).toBe(200);
    expect(resolvedFlagSchema.parse(first.body)).toMatchObject({ action: 'stock-count', counted: 2, delta: 4, byName: 'Budi Supervisor' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(stockLevel(await pull(url, 0, OUTLET), BATIK.id, OUTLET)).toBe(2);
    const audit = await server.store.db.tx((tx) => listAudit(tx, {}));
    expect(audit.filter((a) => a.action === 'flag.resolve')).toHaveLength(1);
  });

  it('refuses a cashier resolving with a session, and a supervisor naming someone else', async () => {
    const { sale } = await oversold();
    const subject = { kind: 'sale', saleId: saleOf(sale).id } as const;
    const cashier = await post(url, RESOLVE_FLAG_ROUTE, resolution({ by: sari, subject, action: 'accept', note: 'ok' }), jsonWith(await sessionFor(server.store, sari)));
    const impostor = await post(url, RESOLVE_FLAG_ROUTE, resolution({ by: sari, subject, action: 'accept', note: 'ok' }), jsonWith(await sessionFor(server.store, budi)));

    expect(cashier.status).toBe(403);
    expect(impostor.status).toBe(403);
    expect(errorOf(impostor).field).toBe('by');
    expect((await review(url)).flaggedSales).toHaveLength(1);
  });

  it('a device cannot use the session route', async () => {
    const { device, sale } = await oversold();
    const res = await post(url, RESOLVE_FLAG_ROUTE, resolution({ subject: { kind: 'sale', saleId: saleOf(sale).id }, action: 'accept', note: 'ok' }), await asDevice(url, device.id));
    expect(res.status).toBe(403);
  });
});
