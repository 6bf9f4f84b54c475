// The admin's users: created and changed through the routes, every change in
// the audit log under its own action, the role history that lets the server
// judge an old approval by the role held then, and the guard that keeps at
// least one admin.
import { beforeEach, describe, expect, it } from 'vitest';
import { adminUserListSchema, adminUserSchema, type AdminUser } from '../../src/protocol/auth.ts';
import { AUTH_ROUTES } from '../../src/protocol/routes.ts';
import { couldApproveAt, roleAt } from '../../src/server/accounts/role-history.ts';
import { loadRoleHistory } from '../../src/server/accounts/accounts.ts';
import { listAudit } from '../../src/server/accounts/audit.ts';
import {
  adminSession,
  backends,
  bearer,
  errorOf,
  get,
  jsonWith,
  post,
  pull,
  send,
  serverPerTest,
  TEST_ADMIN,
  type HttpAnswer,
  type TestServer,
} from './helpers.ts';

describe.each(backends)('users ($name)', (backend) => {
  let server: TestServer;
  let url: string;
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

  const create = (body: object): Promise<HttpAnswer> => post(url, AUTH_ROUTES.users, body, jsonWith(admin));
  const patch = (id: string, body: object): Promise<HttpAnswer> => send(url, 'PATCH', AUTH_ROUTES.user.replace(':userId', id), body, jsonWith(admin));
  const entries = () => server.store.db.tx((tx) => listAudit(tx, {}));

  async function created(body: object): Promise<AdminUser> {
    const res = await create(body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return adminUserSchema.parse(res.body);
  }

  it('creates a cashier with a PIN and a password; the list shows that they are set, never a hash', async () => {
    const u = await created({ username: 'baiq', name: 'Baiq Nurul', role: 'cashier', outletId: 'ntb-mall', pin: '482915', password: 'kata-sandi-baiq' });
    expect(u).toMatchObject({ username: 'baiq', name: 'Baiq Nurul', role: 'cashier', outletId: 'ntb-mall', active: true, hasPin: true, hasPassword: true, createdAt: t, updatedAt: t });
    const res = await get(url, AUTH_ROUTES.users, bearer(admin));
    const users = adminUserListSchema.parse(res.body).users;
    expect(users.map((x) => x.username)).toEqual(['baiq', TEST_ADMIN.username]);
    const text = JSON.stringify(res.body);
    const [row] = await server.store.db.all('SELECT pin_hash, pin_salt, password_hash FROM users WHERE id = ?', [u.id]);
    for (const secret of [row?.pin_hash, row?.pin_salt, row?.password_hash]) {
      expect(typeof secret).toBe('string');
      expect(text).not.toContain(String(secret));
    }
    expect(text).not.toMatch(/scrypt|pbkdf2/);
    const [entry] = await entries();
    expect(entry).toMatchObject({ action: 'user.create', subject: u.id, outletId: 'ntb-mall', detail: 'created cashier "Baiq Nurul" (baiq) at outlet ntb-mall; PIN set, password set' });
  });

  it('refuses a PIN a passer-by would guess, saying why, and creates nothing', async () => {
    for (const pin of ['1234', '0000', '987654', '55555555']) {
      const res = await create({ username: 'baiq', name: 'Baiq', role: 'cashier', outletId: 'ntb-mall', pin });
      expect(res.status, pin).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'weak-pin', field: 'pin' });
      expect(errorOf(res).message).toMatch(/too easy to guess/);
    }
    const short = await create({ username: 'baiq', name: 'Baiq', role: 'cashier', outletId: 'ntb-mall', pin: '12' });
    expect(errorOf(short)).toMatchObject({ code: 'invalid-request', field: 'pin', message: 'pin: a PIN is 4 to 8 digits' });
    expect((await server.store.db.all("SELECT id FROM users WHERE username = 'baiq'")).length).toBe(0);
  });

  it('refuses a cashier with no outlet, an unknown outlet, a taken username and a short password, each naming the field', async () => {
    const cases: [object, number, string, string][] = [
      [{ username: 'a1', name: 'A', role: 'cashier', outletId: null }, 400, 'outlet-required', 'outletId'],
      [{ username: 'a2', name: 'A', role: 'supervisor', outletId: 'toko-hantu' }, 400, 'unknown-outlet', 'outletId'],
      [{ username: TEST_ADMIN.username, name: 'A', role: 'cashier', outletId: 'ntb-mall' }, 409, 'username-taken', 'username'],
      [{ username: 'a3', name: 'A', role: 'cashier', outletId: 'ntb-mall', password: 'pendek' }, 400, 'invalid-request', 'password'],
      [{ username: 'Bukan Nama', name: 'A', role: 'cashier', outletId: 'ntb-mall' }, 400, 'invalid-request', 'username'],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(errorOf(res)).toMatchObject({ code, field });
    }
    // An admin may have every outlet.
    expect((await create({ username: 'kepala', name: 'Kepala', role: 'admin', outletId: null })).status).toBe(200);
  });

  it('each change is audited under its own action, and a change that changes nothing is not', async () => {
    const u = await created({ username: 'lalu', name: 'Lalu', role: 'cashier', outletId: 'ntb-mall' });
    t += 1000;
    const res = await patch(u.id, { name: 'Lalu Ahmad', role: 'supervisor', outletId: 'booth-pameran', pin: '730591', password: 'kata-sandi-lalu' });
    expect(res.status).toBe(200);
    expect(adminUserSchema.parse(res.body)).toMatchObject({ name: 'Lalu Ahmad', role: 'supervisor', outletId: 'booth-pameran', hasPin: true, hasPassword: true, updatedAt: t });
    t += 1000;
    await patch(u.id, { active: false });
    t += 1000;
    await patch(u.id, { active: false, name: 'Lalu Ahmad' });
    const log = (await entries()).filter((e) => e.subject === u.id).reverse();
    expect(log.map((e) => [e.action, e.detail])).toEqual([
      ['user.create', 'created cashier "Lalu" (lalu) at outlet ntb-mall; no PIN, no password'],
      ['user.update', 'lalu: name "Lalu" → "Lalu Ahmad"'],
      ['user.role', 'lalu: role cashier → supervisor'],
      ['user.role', 'lalu: outlet ntb-mall → booth-pameran'],
      ['user.pin', 'lalu: PIN set'],
      ['user.password', 'lalu: password set'],
      ['user.active', 'lalu: deactivated: can no longer sign in'],
    ]);
    const adminId = (await server.store.db.all('SELECT id FROM users WHERE username = ?', [TEST_ADMIN.username]))[0]?.id;
    expect(log.slice(1).every((e) => e.actorId === adminId)).toBe(true);
    expect(JSON.stringify(log)).not.toContain('730591');
    expect(JSON.stringify(log)).not.toContain('kata-sandi-lalu');
  });

  it('role, outlet and active changes close one role span and open the next, so a past approval is judged by the role held then', async () => {
    const t0 = t;
    const u = await created({ username: 'lalu', name: 'Lalu', role: 'cashier', outletId: 'ntb-mall' });
    t = t0 + 1000;
    await patch(u.id, { role: 'supervisor' });
    t = t0 + 2000;
    await patch(u.id, { outletId: 'booth-pameran' });
    t = t0 + 3000;
    await patch(u.id, { name: 'Lalu Ahmad', pin: '730591' });
    t = t0 + 4000;
    await patch(u.id, { active: false });

    const history = await server.store.db.tx((tx) => loadRoleHistory(tx, [u.id, 'tidak-ada']));
    expect(history.has('tidak-ada')).toBe(false);
    const spans = history.get(u.id) ?? [];
    expect(spans).toEqual([
      { role: 'cashier', outletId: 'ntb-mall', active: true, from: t0, to: t0 + 1000 },
      { role: 'supervisor', outletId: 'ntb-mall', active: true, from: t0 + 1000, to: t0 + 2000 },
      { role: 'supervisor', outletId: 'booth-pameran', active: true, from: t0 + 2000, to: t0 + 4000 },
      { role: 'supervisor', outletId: 'booth-pameran', active: false, from: t0 + 4000, to: null },
    ]);
    expect(roleAt(spans, t0 - 1)).toBeNull();
    expect(roleAt(spans, t0 + 999)?.role).toBe('cashier');
    expect(roleAt(spans, t0 + 1000)?.role).toBe('supervisor');
    // "Did Lalu hold a supervisor role for NTB Mall at time T?"
    expect(couldApproveAt(spans, t0 + 500, 'ntb-mall')).toBe(false);
    expect(couldApproveAt(spans, t0 + 1500, 'ntb-mall')).toBe(true);
    expect(couldApproveAt(spans, t0 + 2500, 'ntb-mall')).toBe(false);
    expect(couldApproveAt(spans, t0 + 2500, 'booth-pameran')).toBe(true);
    expect(couldApproveAt(spans, t0 + 5000, 'booth-pameran')).toBe(false);
  });

  it('every change raises the catalog version, so devices pull the user again', async () => {
    const before = (await pull(url, 0)).version;
    const u = await created({ username: 'lalu', name: 'Lalu', role: 'cashier', outletId: 'ntb-mall' });
    const afterCreate = (await pull(url, 0)).version;
    expect(afterCreate).toBeGreaterThan(before);
    await patch(u.id, { pin: '730591' });
    expect((await pull(url, 0)).version).toBeGreaterThan(afterCreate);
    const [row] = await server.store.db.all('SELECT version FROM users WHERE id = ?', [u.id]);
    expect(Number(row?.version)).toBe((await pull(url, 0)).version);
  });

  it('the last active admin cannot be demoted or deactivated; with a second admin, they can', async () => {
    const [me] = (await server.store.db.all('SELECT id FROM users WHERE username = ?', [TEST_ADMIN.username])).map((r) => String(r.id));
    if (!me) throw new Error('no test admin');
    for (const body of [{ role: 'supervisor', outletId: 'ntb-mall' }, { active: false }]) {
      const res = await patch(me, body);
      expect(res.status).toBe(409);
      expect(errorOf(res).code).toBe('last-admin');
      expect(errorOf(res).message).toMatch(/last active admin/);
    }
    await created({ username: 'kepala', name: 'Kepala', role: 'admin', outletId: null });
    expect((await patch(me, { active: false })).status).toBe(200);
    expect((await entries()).filter((e) => e.action === 'user.active')).toHaveLength(1);
  });

  it('an unknown user is a 404; an empty change is a 400; a supervisor without an outlet is refused', async () => {
    expect(errorOf(await patch('tidak-ada', { name: 'X' })).code).toBe('not-found');
    const empty = await patch('tidak-ada', {});
    expect(empty.status).toBe(400);
    expect(errorOf(empty).message).toMatch(/at least one field/);
    const u = await created({ username: 'lalu', name: 'Lalu', role: 'admin', outletId: null });
    expect(errorOf(await patch(u.id, { role: 'supervisor' }))).toMatchObject({ code: 'outlet-required', field: 'outletId' });
  });
});
