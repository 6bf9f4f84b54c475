// A shared drawer on the server: two tablets of a booth sell into one
// drawer, one ends its shift with a slip, the lead merges the slips into
// one Z. The server re-checks the merge against the shifts it holds, in
// whichever order the tablets sync, and flags a slip missing, merged twice
// or with figures that differ; nothing is dropped.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listShifts } from '../../src/server/shifts/shifts.ts';
import { uuidv7 } from '../../src/domain/id.ts';
import { shiftFigures } from '../../src/domain/shift.ts';
import { mergeSlips, slipTotalsOf, type ShiftSlip } from '../../src/domain/shift-slip.ts';
import type { MutationEnvelope, SaleRecordPayload, ShiftMergePayload, ShiftOpenPayload, ShiftSlipPayload } from '../../src/protocol/schemas.ts';
import { num, str } from '../../src/server/store/db.ts';
import { backends, createTestUser, OUTLET, push, startTestServer, TestDevice, type TestServer } from './helpers.ts';

const DAY = '2026-12-06';

describe.each(backends)('a shared drawer ($name)', (backend) => {
  let server: TestServer;
  let url: string;
  let sari: string;
  let andi: string;

  beforeEach(async () => {
    server = await startTestServer(backend);
    url = server.baseUrl;
    sari = await createTestUser(server.store, { username: 'sari', name: 'Sari Kasir', role: 'cashier' });
    andi = await createTestUser(server.store, { username: 'andi', name: 'Andi Kasir', role: 'cashier' });
  });
  afterEach(async () => {
    await server.close();
  });

  /** One tablet's shift on the outlet's shared drawer: opened, a cash sale and a split sale, and its slip. */
  function tablet(device: TestDevice, who: string, float: number) {
    const shiftId = uuidv7();
    const open: ShiftOpenPayload = { id: shiftId, outletId: OUTLET, drawerId: OUTLET, openedBy: who, openedAt: Date.now(), businessDate: DAY, openingFloat: float, previous: null };
    const opening = device.next(open, { type: 'shift.open' });
    const cash = device.sell([{ product: 'KOP-001', qty: 1 }], { shiftId, tenders: (t) => [{ method: 'cash', amount: t + 5_000 }] });
    const split = device.sell([{ product: 'MDU-002', qty: 1 }], { shiftId, tenders: (t) => [{ method: 'qris', amount: 10_000 }, { method: 'cash', amount: t - 10_000 }] });
    const f = shiftFigures(float, { sales: [cash, split].map((m) => (m.payload as SaleRecordPayload).sale), returns: [], movements: [] });
    const slip: ShiftSlip = { shiftId, deviceId: device.id, outletId: OUTLET, businessDate: DAY, openingFloat: float, expected: f.expected, totals: slipTotalsOf(f), movementCount: 0, lastZ: 0 };
    const acts: MutationEnvelope[] = [opening, cash, split];
    const slipMutation = (): MutationEnvelope => device.next({ id: uuidv7(), drawerId: OUTLET, slip, closedBy: who, closedAt: Date.now(), note: '' } satisfies ShiftSlipPayload, { type: 'shift.slip' });
    return { shiftId, slip, acts, slipMutation };
  }

  function merge(leadShiftId: string, slips: readonly ShiftSlip[], over: Partial<ShiftMergePayload> = {}): ShiftMergePayload {
    const m = mergeSlips(slips);
    return {
      id: uuidv7(),
      shiftId: leadShiftId,
      outletId: OUTLET,
      drawerId: OUTLET,
      businessDate: DAY,
      zNo: m.lastZ + 1,
      closedBy: sari,
      closedAt: Date.now(),
      slips: [...slips],
      denominations: { c100: m.expected.cash / 100 },
      counted: { cash: m.expected.cash, qris: m.expected.qris, card: 0, transfer: 0 },
      expected: m.expected,
      totals: m.totals,
      note: '',
      approval: null,
      ...over,
    };
  }

  const flagKinds = (r: { problem?: { flags?: { kind: string }[] } | null }) => (r.problem?.flags ?? []).map((f) => f.kind);

  it('two tablets sync, the lead merges both slips: one Z on the shared drawer that the server agrees with', async () => {
    const a = new TestDevice();
    const b = new TestDevice();
    const lead = tablet(a, sari, 200_000);
    const other = tablet(b, andi, 0);
    const fromB = await push(url, b.id, [...other.acts, other.slipMutation()]);
    expect(fromB.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    const z = merge(lead.shiftId, [other.slip, lead.slip]);
    const fromA = await push(url, a.id, [...lead.acts, a.next(z, { type: 'shift.merge' })]);
    expect(fromA.results.map((r) => [r.status, r.reason])).toEqual(Array(4).fill(['applied', null]));

    const [close] = await server.store.db.all('SELECT shift_id, drawer_id, z_no, flags, body FROM shift_closes');
    expect([str(close?.shift_id), str(close?.drawer_id), num(close?.z_no), str(close?.flags)]).toEqual([lead.shiftId, OUTLET, 1, '[]']);
    // The Z expects what both tablets took, plus the one Kas Awal.
    const body = JSON.parse(str(close?.body)) as ShiftMergePayload;
    expect(body.expected.cash).toBe(200_000 + lead.slip.expected.cash - 200_000 + other.slip.expected.cash);
    expect(body.totals.salesCount).toBe(4);
    const merged = await server.store.db.all('SELECT shift_id FROM shift_merge_slips ORDER BY shift_id');
    expect(merged.map((r) => str(r.shift_id))).toEqual([lead.shiftId, other.shiftId].sort());

    // The supervisor's list: the lead's Z beside the server's recount of both shifts, the other shift ended by its slip, neither open.
    const { shifts } = await listShifts(server.store, { outletId: OUTLET, limit: 50 });
    const leadRow = shifts.find((r) => r.id === lead.shiftId);
    const otherRow = shifts.find((r) => r.id === other.shiftId);
    expect(leadRow?.closed?.zNo).toBe(1);
    expect([...(leadRow?.mergedShiftIds ?? [])].sort()).toEqual([lead.shiftId, other.shiftId].sort());
    expect(leadRow?.server.expected).toEqual(body.expected);
    expect(leadRow?.server.totals.salesCount).toBe(4);
    expect(otherRow?.closed).toBeNull();
    expect(otherRow?.endedBySlip?.mergedInto).toBe(lead.shiftId);
    expect((await listShifts(server.store, { outletId: OUTLET, limit: 50, state: 'open' })).shifts).toEqual([]);
    expect((await listShifts(server.store, { outletId: OUTLET, limit: 50, state: 'closed' })).shifts.map((r) => r.id).sort()).toEqual([lead.shiftId, other.shiftId].sort());
  });

  it('the lead may sync before the other tablet: its slip, arriving later, is checked against the copy merged', async () => {
    const a = new TestDevice();
    const b = new TestDevice();
    const lead = tablet(a, sari, 100_000);
    const other = tablet(b, andi, 0);
    // The other tablet's opening reached the server while it was online; its sales not yet.
    await push(url, b.id, other.acts.slice(0, 1));
    const fromA = await push(url, a.id, [...lead.acts, a.next(merge(lead.shiftId, [lead.slip, other.slip]), { type: 'shift.merge' })]);
    expect(fromA.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    const fromB = await push(url, b.id, [...other.acts, other.slipMutation()]);
    expect(fromB.results.map((r) => [r.status, r.reason])).toEqual(Array(4).fill(['applied', null]));
  });

  it('a merge that leaves out a tablet’s shift is flagged, and so is that tablet’s slip arriving after it', async () => {
    const a = new TestDevice();
    const b = new TestDevice();
    const c = new TestDevice();
    const lead = tablet(a, sari, 100_000);
    const synced = tablet(b, andi, 0);
    const late = tablet(c, andi, 0);
    await push(url, b.id, [...synced.acts, synced.slipMutation()]);
    const fromA = await push(url, a.id, [...lead.acts, a.next(merge(lead.shiftId, [lead.slip]), { type: 'shift.merge' })]);
    const z = fromA.results.at(-1);
    expect(z?.status).toBe('flagged');
    expect(z?.problem?.flags).toEqual([expect.objectContaining({ kind: 'slip-missing', params: { shiftId: synced.shiftId, zNo: 1 } })]);
    const fromC = await push(url, c.id, [...late.acts, late.slipMutation()]);
    expect(fromC.results.at(-1)?.status).toBe('flagged');
    expect(flagKinds(fromC.results.at(-1) ?? {})).toEqual(['slip-missing']);
    // Flagged, still stored: the money is in the drawer.
    expect((await server.store.db.all('SELECT id FROM shift_slips')).length).toBe(2);
  });

  it('a slip whose figures were changed on the way, or merged a second time, is flagged', async () => {
    const a = new TestDevice();
    const b = new TestDevice();
    const lead = tablet(a, sari, 100_000);
    const other = tablet(b, andi, 0);
    await push(url, b.id, [...other.acts, other.slipMutation()]);
    const forged: ShiftSlip = { ...other.slip, expected: { ...other.slip.expected, cash: other.slip.expected.cash - 50_000 } };
    const fromA = await push(url, a.id, [...lead.acts, a.next(merge(lead.shiftId, [lead.slip, forged]), { type: 'shift.merge' })]);
    const z = fromA.results.at(-1);
    expect(z?.status).toBe('flagged');
    // Against the server's recount of the shift, and against the slip the tablet itself sent.
    expect(z?.problem?.flags?.filter((f) => f.kind === 'slip-figures-differ').map((f) => f.params)).toEqual([
      { shiftId: other.shiftId, method: 'cash', stated: forged.expected.cash, counted: other.slip.expected.cash },
      { shiftId: other.shiftId, method: 'cash', stated: forged.expected.cash, counted: other.slip.expected.cash },
    ]);

    // The lead's next shift merges the other tablet's slip again.
    const next = tablet(a, sari, 0);
    const again = merge(next.shiftId, [next.slip, other.slip], { zNo: 2 });
    const second = await push(url, a.id, [...next.acts, a.next(again, { type: 'shift.merge' })]);
    expect(second.results.at(-1)?.problem?.flags?.map((f) => [f.kind, f.params])).toEqual([['slip-merged-twice', { shiftId: other.shiftId, zNo: 1 }]]);
  });

  it('a merge whose sum is not its slips’ sum is flagged, and a repeated Z number of the shared drawer too', async () => {
    const a = new TestDevice();
    const lead = tablet(a, sari, 100_000);
    const m = merge(lead.shiftId, [lead.slip]);
    const res = await push(url, a.id, [...lead.acts, a.next({ ...m, expected: { ...m.expected, qris: m.expected.qris + 10_000 } }, { type: 'shift.merge' })]);
    expect(res.results.at(-1)?.problem?.flags?.map((f) => [f.kind, f.params])).toEqual([['shift-figures-differ', { method: 'qris', stated: m.expected.qris + 10_000, counted: m.expected.qris }]]);
    const next = tablet(a, sari, 0);
    const dup = await push(url, a.id, [...next.acts, a.next(merge(next.shiftId, [next.slip]), { type: 'shift.merge' })]);
    expect(flagKinds(dup.results.at(-1) ?? {})).toEqual(['z-number-repeated']);
  });
});
