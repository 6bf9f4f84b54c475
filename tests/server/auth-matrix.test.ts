// Authorisation on every route, decided by the server: every route the app
// registers is called by every kind of caller. A route added without a rule
// here fails the first test; a rule that lets the wrong caller in fails the
// second. Then the checks a route makes itself: a device naming another
// device, or another outlet, is refused.
import { CA_CERTIFICATE_ROUTE, CASH_REASON_ROUTES, REPORT_ROUTES, ROUTE_TABLE, SETTLEMENT_ROUTES, SHIFTS_ROUTE, STOCK_ROUTES } from '../../src/protocol/routes.ts';
import { CATALOG_ADMIN_ROUTES } from '../../src/protocol/catalog-admin-routes.ts';
import { describe, expect, it } from 'vitest';
import { AUTH_ROUTES, LABEL_ROUTES, OPENAPI_ROUTE, PRODUCT_ROUTES, REVIEW_ROUTE, RESOLVE_FLAG_ROUTE, ROUTES } from '../../src/protocol/routes.ts';
import { OUTBOX_EXPORT_FORMAT, OUTBOX_EXPORT_VERSION, PROTOCOL_VERSION, type MutationEnvelope } from '../../src/protocol/schemas.ts';
import { routesOf } from '../../src/server/http/app.ts';
import { requirePasswordChange } from '../../src/server/accounts/accounts.ts';
import {
  adminToken,
  backends,
  bearer,
  createTestUser,
  deviceToken,
  enrolDevice,
  errorOf,
  get,
  jsonWith,
  listSales,
  post,
  pushBody,
  send,
  serverPerTest,
  sessionFor,
  TestDevice,
  type HttpAnswer,
  type TestServer,
} from './helpers.ts';

type Rule = 'open' | 'device' | 'device-or-staff' | 'session' | 'staff' | 'admin' | 'metrics';

/** Every route and who may call it. A new route must be added here, with its rule, or the matrix fails. */
const RULES: Record<string, Rule> = {
  [`GET ${ROUTES.health}`]: 'open',
  [`GET ${OPENAPI_ROUTE}`]: 'open',
  [`POST ${AUTH_ROUTES.enrol}`]: 'open',
  [`POST ${AUTH_ROUTES.login}`]: 'open',
  [`POST ${ROUTES.push}`]: 'device',
  [`POST ${AUTH_ROUTES.rotate}`]: 'device',
  [`GET ${ROUTES.pull}`]: 'device-or-staff',
  [`GET ${ROUTES.sales}`]: 'device-or-staff',
  // A device finds its own outlet's receipts, whoever is signed in on it; a supervisor their outlet's.
  [`GET ${ROUTE_TABLE.saleByReceipt.path}`]: 'device-or-staff',
  [`POST ${ROUTES.import}`]: 'device-or-staff',
  [`POST ${AUTH_ROUTES.logout}`]: 'session',
  [`GET ${AUTH_ROUTES.session}`]: 'session',
  [`POST ${AUTH_ROUTES.password}`]: 'session',
  [`GET ${REVIEW_ROUTE}`]: 'device-or-staff',
  [`POST ${RESOLVE_FLAG_ROUTE}`]: 'staff',
  [`GET ${AUTH_ROUTES.devices}`]: 'admin',
  [`POST ${AUTH_ROUTES.devices}`]: 'admin',
  [`POST ${AUTH_ROUTES.revokeDevice}`]: 'admin',
  [`GET ${AUTH_ROUTES.users}`]: 'admin',
  [`POST ${AUTH_ROUTES.users}`]: 'admin',
  [`PATCH ${AUTH_ROUTES.user}`]: 'admin',
  [`GET ${AUTH_ROUTES.audit}`]: 'admin',
  // Product administration: supervisors and admins.
  [`GET ${PRODUCT_ROUTES.list}`]: 'staff',
  [`POST ${PRODUCT_ROUTES.list}`]: 'staff',
  [`GET ${PRODUCT_ROUTES.one}`]: 'staff',
  [`PATCH ${PRODUCT_ROUTES.one}`]: 'staff',
  [`POST ${PRODUCT_ROUTES.nextBarcode}`]: 'staff',
  [`POST ${PRODUCT_ROUTES.import}`]: 'staff',
  [`GET ${PRODUCT_ROUTES.exportCsv}`]: 'staff',
  [`GET ${PRODUCT_ROUTES.exportXlsx}`]: 'staff',
  // Or the METRICS_TOKEN (tests/server/metrics.test.ts); none is set here.
  [`GET ${ROUTES.metrics}`]: 'metrics',
  // Public by design: a tablet fetches it before anyone signs in.
  [`GET ${CA_CERTIFICATE_ROUTE}`]: 'open',
  // Supervisors read outlets and producers (transfers, products); only admins change them.
  [`GET ${CATALOG_ADMIN_ROUTES.outlets}`]: 'staff',
  [`POST ${CATALOG_ADMIN_ROUTES.outlets}`]: 'admin',
  [`PATCH ${CATALOG_ADMIN_ROUTES.outlet}`]: 'admin',
  [`GET ${CATALOG_ADMIN_ROUTES.producers}`]: 'staff',
  [`POST ${CATALOG_ADMIN_ROUTES.producers}`]: 'admin',
  [`PATCH ${CATALOG_ADMIN_ROUTES.producer}`]: 'admin',
  [`GET ${LABEL_ROUTES.pending}`]: 'staff',
  [`POST ${LABEL_ROUTES.printed}`]: 'staff',
  [`POST ${LABEL_ROUTES.data}`]: 'staff',
  [`GET ${LABEL_ROUTES.search}`]: 'staff',
  [`POST ${LABEL_ROUTES.uploadPhoto}`]: 'staff',
  [`POST ${LABEL_ROUTES.removePhoto}`]: 'staff',
  // Open: the counter's <img> carries no token; a product photo is shown to every customer.
  [`GET ${LABEL_ROUTES.photo}`]: 'open',
  // A device reads it for the supervisor signed in on it (userId), as the review.
  [`GET ${STOCK_ROUTES.report}`]: 'device-or-staff',
  [`GET ${STOCK_ROUTES.reasons}`]: 'staff',
  [`GET ${SHIFTS_ROUTE}`]: 'staff',
  // Devices get the cash reasons with their pull; the back office reads and keeps them here.
  [`GET ${CASH_REASON_ROUTES.list}`]: 'staff',
  [`POST ${CASH_REASON_ROUTES.create}`]: 'admin',
  [`PATCH ${ROUTE_TABLE.updateCashReason.path}`]: 'admin',
  [`POST ${STOCK_ROUTES.saveReason}`]: 'admin',
  [`GET ${SETTLEMENT_ROUTES.owed}`]: 'admin',
  [`GET ${SETTLEMENT_ROUTES.list}`]: 'admin',
  [`POST ${SETTLEMENT_ROUTES.list}`]: 'admin',
  [`GET ${SETTLEMENT_ROUTES.one}`]: 'admin',
  [`POST ${SETTLEMENT_ROUTES.correct}`]: 'admin',
  [`POST ${SETTLEMENT_ROUTES.approve}`]: 'admin',
  [`POST ${SETTLEMENT_ROUTES.pay}`]: 'admin',
  [`POST ${SETTLEMENT_ROUTES.discard}`]: 'admin',
  [`GET ${SETTLEMENT_ROUTES.premiCsv}`]: 'admin',
  [`GET ${SETTLEMENT_ROUTES.premiXlsx}`]: 'admin',
  [`GET ${SETTLEMENT_ROUTES.pnbp}`]: 'admin',
  [`POST ${SETTLEMENT_ROUTES.pnbp}`]: 'admin',
  [`POST ${SETTLEMENT_ROUTES.share}`]: 'admin',
  [`POST ${SETTLEMENT_ROUTES.revokeLinks}`]: 'admin',
  // Open by design: the producer has no account; the token in the path is the credential (tests/server/statement-links.test.ts).
  [`GET ${SETTLEMENT_ROUTES.shared}`]: 'open',
  // Reports: a supervisor's own outlet, an admin's any (tests/server/reports.test.ts).
  [`GET ${REPORT_ROUTES.sales}`]: 'staff',
  [`GET ${REPORT_ROUTES.stock}`]: 'staff',
  [`GET ${REPORT_ROUTES.slow}`]: 'staff',
};

type Caller = 'device' | 'cashier' | 'supervisor' | 'admin';
const LET_IN: Record<Rule, readonly Caller[]> = {
  open: ['device', 'cashier', 'supervisor', 'admin'],
  device: ['device'],
  'device-or-staff': ['device', 'supervisor', 'admin'],
  session: ['cashier', 'supervisor', 'admin'],
  staff: ['supervisor', 'admin'],
  admin: ['admin'],
  metrics: ['admin'],
};

const ruleOf = (method: string, url: string): Rule | undefined => RULES[`${method === 'HEAD' ? 'GET' : method} ${url}`];

describe.each(backends)('every route, every caller ($name)', (backend) => {
  let server: TestServer;
  let url: string;
  // Enrolments and sign-ins of the setup and the matrix come from one address.
  serverPerTest(
    backend,
    (s) => {
      server = s;
      url = s.baseUrl;
    },
    { limits: { enrolPerAddress: { max: 1000, windowMs: 60_000 }, signInPerAddress: { max: 1000, windowMs: 60_000 } } },
  );

  interface Callers {
    device: string;
    cashier: string;
    supervisor: string;
    admin: string;
    /** A new credential of that kind, for a call that may spend it (rotate, sign-out). */
    fresh: (who: Caller) => Promise<string>;
    revokedDevice: string;
    endedSession: string;
    /** Path parameters that name something real, but nothing the matrix needs later. */
    registrationId: string;
    userId: string;
  }

  async function callers(): Promise<Callers> {
    const { store } = server;
    const admin = await adminToken(url);
    const cashierId = await createTestUser(store, { username: 'kasir', role: 'cashier' });
    const supervisorId = await createTestUser(store, { username: 'penyelia', role: 'supervisor' });
    const adminId = await createTestUser(store, { username: 'admin-kedua', role: 'admin' });
    const fresh = async (who: Caller): Promise<string> =>
      who === 'device' ? deviceToken(url, new TestDevice().id) : sessionFor(store, { cashier: cashierId, supervisor: supervisorId, admin: adminId }[who]);
    const spareUser = await createTestUser(store, { username: 'cadangan', role: 'cashier' });
    const endedSession = await sessionFor(store, cashierId);
    expect((await post(url, AUTH_ROUTES.logout, undefined, bearer(endedSession))).status).toBe(200);
    const revoked = new TestDevice();
    const revokedToken = await enrolDevice(url, revoked.id);
    const devices = (await get(url, AUTH_ROUTES.devices, bearer(admin))).body as { devices: { registrationId: string; deviceId: string | null }[] };
    const revokedReg = devices.devices.find((d) => d.deviceId === revoked.id)?.registrationId ?? '';
    expect((await post(url, AUTH_ROUTES.revokeDevice.replace(':registrationId', revokedReg), {}, jsonWith(admin))).status).toBe(200);
    const spare = (await post(url, AUTH_ROUTES.devices, { outletId: 'ntb-mall', label: 'cadangan' }, jsonWith(admin))).body as { registrationId: string };
    return {
      device: await deviceToken(url, new TestDevice().id),
      cashier: await sessionFor(store, cashierId),
      supervisor: await sessionFor(store, supervisorId),
      admin,
      fresh,
      revokedDevice: revokedToken,
      endedSession,
      registrationId: spare.registrationId,
      userId: spareUser,
    };
  }

  /** The route called with `token` (or none), a JSON body where it takes one; parameters filled in. */
  function call(method: string, route: string, c: Callers, token: string | null): Promise<HttpAnswer> {
    const path = route.replace(':registrationId', c.registrationId).replace(':userId', c.userId).replace(':outletId', 'ntb-mall').replace(':producerId', 'lapas-lobar');
    const headers: Record<string, string> = token === null ? {} : bearer(token);
    if (method === 'GET' || method === 'HEAD') return send(url, method, path, undefined, headers);
    return send(url, method, path, {}, { ...headers, 'content-type': 'application/json' });
  }

  it('a session opened by a password the server printed reaches only its replacement, who-am-I and sign-out: 403 elsewhere', async () => {
    const c = await callers();
    const adminId = await createTestUser(server.store, { username: 'admin-cetak', role: 'admin' });
    await server.store.db.tx((tx) => requirePasswordChange(tx, adminId));
    const printed = await sessionFor(server.store, adminId);
    const allowed = new Set([`GET ${AUTH_ROUTES.session}`, `POST ${AUTH_ROUTES.password}`, `POST ${AUTH_ROUTES.logout}`]);
    for (const r of routesOf(server.app)) {
      const rule = ruleOf(r.method, r.url) ?? 'open';
      const key = `${r.method === 'HEAD' ? 'GET' : r.method} ${r.url}`;
      // Open and device-only routes never look at a session; sign-out would end the one this walks with.
      // HEAD answers carry no body to read the code from; its GET is walked.
      if (r.method === 'HEAD' || !LET_IN[rule].includes('admin') || rule === 'open' || key === `POST ${AUTH_ROUTES.logout}`) continue;
      const res = await call(r.method, r.url, c, printed);
      if (allowed.has(key)) expect(res.status, key).not.toBe(403);
      // /metrics answers in Prometheus's text type, its refusal's envelope too.
      const body = (typeof res.body === 'string' ? JSON.parse(res.body) : res.body) as { error?: { code?: string } } | null;
      if (!allowed.has(key)) expect([res.status, body?.error?.code], key).toEqual([403, 'password-change-required']);
    }
  });

  it('every route the app registers has a rule, and this test knows every route', () => {
    const registered = routesOf(server.app);
    expect(registered.length).toBeGreaterThanOrEqual(Object.keys(RULES).length);
    for (const r of registered) {
      expect(r.access, `${r.method} ${r.url} declares no rule`).not.toBeNull();
      expect(ruleOf(r.method, r.url), `${r.method} ${r.url} is not in this test's RULES: add it with its rule`).toBeDefined();
      expect(r.access, `${r.method} ${r.url}`).toBe(ruleOf(r.method, r.url));
    }
    const seen = new Set(registered.map((r) => `${r.method} ${r.url}`));
    for (const key of Object.keys(RULES)) expect(seen.has(key), `${key} is in RULES but not registered`).toBe(true);
  });

  it('no credential, a bad one, a revoked device or an ended session: 401; the wrong kind or role: 403; the right one gets past the guard', { timeout: 60_000 }, async () => {
    const c = await callers();
    const garbage = ['kkd_not-a-device.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'kks_nope.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB', 'Basic dXNlcjpwYXNz', 'kkd_'];
    for (const r of routesOf(server.app)) {
      const rule = ruleOf(r.method, r.url) ?? 'open';
      const where = `${r.method} ${r.url}`;
      if (rule === 'open') {
        for (const token of [null, c.device, c.cashier, c.revokedDevice]) {
          const res = await call(r.method, r.url, c, token);
          expect([401, 403], `${where} is open yet answered ${res.status}`).not.toContain(res.status);
        }
        continue;
      }
      const none = await call(r.method, r.url, c, null);
      expect(none.status, `${where} without a credential`).toBe(401);
      for (const token of garbage) {
        const res = await send(url, r.method, r.url.replace(':registrationId', c.registrationId).replace(':userId', c.userId).replace(':outletId', 'ntb-mall').replace(':producerId', 'lapas-lobar'), undefined, { authorization: token.startsWith('Basic') ? token : `Bearer ${token}` });
        expect(res.status, `${where} with ${token}`).toBe(401);
      }
      const revoked = await call(r.method, r.url, c, c.revokedDevice);
      expect(revoked.status, `${where} as a revoked device`).toBe(401);
      const ended = await call(r.method, r.url, c, c.endedSession);
      expect(ended.status, `${where} with an ended session`).toBe(401);
      if (r.method !== 'HEAD') {
        expect(errorOf(none).code).toBe('unauthenticated');
        expect(errorOf(revoked).code, where).toBe('device-revoked');
        expect(errorOf(ended).code, where).toBe('session-expired');
      }
      for (const who of ['device', 'cashier', 'supervisor', 'admin'] as const) {
        const allowed = LET_IN[rule].includes(who);
        const res = await call(r.method, r.url, c, allowed ? await c.fresh(who) : c[who]);
        if (allowed) {
          expect(res.status, `${where} as ${who} should get past the guard`).not.toBe(401);
          // A HEAD answer has no body to read a code from.
          if (res.status === 403 && r.method !== 'HEAD') expect(errorOf(res).code, `${where} as ${who}`).not.toBe('forbidden');
        } else {
          expect(res.status, `${where} as ${who} must be refused`).toBe(403);
          if (r.method !== 'HEAD') expect(errorOf(res).code, where).toBe('forbidden');
        }
      }
    }
  });
});

describe.each(backends)('a caller naming someone else ($name)', (backend) => {
  let server: TestServer;
  let url: string;
  serverPerTest(backend, (s) => {
    server = s;
    url = s.baseUrl;
  });

  const exportFile = (deviceId: string, mutations: MutationEnvelope[]) => ({
    format: OUTBOX_EXPORT_FORMAT,
    version: OUTBOX_EXPORT_VERSION,
    deviceId,
    protocolVersion: PROTOCOL_VERSION,
    exportedAt: 1_764_000_000_000,
    mutations,
  });

  it("a device cannot push, import or read another device's sales: 403 wrong-device, nothing stored", async () => {
    const a = new TestDevice();
    const b = new TestDevice();
    const bToken = await deviceToken(url, b.id);
    const m = a.sell([{ product: 'KOP-001', qty: 1 }]);

    const pushed = await post(url, ROUTES.push, pushBody(a.id, [m]), jsonWith(bToken));
    expect(pushed.status).toBe(403);
    expect(errorOf(pushed)).toMatchObject({ code: 'wrong-device', field: 'deviceId' });
    const imported = await post(url, ROUTES.import, exportFile(a.id, [m]), jsonWith(bToken));
    expect(imported.status).toBe(403);
    expect(errorOf(imported).code).toBe('wrong-device');
    const read = await get(url, `${ROUTES.sales}?deviceId=${a.id}`, bearer(bToken));
    expect(read.status).toBe(403);
    expect(errorOf(read).code).toBe('wrong-device');
    expect(await listSales(url)).toEqual([]);
  });

  it('a device pushes, imports and reads its own; without a deviceId it reads its own sales only', async () => {
    const a = new TestDevice();
    const b = new TestDevice();
    const aToken = await deviceToken(url, a.id);
    expect((await post(url, ROUTES.push, pushBody(a.id, [a.sell([{ product: 'KOP-001', qty: 1 }])]), jsonWith(aToken))).status).toBe(200);
    expect((await post(url, ROUTES.import, exportFile(a.id, [a.sell([{ product: 'KOP-002', qty: 1 }])]), jsonWith(aToken))).status).toBe(200);
    expect((await post(url, ROUTES.push, pushBody(b.id, [b.sell([{ product: 'KOP-001', qty: 1 }])]), jsonWith(await deviceToken(url, b.id)))).status).toBe(200);
    const own = await get(url, ROUTES.sales, bearer(aToken));
    expect(own.status).toBe(200);
    expect((own.body as { sales: { sale: { deviceId: string } }[] }).sales.map((s) => s.sale.deviceId)).toEqual([a.id, a.id]);
  });

  it('a supervisor or admin imports any device\'s file; a cashier cannot', async () => {
    const d = new TestDevice();
    const supervisor = await sessionFor(server.store, await createTestUser(server.store, { username: 'penyelia', role: 'supervisor' }));
    const cashier = await sessionFor(server.store, await createTestUser(server.store, { username: 'kasir', role: 'cashier' }));
    const file = exportFile(d.id, [d.sell([{ product: 'KOP-001', qty: 1 }])]);
    expect((await post(url, ROUTES.import, file, jsonWith(cashier))).status).toBe(403);
    expect((await post(url, ROUTES.import, file, jsonWith(supervisor))).status).toBe(200);
    expect(await listSales(url, d.id)).toHaveLength(1);
  });

  it("a device pulls its own outlet only: another outlet is 403 wrong-outlet; none means its own", async () => {
    const token = await deviceToken(url, new TestDevice().id);
    const other = await get(url, `${ROUTES.pull}?since=0&outletId=booth-pameran`, bearer(token));
    expect(other.status).toBe(403);
    expect(errorOf(other)).toMatchObject({ code: 'wrong-outlet', field: 'outletId' });
    const own = await get(url, `${ROUTES.pull}?since=0`, bearer(token));
    expect(own.status).toBe(200);
    expect(new Set((own.body as { stock: { outletId: string }[] }).stock.map((s) => s.outletId))).toEqual(new Set(['ntb-mall']));
  });

  it("a supervisor's session sees their outlet only, in pull, sales and review; an admin's sees all", async () => {
    const supervisor = await sessionFor(server.store, await createTestUser(server.store, { username: 'penyelia', role: 'supervisor', outletId: 'booth-pameran' }));
    const here = new TestDevice();
    const there = new TestDevice();
    await post(url, ROUTES.push, pushBody(here.id, [here.sell([{ product: 'BTK-004', qty: 9 }], { outletId: 'booth-pameran' })]), jsonWith(await deviceToken(url, here.id)));
    await post(url, ROUTES.push, pushBody(there.id, [there.sell([{ product: 'BTK-004', qty: 9 }])]), jsonWith(await deviceToken(url, there.id)));

    expect((await get(url, `${ROUTES.pull}?since=0&outletId=ntb-mall`, bearer(supervisor))).status).toBe(403);
    const pulled = (await get(url, `${ROUTES.pull}?since=0`, bearer(supervisor))).body as { stock: { outletId: string }[]; users: unknown[] };
    expect(new Set(pulled.stock.map((s) => s.outletId))).toEqual(new Set(['booth-pameran']));
    // PIN hashes only ever go to devices.
    expect(pulled.users).toEqual([]);
    const sales = (await get(url, ROUTES.sales, bearer(supervisor))).body as { sales: { sale: { deviceId: string } }[] };
    expect(sales.sales.map((s) => s.sale.deviceId)).toEqual([here.id]);
    const review = (await get(url, REVIEW_ROUTE, bearer(supervisor))).body as { flaggedSales: unknown[]; negativeStock: { outletId: string }[] };
    expect(review.flaggedSales).toHaveLength(1);
    expect(review.negativeStock.map((n) => n.outletId)).toEqual(['booth-pameran']);
    const all = (await get(url, REVIEW_ROUTE, bearer(await adminToken(url)))).body as { negativeStock: unknown[] };
    expect(all.negativeStock).toHaveLength(2);
  });
});
