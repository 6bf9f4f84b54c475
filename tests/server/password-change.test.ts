// A password the server printed (first start, `npm run admin`) must be
// replaced before its session opens anything; anyone signed in may replace
// their own. Both end the user's other sessions and are audited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTH_ROUTES } from '../../src/protocol/routes.ts';
import { listAudit } from '../../src/server/accounts/audit.ts';
import { bootstrap } from '../../src/server/bootstrap.ts';
import { seedIfEmpty } from '../../src/server/catalog/catalog.ts';
import { demoCatalog } from '../../src/server/seed-data.ts';
import type { Store } from '../../src/server/store/store.ts';
import { backends, bearer, createTestUser, errorOf, get, jsonWith, login, post, serveDatabase, type TestDatabase, type TestServer } from './helpers.ts';

describe.each(backends)('replacing a password ($name)', (backend) => {
  let database: TestDatabase;
  let store: Store;
  let server: TestServer | null;

  beforeEach(async () => {
    database = await backend.create();
    store = await database.open();
    server = null;
  });
  afterEach(async () => {
    if (server) await server.stop();
    else await store.close();
    await database.destroy();
  });

  async function serve(): Promise<string> {
    await store.close();
    server = await serveDatabase(database);
    store = server.store;
    return server.baseUrl;
  }

  it("the first admin's printed password opens only its replacement; the new one opens everything", async () => {
    await seedIfEmpty(store, demoCatalog());
    const { admin } = await bootstrap(store, {});
    const printed = admin?.password ?? '';
    const url = await serve();

    const first = await login(url, 'admin', printed);
    expect(first.passwordMustChange).toBe(true);
    const asFirst = bearer(first.token);
    const postFirst = jsonWith(first.token);
    const refused = await get(url, AUTH_ROUTES.users, asFirst);
    expect(refused.status).toBe(403);
    expect(errorOf(refused).code).toBe('password-change-required');
    // Who is signed in, and signing out, still work: the page must be able to say why and let go.
    const me = await get(url, AUTH_ROUTES.session, asFirst);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ passwordMustChange: true, user: { username: 'admin' } });

    const other = await login(url, 'admin', printed);
    const wrong = await post(url, AUTH_ROUTES.password, { currentPassword: 'bukan-ini-sandinya', newPassword: 'sandi baru yang panjang' }, postFirst);
    expect(wrong.status).toBe(400);
    expect(errorOf(wrong)).toMatchObject({ code: 'wrong-password', field: 'currentPassword' });
    const same = await post(url, AUTH_ROUTES.password, { currentPassword: printed, newPassword: printed }, postFirst);
    expect(same.status).toBe(400);
    expect(errorOf(same)).toMatchObject({ code: 'invalid-request', field: 'newPassword' });
    const short = await post(url, AUTH_ROUTES.password, { currentPassword: printed, newPassword: 'pendek' }, postFirst);
    expect(errorOf(short)).toMatchObject({ code: 'invalid-request', field: 'newPassword' });

    const ok = await post(url, AUTH_ROUTES.password, { currentPassword: printed, newPassword: 'sandi baru yang panjang' }, postFirst);
    expect(ok.status).toBe(200);
    // This session goes on, now opening the admin routes; the other one, which the printed password opened, is over.
    expect((await get(url, AUTH_ROUTES.users, asFirst)).status).toBe(200);
    expect((await get(url, AUTH_ROUTES.session, asFirst)).body).toMatchObject({ passwordMustChange: false });
    expect((await get(url, AUTH_ROUTES.session, bearer(other.token))).status).toBe(401);
    expect((await post(url, AUTH_ROUTES.login, { username: 'admin', password: printed })).status).toBe(401);
    expect((await login(url, 'admin', 'sandi baru yang panjang')).passwordMustChange).toBe(false);

    const entries = await store.db.tx((tx) => listAudit(tx, { limit: 50 }));
    expect(entries.find((e) => e.action === 'user.password')?.detail).toMatch(/one-time password/);
  });

  it('a password the operator chose (KASIR_ADMIN_PASSWORD) is not forced to change', async () => {
    await seedIfEmpty(store, demoCatalog());
    await bootstrap(store, { KASIR_ADMIN_PASSWORD: 'kata-sandi-pertama', KASIR_ADMIN_PIN: '730591' });
    const url = await serve();
    const s = await login(url, 'admin', 'kata-sandi-pertama');
    expect(s.passwordMustChange).toBe(false);
    expect((await get(url, AUTH_ROUTES.users, bearer(s.token))).status).toBe(200);
  });

  it('a supervisor replaces their own password; wrong guesses count towards the sign-in limit', async () => {
    await seedIfEmpty(store, demoCatalog());
    await createTestUser(store, { username: 'spv-pw', role: 'supervisor', password: 'sandi-supervisor-lama' });
    const url = await serve();
    const s = jsonWith((await login(url, 'spv-pw', 'sandi-supervisor-lama')).token);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await post(url, AUTH_ROUTES.password, { currentPassword: `tebakan-${i}`, newPassword: 'sandi-supervisor-baru' }, s)).status);
    expect(answers.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(answers[5]).toBe(429);
  });

  it('a supervisor replaces their own password and signs in with the new one', async () => {
    await seedIfEmpty(store, demoCatalog());
    await createTestUser(store, { username: 'spv-pw2', role: 'supervisor', password: 'sandi-supervisor-lama' });
    const url = await serve();
    const s = jsonWith((await login(url, 'spv-pw2', 'sandi-supervisor-lama')).token);
    const changed = await post(url, AUTH_ROUTES.password, { currentPassword: 'sandi-supervisor-lama', newPassword: 'sandi-supervisor-baru' }, s);
    expect(changed.body).toEqual({ ok: true });
    expect((await login(url, 'spv-pw2', 'sandi-supervisor-baru')).user.username).toBe('spv-pw2');
    const entries = await store.db.tx((tx) => listAudit(tx, { limit: 50 }));
    expect(entries.find((e) => e.action === 'user.password')?.detail).toBe('changed their own password');
  });
});
