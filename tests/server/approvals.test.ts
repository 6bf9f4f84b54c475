// Sync rule 10 for people: the server takes a second look at who sold, who
// approved and who gave money back, by the roles they held at the time. A
// forged approval is flagged, never dropped; a good one is in the audit log.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Approval } from '../../src/domain/approval.ts';
import { uuidv7 } from '../../src/domain/id.ts';
import type { CartVoidPayload, SaleRecordPayload, SaleVoidPayload } from '../../src/protocol/schemas.ts';
import { listAudit } from '../../src/server/accounts/audit.ts';
import { num } from '../../src/server/store/db.ts';
import {
  backends,
  createTestUser,
  demoProduct,
  OUTLET,
  pull,
  push,
  review,
  saleOf,
  startTestServer,
  stockLevel,
  TestDevice,
  type TestServer,
} from './helpers.ts';

const CUKLI = demoProduct('CKL-001');
const BATIK = demoProduct('BTK-001');

describe.each(backends)('approvals re-checked on sync ($name)', (backend) => {
  let server: TestServer;
  let url: string;
  let sari: string;
  let budi: string;
  let dewi: string;

  beforeEach(async () => {
    server = await startTestServer(backend);
    url = server.baseUrl;
    sari = await createTestUser(server.store, { username: 'sari', role: 'cashier' });
    budi = await createTestUser(server.store, { username: 'budi', role: 'supervisor' });
    dewi = await createTestUser(server.store, { username: 'dewi', role: 'supervisor', outletId: 'booth-pameran' });
  });
  afterEach(async () => {
    await server.close();
  });

  const approval = (kind: Approval['kind'], approverId: string, lineId: string | null): Approval => ({
    id: uuidv7(),
    kind,
    approverId,
    requestedBy: sari,
    at: Date.now(),
    lineId,
    detail: `uji ${kind}`,
  });

  /** A sale of CUKLI at a lower price, the catalog price kept as listPrice, approved by `approverId`. */
  function overridden(device: TestDevice, approverId: string) {
    const m = device.sell([{ product: CUKLI, qty: 1, unitPrice: CUKLI.price - 20_000 }]);
    const p = m.payload as SaleRecordPayload;
    const line = p.sale.lines[0]!;
    p.sale.lines[0] = { ...line, listPrice: CUKLI.price };
    p.sale.cashierId = sari;
    p.sale.approvals = [approval('price-override', approverId, line.id)];
    return m;
  }

  const audit = async () => (await server.store.db.tx((tx) => listAudit(tx, { limit: 1000 }))).reverse();

  it('takes a price override approved by a supervisor of the outlet, and logs who approved', async () => {
    const device = new TestDevice();
    const r = await push(url, device.id, [overridden(device, budi)]);
    expect(r.results.map((x) => [x.status, x.reason])).toEqual([['applied', null]]);
    const entries = (await audit()).filter((e) => e.action.startsWith('approval.'));
    expect(entries).toEqual([expect.objectContaining({ action: 'approval.price-override', actorId: budi, deviceId: device.id, outletId: OUTLET })]);
  });

  it.each([
    ['a cashier', () => 'sari'],
    ['a supervisor of another outlet', () => 'dewi'],
    ['someone unknown', () => 'nobody'],
  ])('flags an approval by %s as forged, keeps the sale, and lists it for review', async (_what, who) => {
    const approverId = ({ sari, dewi, nobody: 'nobody' } as Record<string, string>)[who()]!;
    const device = new TestDevice();
    const m = overridden(device, approverId);
    const r = await push(url, device.id, [m]);
    expect(r.results[0]).toMatchObject({ status: 'flagged', reason: expect.stringMatching(/forged approval/) });
    expect((await review(url)).flaggedSales.map((s) => s.sale.id)).toEqual([saleOf(m).id]);
    expect((await audit()).map((e) => e.action)).toContain('approval.forged');
  });

  it('flags a price override with no approval at all', async () => {
    const device = new TestDevice();
    const m = overridden(device, budi);
    (m.payload as SaleRecordPayload).sale.approvals = [];
    const r = await push(url, device.id, [m]);
    expect(r.results[0]?.reason).toMatch(/price-override on line .* without a supervisor's approval/);
  });

  it('flags a discount above the outlet limit without approval, and takes it with one', async () => {
    const device = new TestDevice();
    const without = device.sell([{ product: CUKLI, qty: 1, discount: { kind: 'percent', bp: 2_500 } }]);
    const withIt = device.sell([{ product: CUKLI, qty: 1, discount: { kind: 'percent', bp: 2_500 } }]);
    const s = saleOf(withIt);
    s.approvals = [approval('discount-over-limit', budi, s.lines[0]!.id)];
    const r = await push(url, device.id, [without, withIt]);
    expect(r.results.map((x) => x.status)).toEqual(['flagged', 'applied']);
    expect(r.results[0]?.reason).toMatch(/discount-over-limit/);
  });

  function voidOf(sale: SaleRecordPayload['sale'], approverId: string, over: Partial<SaleVoidPayload> = {}): SaleVoidPayload {
    return {
      id: uuidv7(),
      saleId: sale.id,
      outletId: sale.outletId,
      kind: 'void',
      lines: sale.lines.map((l) => ({ lineId: l.id, qty: l.qty })),
      amount: sale.total + sale.rounding,
      method: 'cash',
      reason: 'pelanggan batal',
      by: sari,
      createdAt: Date.now(),
      businessDate: sale.businessDate,
      approval: approval('void-sale', approverId, null),
      stockEvents: sale.lines.map((l) => ({ id: uuidv7(), productId: l.productId, outletId: sale.outletId, delta: l.qty, reason: 'return', saleId: sale.id })),
      ...over,
    };
  }

  it('a void with a supervisor PIN records both people, puts the stock back, and is stored once', async () => {
    const device = new TestDevice();
    const sold = device.sell([{ product: CUKLI, qty: 2 }, { product: BATIK, qty: 1 }]);
    const before = stockLevel(await pull(url, 0, OUTLET), CUKLI.id, OUTLET)!;
    await push(url, device.id, [sold]);
    const v = device.next(voidOf(saleOf(sold), budi), { type: 'sale.void' });
    const r = await push(url, device.id, [v]);
    expect(r.results).toEqual([expect.objectContaining({ status: 'applied', reason: null, replay: false })]);
    expect(stockLevel(await pull(url, 0, OUTLET), CUKLI.id, OUTLET)).toBe(before);
    const voidEntry = (await audit()).filter((e) => e.action === 'sale.void');
    expect(voidEntry).toEqual([expect.objectContaining({ actorId: sari, deviceId: device.id, detail: expect.stringContaining(`approved by ${budi}`) })]);

    // The reply was lost: sent again, it is a replay and nothing moves twice.
    const again = await push(url, device.id, [v]);
    expect(again.results[0]).toMatchObject({ status: 'applied', replay: true });
    expect(stockLevel(await pull(url, 0, OUTLET), CUKLI.id, OUTLET)).toBe(before);
    const [row] = await server.store.db.all('SELECT COUNT(*) AS n FROM sale_returns');
    expect(num(row?.n)).toBe(1);
  });

  it('a sale and its void in one push: the void finds the sale', async () => {
    const device = new TestDevice();
    const sold = device.sell([{ product: CUKLI, qty: 1 }]);
    const v = device.next(voidOf(saleOf(sold), budi), { type: 'sale.void' });
    const r = await push(url, device.id, [sold, v]);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'applied']);
  });

  it('flags a second void of the same sale, a forged void approval, a void of an unknown sale; lists them for review', async () => {
    const device = new TestDevice();
    const sold = device.sell([{ product: CUKLI, qty: 1 }]);
    await push(url, device.id, [sold]);
    const first = device.next(voidOf(saleOf(sold), budi), { type: 'sale.void' });
    const second = device.next(voidOf(saleOf(sold), budi), { type: 'sale.void' });
    const forged = device.next(voidOf(saleOf(sold), sari, { kind: 'refund', lines: [{ lineId: saleOf(sold).lines[0]!.id, qty: 1 }], approval: approval('refund', sari, null) }), { type: 'sale.void' });
    const ghost = device.next(voidOf({ ...saleOf(sold), id: uuidv7() }, budi), { type: 'sale.void' });
    const r = await push(url, device.id, [first, second, forged, ghost]);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'flagged', 'flagged', 'flagged']);
    expect(r.results[1]?.reason).toMatch(/only 0 left/);
    expect(r.results[2]?.reason).toMatch(/forged approval/);
    expect(r.results[3]?.reason).toMatch(/not on the server/);
    expect((await review(url)).flaggedReturns.map((x) => x.ret.id)).toEqual([second, forged, ghost].map((m) => (m.payload as SaleVoidPayload).id));
  });

  it('refuses a void whose approval is of the wrong kind, as invalid, without blocking the queue', async () => {
    const device = new TestDevice();
    const sold = device.sell([{ product: CUKLI, qty: 1 }]);
    const bad = device.next(voidOf(saleOf(sold), budi, { approval: approval('price-override', budi, null) }), { type: 'sale.void' });
    const next = device.sell([{ product: BATIK, qty: 1 }]);
    const r = await push(url, device.id, [sold, bad, next]);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(r.results[1]?.reason).toMatch(/needs a "void-sale" approval/);
  });

  it('flags a sale made at an outlet other than the one the device is enrolled at', async () => {
    const device = new TestDevice();
    const r = await push(url, device.id, [device.sell([{ product: CUKLI, qty: 1 }], { outletId: 'booth-pameran' })]);
    expect(r.results[0]).toMatchObject({ status: 'flagged', reason: expect.stringMatching(/enrolled at ntb-mall/) });
  });

  it('a cleared cart is logged with its approval; without one it is flagged', async () => {
    const device = new TestDevice();
    const a = approval('void-line', budi, null);
    const cart: CartVoidPayload = {
      id: uuidv7(),
      outletId: OUTLET,
      by: sari,
      createdAt: Date.now(),
      approvals: [a],
      lines: [{ productId: CUKLI.id, name: CUKLI.name, qty: 1, unitPrice: CUKLI.price, at: Date.now(), approvalId: a.id }],
    };
    const unapproved: CartVoidPayload = { ...cart, id: uuidv7(), approvals: [approval('void-line', sari, null)] };
    const r = await push(url, device.id, [device.next(cart, { type: 'cart.void' }), device.next(unapproved, { type: 'cart.void' })]);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'flagged']);
    const actions = (await audit()).map((e) => e.action);
    expect(actions.filter((x) => x === 'cart.void')).toHaveLength(2);
    expect(actions).toContain('approval.void-line');
    expect(actions).toContain('approval.forged');
  });

  it("a cart a cashier cleared alone, as the outlet's default policy allows, is applied and logged naming them; a named approval that is absent is still flagged", async () => {
    const device = new TestDevice();
    const alone: CartVoidPayload = {
      id: uuidv7(),
      outletId: OUTLET,
      by: sari,
      createdAt: Date.now(),
      approvals: [],
      lines: [{ productId: CUKLI.id, name: CUKLI.name, qty: 2, unitPrice: CUKLI.price, at: Date.now(), approvalId: null, by: sari }],
    };
    const missing: CartVoidPayload = { ...alone, id: uuidv7(), lines: [{ ...alone.lines[0]!, approvalId: uuidv7() }] };
    const r = await push(url, device.id, [device.next(alone, { type: 'cart.void' }), device.next(missing, { type: 'cart.void' })]);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'flagged']);
    expect(r.results[1]?.reason).toMatch(/voided without a supervisor's approval/);
    const logged = (await audit()).filter((e) => e.action === 'cart.void');
    expect(logged[0]).toMatchObject({ actorId: sari, detail: `cleared: ${CUKLI.name} x2 @ ${CUKLI.price} by ${sari}, no approval` });
  });

  it('a sale whose voided lines were taken out by the cashier alone is applied, not flagged', async () => {
    const device = new TestDevice();
    const m = device.sell([{ product: CUKLI, qty: 1 }]);
    const sale = saleOf(m);
    sale.voidedLines = [{ productId: BATIK.id, name: BATIK.name, qty: 1, unitPrice: BATIK.price, at: sale.createdAt, approvalId: null, by: sari }];
    const r = await push(url, device.id, [m]);
    expect(r.results[0]).toMatchObject({ status: 'applied', reason: null });
  });
});
