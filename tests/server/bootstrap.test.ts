// First start: an admin who can sign in and approve, and a first device
// registration with a code that enrols, so a fresh install leads somewhere.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pinProblem, verifyPin } from '../../src/domain/pin.ts';
import { enrolResponseSchema } from '../../src/protocol/auth.ts';
import { AUTH_ROUTES } from '../../src/protocol/routes.ts';
import { deviceUserSchema } from '../../src/protocol/schemas.ts';
import { bootstrap, FIRST_DEVICE_LABEL } from '../../src/server/bootstrap.ts';
import type { Store } from '../../src/server/store/store.ts';
import { demoCatalog } from '../../src/server/seed-data.ts';
import { backends, bearer, errorOf, get, login, post, serveDatabase, TestDevice, type TestDatabase, type TestServer } from './helpers.ts';
import { seedIfEmpty } from '../../src/server/catalog/catalog.ts';

describe.each(backends)('first start ($name)', (backend) => {
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

  async function serve(): Promise<TestServer> {
    await store.close();
    server = await serveDatabase(database);
    return server;
  }

  it('makes an admin from the environment, and a first device for the store with a code that enrols', async () => {
    await seedIfEmpty(store, demoCatalog());
    const result = await bootstrap(store, { KASIR_ADMIN_PASSWORD: 'kata-sandi-pertama', KASIR_ADMIN_PIN: '730591' });
    // Given by the operator, so not printed back.
    expect(result.admin).toEqual({ username: 'admin', password: null, pin: null });
    expect(result.device).toMatchObject({ outletId: 'ntb-mall', outletName: 'NTB Mall', label: FIRST_DEVICE_LABEL });
    const { url } = { url: (await serve()).baseUrl };

    const session = await login(url, 'admin', 'kata-sandi-pertama');
    // The first admin opens the first counter: it belongs to that device's outlet, so its PIN reaches only there.
    expect(session.user).toMatchObject({ role: 'admin', outletId: 'ntb-mall', name: 'Administrator' });
    const res = await post(url, AUTH_ROUTES.enrol, { code: result.device?.code, deviceId: new TestDevice().id });
    expect(res.status).toBe(200);
    const pulled = await get(url, '/api/sync/pull?since=0', bearer(enrolResponseSchema.parse(res.body).credential));
    const admin = deviceUserSchema.array().parse((pulled.body as { users: unknown }).users).find((u) => u.name === 'Administrator');
    if (!admin?.pin) throw new Error('the admin came down without a PIN');
    expect(await verifyPin('730591', admin.pin)).toBe(true);
  });

  it('without the environment, a random password and a random PIN that pass the rules; both work', async () => {
    await seedIfEmpty(store, demoCatalog());
    const { admin } = await bootstrap(store, {});
    expect(admin?.password).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(admin?.pin).toMatch(/^\d{6}$/);
    expect(pinProblem(admin?.pin ?? '')).toBeNull();
    const url = (await serve()).baseUrl;
    expect((await login(url, 'admin', admin?.password ?? '')).user.username).toBe('admin');
  });

  it('a second start makes nothing, and says the environment was ignored', async () => {
    await seedIfEmpty(store, demoCatalog());
    await bootstrap(store, {});
    const again = await bootstrap(store, { KASIR_ADMIN_PASSWORD: 'kata-sandi-kedua' });
    expect(again.admin).toBeNull();
    expect(again.device).toBeNull();
    expect(again.notes.join(' ')).toMatch(/ignored/);
    expect((await store.db.all("SELECT id FROM users WHERE role = 'admin'")).length).toBe(1);
    expect((await store.db.all('SELECT id FROM device_registrations')).length).toBe(1);
  });

  it('refuses a weak password or PIN in the environment with the reason, before writing anything', async () => {
    await expect(bootstrap(store, { KASIR_ADMIN_PASSWORD: 'pendek' })).rejects.toThrow(/KASIR_ADMIN_PASSWORD: a password needs at least 10 characters/);
    await expect(bootstrap(store, { KASIR_ADMIN_PIN: '1234' })).rejects.toThrow(/KASIR_ADMIN_PIN: too easy to guess/);
    await expect(bootstrap(store, { KASIR_ADMIN_PIN: '12ab' })).rejects.toThrow(/KASIR_ADMIN_PIN: use 4 to 8 digits/);
    expect((await store.db.all('SELECT id FROM users')).length).toBe(0);
  });

  it('with no outlet yet, makes the admin and says why there is no first device', async () => {
    const { admin, device, notes } = await bootstrap(store, {});
    expect(admin?.username).toBe('admin');
    expect(device).toBeNull();
    expect(notes.join(' ')).toMatch(/No outlet/);
  });

  it('when "admin" is taken by a user who is no longer an admin, the new admin gets the next free name', async () => {
    await seedIfEmpty(store, demoCatalog());
    await bootstrap(store, {});
    await store.db.run("UPDATE users SET role = 'supervisor', outlet_id = 'ntb-mall' WHERE username = 'admin'");
    const { admin } = await bootstrap(store, {});
    expect(admin?.username).toBe('admin-2');
    const url = (await serve()).baseUrl;
    const wrong = await post(url, AUTH_ROUTES.login, { username: 'admin-2', password: 'bukan-ini-bukan' });
    expect(errorOf(wrong).code).toBe('sign-in-failed');
  });
});
