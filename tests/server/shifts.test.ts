// Shifts on the server: a drawer's shift opened, its sales (split tenders,
// change), a refund and Kas Keluar counted in it, and its Z recounted from
// what the server holds. Replayed, out of order and late mutations give the
// same records; a forged Z and a sale after the Z are flagged, never dropped.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Approval, ApprovalKind } from '../../src/domain/approval.ts';
import { uuidv7 } from '../../src/domain/id.ts';
import { shiftFigures, type ShiftFigures } from '../../src/domain/shift.ts';
import { SHIFTS_ROUTE } from '../../src/protocol/routes.ts';
import type { CashMovePayload, MutationEnvelope, SaleRecordPayload, SaleVoidPayload, ShiftClosePayload, ShiftOpenPayload } from '../../src/protocol/schemas.ts';
import { shiftListSchema, type ShiftList } from '../../src/protocol/shift.ts';
import { num } from '../../src/server/store/db.ts';
import { backends, createTestUser, get, OUTLET, push, sessionFor, startTestServer, TestDevice, bearer, type TestServer } from './helpers.ts';

describe.each(backends)('shifts ($name)', (backend) => {
  let server: TestServer;
  let url: string;
  let sari: string;
  let budi: string;

  beforeEach(async () => {
    server = await startTestServer(backend);
    url = server.baseUrl;
    sari = await createTestUser(server.store, { username: 'sari', name: 'Sari Kasir', role: 'cashier' });
    budi = await createTestUser(server.store, { username: 'budi', name: 'Budi Supervisor', role: 'supervisor' });
  });
  afterEach(async () => {
    await server.close();
  });

  const approval = (kind: ApprovalKind, approverId: string): Approval => ({ id: uuidv7(), kind, approverId, requestedBy: sari, at: Date.now(), lineId: null, detail: 'uji' });

  /** One drawer's day as a device queues it: open, a cash sale with change, a split sale, a refund, Kas Keluar, and the Z it would print. */
  function day(device: TestDevice, opts: { float?: number; counted?: number } = {}) {
    const shiftId = uuidv7();
    const open: ShiftOpenPayload = { id: shiftId, outletId: OUTLET, drawerId: device.id, openedBy: sari, openedAt: Date.now(), businessDate: '2026-12-04', openingFloat: opts.float ?? 200_000, previous: null };
    const opening = device.next(open, { type: 'shift.open' });
    const cash = device.sell([{ product: 'KOP-001', qty: 1 }], { shiftId, tenders: (t) => [{ method: 'cash', amount: t + 35_000 }] });
    const split = device.sell([{ product: 'MDU-002', qty: 2 }], { shiftId, tenders: (t) => [{ method: 'qris', amount: 100_000 }, { method: 'cash', amount: t - 100_000 }] });
    const sold = (split.payload as SaleRecordPayload).sale;
    const line = sold.lines[0]!;
    const refund: SaleVoidPayload = {
      id: uuidv7(),
      saleId: sold.id,
      outletId: OUTLET,
      kind: 'refund',
      lines: [{ lineId: line.id, qty: 1 }],
      amount: line.net / 2,
      method: 'cash',
      reason: 'rusak',
      by: sari,
      createdAt: Date.now(),
      businessDate: sold.businessDate,
      shiftId,
      approval: approval('refund', budi),
      stockEvents: [{ id: uuidv7(), productId: line.productId, outletId: OUTLET, delta: 1, reason: 'return', saleId: sold.id }],
    };
    const move: CashMovePayload = { id: uuidv7(), shiftId, outletId: OUTLET, direction: 'out', amount: 20_000, reason: 'beli-plastik', note: 'kantong', by: sari, createdAt: Date.now(), approval: null };
    const figures: ShiftFigures = shiftFigures(open.openingFloat, {
      sales: [(cash.payload as SaleRecordPayload).sale, sold],
      returns: [{ id: refund.id, kind: 'refund', method: 'cash', amount: refund.amount }],
      movements: [{ id: move.id, direction: 'out', amount: move.amount, reason: move.reason }],
    });
    const countedCash = opts.counted ?? figures.expected.cash;
    const close = (over: Partial<ShiftClosePayload> = {}): ShiftClosePayload => ({
      id: uuidv7(),
      shiftId,
      outletId: OUTLET,
      drawerId: device.id,
      zNo: 1,
      closedBy: sari,
      closedAt: Date.now(),
      // Counted in Rp 100 coins: any amount in hundreds is a valid count.
      denominations: { c100: countedCash / 100 },
      counted: { cash: countedCash, qris: figures.expected.qris, card: 0, transfer: 0 },
      expected: figures.expected,
      totals: { ...figures, voids: figures.voids, refunds: figures.refunds },
      note: '',
      approval: null,
      ...over,
    });
    const mutations: MutationEnvelope[] = [opening, cash, split, device.next(refund, { type: 'sale.void' }), device.next(move, { type: 'cash.move' })];
    return { shiftId, figures, mutations, close };
  }

  const list = async (): Promise<ShiftList> => {
    const res = await get(url, `${SHIFTS_ROUTE}?outletId=${OUTLET}`, bearer(await sessionFor(server.store, budi)));
    expect(res.status).toBe(200);
    return shiftListSchema.parse(res.body);
  };

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const t of ['shifts', 'shift_closes', 'cash_movements', 'sales', 'sale_returns']) {
      const [row] = await server.store.db.all(`SELECT COUNT(*) AS n FROM ${t}`);
      out[t] = num(row?.n);
    }
    return out;
  };

  it('a day of a drawer closes with a Z the server recounts to the same figures, and a replay stores nothing twice', async () => {
    const device = new TestDevice();
    const d = day(device);
    const all = [...d.mutations, device.next(d.close(), { type: 'shift.close' })];
    const first = await push(url, device.id, all);
    expect(first.results.map((r) => [r.status, r.reason])).toEqual(Array(6).fill(['applied', null]));
    // Expected cash = 200.000 + cash taken - change - cash refund - kas keluar.
    expect(d.figures.expected.cash).toBe(200_000 + d.figures.received.cash - d.figures.change - d.figures.returned.cash - 20_000);
    const before = await counts();
    const again = await push(url, device.id, all);
    expect(again.results.every((r) => r.replay)).toBe(true);
    expect(await counts()).toEqual(before);
    expect(before).toMatchObject({ shifts: 1, shift_closes: 1, cash_movements: 1, sales: 2, sale_returns: 1 });

    const [row] = (await list()).shifts;
    expect(row?.closed?.zNo).toBe(1);
    expect(row?.closed?.expected).toEqual(d.figures.expected);
    expect(row?.server.expected).toEqual(d.figures.expected);
    expect(row?.server.totals.salesCount).toBe(2);
    expect(row?.flags).toEqual([]);
  });

  it('mutations sent out of order are answered with a gap and, resent in order, give the same records', async () => {
    const device = new TestDevice();
    const d = day(device);
    const all = [...d.mutations, device.next(d.close(), { type: 'shift.close' })];
    const late = await push(url, device.id, all.slice(3));
    expect(late.gap).toEqual({ expectedSeq: 1 });
    expect((await counts()).shifts).toBe(0);
    await push(url, device.id, all);
    const [row] = (await list()).shifts;
    expect(row?.server.expected).toEqual(d.figures.expected);
    expect(row?.flags).toEqual([]);
  });

  it('a sale that arrives after its shift was closed lands in that shift, flagged, and the Z stays as printed', async () => {
    const device = new TestDevice();
    const d = day(device);
    await push(url, device.id, [...d.mutations, device.next(d.close(), { type: 'shift.close' })]);
    const lateSale = device.sell([{ product: 'KOP-001', qty: 1 }], { shiftId: d.shiftId });
    const { results } = await push(url, device.id, [lateSale]);
    expect(results[0]?.status).toBe('flagged');
    expect(results[0]?.problem?.flags).toEqual([expect.objectContaining({ kind: 'shift-closed', params: { act: 'sale', shiftId: d.shiftId, zNo: 1 } })]);
    const [stored] = await server.store.db.all('SELECT shift_id FROM sales WHERE id = ?', [(lateSale.payload as SaleRecordPayload).sale.id]);
    expect(stored?.shift_id).toBe(d.shiftId);
    const [row] = (await list()).shifts;
    expect(row?.closed?.totals.salesCount).toBe(2);
    expect(row?.server.totals.salesCount).toBe(3);
    expect(row?.flags.map((f) => f.kind)).toEqual(['shift-closed']);
  });

  it('a sale pushed before its shift opening is known still counts in the shift once the Z comes', async () => {
    const device = new TestDevice();
    const d = day(device);
    // The opening is the first mutation; push only the sale of another device naming the shift first.
    const other = new TestDevice();
    const early = other.sell([{ product: 'KOP-001', qty: 1 }], { shiftId: d.shiftId });
    expect((await push(url, other.id, [early])).results[0]?.status).toBe('applied');
    await push(url, device.id, [...d.mutations, device.next(d.close(), { type: 'shift.close' })]);
    const [row] = (await list()).shifts;
    expect(row?.server.totals.salesCount).toBe(3);
  });

  it('sales queued ahead of their shift opening in the same push count in it too', async () => {
    const device = new TestDevice();
    const d = day(device);
    const [opening, ...rest] = d.mutations;
    // A restored device resends in another order: the same acts under new seqs.
    const reordered = [...rest, opening!].map((m, i) => ({ ...m, seq: i + 1 }));
    const res = await push(url, device.id, [...reordered, { ...device.next(d.close(), { type: 'shift.close' }), seq: reordered.length + 1 }]);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'applied']);
    const [row] = (await list()).shifts;
    expect(row?.server.expected).toEqual(d.figures.expected);
  });

  it('a forged Z whose expected cash does not add up is stored as sent and flagged; the shift is never closed twice', async () => {
    const device = new TestDevice();
    const d = day(device);
    const forged = d.close({ expected: { ...d.figures.expected, cash: d.figures.expected.cash - 50_000 }, counted: { cash: d.figures.expected.cash - 50_000, qris: d.figures.expected.qris, card: 0, transfer: 0 }, denominations: { c100: (d.figures.expected.cash - 50_000) / 100 } });
    const second = d.close({ zNo: 2 });
    const { results } = await push(url, device.id, [...d.mutations, device.next(forged, { type: 'shift.close' }), device.next(second, { type: 'shift.close' })]);
    expect(results[5]?.status).toBe('flagged');
    expect(results[5]?.problem?.flags).toEqual([expect.objectContaining({ kind: 'shift-figures-differ', params: { method: 'cash', stated: d.figures.expected.cash - 50_000, counted: d.figures.expected.cash } })]);
    expect(results[6]).toMatchObject({ status: 'rejected', reason: expect.stringContaining('never reopened') });
    const [row] = (await list()).shifts;
    expect(row?.closed?.expected.cash).toBe(d.figures.expected.cash - 50_000);
    expect(row?.server.expected.cash).toBe(d.figures.expected.cash);
  });

  it('a Selisih over the outlet threshold needs a supervisor: without one it is flagged, with one it is applied', async () => {
    const a = new TestDevice();
    const da = day(a, { counted: 0 });
    const short = da.close({ counted: { cash: da.figures.expected.cash - 60_000, qris: da.figures.expected.qris, card: 0, transfer: 0 }, denominations: { c100: (da.figures.expected.cash - 60_000) / 100 } });
    const ra = await push(url, a.id, [...da.mutations, a.next(short, { type: 'shift.close' })]);
    expect(ra.results[5]?.problem?.flags).toEqual([expect.objectContaining({ kind: 'approval-missing', params: { approval: 'shift-selisih', lineId: null } })]);

    const b = new TestDevice();
    const db = day(b);
    const approved = db.close({ counted: { cash: db.figures.expected.cash - 60_000, qris: db.figures.expected.qris, card: 0, transfer: 0 }, denominations: { c100: (db.figures.expected.cash - 60_000) / 100 }, approval: approval('shift-selisih', budi) });
    const rb = await push(url, b.id, [...db.mutations, b.next(approved, { type: 'shift.close' })]);
    expect(rb.results[5]?.status).toBe('applied');
  });

  it('Kas Keluar above the outlet limit without a PIN is flagged; a counted cash that is not its denominations is refused', async () => {
    const device = new TestDevice();
    const d = day(device);
    const big: CashMovePayload = { id: uuidv7(), shiftId: d.shiftId, outletId: OUTLET, direction: 'out', amount: 600_000, reason: 'setoran-bank', note: '', by: sari, createdAt: Date.now(), approval: null };
    const badCount = d.close({ denominations: { n100000: 1 } });
    const { results } = await push(url, device.id, [...d.mutations, device.next(big, { type: 'cash.move' }), device.next(badCount, { type: 'shift.close' })]);
    expect(results[5]?.problem?.flags).toEqual([expect.objectContaining({ kind: 'approval-missing', params: { approval: 'cash-out', lineId: null } })]);
    expect(results[6]).toMatchObject({ status: 'rejected', reason: expect.stringContaining('sum of the count by denomination') });
  });
});
