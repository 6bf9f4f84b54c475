// Receipts brought back and QRIS "verify later" on the server: a receipt
// number finds its sale for every device and supervisor of its outlet (and
// admins), never another outlet's; a QRIS confirmation or dispute is kept
// whatever came before it, replayed, out of order or before its sale, and a
// dispute puts the sale in front of the supervisor.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeTotals } from '../../src/domain/cart.ts';
import { receiptNumber, uuidv7 } from '../../src/domain/id.ts';
import { buildSaleFromLines } from '../../src/domain/sale.ts';
import type { PaymentConfirmPayload, SaleRecordPayload } from '../../src/protocol/mutations/index.ts';
import { receiptLookupResponseSchema } from '../../src/protocol/receipts.ts';
import { saleByReceiptPath } from '../../src/protocol/routes.ts';
import {
  adminToken,
  asDevice,
  backends,
  bearer,
  createTestUser,
  demoProduct,
  enrolDevice,
  get,
  OUTLET,
  push,
  review,
  saleOf,
  sessionFor,
  startTestServer,
  TestDevice,
  type TestServer,
} from './helpers.ts';

const BOOTH = 'booth-pameran';
const KOPI = demoProduct('KOP-001');

/** A sale paid by QRIS the cashier could not see arrive: saved "menunggu konfirmasi". */
function qrisSale(deviceId: string, counter: number, cashierId: string): SaleRecordPayload {
  const lines = [{ productId: KOPI.id, producerId: KOPI.producerId, name: KOPI.name, sku: KOPI.sku, unitPrice: KOPI.price, qty: 1, discount: null }];
  const total = computeTotals(lines, null).total;
  const now = Date.now();
  const sale = buildSaleFromLines({
    lines,
    orderDiscount: null,
    note: '',
    tenders: [{ method: 'qris', amount: total, awaitingConfirmation: true }],
    cashier: 'Sari',
    cashierId,
    taxMode: 'none',
    roundingStep: 0,
    now,
    deviceId,
    outletId: OUTLET,
    receiptNo: receiptNumber(deviceId, counter),
  });
  return { sale, stockEvents: sale.lines.map((l) => ({ id: uuidv7(now), productId: l.productId, outletId: OUTLET, delta: -l.qty, reason: 'sale' as const, saleId: sale.id })) };
}

describe.each(backends)('receipts and QRIS verify-later ($name)', (backend) => {
  let server: TestServer;
  let url: string;
  let sari: string;

  beforeEach(async () => {
    let clock = 1_750_000_000_000;
    server = await startTestServer(backend, { now: () => ++clock });
    url = server.baseUrl;
    sari = await createTestUser(server.store, { username: 'sari', role: 'cashier' });
  });
  afterEach(async () => {
    await server.close();
  });

  const confirm = (p: Pick<PaymentConfirmPayload, 'saleId' | 'paymentId'> & Partial<PaymentConfirmPayload>): PaymentConfirmPayload => ({
    id: uuidv7(),
    outletId: OUTLET,
    outcome: 'confirmed',
    reference: 'BRI 88120',
    note: '',
    by: sari,
    createdAt: Date.now(),
    ...p,
  });

  it('a receipt number finds its sale for every device and supervisor of its outlet and for admins, and nothing of it elsewhere', async () => {
    const seller = new TestDevice();
    const sold = seller.sell([{ product: 'KOP-001', qty: 2 }]);
    await push(url, seller.id, [sold]);
    const receipt = saleOf(sold).receiptNo;
    const path = saleByReceiptPath(receipt);

    const other = new TestDevice();
    const booth = new TestDevice();
    const boothCredential = await enrolDevice(url, booth.id, BOOTH);
    const supervisor = await sessionFor(server.store, await createTestUser(server.store, { username: 'budi', role: 'supervisor' }));
    const boothSupervisor = await sessionFor(server.store, await createTestUser(server.store, { username: 'wayan', role: 'supervisor', outletId: BOOTH }));
    const cashierSession = await sessionFor(server.store, sari);

    const found = async (headers: Record<string, string>) => {
      const res = await get(url, path, headers);
      expect(res.status).toBe(200);
      return receiptLookupResponseSchema.parse(res.body).sales.map((s) => s.sale.id);
    };
    // Another device of the same outlet: the refund can be made there.
    expect(await found(await asDevice(url, other.id))).toEqual([saleOf(sold).id]);
    expect(await found(bearer(supervisor))).toEqual([saleOf(sold).id]);
    expect(await found(bearer(await adminToken(url)))).toEqual([saleOf(sold).id]);
    // Another outlet's device and supervisor see no such receipt.
    expect(await found(bearer(boothCredential))).toEqual([]);
    expect(await found(bearer(boothSupervisor))).toEqual([]);
    // A cashier has no password session to the server's reads; no credential is no answer.
    expect((await get(url, path, bearer(cashierSession))).status).toBe(403);
    expect((await get(url, path)).status).toBe(401);
    // Typed in lower case it is the same receipt; an unknown one is an empty list.
    const lower = await get(url, saleByReceiptPath(receipt.toLowerCase()), await asDevice(url, other.id));
    expect(receiptLookupResponseSchema.parse(lower.body).sales).toHaveLength(1);
    const none = await get(url, saleByReceiptPath('FFFF-999999'), await asDevice(url, other.id));
    expect(receiptLookupResponseSchema.parse(none.body).sales).toEqual([]);
  });

  it('the lookup carries the returns made on any device, so a second device does not pay the same goods back twice', async () => {
    const seller = new TestDevice();
    const sold = seller.sell([{ product: 'KOP-001', qty: 2 }]);
    const sale = saleOf(sold);
    const line = sale.lines[0];
    if (!line) throw new Error('no line');
    const supervisor = await createTestUser(server.store, { username: 'budi', role: 'supervisor' });
    const refund = seller.next(
      {
        id: uuidv7(),
        saleId: sale.id,
        outletId: OUTLET,
        kind: 'refund',
        lines: [{ lineId: line.id, qty: 1 }],
        amount: line.net / 2,
        method: 'cash',
        reason: 'retak',
        by: sari,
        createdAt: Date.now(),
        businessDate: sale.businessDate,
        approval: { id: uuidv7(), kind: 'refund', approverId: supervisor, requestedBy: sari, at: Date.now(), lineId: null, detail: 'uji' },
        stockEvents: [{ id: uuidv7(), productId: line.productId, outletId: OUTLET, delta: 1, reason: 'return', saleId: sale.id }],
      },
      { type: 'sale.void' },
    );
    await push(url, seller.id, [sold, refund]);
    const other = new TestDevice();
    const res = receiptLookupResponseSchema.parse((await get(url, saleByReceiptPath(sale.receiptNo), await asDevice(url, other.id))).body);
    expect(res.sales[0]?.returns.map((r) => [r.kind, r.lines])).toEqual([['refund', [{ lineId: line.id, qty: 1 }]]]);
  });

  it('a QRIS payment awaiting confirmation is on the review until it is confirmed; the confirmation replayed is stored once', async () => {
    const device = new TestDevice();
    const record = device.next(qrisSale(device.id, 1, sari));
    await push(url, device.id, [record]);
    const sale = saleOf(record);
    const payment = sale.payments[0];
    if (!payment) throw new Error('no payment');
    expect(payment.awaitingConfirmation).toBe(true);

    let r = await review(url);
    expect(r.qrisPayments).toEqual([
      { paymentId: payment.id, saleId: sale.id, outletId: OUTLET, receiptNo: sale.receiptNo, amount: payment.amount, state: 'awaiting', saleReceivedAt: expect.any(Number), confirmations: [] },
    ]);
    // Awaiting is not a fault: the sale itself is not flagged.
    expect(r.flaggedSales).toEqual([]);

    const m = device.next(confirm({ saleId: sale.id, paymentId: payment.id }), { type: 'payment.confirm' });
    const first = await push(url, device.id, [m]);
    expect(first.results.map((x) => x.status)).toEqual(['applied']);
    const again = await push(url, device.id, [m]);
    expect(again.results.map((x) => [x.status, x.replay])).toEqual([['applied', true]]);
    const [rows] = await server.store.db.all('SELECT COUNT(*) AS n FROM payment_confirmations');
    expect(Number(rows?.n)).toBe(1);
    r = await review(url);
    expect(r.qrisPayments).toEqual([]);
  });

  it('a dispute flags its sale for the supervisor, in whichever order the answers arrive, and before its sale too', async () => {
    const seller = new TestDevice();
    const record = seller.next(qrisSale(seller.id, 1, sari));
    const sale = saleOf(record);
    const payment = sale.payments[0];
    if (!payment) throw new Error('no payment');
    // Another tablet of the booth answers first, and its dispute reaches the server before the sale does.
    const tablet = new TestDevice();
    const dispute = tablet.next(confirm({ saleId: sale.id, paymentId: payment.id, outcome: 'disputed', reference: null, note: 'tidak ada di mutasi' }), { type: 'payment.confirm' });
    const early = await push(url, tablet.id, [dispute]);
    expect(early.results[0]?.status).toBe('flagged');
    expect(early.results[0]?.problem?.flags?.map((f) => f.kind)).toEqual(['qris-disputed']);
    let r = await review(url);
    expect(r.qrisPayments.map((q) => [q.paymentId, q.state, q.receiptNo])).toEqual([[payment.id, 'disputed', null]]);

    // Then the sale, then a late confirmation of the same payment: still disputed, the sale flagged.
    await push(url, seller.id, [record]);
    const late = await push(url, seller.id, [seller.next(confirm({ saleId: sale.id, paymentId: payment.id }), { type: 'payment.confirm' })]);
    expect(late.results[0]?.status).toBe('applied');
    r = await review(url);
    expect(r.qrisPayments.map((q) => [q.state, q.receiptNo, q.confirmations.map((c) => c.outcome)])).toEqual([['disputed', sale.receiptNo, ['disputed', 'confirmed']]]);
    expect(r.flaggedSales.map((s) => [s.sale.id, s.flags.map((f) => f.kind)])).toEqual([[sale.id, ['qris-disputed']]]);
  });

  it('a confirmation of a payment that is not awaiting is stored and flagged, and a confirmation without a reference is refused', async () => {
    const device = new TestDevice();
    const cash = device.sell([{ product: 'KOP-001', qty: 1 }]);
    await push(url, device.id, [cash]);
    const payment = saleOf(cash).payments[0];
    if (!payment) throw new Error('no payment');
    const odd = await push(url, device.id, [device.next(confirm({ saleId: saleOf(cash).id, paymentId: payment.id }), { type: 'payment.confirm' })]);
    expect(odd.results[0]?.status).toBe('flagged');
    expect(odd.results[0]?.problem?.flags?.map((f) => f.kind)).toEqual(['payment-not-awaiting']);
    const bare = await push(url, device.id, [device.next(confirm({ saleId: saleOf(cash).id, paymentId: payment.id, reference: ' ' }), { type: 'payment.confirm' })]);
    expect(bare.results[0]?.status).toBe('rejected');
    expect(bare.results[0]?.reason).toContain('reference');
  });
});
