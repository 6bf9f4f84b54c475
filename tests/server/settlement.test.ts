// Producer settlement through the routes on both engines: a draft of every
// unsettled line, approved (frozen) and paid; each line settled once; a
// return after settlement deducted in the next one; the levy rule by each
// sale's date; unknown HPP needs a recorded reason; admins only; PNBP.
import { beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/domain/id.ts';
import { SETTLEMENT_ROUTES as R } from '../../src/protocol/routes.ts';
import { owedSchema, pnbpSchema, settlementSchema, type Settlement } from '../../src/protocol/settlement.ts';
import { listAudit } from '../../src/server/accounts/audit.ts';
import { adminSession, backends, bearer, createTestUser, errorOf, get, jsonWith, OUTLET, post, push, saleOf, serverPerTest, sessionFor, TestDevice, type TestServer } from './helpers.ts';

const LAPAS = 'lapas-mataram';
const UMKM = 'umkm-dapur-sasak';
const at = (path: string, id: string) => path.replace(':settlementId', id);
/** Noon WITA of a day. */
const noon = (d: string) => Date.parse(`${d}T04:00:00Z`);

describe.each(backends)('producer settlement ($name)', (backend) => {
  let server: TestServer;
  let url: string;
  let admin: string;
  const t = noon('2026-05-02');
  serverPerTest(backend, (s) => { server = s; url = s.baseUrl; }, { now: () => t });
  beforeEach(async () => {
    admin = await adminSession(server.store);
    await server.store.db.tx(async (tx) => {
      await tx.run('UPDATE producers SET terms = ?, lapas = ?, contact_phone = ? WHERE id = ?', [JSON.stringify({ default: { kind: 'fee', bp: 0 }, byCategory: [] }), 'Lapas Kelas IIA Mataram', '0812-3456-7890', LAPAS]);
      await tx.run('UPDATE producers SET terms = ? WHERE id = ?', [JSON.stringify({ default: { kind: 'fee', bp: 2000 }, byCategory: [] }), UMKM]);
      await tx.run("INSERT INTO producer_levy_rules (producer_id, valid_from, premi_bp, pnbp_bp, modal_bp, base, source) VALUES (?, '2026-01-01', 5000, 1500, 3500, 'profit', 'Kepmen M.01-PP.02.01/1990')", [LAPAS]);
      await tx.run("INSERT INTO producer_levy_rules (producer_id, valid_from, premi_bp, pnbp_bp, modal_bp, base, source) VALUES (?, '2026-04-01', 6000, 1500, 2500, 'sales', 'SK Kalapas 4/2026')", [LAPAS]);
      await tx.run("UPDATE products SET cost = 85000 WHERE sku = 'CKL-001'");
      await tx.run("UPDATE products SET cost = NULL WHERE sku = 'CKL-002'");
    });
  });

  const device = () => new TestDevice();
  const draft = async (producerId: string, from: string, to: string): Promise<Settlement> => {
    const res = await post(url, R.list, { producerId, from, to }, jsonWith(admin));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return settlementSchema.parse(res.body);
  };
  const act = async (path: string, id: string, body: unknown, token = admin) => post(url, at(path, id), body, jsonWith(token));
  /** A refund of `qty` units of a sale's first line, stored as the sale.void handler stores it. */
  const refund = async (sale: ReturnType<typeof saleOf>, qty: number, day: string) => {
    const line = sale.lines[0]!;
    await server.store.db.tx((tx) =>
      tx.run(
        `INSERT INTO sale_returns (id, sale_id, device_id, device_seq, outlet_id, kind, amount, method, by_user, approver_id, business_date, created_at, received_at, flags, body)
         VALUES (?, ?, 'dev', 1, ?, 'refund', ?, 'cash', 'u', 'u', ?, ?, ?, '[]', ?)`,
        [uuidv7(), sale.id, OUTLET, line.unitPrice * qty, day, noon(day), noon(day), JSON.stringify({ lines: [{ lineId: line.id, qty }] })],
      ),
    );
  };

  it('drafts, approves (frozen, approver recorded) and pays; a second settlement has only the new lines and the return deduction', async () => {
    const d = device();
    const march = d.sell([{ product: 'CKL-001', qty: 2 }], { createdAt: noon('2026-03-05') });
    const umkm = d.sell([{ product: 'PGN-002', qty: 3 }], { createdAt: noon('2026-03-06') });
    expect((await push(url, d.id, [march, umkm])).results.map((r) => r.status)).toEqual(['applied', 'applied']);

    const first = await draft(LAPAS, '2026-03-01', '2026-03-31');
    expect(first.state).toBe('draft');
    expect(first.items.map((i) => [i.kind, i.qty, i.amount, i.cost])).toEqual([['sale', 2, 370_000, 170_000]]);
    // 50/15/35 of the profit 370,000 - 170,000.
    expect(first.split).toEqual({ kind: 'lapas', gross: 370_000, fee: 0, hpp: 170_000, premi: 100_000, pnbp: 30_000, modal: 70_000, payable: 370_000 });
    expect(errorOf(await post(url, R.list, { producerId: LAPAS, from: '2026-03-01', to: '2026-03-31' }, jsonWith(admin))).code).toBe('settlement-draft-exists');

    const approved = settlementSchema.parse((await act(R.approve, first.id, { costDecision: null })).body);
    expect(approved).toMatchObject({ state: 'approved', approvedBy: 'Admin Uji', approvedAt: t });
    // Frozen: no correction, no second approval, no discard.
    const frozen = await act(R.correct, first.id, { name: 'x', amount: 1, note: 'y' });
    expect([frozen.status, errorOf(frozen).code]).toEqual([409, 'settlement-frozen']);
    expect((await act(R.approve, first.id, { costDecision: null })).status).toBe(409);
    expect((await act(R.discard, first.id, {})).status).toBe(409);

    const paid = settlementSchema.parse((await act(R.pay, first.id, { method: 'transfer', reference: 'BRI 0042', date: '2026-04-02' })).body);
    expect(paid.paid).toEqual({ method: 'transfer', reference: 'BRI 0042', date: '2026-04-02', by: 'Admin Uji', at: t });
    expect((await act(R.pay, first.id, { method: 'cash', reference: 'again', date: '2026-04-02' })).status).toBe(409);

    // A unit of the settled March line comes back in April; April sells more (a sales-based rule from 1 April).
    await refund(saleOf(march), 1, '2026-04-03');
    const april = d.sell([{ product: 'CKL-001', qty: 1 }], { createdAt: noon('2026-04-10') });
    await push(url, d.id, [april]);
    const second = await draft(LAPAS, '2026-04-01', '2026-04-30');
    expect(second.items.map((i) => [i.kind, i.saleDate, i.qty, i.amount, i.cost])).toEqual([
      ['sale', '2026-04-10', 1, 185_000, 85_000],
      ['return', '2026-03-05', -1, -185_000, -85_000],
    ]);
    // April's line by 60/15/25 of sales; the return takes back what March's rule gave (50/15/35 of its profit).
    expect(second.split).toEqual({ kind: 'lapas', gross: 0, fee: 0, hpp: -85_000, premi: 111_000 - 50_000, pnbp: 27_750 - 15_000, modal: 46_250 - 35_000, payable: 0 });
    await act(R.approve, second.id, { costDecision: null });
    // Nothing is left: each line and the return were settled once.
    expect(errorOf(await post(url, R.list, { producerId: LAPAS, from: '2026-05-01', to: '2026-05-31' }, jsonWith(admin))).code).toBe('settlement-empty');

    const umkmDraft = await draft(UMKM, '2026-03-01', '2026-03-31');
    expect(umkmDraft.split).toEqual({ kind: 'umkm', gross: 45_000, fee: 9_000, payable: 36_000 });

    const owed = owedSchema.parse((await get(url, R.owed, bearer(admin))).body).producers;
    expect(owed.find((o) => o.producerId === LAPAS)).toMatchObject({ unsettledLines: 0, unsettled: 0, approvedUnpaid: 0, paidThisYear: 370_000 });
    expect(owed.find((o) => o.producerId === UMKM)).toMatchObject({ unsettledLines: 1, unsettled: 45_000 });

    const actions = (await server.store.db.tx((tx) => listAudit(tx, {}))).map((e) => e.action).filter((a) => a.startsWith('settlement.'));
    expect(actions.reverse()).toEqual(['settlement.draft', 'settlement.approve', 'settlement.pay', 'settlement.draft', 'settlement.approve', 'settlement.draft']);
  });

  it('a return of a line not settled yet just reduces it; a discarded draft frees its lines; a correction is a line of the draft', async () => {
    const d = device();
    const sold = d.sell([{ product: 'PGN-002', qty: 3 }], { createdAt: noon('2026-03-06') });
    await push(url, d.id, [sold]);
    await refund(saleOf(sold), 1, '2026-03-07');
    const s = await draft(UMKM, '2026-03-01', '2026-03-31');
    expect(s.items.map((i) => [i.kind, i.amount])).toEqual([['sale', 45_000], ['return', -15_000]]);
    expect(s.split).toMatchObject({ gross: 30_000, fee: 6_000, payable: 24_000 });
    const corrected = settlementSchema.parse((await act(R.correct, s.id, { name: 'Selisih Februari', amount: -1_000, note: 'kurang bayar' })).body);
    expect(corrected.split).toMatchObject({ gross: 29_000, payable: 23_000 });
    expect((await act(R.discard, s.id, {})).status).toBe(200);
    const again = await draft(UMKM, '2026-03-01', '2026-03-31');
    expect(again.items.map((i) => i.kind)).toEqual(['sale', 'return']);
  });

  it('a line without HPP under a profit rule is shown and approved only with a recorded reason', async () => {
    const d = device();
    await push(url, d.id, [d.sell([{ product: 'CKL-002', qty: 1 }], { createdAt: noon('2026-03-05') })]);
    // A cost entered after the sale does not reach back: the line keeps what the catalog had when it arrived.
    await server.store.db.tx((tx) => tx.run("UPDATE products SET cost = 40000 WHERE sku = 'CKL-002'"));
    const s = await draft(LAPAS, '2026-03-01', '2026-03-31');
    expect(s.problems).toEqual([{ code: 'cost-unknown', lineIds: [s.items[0]!.lineId] }]);
    const refused = await act(R.approve, s.id, { costDecision: null });
    expect([refused.status, errorOf(refused).code, errorOf(refused).params]).toEqual([409, 'settlement-cost-unknown', { lines: 1 }]);
    const ok = settlementSchema.parse((await act(R.approve, s.id, { costDecision: 'HPP belum dicatat bengkel; dihitung 0' })).body);
    expect(ok).toMatchObject({ state: 'approved', costDecision: 'HPP belum dicatat bengkel; dihitung 0', split: { hpp: 0, premi: 42_500 } });
    const [entry] = await server.store.db.tx((tx) => listAudit(tx, {}));
    expect(entry?.note).toMatchObject({ code: 'settlement.approved', params: { costDecision: 'HPP belum dicatat bengkel; dihitung 0' } });
  });

  it('only admins: a supervisor and a cashier are refused, no session is 401', async () => {
    const sup = await sessionFor(server.store, await createTestUser(server.store, { username: 'budi', role: 'supervisor', password: 'kata-sandi-budi-1' }));
    const kasir = await sessionFor(server.store, await createTestUser(server.store, { username: 'sari', role: 'cashier', password: 'kata-sandi-sari-1' }));
    for (const token of [sup, kasir]) {
      expect((await get(url, R.owed, bearer(token))).status).toBe(403);
      expect((await post(url, R.list, { producerId: UMKM, from: '2026-03-01', to: '2026-03-31' }, jsonWith(token))).status).toBe(403);
      expect((await get(url, `${R.pnbp}?lapas=x&from=2026-03-01&to=2026-03-31`, bearer(token))).status).toBe(403);
    }
    expect((await get(url, R.list)).status).toBe(401);
  });

  it("a Lapas's PNBP for a period with its SIMPONI record, and the premi ledger", async () => {
    const d = device();
    await push(url, d.id, [d.sell([{ product: 'CKL-001', qty: 2 }], { createdAt: noon('2026-03-05') })]);
    const s = await draft(LAPAS, '2026-03-01', '2026-03-31');
    await act(R.approve, s.id, { costDecision: null });
    const q = `lapas=${encodeURIComponent('Lapas Kelas IIA Mataram')}&from=2026-03-01&to=2026-03-31`;
    expect(pnbpSchema.parse((await get(url, `${R.pnbp}?${q}`, bearer(admin))).body)).toMatchObject({ amount: 30_000, kodeBilling: '', ntpn: '' });
    const write = { lapas: 'Lapas Kelas IIA Mataram', from: '2026-03-01', to: '2026-03-31', kodeBilling: '82026040123456', billingExpires: '2026-04-10', kodeAkun: '425111', ntpn: '', paidDate: null };
    expect(errorOf(await post(url, R.pnbp, write, jsonWith(admin))).code).toBe('kode-billing-invalid');
    const saved = pnbpSchema.parse((await post(url, R.pnbp, { ...write, kodeBilling: '820260401234567', ntpn: 'a1b2c3d4e5f6a7b8', paidDate: '2026-04-05' }, jsonWith(admin))).body);
    expect(saved).toMatchObject({ amount: 30_000, kodeBilling: '820260401234567', kodeAkun: '425111', ntpn: 'A1B2C3D4E5F6A7B8', updatedBy: 'Admin Uji' });
    const csv = await fetch(`${url}${R.premiCsv}?producerId=${LAPAS}&from=2026-01-01&to=2026-12-31`, { headers: bearer(admin) });
    const text = await csv.text();
    expect(text).toContain('Premi');
    expect(text).toContain('100000');
  });
});
