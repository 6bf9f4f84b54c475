// The Kas Masuk / Kas Keluar reasons an admin keeps: seeded on a fresh
// install, added, renamed and turned off (never deleted) through audited
// routes, sent whole with every pull; a movement with a reason turned off
// since still lands, one with a reason the server never had lands flagged.
// Then the supervisor's shift list: its filters, and movements with reasons.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/domain/id.ts';
import { CASH_REASON_ROUTES, cashReasonPath, SHIFTS_ROUTE } from '../../src/protocol/routes.ts';
import type { CashMovePayload, MutationEnvelope, ShiftClosePayload, ShiftOpenPayload } from '../../src/protocol/schemas.ts';
import { cashReasonListSchema, cashReasonSchema, shiftListSchema, type CashReason, type ShiftList } from '../../src/protocol/shift.ts';
import { BUILTIN_CASH_REASONS, shiftFigures } from '../../src/domain/shift.ts';
import { num, str } from '../../src/server/store/db.ts';
import { asAdmin, backends, bearer, createTestUser, errorOf, get, jsonWith, OUTLET, post, pull, push, review, send, sessionFor, startTestServer, TestDevice, type TestServer } from './helpers.ts';

describe.each(backends)('cash reasons ($name)', (backend) => {
  let server: TestServer;
  let url: string;
  let sari: string;
  let budi: string;
  let clock = 0;

  beforeEach(async () => {
    clock = Date.now();
    server = await startTestServer(backend);
    url = server.baseUrl;
    sari = await createTestUser(server.store, { username: 'sari', name: 'Sari Kasir', role: 'cashier' });
    budi = await createTestUser(server.store, { username: 'budi', name: 'Budi Supervisor', role: 'supervisor' });
  });
  afterEach(async () => {
    await server.close();
  });

  const listed = async (): Promise<CashReason[]> => {
    const res = await get(url, CASH_REASON_ROUTES.list, bearer(await sessionFor(server.store, budi)));
    expect(res.status).toBe(200);
    return cashReasonListSchema.parse(res.body).reasons;
  };
  const create = async (body: unknown) => send(url, 'POST', CASH_REASON_ROUTES.create, body, await asAdmin(url));
  const update = async (code: string, body: unknown) => send(url, 'PATCH', cashReasonPath(code), body, await asAdmin(url));
  const audits = async (action: string) => (await server.store.db.all('SELECT subject, detail FROM audit_log WHERE action = ? ORDER BY id', [action])).map((r) => `${str(r.subject)}: ${str(r.detail)}`);

  /** A shift opened on a device, and Kas Masuk / Kas Keluar in it with the reasons given. */
  function movesIn(device: TestDevice, reasons: readonly { direction: 'in' | 'out'; reason: string }[], businessDate = '2026-12-04') {
    const shiftId = uuidv7();
    // Each shift opened ten minutes after the one before (after the users were made: people are checked at the act's time), each movement a minute after.
    clock += 600_000;
    const openedAt = clock;
    const open: ShiftOpenPayload = { id: shiftId, outletId: OUTLET, drawerId: device.id, openedBy: sari, openedAt, businessDate, openingFloat: 100_000, previous: null };
    const moves: CashMovePayload[] = reasons.map((r, i) => ({
      id: uuidv7(),
      shiftId,
      outletId: OUTLET,
      direction: r.direction,
      amount: 10_000,
      reason: r.reason,
      note: '',
      by: sari,
      createdAt: openedAt + (i + 1) * 60_000,
      approval: null,
    }));
    const mutations: MutationEnvelope[] = [device.next(open, { type: 'shift.open' }), ...moves.map((m) => device.next(m, { type: 'cash.move' }))];
    return { shiftId, open, moves, mutations };
  }

  it('a fresh install has the built-in reasons with Bahasa and English labels, and every pull carries the whole list', async () => {
    const reasons = await listed();
    expect(reasons.map((r) => [r.code, r.label, r.labelEn, r.direction, r.builtin, r.active])).toEqual([
      ['beli-plastik', 'Beli plastik', 'Plastic bags', 'out', true, true],
      ['lain-lain', 'Lain-lain', 'Other', 'both', true, true],
      ['setoran-bank', 'Setoran ke bank', 'Bank deposit', 'out', true, true],
      ['kembalian-tambahan', 'Uang kembalian tambahan', 'Extra change float', 'in', true, true],
    ]);
    // The device offers these before its first pull: its copy is the server's seed.
    expect(BUILTIN_CASH_REASONS.map((b) => reasons.find((r) => r.code === b.code))).toEqual(BUILTIN_CASH_REASONS.map((b) => ({ ...b, builtin: true, active: true })));
    const full = await pull(url, 0);
    expect(full.cashReasons).toEqual(reasons);
    // A device that pulled before reasons were sent (its version is current) gets them too.
    const since = await pull(url, full.version);
    expect(since.full).toBe(false);
    expect(since.cashReasons).toEqual(reasons);
  });

  it('an admin adds a reason: audited, listed, pulled; the same code again is refused', async () => {
    const made = await create({ code: 'beli-es', label: 'Beli es batu', labelEn: 'Ice', direction: 'out' });
    expect(made.status).toBe(200);
    expect(cashReasonSchema.parse(made.body)).toEqual({ code: 'beli-es', label: 'Beli es batu', labelEn: 'Ice', direction: 'out', builtin: false, active: true });
    expect(await audits('cash-reason.create')).toEqual(['cash reason beli-es: none -> Beli es batu / Ice (out)']);
    const before = await pull(url, 0);
    expect(before.cashReasons.find((r) => r.code === 'beli-es')).toMatchObject({ label: 'Beli es batu', labelEn: 'Ice' });

    const again = await create({ code: 'beli-es', label: 'Lagi', direction: 'in' });
    expect(again.status).toBe(409);
    expect(errorOf(again)).toMatchObject({ code: 'cash-reason-code-taken', field: 'code', params: { code: 'beli-es' } });
    const builtinCode = await create({ code: 'lain-lain', label: 'Lain', direction: 'in' });
    expect(errorOf(builtinCode).code).toBe('cash-reason-code-taken');

    for (const bad of [{ code: 'Beli Es', label: 'x', direction: 'out' }, { code: 'beli-gula', label: '   ', direction: 'out' }, { code: 'beli-gula', label: 'Gula', direction: 'sideways' }]) {
      const res = await create(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await listed()).map((r) => r.code)).not.toContain('beli-gula');
  });

  it('an admin renames a reason and changes its direction, audited with before and after; an unknown code is 404', async () => {
    const res = await update('beli-plastik', { label: 'Beli kantong plastik', labelEn: 'Plastic bags', direction: 'both', active: true });
    expect(res.status).toBe(200);
    expect(cashReasonSchema.parse(res.body)).toMatchObject({ code: 'beli-plastik', label: 'Beli kantong plastik', direction: 'both', builtin: true });
    expect(await audits('cash-reason.update')).toEqual(['cash reason beli-plastik: Beli plastik / Plastic bags (out) -> Beli kantong plastik / Plastic bags (both)']);
    const [note] = await server.store.db.all("SELECT note FROM audit_log WHERE action = 'cash-reason.update'");
    expect(JSON.parse(str(note?.note))).toMatchObject({ code: 'cash-reason.saved', params: { code: 'beli-plastik', fields: 'label,direction', created: false } });
    // Saved as it was: nothing changes and nothing is audited again.
    await update('beli-plastik', { label: 'Beli kantong plastik', labelEn: 'Plastic bags', direction: 'both', active: true });
    expect(await audits('cash-reason.update')).toHaveLength(1);

    const missing = await update('tidak-ada', { label: 'X', direction: 'out' });
    expect(missing.status).toBe(404);
  });

  it('a supervisor or cashier session cannot add or change reasons', async () => {
    for (const userId of [budi, sari]) {
      const headers = jsonWith(await sessionFor(server.store, userId));
      expect((await send(url, 'POST', CASH_REASON_ROUTES.create, { code: 'beli-es', label: 'Es', direction: 'out' }, headers)).status).toBe(403);
      expect((await send(url, 'PATCH', cashReasonPath('lain-lain'), { label: 'X', direction: 'out', active: false }, headers)).status).toBe(403);
    }
    expect((await listed()).find((r) => r.code === 'lain-lain')).toMatchObject({ label: 'Lain-lain', active: true });
  });

  it('a reason is turned off, never deleted; Kas Masuk and Kas Keluar each keep one offered reason', async () => {
    const off = await update('kembalian-tambahan', { label: 'Uang kembalian tambahan', labelEn: 'Extra change float', direction: 'in', active: false });
    expect(off.status).toBe(200);
    expect((await pull(url, 0)).cashReasons.find((r) => r.code === 'kembalian-tambahan')?.active).toBe(false);
    // lain-lain is now the only reason Kas Masuk offers.
    const last = await update('lain-lain', { label: 'Lain-lain', labelEn: 'Other', direction: 'out', active: true });
    expect(last.status).toBe(409);
    expect(errorOf(last)).toMatchObject({ code: 'cash-reason-last-offered', params: { direction: 'in' } });
    const lastOff = await update('lain-lain', { label: 'Lain-lain', labelEn: 'Other', direction: 'both', active: false });
    expect(errorOf(lastOff).code).toBe('cash-reason-last-offered');
    expect((await listed()).map((r) => r.code).sort()).toEqual(['beli-plastik', 'kembalian-tambahan', 'lain-lain', 'setoran-bank']);
  });

  it('a movement made offline with a reason turned off since lands as it is; one the server never had lands flagged, on the shift list and the review', async () => {
    await update('beli-plastik', { label: 'Beli plastik', labelEn: 'Plastic bags', direction: 'out', active: false });
    const device = new TestDevice();
    const d = movesIn(device, [
      { direction: 'out', reason: 'beli-plastik' },
      { direction: 'out', reason: 'beli-bensin' },
    ]);
    const res = await push(url, device.id, d.mutations);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied', 'flagged']);
    expect(res.results[2]?.problem?.flags).toEqual([expect.objectContaining({ kind: 'cash-reason-unknown', params: { direction: 'out', reason: 'beli-bensin' } })]);
    const [count] = await server.store.db.all('SELECT COUNT(*) AS n FROM cash_movements');
    expect(num(count?.n)).toBe(2);

    const list = shiftListSchema.parse((await get(url, `${SHIFTS_ROUTE}?outletId=${OUTLET}`, bearer(await sessionFor(server.store, budi)))).body);
    const [shift] = list.shifts;
    expect(shift?.movements.map((m) => [m.reason, m.direction, m.amount, m.flags.map((f) => f.kind)])).toEqual([
      ['beli-plastik', 'out', 10_000, []],
      ['beli-bensin', 'out', 10_000, ['cash-reason-unknown']],
    ]);
    expect(shift?.flags.map((f) => f.kind)).toEqual(['cash-reason-unknown']);
    expect(list.people[sari]).toBe('Sari Kasir');
    expect(shift?.server.totals.cashOut).toBe(20_000);

    const flagged = (await review(url)).flaggedCash;
    expect(flagged.map((m) => [m.id, m.reason, m.shiftId, m.flags.map((f) => f.kind)])).toEqual([[d.moves[1]?.id, 'beli-bensin', d.shiftId, ['cash-reason-unknown']]]);
  });

  describe('the shift list', () => {
    const listAs = async (query: string, userId: string | null = budi): Promise<ShiftList> => {
      const token = userId === null ? (await asAdmin(url)).authorization?.slice('Bearer '.length) ?? '' : await sessionFor(server.store, userId);
      const res = await get(url, `${SHIFTS_ROUTE}?${query}`, bearer(token));
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return shiftListSchema.parse(res.body);
    };

    /** Three shifts: one left open (3 Dec), one closed level (4 Dec), one closed Rp 5.000 short (5 Dec). */
    async function threeShifts() {
      const device = new TestDevice();
      const open = movesIn(device, [], '2026-12-03');
      const level = movesIn(device, [{ direction: 'in', reason: 'kembalian-tambahan' }], '2026-12-04');
      const short = movesIn(device, [{ direction: 'out', reason: 'setoran-bank' }], '2026-12-05');
      const closeOf = (s: ReturnType<typeof movesIn>, zNo: number, shortBy: number): ShiftClosePayload => {
        const f = shiftFigures(s.open.openingFloat, { sales: [], returns: [], movements: s.moves.map((m) => ({ id: m.id, direction: m.direction, amount: m.amount, reason: m.reason })) });
        const cash = f.expected.cash - shortBy;
        return {
          id: uuidv7(),
          shiftId: s.shiftId,
          outletId: OUTLET,
          drawerId: device.id,
          zNo,
          closedBy: sari,
          closedAt: Date.now(),
          denominations: { c100: cash / 100 },
          counted: { cash, qris: 0, card: 0, transfer: 0 },
          expected: f.expected,
          totals: { ...f },
          note: shortBy === 0 ? '' : 'kurang',
          approval: null,
        };
      };
      const all = [...open.mutations, ...level.mutations, device.next(closeOf(level, 1, 0), { type: 'shift.close' }), ...short.mutations, device.next(closeOf(short, 2, 5_000), { type: 'shift.close' })];
      const res = await push(url, device.id, all);
      expect(res.results.every((r) => r.status === 'applied'), JSON.stringify(res.results.filter((r) => r.status !== 'applied'))).toBe(true);
      return { open, level, short };
    }

    it('filters open, closed, with a Selisih, flagged, and by business dates', async () => {
      const s = await threeShifts();
      const ids = (l: ShiftList) => l.shifts.map((x) => x.id);
      expect(ids(await listAs(`outletId=${OUTLET}`))).toEqual([s.short.shiftId, s.level.shiftId, s.open.shiftId]);
      expect(ids(await listAs(`outletId=${OUTLET}&state=open`))).toEqual([s.open.shiftId]);
      expect(ids(await listAs(`outletId=${OUTLET}&state=closed`))).toEqual([s.short.shiftId, s.level.shiftId]);
      expect(ids(await listAs(`outletId=${OUTLET}&state=selisih`))).toEqual([s.short.shiftId]);
      expect(ids(await listAs(`outletId=${OUTLET}&state=flagged`))).toEqual([]);
      expect(ids(await listAs(`outletId=${OUTLET}&from=2026-12-04&to=2026-12-04`))).toEqual([s.level.shiftId]);
      expect(ids(await listAs(`outletId=${OUTLET}&from=2026-12-04`))).toEqual([s.short.shiftId, s.level.shiftId]);
      const [short] = (await listAs(`outletId=${OUTLET}&state=selisih`)).shifts;
      expect(short?.closed?.counted.cash).toBe((short?.closed?.expected.cash ?? 0) - 5_000);
      expect(short?.movements.map((m) => m.reason)).toEqual(['setoran-bank']);

      // An unknown reason makes its shift "flagged".
      const device = new TestDevice();
      const odd = movesIn(device, [{ direction: 'in', reason: 'titipan' }], '2026-12-06');
      await push(url, device.id, odd.mutations);
      expect(ids(await listAs(`outletId=${OUTLET}&state=flagged`))).toEqual([odd.shiftId]);
      // An admin with no outlet named sees every outlet's.
      expect(ids(await listAs('state=open', null)).sort()).toEqual([s.open.shiftId, odd.shiftId].sort());
    });

    it('dates the wrong way round, or a malformed date, are refused; a supervisor of another outlet is refused', async () => {
      const token = await sessionFor(server.store, budi);
      const reversed = await get(url, `${SHIFTS_ROUTE}?outletId=${OUTLET}&from=2026-12-05&to=2026-12-01`, bearer(token));
      expect(reversed.status).toBe(400);
      expect(errorOf(reversed).field).toBe('from');
      expect((await get(url, `${SHIFTS_ROUTE}?outletId=${OUTLET}&from=5-12-2026`, bearer(token))).status).toBe(400);
      expect((await get(url, `${SHIFTS_ROUTE}?state=kemarin`, bearer(token))).status).toBe(400);
      const other = await get(url, `${SHIFTS_ROUTE}?outletId=booth-lain`, bearer(token));
      expect(other.status).toBe(403);
      expect(errorOf(other).code).toBe('wrong-outlet');
    });
  });

  it('the reasons list needs a signed-in staff member', async () => {
    expect((await get(url, CASH_REASON_ROUTES.list)).status).toBe(401);
    expect((await post(url, CASH_REASON_ROUTES.create, { code: 'beli-es', label: 'Es', direction: 'out' })).status).toBe(401);
  });
});
