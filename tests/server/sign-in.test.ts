// Password sign-in for the management pages: scrypt-checked passwords, a
// session of at most a shift that ends sooner when left unused, rate limits
// per address and per username, and every attempt in the audit log (never
// the password).
import { beforeEach, describe, expect, it } from 'vitest';
import { sessionResponseSchema } from '../../src/protocol/auth.ts';
import { AUTH_ROUTES, ROUTES } from '../../src/protocol/routes.ts';
import { SESSION_IDLE_MS, SESSION_TTL_MS } from '../../src/server/accounts/accounts.ts';
import { listAudit } from '../../src/server/accounts/audit.ts';
import {
  adminSession,
  backends,
  bearer,
  createTestUser,
  errorOf,
  get,
  jsonWith,
  login,
  post,
  send,
  serverPerTest,
  type HttpAnswer,
  type TestServer,
} from './helpers.ts';

const PASSWORD = 'lumbung-padi-sasak';
const MINUTE = 60_000;

describe.each(backends)('sign-in ($name)', (backend) => {
  let server: TestServer;
  let url: string;
  let t: number;
  let userId: string;

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
    userId = await createTestUser(server.store, { username: 'lalu', name: 'Lalu Ahmad', role: 'supervisor', password: PASSWORD });
  });

  const attempt = (username: string, password: string): Promise<HttpAnswer> => post(url, AUTH_ROUTES.login, { username, password });
  const whoAmI = (token: string): Promise<HttpAnswer> => get(url, AUTH_ROUTES.session, bearer(token));
  const entries = () => server.store.db.tx((tx) => listAudit(tx, {}));

  it('the right password gives a session token; the session says who and until when (8 hours)', async () => {
    const res = await login(url, 'lalu', PASSWORD);
    expect(res.token).toMatch(/^kks_[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(res.expiresAt).toBe(t + SESSION_TTL_MS);
    expect(res.user).toEqual({ id: userId, username: 'lalu', name: 'Lalu Ahmad', role: 'supervisor', outletId: 'ntb-mall' });
    const me = await whoAmI(res.token);
    expect(me.status).toBe(200);
    expect(sessionResponseSchema.parse(me.body)).toEqual({ expiresAt: t + SESSION_TTL_MS, user: res.user, passwordMustChange: false });
    // The username is matched as an admin typed it, whatever the case or spaces.
    expect((await attempt('  LALU ', PASSWORD)).status).toBe(200);
  });

  it('a wrong password and an unknown username get the same 401, and both are in the audit log without the password', async () => {
    const wrong = await attempt('lalu', 'bukan-kata-sandinya');
    const unknown = await attempt('siapa', PASSWORD);
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(errorOf(res)).toMatchObject({ code: 'sign-in-failed', message: 'wrong username or password' });
    }
    await login(url, 'lalu', PASSWORD);
    const log = await entries();
    expect(log.map((e) => [e.action, e.subject])).toEqual([
      ['auth.sign-in', 'lalu'],
      ['auth.sign-in-failed', 'siapa'],
      ['auth.sign-in-failed', 'lalu'],
      ['user.create', userId],
    ]);
    expect(log[2]).toMatchObject({ actorId: userId, detail: expect.stringMatching(/wrong password.*127\.0\.0\.1/) });
    expect(log[1]?.detail).toMatch(/unknown username/);
    expect(JSON.stringify(log)).not.toContain('bukan-kata-sandinya');
    expect(JSON.stringify(log)).not.toContain(PASSWORD);
  });

  it('a deactivated user, or one without a password, cannot sign in', async () => {
    const admin = await adminSession(server.store);
    await createTestUser(server.store, { username: 'kasir', role: 'cashier' });
    expect((await attempt('kasir', 'apa-saja-boleh')).status).toBe(401);
    await send(url, 'PATCH', AUTH_ROUTES.user.replace(':userId', userId), { active: false }, jsonWith(admin));
    expect((await attempt('lalu', PASSWORD)).status).toBe(401);
    expect((await entries()).filter((e) => e.action === 'auth.sign-in-failed').map((e) => e.detail.split(' from ')[0])).toEqual([
      'sign-in refused (account deactivated)',
      'sign-in refused (no password set)',
    ]);
  });

  it('5 wrong passwords for one username: the 6th attempt is a 429 even with the right password, until 15 minutes pass', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt('lalu', `salah-${i}-salah-salah`)).status).toBe(401);
    const limited = await attempt('lalu', PASSWORD);
    expect(limited.status).toBe(429);
    expect(errorOf(limited).code).toBe('rate-limited');
    expect(errorOf(limited).message).toBe('too many wrong passwords for "lalu": try again in 15 minutes');
    const raw = await fetch(`${url}${AUTH_ROUTES.login}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'lalu', password: PASSWORD }) });
    expect(raw.headers.get('retry-after')).toBe(String(15 * 60));
    // Another user is not held up by it.
    await createTestUser(server.store, { username: 'baiq', role: 'supervisor', password: PASSWORD });
    expect((await attempt('baiq', PASSWORD)).status).toBe(200);
    t += 15 * MINUTE;
    expect((await attempt('lalu', PASSWORD)).status).toBe(200);
  });

  it('a right password clears the count of wrong ones', async () => {
    for (let i = 0; i < 4; i++) await attempt('lalu', `salah-${i}-salah-salah`);
    expect((await attempt('lalu', PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await attempt('lalu', `salah-${i}-salah-salah`)).status).toBe(401);
    expect((await attempt('lalu', PASSWORD)).status).toBe(200);
  });

  it('more than 20 attempts a minute from one address is a 429, whatever the usernames', { timeout: 30_000 }, async () => {
    const guesses = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(`orang-${i}`, 'tebakan-tebakan')));
    expect(guesses.map((g) => g.status)).toEqual(new Array(20).fill(401));
    const limited = await attempt('lalu', PASSWORD);
    expect(limited.status).toBe(429);
    expect(errorOf(limited).message).toMatch(/too many sign-in attempts from this address: try again in 60 seconds/);
    t += MINUTE;
    expect((await attempt('lalu', PASSWORD)).status).toBe(200);
  });

  it('a session unused for 30 minutes ends (401 session-expired); used within them it lives on', async () => {
    const { token } = await login(url, 'lalu', PASSWORD);
    t += SESSION_IDLE_MS - MINUTE;
    expect((await whoAmI(token)).status).toBe(200);
    t += SESSION_IDLE_MS - MINUTE;
    expect((await whoAmI(token)).status).toBe(200);
    t += SESSION_IDLE_MS;
    const ended = await whoAmI(token);
    expect(ended.status).toBe(401);
    expect(errorOf(ended)).toMatchObject({ code: 'session-expired', message: expect.stringMatching(/30 minutes/) });
  });

  it('a session in use ends 8 hours after sign-in all the same', async () => {
    const { token, expiresAt } = await login(url, 'lalu', PASSWORD);
    while (t + 20 * MINUTE < expiresAt) {
      t += 20 * MINUTE;
      expect((await get(url, `${ROUTES.pull}?since=0`, bearer(token))).status).toBe(200);
    }
    t = expiresAt;
    const ended = await whoAmI(token);
    expect(ended.status).toBe(401);
    expect(errorOf(ended)).toMatchObject({ code: 'session-expired', message: expect.stringMatching(/8 hours/) });
  });

  it('signing out ends the session at once, and is in the audit log', async () => {
    const { token } = await login(url, 'lalu', PASSWORD);
    const other = await login(url, 'lalu', PASSWORD);
    const out = await post(url, AUTH_ROUTES.logout, undefined, bearer(token));
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ ok: true });
    const after = await whoAmI(token);
    expect(after.status).toBe(401);
    expect(errorOf(after).code).toBe('session-expired');
    // Only that session: the same user's other one is untouched.
    expect((await whoAmI(other.token)).status).toBe(200);
    expect((await entries())[0]).toMatchObject({ action: 'auth.sign-out', actorId: userId, subject: 'lalu' });
  });

  it('a new password or a deactivation ends the user\'s sessions; a role change applies to the open session at once', async () => {
    const admin = await adminSession(server.store);
    const patch = (body: object) => send(url, 'PATCH', AUTH_ROUTES.user.replace(':userId', userId), body, jsonWith(admin));
    const first = await login(url, 'lalu', PASSWORD);
    expect((await get(url, '/api/review', bearer(first.token))).status).toBe(200);
    await patch({ role: 'cashier' });
    expect((await get(url, '/api/review', bearer(first.token))).status).toBe(403);
    expect(((await whoAmI(first.token)).body as { user: { role: string } }).user.role).toBe('cashier');

    await patch({ password: 'kata-sandi-yang-baru' });
    expect(errorOf(await whoAmI(first.token)).code).toBe('session-expired');
    const second = await login(url, 'lalu', 'kata-sandi-yang-baru');
    await patch({ active: false });
    expect(errorOf(await whoAmI(second.token)).code).toBe('session-expired');
  });

  it('an admin changing their own password stays signed in', async () => {
    const adminId = await createTestUser(server.store, { username: 'kepala', role: 'admin', password: PASSWORD });
    const { token } = await login(url, 'kepala', PASSWORD);
    const res = await send(url, 'PATCH', AUTH_ROUTES.user.replace(':userId', adminId), { password: 'kata-sandi-kepala-baru' }, jsonWith(token));
    expect(res.status).toBe(200);
    expect((await whoAmI(token)).status).toBe(200);
  });

  it('a malformed body is a 400 naming the field, and counts as no attempt on the username', async () => {
    const res = await post(url, AUTH_ROUTES.login, { username: 'lalu' });
    expect(res.status).toBe(400);
    expect(errorOf(res).field).toBe('password');
    expect((await entries()).some((e) => e.action === 'auth.sign-in-failed')).toBe(false);
  });
});
