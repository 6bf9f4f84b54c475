// Stock across outlets on the server: receipts from producers, transfers
// between the store and a booth, adjustments with a reason (and a PIN above
// the limits), stock takes netted for sales made while counting, and the
// levels and history a supervisor reads. Each act is a mutation through the
// registry, stored exactly once.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Approval, ApprovalKind } from '../../src/domain/approval.ts';
import { uuidv7 } from '../../src/domain/id.ts';
import { RESOLVE_FLAG_ROUTE, ROUTES, STOCK_ROUTES } from '../../src/protocol/routes.ts';
import { CATALOG_ADMIN_ROUTES } from '../../src/protocol/catalog-admin-routes.ts';
import {
  pullResponseSchema,
  pushResponseSchema,
  type MutationEnvelope,
  type FlagResolvePayload,
  type PushResponse,
  type StockAdjustPayload,
  type StockCountPayload,
  type StockReceivePayload,
  type TransferReceivePayload,
  type TransferSendPayload,
} from '../../src/protocol/schemas.ts';
import { adjustReasonListSchema, stockReportSchema } from '../../src/protocol/stock.ts';
import { adminOutletListSchema } from '../../src/protocol/catalog-admin.ts';
import { listAudit } from '../../src/server/accounts/audit.ts';
import {
  asAdmin,
  backends,
  bearer,
  createTestUser,
  demoProduct,
  enrolDevice,
  errorOf,
  get,
  jsonWith,
  OUTLET,
  post,
  pull,
  push,
  pushBody,
  review,
  sessionFor,
  send,
  startTestServer,
  stockLevel,
  TestDevice,
  type TestServer,
} from './helpers.ts';

const BOOTH = 'booth-pameran';
const KOPI = demoProduct('KOP-001'); // umkm-kopi-sembalun, Rp 65.000; 40 at the store, 14 at the booth
const MADU = demoProduct('MDU-002'); // umkm-madu-sumbawa, Rp 85.000; 36 at the store, 12 at the booth

describe.each(backends)('stock across outlets ($name)', (backend) => {
  let server: TestServer;
  let url: string;
  let budi: string;
  let sari: string;
  let wayan: string;

  beforeEach(async () => {
    server = await startTestServer(backend);
    url = server.baseUrl;
    budi = await createTestUser(server.store, { username: 'budi', name: 'Budi Supervisor', role: 'supervisor' });
    sari = await createTestUser(server.store, { username: 'sari', role: 'cashier' });
    wayan = await createTestUser(server.store, { username: 'wayan', name: 'Wayan Booth', role: 'supervisor', outletId: BOOTH });
  });
  afterEach(async () => {
    await server.close();
  });

  const level = async (productId: string, outletId: string) => stockLevel(await pull(url, 0, outletId), productId, outletId);
  const ev = () => uuidv7();
  const approval = (kind: ApprovalKind, approverId: string): Approval => ({ id: uuidv7(), kind, approverId, requestedBy: budi, at: Date.now(), lineId: null, detail: 'uji' });

  const receipt = (p: Partial<StockReceivePayload> = {}): StockReceivePayload => ({
    id: uuidv7(),
    outletId: OUTLET,
    producerId: KOPI.producerId,
    noteNo: 'NT-0042',
    by: budi,
    createdAt: Date.now(),
    lines: [{ stockEventId: ev(), productId: KOPI.id, qty: 24, unitCost: 40_000 }],
    ...p,
  });

  it('goods received on a producer note raise the level once, however often the push is sent, and are audited', async () => {
    const device = new TestDevice();
    const m = device.next(receipt(), { type: 'stock.receive' });
    const first = await push(url, device.id, [m]);
    const again = await push(url, device.id, [m]);
    expect(first.results[0]).toMatchObject({ status: 'applied', replay: false });
    expect(again.results[0]).toMatchObject({ status: 'applied', replay: true });
    expect(await level(KOPI.id, OUTLET)).toBe(64);
    const audit = await server.store.db.tx((tx) => listAudit(tx, {}));
    expect(audit.find((e) => e.action === 'stock.receive')?.detail).toContain('note NT-0042');
  });

  it('a receipt by a cashier, or with another producer’s product on the note, is refused and moves nothing', async () => {
    const device = new TestDevice();
    const byCashier = device.next(receipt({ by: sari }), { type: 'stock.receive' });
    const wrongProducer = device.next(receipt({ lines: [{ stockEventId: ev(), productId: MADU.id, qty: 2, unitCost: 1 }] }), { type: 'stock.receive' });
    const { results } = await push(url, device.id, [byCashier, wrongProducer]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(results[0]?.reason).toContain('only they move stock');
    expect(results[1]?.reason).toContain('not made by producer');
    expect(await level(KOPI.id, OUTLET)).toBe(40);
    expect(await level(MADU.id, OUTLET)).toBe(36);
  });

  describe('a transfer from the store to the booth', () => {
    let boothDevice: string;
    let boothCredential: string;
    const boothPush = async (mutations: MutationEnvelope[]): Promise<PushResponse> => {
      const res = await post(url, ROUTES.push, pushBody(boothDevice, mutations), jsonWith(boothCredential));
      expect(res.status).toBe(200);
      return pushResponseSchema.parse(res.body);
    };
    beforeEach(async () => {
      boothDevice = uuidv7();
      boothCredential = await enrolDevice(url, boothDevice, BOOTH);
    });

    const send = (lines: TransferSendPayload['lines']): TransferSendPayload => ({ id: uuidv7(), fromOutletId: OUTLET, toOutletId: BOOTH, note: 'pameran', by: budi, createdAt: Date.now(), lines });

    it('leaves the store in transit, reaches the booth in its pull, and arrives as scanned; a short line is flagged and reviewed', async () => {
      const store = new TestDevice();
      const t = send([
        { stockEventId: ev(), productId: KOPI.id, qty: 12 },
        { stockEventId: ev(), productId: MADU.id, qty: 8 },
      ]);
      expect((await push(url, store.id, [store.next(t, { type: 'transfer.send' })])).results[0]?.status).toBe('applied');
      expect(await level(KOPI.id, OUTLET)).toBe(28);
      expect(await level(KOPI.id, BOOTH)).toBe(14);

      // The booth's own pull carries the transfer, so it can be received offline.
      const res = await get(url, `${ROUTES.pull}?since=0`, bearer(boothCredential));
      const pulled = pullResponseSchema.parse(res.body);
      expect(pulled.transfers).toEqual([expect.objectContaining({ id: t.id, state: 'sent', fromOutletId: OUTLET, toOutletId: BOOTH, lines: [{ productId: KOPI.id, qty: 12 }, { productId: MADU.id, qty: 8 }] })]);

      const received: TransferReceivePayload = {
        id: uuidv7(),
        transferId: t.id,
        outletId: BOOTH,
        note: '',
        by: wayan,
        createdAt: Date.now(),
        lines: [
          { stockEventId: ev(), productId: KOPI.id, qty: 12 },
          { stockEventId: ev(), productId: MADU.id, qty: 7 },
        ],
      };
      const m = { seq: 1, id: uuidv7(), type: 'transfer.receive', payload: received, deviceTime: Date.now() };
      const [r] = (await boothPush([m])).results;
      expect(r?.status).toBe('flagged');
      expect(r?.reason).toContain('8 of');
      expect(await level(KOPI.id, BOOTH)).toBe(26);
      expect(await level(MADU.id, BOOTH)).toBe(19);

      // Sent again: the stored answer, and the booth's stock does not move twice.
      expect((await boothPush([m])).results[0]).toMatchObject({ status: 'flagged', replay: true });
      expect(await level(MADU.id, BOOTH)).toBe(19);

      const rv = await review(url);
      expect(rv.flaggedStock).toEqual([
        expect.objectContaining({ kind: 'transfer', id: t.id, outletId: BOOTH, fromOutletId: OUTLET, flags: [expect.objectContaining({ kind: 'transfer-difference', params: { transferId: t.id, productId: MADU.id, sent: 8, received: 7 } })] }),
      ]);
      const after = pullResponseSchema.parse((await get(url, `${ROUTES.pull}?since=0`, bearer(boothCredential))).body);
      expect(after.transfers[0]?.state).toBe('received-with-difference');
    });

    it('a flagged transfer is resolved on the review: counted at the booth (the count sets the level) or accepted with a note from the store; audited; a product the transfer did not move, or a document without a flag, is refused', async () => {
      const store = new TestDevice();
      const short = async (madu: number) => {
        const t = send([{ stockEventId: ev(), productId: MADU.id, qty: 8 }]);
        await push(url, store.id, [store.next(t, { type: 'transfer.send' })]);
        const received: TransferReceivePayload = { id: uuidv7(), transferId: t.id, outletId: BOOTH, note: '', by: wayan, createdAt: Date.now(), lines: [{ stockEventId: ev(), productId: MADU.id, qty: madu }] };
        return { t, received };
      };
      const a = await short(7);
      const b = await short(6);
      const env = (seq: number, type: string, payload: unknown) => ({ seq, id: uuidv7(), type, payload, deviceTime: Date.now() });
      expect((await boothPush([env(1, 'transfer.receive', a.received), env(2, 'transfer.receive', b.received)])).results.map((r) => r.status)).toEqual(['flagged', 'flagged']);
      expect(await level(MADU.id, BOOTH)).toBe(25);
      const resolve = (p: Partial<FlagResolvePayload> & Pick<FlagResolvePayload, 'subject' | 'action'>): FlagResolvePayload => ({ id: uuidv7(), outletId: BOOTH, note: '', by: wayan, createdAt: Date.now(), count: null, ...p });

      // The booth counts madu: 24 on the shelf, so the level moves by -1, and transfer a leaves the list.
      const counted = resolve({ subject: { kind: 'stock-doc', doc: 'transfer', docId: a.t.id }, action: 'stock-count', count: { counted: 24, stockEventId: ev(), productId: MADU.id } });
      // Another product than the transfer moved, or a store supervisor resolving for the booth, is refused.
      const wrongProduct = resolve({ subject: { kind: 'stock-doc', doc: 'transfer', docId: b.t.id }, action: 'stock-count', count: { counted: 1, stockEventId: ev(), productId: KOPI.id } });
      const { results } = await boothPush([env(3, 'flag.resolve', counted), env(4, 'flag.resolve', wrongProduct)]);
      expect(results.map((r) => r.status), JSON.stringify(results)).toEqual(['applied', 'rejected']);
      expect(results[1]?.reason).toContain('did not move product');
      expect(await level(MADU.id, BOOTH)).toBe(24);
      expect((await review(url)).flaggedStock.map((d) => d.id)).toEqual([b.t.id]);

      // The store (the transfer's source) accepts b with a note; a note is needed.
      const accept = resolve({ outletId: OUTLET, by: budi, subject: { kind: 'stock-doc', doc: 'transfer', docId: b.t.id }, action: 'accept', note: 'dua botol pecah di jalan' });
      const [ok] = (await push(url, store.id, [store.next(accept, { type: 'flag.resolve' })])).results;
      expect(ok?.status).toBe('applied');
      const rv = await review(url);
      expect(rv.flaggedStock).toEqual([]);
      expect(rv.resolved.slice(0, 2).map((r) => [r.subject, r.action])).toEqual([
        [{ kind: 'stock-doc', doc: 'transfer', docId: b.t.id }, 'accept'],
        [{ kind: 'stock-doc', doc: 'transfer', docId: a.t.id }, 'stock-count'],
      ]);
      const audit = await server.store.db.tx((tx) => listAudit(tx, {}));
      expect(audit.find((e) => e.action === 'flag.resolve' && e.subject === `stock-doc transfer:${b.t.id}`)?.detail).toContain('dua botol pecah');
      expect(audit.find((e) => e.action === 'flag.resolve' && e.subject === `stock-doc transfer:${a.t.id}`)?.detail).toContain('counted 24 (stock moved by -1)');

      // A document that carries no flag has nothing to resolve.
      const clean = send([{ stockEventId: ev(), productId: KOPI.id, qty: 1 }]);
      await push(url, store.id, [store.next(clean, { type: 'transfer.send' })]);
      const [none] = (await push(url, store.id, [store.next(resolve({ outletId: OUTLET, by: budi, subject: { kind: 'stock-doc', doc: 'transfer', docId: clean.id }, action: 'accept', note: 'x' }), { type: 'flag.resolve' })])).results;
      expect(none?.status).toBe('rejected');
      expect(none?.reason).toContain('carries no flag');
    });

    it('a transfer is received once: a second receipt is refused; one at the wrong outlet or of an unknown transfer too', async () => {
      const store = new TestDevice();
      const t = send([{ stockEventId: ev(), productId: KOPI.id, qty: 5 }]);
      await push(url, store.id, [store.next(t, { type: 'transfer.send' })]);
      const receiptOf = (transferId: string, outletId = BOOTH): TransferReceivePayload => ({
        id: uuidv7(),
        transferId,
        outletId,
        note: '',
        by: wayan,
        createdAt: Date.now(),
        lines: [{ stockEventId: ev(), productId: KOPI.id, qty: 5 }],
      });
      const env = (seq: number, payload: TransferReceivePayload) => ({ seq, id: uuidv7(), type: 'transfer.receive', payload, deviceTime: Date.now() });
      const { results } = await boothPush([env(1, receiptOf(t.id)), env(2, receiptOf(t.id)), env(3, receiptOf(uuidv7()))]);
      expect(results.map((r) => r.status)).toEqual(['applied', 'rejected', 'rejected']);
      expect(results[1]?.reason).toContain('already received');
      expect(results[2]?.reason).toContain('not on the server');
      // The store's device cannot receive for the booth.
      const wrong = await push(url, store.id, [store.next(receiptOf(t.id, OUTLET), { type: 'transfer.receive' })]);
      expect(wrong.results[0]?.status).toBe('rejected');
      expect(await level(KOPI.id, BOOTH)).toBe(19);
    });

    it('a transfer to the same outlet does not fit the wire', async () => {
      const store = new TestDevice();
      const { results } = await push(url, store.id, [store.next({ ...send([{ stockEventId: ev(), productId: KOPI.id, qty: 1 }]), toOutletId: OUTLET }, { type: 'transfer.send' })]);
      expect(results[0]?.status).toBe('rejected');
      expect(results[0]?.reason).toContain('another outlet');
    });
  });

  describe('adjustments', () => {
    const adjust = (p: Partial<StockAdjustPayload> = {}): StockAdjustPayload => ({
      id: uuidv7(),
      outletId: OUTLET,
      reason: 'rusak',
      note: 'kemasan sobek',
      by: budi,
      createdAt: Date.now(),
      lines: [{ stockEventId: ev(), productId: KOPI.id, delta: -2 }],
      approval: null,
      ...p,
    });

    it('a small one with a reason applies; over the limits without a supervisor’s PIN it is flagged, with one it applies', async () => {
      const device = new TestDevice();
      const big = [{ stockEventId: ev(), productId: MADU.id, delta: -12 }];
      const { results } = await push(url, device.id, [
        device.next(adjust(), { type: 'stock.adjust' }),
        device.next(adjust({ reason: 'hilang', lines: big }), { type: 'stock.adjust' }),
        device.next(adjust({ reason: 'hilang', lines: [{ stockEventId: ev(), productId: MADU.id, delta: -12 }], approval: approval('stock-adjust', budi) }), { type: 'stock.adjust' }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['applied', 'flagged', 'applied']);
      expect(results[1]?.reason).toContain('stock-adjust');
      expect(await level(KOPI.id, OUTLET)).toBe(38);
      expect(await level(MADU.id, OUTLET)).toBe(12);
      expect((await review(url)).flaggedStock.map((d) => d.kind)).toEqual(['adjustment']);
    });

    it('the limits are the outlet’s: an admin raises them on the outlet, the device pulls them, and the server holds the adjustment to them', async () => {
      const admin = await asAdmin(url);
      const list = adminOutletListSchema.parse((await get(url, CATALOG_ADMIN_ROUTES.outlets, admin)).body);
      const mall = list.outlets.find((o) => o.id === OUTLET);
      if (!mall) throw new Error('no store outlet');
      const { id: _id, version: _v, ...write } = mall;
      const saved = await send(url, 'PATCH', CATALOG_ADMIN_ROUTES.outlet.replace(':outletId', OUTLET), { ...write, settings: { ...write.settings, adjustQtyLimit: 30, adjustValueLimit: 2_000_000 } }, admin);
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      const own = pullResponseSchema.parse((await get(url, `${ROUTES.pull}?since=0`, bearer(await enrolDevice(url, uuidv7(), OUTLET)))).body);
      expect(own.outlets.find((o) => o.id === OUTLET)?.settings).toMatchObject({ adjustQtyLimit: 30, adjustValueLimit: 2_000_000 });
      const audit = await server.store.db.tx((tx) => listAudit(tx, {}));
      expect(audit.find((e) => e.action === 'outlet.update')?.detail).toContain('adjustQtyLimit: 10 -> 30');

      const device = new TestDevice();
      const { results } = await push(url, device.id, [
        // 12 units worth Rp 1.020.000: over the old constants, inside this outlet's limits.
        device.next(adjust({ reason: 'hilang', lines: [{ stockEventId: ev(), productId: MADU.id, delta: -12 }] }), { type: 'stock.adjust' }),
        // 31 units: over the outlet's quantity limit.
        device.next(adjust({ lines: [{ stockEventId: ev(), productId: KOPI.id, delta: -31 }] }), { type: 'stock.adjust' }),
      ]);
      expect(results.map((r) => r.status), JSON.stringify(results)).toEqual(['applied', 'flagged']);

      // A limit of 0 asks a PIN for every adjustment; the booth keeps the defaults.
      await send(url, 'PATCH', CATALOG_ADMIN_ROUTES.outlet.replace(':outletId', OUTLET), { ...write, settings: { ...write.settings, adjustQtyLimit: 0 } }, admin);
      const [one] = (await push(url, device.id, [device.next(adjust({ lines: [{ stockEventId: ev(), productId: KOPI.id, delta: -1 }] }), { type: 'stock.adjust' })])).results;
      expect(one?.status).toBe('flagged');
      expect(errorOf(await send(url, 'PATCH', CATALOG_ADMIN_ROUTES.outlet.replace(':outletId', OUTLET), { ...write, settings: { ...write.settings, adjustQtyLimit: 200_000 } }, admin))).toMatchObject({ code: 'limit-out-of-range', field: 'adjustQtyLimit' });
    });

    it('a flagged adjustment is resolved from a password session: counted (its product only) or accepted with a note; a cashier is refused', async () => {
      const device = new TestDevice();
      const big = adjust({ reason: 'hilang', lines: [{ stockEventId: ev(), productId: MADU.id, delta: -12 }] });
      expect((await push(url, device.id, [device.next(big, { type: 'stock.adjust' })])).results[0]?.status).toBe('flagged');
      const subject = { kind: 'stock-doc' as const, doc: 'adjustment' as const, docId: big.id };
      const body = (p: Partial<FlagResolvePayload>): FlagResolvePayload => ({ id: uuidv7(), outletId: OUTLET, subject, action: 'accept', note: 'dicek, memang hilang', by: budi, createdAt: Date.now(), count: null, ...p });
      const spv = jsonWith(await sessionFor(server.store, budi));
      expect((await post(url, RESOLVE_FLAG_ROUTE, body({ by: sari }), jsonWith(await sessionFor(server.store, sari)))).status).toBe(403);
      const wrong = await post(url, RESOLVE_FLAG_ROUTE, body({ action: 'stock-count', note: '', count: { counted: 3, stockEventId: ev(), productId: KOPI.id } }), spv);
      expect(wrong.status).toBe(400);
      expect(errorOf(wrong).field).toBe('count.productId');
      // A count without the product is not a stock document's count: refused by the wire.
      expect((await post(url, RESOLVE_FLAG_ROUTE, body({ action: 'stock-count', note: '', count: { counted: 3, stockEventId: ev() } }), spv)).status).toBe(400);
      const res = await post(url, RESOLVE_FLAG_ROUTE, body({ action: 'stock-count', note: '', count: { counted: 20, stockEventId: ev(), productId: MADU.id } }), spv);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(await level(MADU.id, OUTLET)).toBe(20);
      expect((await review(url)).flaggedStock).toEqual([]);
    });

    it('a cashier’s PIN approves nothing: the approval is flagged as forged', async () => {
      const device = new TestDevice();
      const [r] = (await push(url, device.id, [device.next(adjust({ lines: [{ stockEventId: ev(), productId: KOPI.id, delta: -20 }], approval: approval('stock-adjust', sari) }), { type: 'stock.adjust' })])).results;
      expect(r?.status).toBe('flagged');
      expect(r?.reason).toContain('forged');
    });

    it('a reason the server does not know is refused until an admin adds it; the list comes with the pull', async () => {
      const device = new TestDevice();
      const [before] = (await push(url, device.id, [device.next(adjust({ reason: 'kadaluarsa' }), { type: 'stock.adjust' })])).results;
      expect(before?.status).toBe('rejected');

      const admin = await asAdmin(url);
      const saved = await post(url, STOCK_ROUTES.saveReason, { code: 'kadaluarsa', label: 'Kedaluwarsa' }, admin);
      expect(saved.status).toBe(200);
      const [after] = (await push(url, device.id, [device.next(adjust({ reason: 'kadaluarsa' }), { type: 'stock.adjust' })])).results;
      expect(after?.status).toBe('applied');
      expect((await pull(url, 0, OUTLET)).adjustReasons.map((r) => r.code)).toEqual(['hilang', 'koreksi', 'rusak', 'sampel', 'kadaluarsa']);

      // A built-in reason stays offered; a supervisor may read the list but not change it.
      expect(errorOf(await post(url, STOCK_ROUTES.saveReason, { code: 'rusak', label: 'Rusak', active: false }, admin)).code).toBe('invalid-request');
      const spv = jsonWith(await sessionFor(server.store, budi));
      expect((await post(url, STOCK_ROUTES.saveReason, { code: 'lain', label: 'Lain' }, spv)).status).toBe(403);
      const list = adjustReasonListSchema.parse((await get(url, STOCK_ROUTES.reasons, spv)).body);
      expect(list.reasons.find((r) => r.code === 'kadaluarsa')).toMatchObject({ label: 'Kedaluwarsa', builtin: false, active: true });
      const audit = await server.store.db.tx((tx) => listAudit(tx, {}));
      expect(audit.some((e) => e.action === 'adjust-reason.save' && e.detail.includes('Kedaluwarsa'))).toBe(true);
    });
  });

  describe('stock takes', () => {
    const count = (lines: StockCountPayload['lines'], approver = budi, scope: StockCountPayload['scope'] = { kind: 'full' }): StockCountPayload => ({
      id: uuidv7(),
      outletId: OUTLET,
      scope,
      by: budi,
      startedAt: Date.now() - 60_000,
      createdAt: Date.now(),
      lines,
      approval: approval('stock-count', approver),
    });

    it('the level becomes the count less what the device sold after counting, against the server’s level then', async () => {
      const device = new TestDevice();
      // 40 on the books. The shelf had 37 when counted; 2 were sold after the count, before the approval.
      const sale1 = device.sell([{ product: 'KOP-001', qty: 2 }]);
      const c = count([
        { stockEventId: ev(), productId: KOPI.id, counted: 37, countedAt: Date.now() - 30_000, movedAfter: -2, expected: 38 },
        { stockEventId: ev(), productId: MADU.id, counted: 36, countedAt: Date.now() - 30_000, movedAfter: 0, expected: 36 },
      ]);
      const { results } = await push(url, device.id, [sale1, device.next(c, { type: 'stock.count' })]);
      expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
      expect(await level(KOPI.id, OUTLET)).toBe(35);
      expect(await level(MADU.id, OUTLET)).toBe(36);

      const report = stockReportSchema.parse((await get(url, `${STOCK_ROUTES.report}?productId=${KOPI.id}`, await asAdmin(url))).body);
      const countEvent = report.history.find((h) => h.reason === 'count');
      expect(countEvent).toMatchObject({ delta: -3, docKind: 'count', docId: c.id, byUser: budi, byName: 'Budi Supervisor' });
      // Only the changed product got an event.
      expect(report.history.filter((h) => h.reason === 'count')).toHaveLength(1);
    });

    it('sales of the outlet’s other tablets after a product was counted are netted too: before the approval by the server, after it by the sale itself', async () => {
      const counter = new TestDevice();
      const till = new TestDevice();
      const countedAt = Date.now() - 60_000;
      // 40 on the books; the shelf had 40 when counted. The till sold 1 before the count (in the counted figure) and 3 after it.
      const before = till.sell([{ product: 'KOP-001', qty: 1 }], { createdAt: countedAt - 10_000 });
      const after = till.sell([{ product: 'KOP-001', qty: 3 }], { createdAt: countedAt + 10_000 });
      expect((await push(url, till.id, [before, after])).results.map((r) => r.status)).toEqual(['applied', 'applied']);
      expect(await level(KOPI.id, OUTLET)).toBe(36);
      const c = count([{ stockEventId: ev(), productId: KOPI.id, counted: 39, countedAt, movedAfter: 0, expected: 36 }]);
      expect((await push(url, counter.id, [counter.next(c, { type: 'stock.count' })])).results[0]?.status).toBe('applied');
      // 39 counted, less the 3 sold after on the till: 36 on the shelf, no event needed.
      expect(await level(KOPI.id, OUTLET)).toBe(36);
      const stored = await server.store.db.all('SELECT body FROM stock_counts WHERE id = ?', [c.id]);
      expect(JSON.parse(String(stored[0]?.body)).lines[0]).toMatchObject({ othersSoldAfter: -3, serverDelta: 0 });

      // A till that syncs later: its sale after the count moves the level from the count, as any sale.
      const late = new TestDevice();
      expect((await push(url, late.id, [late.sell([{ product: 'KOP-001', qty: 2 }], { createdAt: countedAt + 20_000 })])).results[0]?.status).toBe('applied');
      expect(await level(KOPI.id, OUTLET)).toBe(34);
    });

    it('a tablet that syncs after the count: what it sold or received before the product was counted is already in the count and moves nothing; the history shows both events', async () => {
      const counter = new TestDevice();
      const late = new TestDevice();
      const countedAt = Date.now() - 60_000;
      // 40 on the books. Unknown to the server, the late tablet sold 2 before the count: the shelf had 38 and the count says so.
      const saleBefore = late.sell([{ product: 'KOP-001', qty: 2 }], { createdAt: countedAt - 5_000 });
      const c = count([{ stockEventId: ev(), productId: KOPI.id, counted: 38, countedAt, movedAfter: 0, expected: 40 }]);
      expect((await push(url, counter.id, [counter.next(c, { type: 'stock.count' })])).results[0]?.status).toBe('applied');
      expect(await level(KOPI.id, OUTLET)).toBe(38);

      const saleAfter = late.sell([{ product: 'KOP-001', qty: 1 }], { createdAt: countedAt + 5_000 });
      expect((await push(url, late.id, [saleBefore, saleAfter])).results.map((r) => r.status)).toEqual(['applied', 'applied']);
      // The piece sold before the count is not taken twice; the one after is.
      expect(await level(KOPI.id, OUTLET)).toBe(37);

      const report = stockReportSchema.parse((await get(url, `${STOCK_ROUTES.report}?productId=${KOPI.id}`, await asAdmin(url))).body);
      const takenBack = report.history.filter((h) => h.why === 'in-count');
      expect(takenBack).toEqual([expect.objectContaining({ reason: 'count', delta: 2, docKind: 'count', docId: c.id, byUser: budi })]);
      expect(report.history.filter((h) => h.reason === 'sale').map((h) => h.delta).sort((a, b) => a - b)).toEqual([-2, -1]);
      // The events still add up to the level.
      const sum = await server.store.db.all('SELECT SUM(delta) AS s FROM stock_events WHERE outlet_id = ? AND product_id = ?', [OUTLET, KOPI.id]);
      expect(Number(sum[0]?.s)).toBe(37 - 40);

      // Goods received on a note dated before the count were on the shelf it counted too; a count made later moves the mark on.
      const r = receipt({ createdAt: countedAt - 1_000, lines: [{ stockEventId: ev(), productId: KOPI.id, qty: 5, unitCost: 40_000 }] });
      expect((await push(url, late.id, [late.next(r, { type: 'stock.receive' })])).results[0]?.status).toBe('applied');
      expect(await level(KOPI.id, OUTLET)).toBe(37);
      const recount = count([{ stockEventId: ev(), productId: KOPI.id, counted: 30, countedAt: countedAt + 30_000, movedAfter: 0, expected: 37 }]);
      expect((await push(url, counter.id, [counter.next(recount, { type: 'stock.count' })])).results[0]?.status).toBe('applied');
      const mark = await server.store.db.all('SELECT counted_at, count_id FROM stock_counted WHERE outlet_id = ? AND product_id = ?', [OUTLET, KOPI.id]);
      expect(mark).toEqual([expect.objectContaining({ count_id: recount.id })]);
      expect(Number(mark[0]?.counted_at)).toBe(countedAt + 30_000);
      // Between the two counts: in the second one, so it moves nothing either.
      expect((await push(url, late.id, [late.sell([{ product: 'KOP-001', qty: 1 }], { createdAt: countedAt + 20_000 })])).results[0]?.status).toBe('applied');
      expect(await level(KOPI.id, OUTLET)).toBe(30);
    });

    it('property: whatever order three tills and the counting tablet sync in, the level ends as the shelf (sold, counted, lost)', async () => {
      const products = ['KOP-001', 'MDU-002', 'KOP-002'].map((sku) => demoProduct(sku));
      let run = 0;
      // The same four tablets every run: enrolment is rate-limited per address, as it is for a real booth.
      const devices = [0, 1, 2, 3].map(() => new TestDevice());
      // The runs replay the last hour; the supervisor who approves the counts has been one all along.
      await server.store.db.run('UPDATE user_role_history SET valid_from = valid_from - 7200000 WHERE user_id = ?', [budi]);
      const sale = fc.record({ device: fc.integer({ min: 0, max: 3 }), at: fc.integer({ min: 0, max: 1_000 }), qty: fc.integer({ min: 1, max: 3 }) });
      await fc.assert(
        fc.asyncProperty(
          fc.array(sale, { maxLength: 10 }),
          fc.integer({ min: 0, max: 3 }),
          fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 40, maxLength: 40 }),
          async (sales, lost, order) => {
            // A product of its own each run, so one server serves every run.
            const product = products[run % products.length]!;
            run += 1;
            const t0 = Date.now() - 3_600_000 + run * 2_000;
            // Goods received just before the run (after the last run's count), so the shelf never runs dry.
            const topUp = receipt({ producerId: product.producerId, createdAt: t0 - 100, lines: [{ stockEventId: ev(), productId: product.id, qty: 40, unitCost: 40_000 }] });
            expect((await push(url, devices[0]!.id, [devices[0]!.next(topUp, { type: 'stock.receive' })])).results[0]?.status).toBe('applied');
            const start = (await level(product.id, OUTLET)) ?? 0;
            const countedAt = t0 + 500;
            const approvedAt = t0 + 700;
            // Odd offsets, so no sale falls on the count's or the approval's own moment (a tie is not what is tested).
            const timed = sales.map((s) => ({ ...s, at: t0 + s.at * 2 + 1 })).sort((a, b) => a.at - b.at);
            const shelfAtCount = start - timed.filter((s) => s.at <= countedAt).reduce((n, s) => n + s.qty, 0) - lost;
            const counterDevice = 3;
            // Each device's queue in its own order; the counting tablet's count sits where it was approved.
            const queues: MutationEnvelope[][] = devices.map((d, i) => {
              const mine = timed.filter((s) => s.device === i);
              const envs: MutationEnvelope[] = [];
              const sell = (s: (typeof mine)[number]) => envs.push(d.sell([{ product: product.sku, qty: s.qty }], { createdAt: s.at }));
              if (i !== counterDevice) {
                mine.forEach(sell);
                return envs;
              }
              mine.filter((s) => s.at < approvedAt).forEach(sell);
              const movedAfter = -mine.filter((s) => s.at > countedAt && s.at < approvedAt).reduce((n, s) => n + s.qty, 0);
              const c = { ...count([{ stockEventId: ev(), productId: product.id, counted: shelfAtCount, countedAt, movedAfter, expected: 0 }]), createdAt: approvedAt };
              envs.push(d.next(c, { type: 'stock.count' }));
              mine.filter((s) => s.at > approvedAt).forEach(sell);
              return envs;
            });
            // Push one or two of a device's next mutations at a time, devices taken in the drawn order.
            let step = 0;
            while (queues.some((q) => q.length > 0)) {
              // The drawn device, or the next one with something left to push.
              let pick = order[step % order.length]! % 4;
              step += 1;
              while (queues[pick]!.length === 0) pick = (pick + 1) % 4;
              const q = queues[pick]!;
              const batch = q.splice(0, 1 + (step % 2));
              const { results } = await push(url, devices[pick]!.id, batch);
              expect(results.filter((r) => r.status !== 'applied' && r.status !== 'flagged')).toEqual([]);
            }
            const sold = timed.reduce((n, s) => n + s.qty, 0);
            expect(await level(product.id, OUTLET)).toBe(start - sold - lost);
          },
        ),
        { numRuns: 24 },
      );
    }, 120_000);

    it('a count by category is checked on the server: a product of another category is flagged, the category’s uncounted products are reported, never zeroed', async () => {
      const device = new TestDevice();
      const c = count(
        [
          { stockEventId: ev(), productId: KOPI.id, counted: 38, countedAt: Date.now(), movedAfter: 0, expected: 40 },
          { stockEventId: ev(), productId: MADU.id, counted: 30, countedAt: Date.now(), movedAfter: 0, expected: 36 },
        ],
        budi,
        { kind: 'category', category: 'Kopi' },
      );
      const [r] = (await push(url, device.id, [device.next(c, { type: 'stock.count' })])).results;
      expect(r?.status).toBe('flagged');
      expect(r?.problem?.flags).toEqual([
        expect.objectContaining({ kind: 'count-out-of-scope', params: { productId: MADU.id, category: 'Kopi' } }),
        expect.objectContaining({ kind: 'count-uncounted', params: { category: 'Kopi', uncounted: 3 } }),
      ]);
      expect(await level(KOPI.id, OUTLET)).toBe(38);
      expect(await level(MADU.id, OUTLET)).toBe(30);
      // KOP-002 was not counted: its level stands.
      expect(await level(demoProduct('KOP-002').id, OUTLET)).toBe(50);
      expect((await review(url)).flaggedStock.map((d) => d.kind)).toEqual(['count']);
      const stored = await server.store.db.all('SELECT body FROM stock_counts WHERE id = ?', [c.id]);
      expect(JSON.parse(String(stored[0]?.body)).uncounted).toHaveLength(3);
    });

    it('a count approved by a cashier is flagged as forged, and the count still stands', async () => {
      const device = new TestDevice();
      const [r] = (await push(url, device.id, [device.next(count([{ stockEventId: ev(), productId: KOPI.id, counted: 30, countedAt: Date.now(), movedAfter: 0, expected: 40 }], sari), { type: 'stock.count' })])).results;
      expect(r?.status).toBe('flagged');
      expect(await level(KOPI.id, OUTLET)).toBe(30);
    });
  });

  it('the stock report: a supervisor sees their outlet with who, why and document; another outlet is refused; an admin sees all', async () => {
    const device = new TestDevice();
    const r = receipt();
    await push(url, device.id, [device.next(r, { type: 'stock.receive' }), device.sell([{ product: 'KOP-001', qty: 1 }])]);
    const spv = bearer(await sessionFor(server.store, budi));
    const mine = stockReportSchema.parse((await get(url, `${STOCK_ROUTES.report}?producerId=${KOPI.producerId}`, spv)).body);
    expect(new Set(mine.levels.map((l) => l.outletId))).toEqual(new Set([OUTLET]));
    expect(mine.levels.every((l) => l.producerId === KOPI.producerId)).toBe(true);
    expect(mine.levels.find((l) => l.productId === KOPI.id)?.level).toBe(63);
    // The level comes with its HPP per unit as the catalog holds it, for the value of the stock (null without one).
    await server.store.db.tx((tx) => tx.run('UPDATE products SET cost = ? WHERE id = ?', [41_000, KOPI.id]));
    await server.store.db.tx((tx) => tx.run('UPDATE products SET cost = NULL WHERE id = ?', [MADU.id]));
    const costed = stockReportSchema.parse((await get(url, STOCK_ROUTES.report, spv)).body).levels;
    expect(costed.find((l) => l.productId === KOPI.id)?.cost).toBe(41_000);
    expect(costed.find((l) => l.productId === MADU.id)?.cost).toBeNull();
    // One push: both events share a receive time, so their order is the ids'.
    expect(mine.history.map((h) => [h.reason, h.delta, h.docKind, h.docRef, h.byUser]).sort()).toEqual([
      ['receive', 24, 'receipt', 'NT-0042', budi],
      ['sale', -1, 'sale', expect.any(String), expect.any(String)],
    ]);
    expect(errorOf(await get(url, `${STOCK_ROUTES.report}?outletId=${BOOTH}`, spv)).code).toBe('wrong-outlet');
    const all = stockReportSchema.parse((await get(url, STOCK_ROUTES.report, await asAdmin(url))).body);
    expect(new Set(all.levels.map((l) => l.outletId)).size).toBe(3);
    // A cashier's session reads no stock.
    expect((await get(url, STOCK_ROUTES.report, bearer(await sessionFor(server.store, sari)))).status).toBe(403);
  });
});
