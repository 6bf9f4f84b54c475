// The admin's outlets and producers through the routes: created and changed
// with the domain's rules, every change in the audit log with before and
// after, a new catalog version each time so devices pull it, and the
// outlet's counter settings in the pull only once the server holds them.
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_OUTLET_SETTINGS } from '../../src/domain/outlet-settings.ts';
import { adminOutletListSchema, adminOutletSchema, adminProducerListSchema, adminProducerSchema, type CreateOutletRequest, type CreateProducerRequest } from '../../src/protocol/catalog-admin.ts';
import { CATALOG_ADMIN_ROUTES } from '../../src/protocol/catalog-admin-routes.ts';
import { ROUTES } from '../../src/protocol/routes.ts';
import { pullResponseSchema } from '../../src/protocol/schemas.ts';
import { listAudit } from '../../src/server/accounts/audit.ts';
import {
  adminSession,
  backends,
  bearer,
  createTestUser,
  deviceToken,
  enrolDevice,
  errorOf,
  get,
  jsonWith,
  post,
  pull,
  send,
  serverPerTest,
  sessionFor,
  TestDevice,
  type TestServer,
} from './helpers.ts';

const QRIS =
  '00020101021126620016ID.CO.CONTOH.WWW011893600000000001234502090000123450303UMI51440014ID.CO.QRIS.WWW0215ID10250000000010303UMI5204594753033605802ID5908NTB MALL6007MATARAM6105831256304DC72';

const booth: CreateOutletRequest = {
  id: 'booth-senggigi',
  name: 'Booth Festival Senggigi',
  kind: 'booth',
  address: 'Pantai Senggigi, Lombok Barat',
  active: true,
  startDate: '2026-12-10',
  endDate: '2026-12-14',
  homeOutletId: 'ntb-mall',
  lapas: null,
  discountLimitBp: 500,
  settings: { ...DEFAULT_OUTLET_SETTINGS, receiptName: 'Kasir Karya @ Senggigi', npwp: '01.234.567.8-912.000', qrisStatic: QRIS, roundingStep: 500, receiptFooter: 'Terima kasih, sampai jumpa di Senggigi!', dayCutoff: '04:00' },
};

const workshop: CreateProducerRequest = {
  id: 'lapas-mataram-tenun',
  name: 'Bengkel Tenun Lapas Mataram',
  kind: 'lapas',
  lapas: 'Lapas Kelas IIA Mataram',
  contactName: 'Bpk. Lalu Ahmad',
  contactPhone: '0812-3456-7890',
  payout: { kind: 'bank', bank: 'BRI', number: '012301000123301', holder: 'Koperasi Lapas Mataram' },
  receiptLine: 'Karya warga binaan Lapas Mataram',
  consignment: true,
  terms: { default: { kind: 'fee', bp: 2000 }, byCategory: [{ category: 'Tenun', term: { kind: 'fee', bp: 1500 } }] },
  levyRules: [{ validFrom: '2024-01-01', premiBp: 5000, pnbpBp: 1500, modalBp: 3500, base: 'profit', source: 'Kepmen M.01-PP.02.01/1990' }],
  active: true,
};

describe.each(backends)('outlets and producers ($name)', (backend) => {
  let server: TestServer;
  let url: string;
  let t: number;
  let admin: string;
  beforeEach(() => {
    // 3 Dec 2026, 12:00 WITA
    t = Date.UTC(2026, 11, 3, 4, 0);
  });
  serverPerTest(
    backend,
    (s) => {
      server = s;
      url = s.baseUrl;
    },
    { now: () => t },
  );
  beforeEach(async () => {
    admin = await adminSession(server.store);
  });

  const entries = () => server.store.db.tx((tx) => listAudit(tx, {}));
  const { outlet: outletPath, producer: producerPath } = CATALOG_ADMIN_ROUTES;

  it('an admin creates a booth; it is listed, audited, and comes down with the pull with its settings', async () => {
    const before = await pull(url, 0);
    const res = await post(url, CATALOG_ADMIN_ROUTES.outlets, booth, jsonWith(admin));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const created = adminOutletSchema.parse(res.body);
    expect(created).toMatchObject({ ...booth, version: expect.any(Number) as number });
    expect(created.version).toBeGreaterThan(before.version);

    const list = adminOutletListSchema.parse((await get(url, CATALOG_ADMIN_ROUTES.outlets, bearer(admin))).body);
    expect(list.outlets.map((o) => o.id)).toEqual(['booth-pameran', 'booth-senggigi', 'ntb-mall', 'showroom-lobar']);
    // An outlet never saved here shows the defaults with its own name on the receipt.
    expect(list.outlets.find((o) => o.id === 'ntb-mall')?.settings).toEqual({ ...DEFAULT_OUTLET_SETTINGS, receiptName: 'NTB Mall' });

    const [entry] = await entries();
    expect(entry).toMatchObject({ action: 'outlet.create', subject: 'booth-senggigi', outletId: 'booth-senggigi', at: t });
    expect(entry?.detail).toContain('"2026-12-14"');

    const changed = await pull(url, before.version);
    expect(changed.outlets).toEqual([expect.objectContaining({ id: 'booth-senggigi', kind: 'booth', homeOutletId: 'ntb-mall', startDate: '2026-12-10', settings: booth.settings, discountLimitBp: 500 })]);

    // A device enrolled at the booth pulls its outlet with the settings; outlets never saved here come without.
    const deviceId = new TestDevice().id;
    const token = await enrolDevice(url, deviceId, 'booth-senggigi');
    const own = pullResponseSchema.parse((await get(url, `${ROUTES.pull}?since=0`, bearer(token))).body);
    expect(own.outlets.find((o) => o.id === 'booth-senggigi')?.settings?.qrisStatic).toBe(QRIS);
    expect(own.outlets.find((o) => o.id === 'ntb-mall')?.settings).toBeUndefined();
  });

  it('an edit changes the settings devices use, audited with before and after, and a new version', async () => {
    const saved = adminOutletSchema.parse((await post(url, CATALOG_ADMIN_ROUTES.outlets, booth, jsonWith(admin))).body);
    const { id: _id, ...write } = booth;
    const res = await send(url, 'PATCH', outletPath.replace(':outletId', booth.id), { ...write, endDate: '2026-12-15', settings: { ...booth.settings, cartRemovalNeedsApproval: true } }, jsonWith(admin));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const after = adminOutletSchema.parse(res.body);
    expect(after.version).toBeGreaterThan(saved.version);
    expect(after).toMatchObject({ endDate: '2026-12-15', settings: { cartRemovalNeedsApproval: true } });
    const [entry] = await entries();
    expect(entry).toMatchObject({ action: 'outlet.update', subject: booth.id });
    expect(entry?.detail).toContain('endDate: "2026-12-14" -> "2026-12-15"');
    expect(entry?.detail).toContain('cartRemovalNeedsApproval: false -> true');
    expect((await pull(url, saved.version)).outlets[0]?.settings?.cartRemovalNeedsApproval).toBe(true);
  });

  it('the rules refuse with a code and the field: booth dates reversed, a bad QRIS or NPWP, an unknown home, a taken id; nothing stored', async () => {
    const refused = async (body: object, status: number, code: string, field: string) => {
      const res = await post(url, CATALOG_ADMIN_ROUTES.outlets, body, jsonWith(admin));
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(errorOf(res)).toMatchObject({ code, field });
      return errorOf(res);
    };
    await refused({ ...booth, endDate: '2026-12-01' }, 400, 'booth-dates-reversed', 'endDate');
    expect((await refused({ ...booth, settings: { ...booth.settings, qrisStatic: `${QRIS.slice(0, -1)}0` } }, 400, 'qris-invalid', 'qrisStatic')).params).toEqual({ qris: 'crc-mismatch' });
    await refused({ ...booth, settings: { ...booth.settings, npwp: '123' } }, 400, 'npwp-invalid', 'npwp');
    await refused({ ...booth, settings: { ...booth.settings, dayCutoff: '24:30' } }, 400, 'cutoff-invalid', 'dayCutoff');
    expect((await refused({ ...booth, discountLimitBp: 10_000, settings: { ...booth.settings, largeLineQty: 0 } }, 400, 'limit-out-of-range', 'largeLineQty')).params).toEqual({ min: 1, max: 9999 });
    await refused({ ...booth, homeOutletId: 'tidak-ada' }, 400, 'home-outlet-unknown', 'homeOutletId');
    await refused({ ...booth, homeOutletId: 'booth-pameran' }, 400, 'home-outlet-unknown', 'homeOutletId');
    await refused({ ...booth, kind: 'showroom', lapas: '' }, 400, 'lapas-missing', 'lapas');
    await refused({ ...booth, id: 'ntb-mall', kind: 'store' }, 409, 'outlet-id-taken', 'id');
    expect((await entries()).filter((e) => e.action.startsWith('outlet.'))).toEqual([]);
    expect((await send(url, 'PATCH', outletPath.replace(':outletId', 'nowhere'), { ...booth, id: undefined }, jsonWith(admin))).status).toBe(404);
  });

  it('a store saved as a store keeps no booth dates, whatever the form sent', async () => {
    const res = await post(url, CATALOG_ADMIN_ROUTES.outlets, { ...booth, id: 'toko-bima', kind: 'store' }, jsonWith(admin));
    expect(adminOutletSchema.parse(res.body)).toMatchObject({ kind: 'store', startDate: null, endDate: null, homeOutletId: null });
  });

  it('a supervisor reads outlets and producers but cannot change them', async () => {
    const supervisor = await sessionFor(server.store, await createTestUser(server.store, { username: 'penyelia', role: 'supervisor' }));
    expect((await get(url, CATALOG_ADMIN_ROUTES.outlets, bearer(supervisor))).status).toBe(200);
    expect((await get(url, CATALOG_ADMIN_ROUTES.producers, bearer(supervisor))).status).toBe(200);
    expect((await post(url, CATALOG_ADMIN_ROUTES.outlets, booth, jsonWith(supervisor))).status).toBe(403);
    expect((await post(url, CATALOG_ADMIN_ROUTES.producers, workshop, jsonWith(supervisor))).status).toBe(403);
    expect((await get(url, CATALOG_ADMIN_ROUTES.outlets, bearer(await deviceToken(url, new TestDevice().id)))).status).toBe(403);
  });

  it('an admin creates a Lapas workshop with a levy rule; the list shows it with its product count', async () => {
    const v0 = (await pull(url, 0)).version;
    const res = await post(url, CATALOG_ADMIN_ROUTES.producers, workshop, jsonWith(admin));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(adminProducerSchema.parse(res.body)).toMatchObject({ ...workshop, productCount: 0 });
    const list = adminProducerListSchema.parse((await get(url, CATALOG_ADMIN_ROUTES.producers, bearer(admin))).body);
    expect(list.producers.find((p) => p.id === workshop.id)?.levyRules).toEqual(workshop.levyRules);
    expect(list.producers.find((p) => p.id === 'lapas-lobar')?.productCount).toBeGreaterThan(0);
    expect((await entries())[0]).toMatchObject({ action: 'producer.create', subject: workshop.id });
    // Devices get the producer (its name for search and the receipt line) with the next pull.
    expect((await pull(url, v0)).producers.map((p) => p.id)).toEqual([workshop.id]);
  });

  it('levy rules: not summing to 100 % or two on one date refused; a rule in force cannot be rewritten, a later one is added', async () => {
    const bad = await post(url, CATALOG_ADMIN_ROUTES.producers, { ...workshop, levyRules: [{ ...workshop.levyRules[0], modalBp: 3000 }] }, jsonWith(admin));
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toMatchObject({ code: 'levy-sum-not-100', field: 'levyRules', params: { index: 0, sumBp: 9500 } });
    const twice = await post(url, CATALOG_ADMIN_ROUTES.producers, { ...workshop, levyRules: [...workshop.levyRules, { ...workshop.levyRules[0], premiBp: 6000, modalBp: 2500 }] }, jsonWith(admin));
    expect(errorOf(twice)).toMatchObject({ code: 'levy-same-date', params: { date: '2024-01-01' } });

    expect((await post(url, CATALOG_ADMIN_ROUTES.producers, workshop, jsonWith(admin))).status).toBe(200);
    const { id: _id, ...write } = workshop;
    const path = producerPath.replace(':producerId', workshop.id);
    const rewrite = await send(url, 'PATCH', path, { ...write, levyRules: [{ ...workshop.levyRules[0], premiBp: 6000, modalBp: 2500 }] }, jsonWith(admin));
    expect(rewrite.status).toBe(409);
    expect(errorOf(rewrite)).toMatchObject({ code: 'levy-rule-in-force', params: { date: '2024-01-01' } });
    const next = { validFrom: '2027-01-01', premiBp: 6000, pnbpBp: 1500, modalBp: 2500, base: 'sales' as const, source: 'SK Kalapas 12/2026' };
    const added = await send(url, 'PATCH', path, { ...write, levyRules: [next, ...workshop.levyRules] }, jsonWith(admin));
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(adminProducerSchema.parse(added.body).levyRules.map((r) => r.validFrom)).toEqual(['2024-01-01', '2027-01-01']);
    // Not yet in force: it may still be corrected.
    const corrected = await send(url, 'PATCH', path, { ...write, levyRules: [...workshop.levyRules, { ...next, validFrom: '2027-02-01' }] }, jsonWith(admin));
    expect(corrected.status).toBe(200);
    expect((await entries())[0]?.detail).toContain('levyRules:');
  });

  it('a producer with products is deactivated, not deleted, and keeps its products', async () => {
    const list = adminProducerListSchema.parse((await get(url, CATALOG_ADMIN_ROUTES.producers, bearer(admin))).body);
    const lobar = list.producers.find((p) => p.id === 'lapas-lobar');
    if (!lobar) throw new Error('seed producer missing');
    const { id: _id, version: _v, productCount, ...write } = lobar;
    const res = await send(url, 'PATCH', producerPath.replace(':producerId', 'lapas-lobar'), { ...write, lapas: 'Lapas Kelas IIA Lombok Barat', active: false }, jsonWith(admin));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(adminProducerSchema.parse(res.body)).toMatchObject({ active: false, productCount });
    expect((await entries())[0]?.detail).toContain('active: true -> false');
  });
});
