// Devices (issue 5): enrolment with a one-time code, the credential it buys,
// rotation and revocation, and what a device pulls: its outlet, and the
// users who may sign in on it with PIN hashes it can check offline.
import { beforeEach, describe, expect, it } from 'vitest';
import { verifyPin } from '../../src/domain/pin.ts';
import { adminDeviceListSchema, enrolResponseSchema, registerDeviceResponseSchema, type AdminDevice } from '../../src/protocol/auth.ts';
import { AUTH_ROUTES, ROUTES } from '../../src/protocol/routes.ts';
import { pullResponseSchema, type PullResponse } from '../../src/protocol/schemas.ts';
import { CODE_ALPHABET } from '../../src/server/accounts/tokens.ts';
import { listAudit } from '../../src/server/accounts/audit.ts';
import {
  adminSession,
  backends,
  bearer,
  createTestUser,
  errorOf,
  get,
  jsonWith,
  listSales,
  post,
  pushBody,
  saleOf,
  send,
  serverPerTest,
  TestDevice,
  type HttpAnswer,
  type TestServer,
} from './helpers.ts';

const DAY = 24 * 60 * 60_000;

describe.each(backends)('devices ($name)', (backend) => {
  let server: TestServer;
  let url: string;
  /** The server's clock: tests move it. */
  let t: number;
  let admin: string;

  beforeEach(() => {
    t = 1_780_000_000_000;
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

  async function register(outletId = 'ntb-mall', label = 'Kasir 1 NTB Mall'): Promise<{ registrationId: string; code: string; expiresAt: number }> {
    const res = await post(url, AUTH_ROUTES.devices, { outletId, label }, jsonWith(admin));
    expect(res.status).toBe(200);
    return registerDeviceResponseSchema.parse(res.body);
  }

  function enrol(code: string, deviceId: string): Promise<HttpAnswer> {
    return post(url, AUTH_ROUTES.enrol, { code, deviceId });
  }

  async function enrolled(deviceId: string, outletId = 'ntb-mall'): Promise<{ token: string; registrationId: string }> {
    const { code, registrationId } = await register(outletId);
    const res = await enrol(code, deviceId);
    expect(res.status).toBe(200);
    return { token: enrolResponseSchema.parse(res.body).credential, registrationId };
  }

  async function devices(): Promise<AdminDevice[]> {
    const res = await get(url, AUTH_ROUTES.devices, bearer(admin));
    expect(res.status).toBe(200);
    return adminDeviceListSchema.parse(res.body).devices;
  }

  async function audit(): Promise<{ action: string; subject: string | null; deviceId: string | null; detail: string }[]> {
    return server.store.db.tx((tx) => listAudit(tx, {}));
  }

  describe('enrolment', () => {
    it('a code shown grouped enrols the device it names, once; the credential then pushes as that device', async () => {
      const reg = await register();
      expect(reg.code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{4}-[${CODE_ALPHABET}]{4}$`));
      expect(reg.expiresAt).toBe(t + DAY);
      const device = new TestDevice();

      // Typed on a tablet: lower case, spaces instead of dashes.
      const res = await enrol(` ${reg.code.toLowerCase().replaceAll('-', ' ')} `, device.id);

      expect(res.status).toBe(200);
      const body = enrolResponseSchema.parse(res.body);
      expect(body).toMatchObject({ deviceId: device.id, outletId: 'ntb-mall', label: 'Kasir 1 NTB Mall' });
      expect(body.outlet).toMatchObject({ id: 'ntb-mall', name: 'NTB Mall', discountLimitBp: 1000 });
      expect(body.credential).toMatch(new RegExp(`^kkd_${device.id}\\.[A-Za-z0-9_-]{43}$`));
      const pushed = await post(url, ROUTES.push, pushBody(device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])]), jsonWith(body.credential));
      expect(pushed.status).toBe(200);

      const again = await enrol(reg.code, new TestDevice().id);
      expect(again.status).toBe(409);
      expect(errorOf(again)).toMatchObject({ code: 'enrolment-code-used', field: 'code' });
      expect(errorOf(again).message).toMatch(/new one/);
    });

    it('the server keeps only hashes: neither the code nor the credential is in the database', async () => {
      const reg = await register();
      const device = new TestDevice();
      const { credential } = enrolResponseSchema.parse((await enrol(reg.code, device.id)).body);
      const secret = credential.split('.').pop() ?? '';
      const rows = await server.store.db.all('SELECT * FROM device_registrations');
      const dump = JSON.stringify(rows) + JSON.stringify(await audit());
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(reg.code);
      expect(dump).not.toContain(reg.code.replaceAll('-', ''));
    });

    it('a wrong code is a 400 enrolment-code-unknown and enrols nothing', async () => {
      await register();
      const res = await enrol('AAAA-BBBB-CCCC', new TestDevice().id);
      expect(res.status).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'enrolment-code-unknown', field: 'code' });
      expect((await devices()).every((d) => d.status === 'awaiting-enrolment')).toBe(true);
    });

    it('a code expires after 24 hours: a minute before it works, at 24 hours it is a 410', async () => {
      const early = await register();
      const late = await register();
      t += DAY - 60_000;
      expect((await enrol(early.code, new TestDevice().id)).status).toBe(200);
      t += 60_000;
      const res = await enrol(late.code, new TestDevice().id);
      expect(res.status).toBe(410);
      expect(errorOf(res).code).toBe('enrolment-code-expired');
      expect(errorOf(res).message).toMatch(/24 hours/);
      // A day later the admin signs in again (sessions last a shift).
      admin = await adminSession(server.store);
      expect((await devices()).map((d) => d.status).sort()).toEqual(['active', 'code-expired']);
    });

    it('a device id already enrolled is a 409 until an admin revokes it; then it enrols again and keeps its sales and seq', async () => {
      const device = new TestDevice();
      const first = await enrolled(device.id);
      const m1 = device.sell([{ product: 'KOP-001', qty: 1 }]);
      await post(url, ROUTES.push, pushBody(device.id, [m1]), jsonWith(first.token));

      const second = await register('ntb-mall', 'Kasir 1 (baru)');
      const refused = await enrol(second.code, device.id);
      expect(refused.status).toBe(409);
      expect(errorOf(refused)).toMatchObject({ code: 'device-already-enrolled', field: 'deviceId' });

      await post(url, AUTH_ROUTES.revokeDevice.replace(':registrationId', first.registrationId), {}, jsonWith(admin));
      const res = await enrol(second.code, device.id);
      expect(res.status).toBe(200);
      const token = enrolResponseSchema.parse(res.body).credential;
      // The outbox carries on where it was: seq 2 follows the stored seq 1.
      const m2 = device.sell([{ product: 'KOP-001', qty: 1 }]);
      const pushed = await post(url, ROUTES.push, pushBody(device.id, [m1, m2]), jsonWith(token));
      expect(pushed.body).toMatchObject({ lastSeq: 2, results: [{ seq: 1, replay: true }, { seq: 2, status: 'applied' }] });
      expect((await listSales(url, device.id)).map((s) => s.sale.id)).toEqual([saleOf(m1).id, saleOf(m2).id]);
    });

    it("a revoked device enrolled again at another outlet reads only that outlet's sales, never the old outlet's", async () => {
      const device = new TestDevice();
      const first = await enrolled(device.id);
      const m1 = device.sell([{ product: 'KOP-001', qty: 1 }]);
      await post(url, ROUTES.push, pushBody(device.id, [m1]), jsonWith(first.token));
      await post(url, AUTH_ROUTES.revokeDevice.replace(':registrationId', first.registrationId), {}, jsonWith(admin));
      const booth = await register('booth-pameran', 'Tablet booth');
      const res = await enrol(booth.code, device.id);
      expect(res.status).toBe(200);
      const token = enrolResponseSchema.parse(res.body).credential;
      const own = await get(url, ROUTES.sales, jsonWith(token));
      expect(own.status).toBe(200);
      expect(own.body).toEqual({ sales: [] });
      // The store's sale is still the store's: an admin sees it, stored once.
      expect((await listSales(url, device.id)).map((s) => s.sale.id)).toEqual([saleOf(m1).id]);
    });

    it('two devices racing with one code: one is enrolled, the other told the code was used', async () => {
      const reg = await register();
      const answers = await Promise.all([enrol(reg.code, new TestDevice().id), enrol(reg.code, new TestDevice().id)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect((await devices()).filter((d) => d.status === 'active')).toHaveLength(1);
    });

    it('one device racing with two codes: it is enrolled once, the other answer is a 409', async () => {
      const [a, b] = [await register(), await register()];
      const device = new TestDevice();
      const answers = await Promise.all([enrol(a.code, device.id), enrol(b.code, device.id)]);
      expect(answers.map((x) => x.status).sort()).toEqual([200, 409]);
      expect((await devices()).filter((d) => d.deviceId === device.id)).toHaveLength(1);
    });

    it('a device id that cannot travel in a token is refused with the field named', async () => {
      const reg = await register();
      for (const deviceId of ['has.dot', 'spasi di tengah', 'x'.repeat(65), '']) {
        const res = await enrol(reg.code, deviceId);
        expect(res.status, deviceId).toBe(400);
        expect(errorOf(res).field).toBe('deviceId');
      }
      expect((await enrol(reg.code, new TestDevice().id)).status).toBe(200);
    });

    it('more than 10 attempts a minute from one address: 429 with Retry-After and words; a minute later it works again', async () => {
      const reg = await register();
      for (let i = 0; i < 10; i++) expect((await enrol(`WRNG-CODE-${String(i).padStart(4, '0')}`, 'x')).status).toBe(400);

      const limited = await enrol(reg.code, new TestDevice().id);

      expect(limited.status).toBe(429);
      expect(errorOf(limited).code).toBe('rate-limited');
      expect(errorOf(limited).message).toMatch(/too many enrolment attempts.*try again in 60 seconds/);
      const retry = await fetch(`${url}${AUTH_ROUTES.enrol}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(retry.status).toBe(429);
      expect(retry.headers.get('retry-after')).toBe('60');
      t += 60_000;
      expect((await enrol(reg.code, new TestDevice().id)).status).toBe(200);
    });

    it('registering, enrolling, rotating and revoking are each in the audit log, with who and which device', async () => {
      const device = new TestDevice();
      const { token, registrationId } = await enrolled(device.id);
      await post(url, AUTH_ROUTES.rotate, undefined, bearer(token));
      await post(url, AUTH_ROUTES.revokeDevice.replace(':registrationId', registrationId), {}, jsonWith(admin));
      const entries = (await audit()).filter((e) => e.subject === registrationId).reverse();
      expect(entries.map((e) => e.action)).toEqual(['device.register', 'device.enrol', 'device.rotate', 'device.revoke']);
      expect(entries.slice(1).every((e) => e.deviceId === device.id)).toBe(true);
    });
  });

  describe('rotation', () => {
    it('gives a new credential that works, and the old one is refused once the new one was used', async () => {
      const device = new TestDevice();
      const { token: old } = await enrolled(device.id);
      const res = await post(url, AUTH_ROUTES.rotate, undefined, bearer(old));
      expect(res.status).toBe(200);
      const { credential } = res.body as { credential: string };
      expect(credential).not.toBe(old);
      expect(credential.startsWith(`kkd_${device.id}.`)).toBe(true);
      expect((await get(url, `${ROUTES.pull}?since=0`, bearer(credential))).status).toBe(200);

      const refused = await get(url, `${ROUTES.pull}?since=0`, bearer(old));
      expect(refused.status).toBe(401);
      expect(errorOf(refused).code).toBe('unauthenticated');
      expect((await get(url, `${ROUTES.pull}?since=0`, bearer(credential))).status).toBe(200);
      const [listed] = await devices();
      expect(listed?.rotatedAt).toBe(t);
    });

    it('a rotation whose reply was lost does not lock the device out: the old credential rotates again, and only the latest new one takes over', async () => {
      const device = new TestDevice();
      const { token: old } = await enrolled(device.id);
      const lost = ((await post(url, AUTH_ROUTES.rotate, undefined, bearer(old))).body as { credential: string }).credential;
      // The device never saw `lost`; it still holds `old`, which still works.
      expect((await get(url, `${ROUTES.pull}?since=0`, bearer(old))).status).toBe(200);
      const fresh = ((await post(url, AUTH_ROUTES.rotate, undefined, bearer(old))).body as { credential: string }).credential;
      expect(errorOf(await get(url, `${ROUTES.pull}?since=0`, bearer(lost))).code).toBe('unauthenticated');
      expect((await get(url, `${ROUTES.pull}?since=0`, bearer(fresh))).status).toBe(200);
      expect(errorOf(await get(url, `${ROUTES.pull}?since=0`, bearer(old))).code).toBe('unauthenticated');
    });
  });

  describe('revocation', () => {
    it("takes effect on the device's next request: 401 device-revoked saying its sales stay on it; what it synced stays on the server", async () => {
      const device = new TestDevice();
      const { token, registrationId } = await enrolled(device.id);
      const synced = device.sell([{ product: 'KOP-001', qty: 1 }]);
      expect((await post(url, ROUTES.push, pushBody(device.id, [synced]), jsonWith(token))).status).toBe(200);

      const revoked = await post(url, AUTH_ROUTES.revokeDevice.replace(':registrationId', registrationId), {}, jsonWith(admin));
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({ registrationId, deviceId: device.id, status: 'revoked', revokedAt: t, lastSeq: 1 });

      const unsynced = device.sell([{ product: 'KOP-001', qty: 1 }]);
      const res = await post(url, ROUTES.push, pushBody(device.id, [unsynced]), jsonWith(token));
      expect(res.status).toBe(401);
      const error = errorOf(res);
      expect(error.code).toBe('device-revoked');
      expect(error.message).toMatch(/unsynced sales stay on it/);
      expect(error.message).toMatch(/export them from the sync panel/);
      for (const path of [`${ROUTES.pull}?since=0`, ROUTES.sales]) expect(errorOf(await get(url, path, bearer(token))).code).toBe('device-revoked');
      expect(errorOf(await post(url, AUTH_ROUTES.rotate, undefined, bearer(token))).code).toBe('device-revoked');
      // The sale it synced before is kept; the refused one was not stored.
      expect((await listSales(url, device.id)).map((s) => s.sale.id)).toEqual([saleOf(synced).id]);
    });

    it('again changes nothing; an unknown registration is a 404; a registration still waiting loses its code', async () => {
      const waiting = await register();
      const path = AUTH_ROUTES.revokeDevice.replace(':registrationId', waiting.registrationId);
      const first = await post(url, path, {}, jsonWith(admin));
      t += 5_000;
      const second = await post(url, path, {}, jsonWith(admin));
      expect(second.body).toEqual(first.body);
      expect((await audit()).filter((e) => e.action === 'device.revoke')).toHaveLength(1);
      const code = await enrol(waiting.code, new TestDevice().id);
      expect(code.status).toBe(410);
      expect(errorOf(code).message).toMatch(/revoked/);
      const missing = await post(url, AUTH_ROUTES.revokeDevice.replace(':registrationId', 'tidak-ada'), {}, jsonWith(admin));
      expect(missing.status).toBe(404);
      expect(errorOf(missing).code).toBe('not-found');
    });
  });

  describe('the device list', () => {
    it('shows each status, the last seq the server holds, and when the device was last seen (written at most once a minute)', async () => {
      const device = new TestDevice();
      const { token } = await enrolled(device.id);
      const enrolledAt = t;
      await register('booth-pameran', 'Tablet booth');
      t += 10_000;
      await post(url, ROUTES.push, pushBody(device.id, [device.sell([{ product: 'KOP-001', qty: 1 }]), device.sell([{ product: 'KOP-002', qty: 1 }])]), jsonWith(token));
      const find = async (): Promise<{ booth?: AdminDevice; counter?: AdminDevice }> => {
        const list = await devices();
        return { booth: list.find((d) => d.outletId === 'booth-pameran'), counter: list.find((d) => d.outletId === 'ntb-mall') };
      };
      let { booth, counter } = await find();
      expect(booth).toMatchObject({ label: 'Tablet booth', outletId: 'booth-pameran', status: 'awaiting-enrolment', deviceId: null, lastSeenAt: null, lastSeq: 0 });
      // Seen at enrolment; 10 s later is within the minute, so not written again.
      expect(counter).toMatchObject({ deviceId: device.id, status: 'active', enrolledAt, lastSeenAt: enrolledAt, lastSeq: 2 });

      t += 60_000;
      await get(url, `${ROUTES.pull}?since=0`, bearer(token));
      ({ counter } = await find());
      expect(counter?.lastSeenAt).toBe(t);
      t += DAY;
      admin = await adminSession(server.store);
      ({ booth } = await find());
      expect(booth?.status).toBe('code-expired');
    });

    it('registering for an outlet that does not exist is a 400 naming outletId', async () => {
      const res = await post(url, AUTH_ROUTES.devices, { outletId: 'toko-hantu', label: 'X' }, jsonWith(admin));
      expect(res.status).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'unknown-outlet', field: 'outletId' });
    });
  });

  describe("a device's pull", () => {
    async function devicePull(token: string, since = 0): Promise<PullResponse> {
      const res = await get(url, `${ROUTES.pull}?since=${since}`, bearer(token));
      expect(res.status).toBe(200);
      return pullResponseSchema.parse(res.body);
    }

    it("carries its outlet's users (admins of the outlet too) with PIN hashes verifyPin accepts for the right PIN only, and no admin of every outlet", async () => {
      const { store } = server;
      const baiq = await createTestUser(store, { username: 'baiq', name: 'Baiq Nurul', role: 'cashier', pin: '482915' });
      const lalu = await createTestUser(store, { username: 'lalu', name: 'Lalu Ahmad', role: 'supervisor', pin: '907314' });
      const boss = await createTestUser(store, { username: 'bos', name: 'Ibu Direktur', role: 'admin', outletId: 'ntb-mall', pin: '615243' });
      const everywhere = await createTestUser(store, { username: 'pusat', name: 'Admin Pusat', role: 'admin', outletId: null, pin: '284619' });
      const nopin = await createTestUser(store, { username: 'tanpa-pin', role: 'cashier' });
      const away = await createTestUser(store, { username: 'booth', role: 'cashier', outletId: 'booth-pameran', pin: '730591' });
      const { token } = await enrolled(new TestDevice().id);

      const p = await devicePull(token);

      const users = new Map(p.users.map((u) => [u.id, u]));
      expect(users.has(away)).toBe(false);
      // A stolen tablet must not carry the PIN hash of an admin who can act at every outlet.
      expect(users.has(everywhere)).toBe(false);
      expect(users.get(baiq)).toMatchObject({ name: 'Baiq Nurul', role: 'cashier', outletId: 'ntb-mall', active: true });
      expect(users.get(lalu)?.role).toBe('supervisor');
      expect(users.get(boss)).toMatchObject({ role: 'admin', outletId: 'ntb-mall' });
      expect(users.get(nopin)?.pin).toBeNull();
      for (const [id, pin] of [
        [baiq, '482915'],
        [lalu, '907314'],
        [boss, '615243'],
      ] as const) {
        const hash = users.get(id)?.pin;
        if (!hash) throw new Error(`no PIN hash for ${id}`);
        expect(hash).toMatchObject({ algorithm: 'pbkdf2-sha256', iterations: 100_000 });
        expect(await verifyPin(pin, hash)).toBe(true);
        expect(await verifyPin('000000', hash)).toBe(false);
      }
      // The outlets carry their discount limit; the stock is this outlet's only.
      expect(p.outlets.every((o) => o.discountLimitBp === 1000)).toBe(true);
      expect(new Set(p.stock.map((s) => s.outletId))).toEqual(new Set(['ntb-mall']));
    });

    it('an incremental pull brings a changed PIN, and drops a deactivated user or one moved to another outlet (active false, no PIN)', async () => {
      const { store } = server;
      const stays = await createTestUser(store, { username: 'tetap', role: 'cashier', pin: '482915' });
      const leaves = await createTestUser(store, { username: 'keluar', role: 'cashier', pin: '907314' });
      const moves = await createTestUser(store, { username: 'pindah', role: 'cashier', pin: '730591' });
      const { token } = await enrolled(new TestDevice().id);
      const full = await devicePull(token);
      expect(full.users.map((u) => u.id).sort()).toEqual(expect.arrayContaining([stays, leaves, moves].sort()));

      const patch = (id: string, body: object) => send(url, 'PATCH', AUTH_ROUTES.user.replace(':userId', id), body, jsonWith(admin));
      expect((await patch(stays, { pin: '615243' })).status).toBe(200);
      expect((await patch(leaves, { active: false })).status).toBe(200);
      expect((await patch(moves, { outletId: 'booth-pameran' })).status).toBe(200);

      const next = await devicePull(token, full.version);
      expect(next.full).toBe(false);
      const byId = new Map(next.users.map((u) => [u.id, u]));
      expect(byId.size).toBe(3);
      const newPin = byId.get(stays)?.pin;
      if (!newPin) throw new Error('no new PIN');
      expect(await verifyPin('615243', newPin)).toBe(true);
      expect(byId.get(leaves)).toMatchObject({ active: false, pin: null });
      expect(byId.get(moves)).toMatchObject({ active: false, pin: null, outletId: 'booth-pameran' });

      // A full pull leaves them out altogether; the booth's device gets the one who moved there.
      const again = await devicePull(token);
      expect(again.users.map((u) => u.id)).not.toContain(leaves);
      expect(again.users.map((u) => u.id)).not.toContain(moves);
      const booth = await enrolled(new TestDevice().id, 'booth-pameran');
      expect((await devicePull(booth.token)).users.find((u) => u.id === moves)).toMatchObject({ active: true, outletId: 'booth-pameran' });
    });
  });
});
