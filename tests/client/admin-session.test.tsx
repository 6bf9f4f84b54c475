import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { useManagementSession } from '../../src/client/shared/services/management-session.ts';
import { adminDeviceListSchema, okResponseSchema } from '../../src/protocol/auth.ts';
import { AUTH_ROUTES, REVIEW_ROUTE } from '../../src/protocol/routes.ts';
import { formatWita } from '../../src/domain/time.ts';
import { reviewResponseSchema } from '../../src/protocol/schemas.ts';
import { ADMIN, answer, errorAnswer, FakeManagementServer, SUPERVISOR } from './admin-fake.ts';
import { finishPendingSignOut } from '../../src/client/sync/admin-api.ts';
import { freshDb, renderApp } from './harness.tsx';

const STORAGE_KEY = 'kasir-karya.management-session';

let db: KasirDb;
let server: FakeManagementServer;

beforeEach(async () => {
  // A fresh PC: no catalog pulled, no device credential, nobody signed in with a PIN.
  db = await freshDb(false, { enrolled: false, signedIn: null });
  server = new FakeManagementServer()
    .addAccount(ADMIN, 'kata-sandi-admin-1')
    .on('GET', AUTH_ROUTES.devices, () => answer(adminDeviceListSchema, { devices: [] }))
    .install();
});

afterEach(() => {
  expect(server.violations).toEqual([]);
  db.close();
  localStorage.clear();
});

async function fillSignIn(username: string, password: string) {
  const user = userEvent.setup();
  const form = await screen.findByRole('form', { name: 'Masuk untuk pengelolaan' });
  await user.type(within(form).getByLabelText('Nama pengguna'), username);
  await user.type(within(form).getByLabelText('Kata sandi'), password);
  return { user, form };
}

describe('management sign-in', () => {
  it('signs an admin in with Enter, shows who and until when; the token stays in the cookie, only who and until when in storage', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const expiresAt = Date.now() + 8 * 60 * 60 * 1000;
    server.on('POST', AUTH_ROUTES.login, async () => {
      await held;
      return server.login(server.issue(ADMIN, expiresAt));
    });
    renderApp({ db, sync: null }, '/admin');
    const { form } = await fillSignIn('ayu', 'kata-sandi-admin-1{Enter}');

    // While the request is out the button cannot send it twice.
    expect(within(form).getByRole('button', { name: 'Masuk' })).toBeDisabled();
    expect(server.calls('POST', AUTH_ROUTES.login)).toHaveLength(1);
    expect(server.calls('POST', AUTH_ROUTES.login)[0]?.body).toEqual({ username: 'ayu', password: 'kata-sandi-admin-1' });
    release();

    const bar = await screen.findByRole('region', { name: 'Sesi pengelolaan' });
    expect(bar).toHaveTextContent('Masuk sebagai Ayu Lestari (ayu, Admin).');
    expect(bar).toHaveTextContent(`Sesi berlaku sampai ${formatWita(expiresAt)}.`);
    expect(screen.getByRole('navigation', { name: 'Menu pengelolaan' })).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Perangkat' })).toBeInTheDocument();
    // The devices list was asked for with the new session, in the cookie the sign-in set.
    const [devicesCall] = server.calls('GET', AUTH_ROUTES.devices);
    expect(devicesCall).toMatchObject({ via: 'cookie', token: expect.stringMatching(/^kks_/) });

    const token = devicesCall?.token ?? '';
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null')).toEqual({ user: ADMIN, expiresAt, clockSkewMs: expect.any(Number), passwordMustChange: false });
    // No script can find the token: not in web storage, not in the store the pages read.
    expect(Object.values({ ...localStorage, ...sessionStorage }).join()).not.toContain(token);
    expect(JSON.stringify(useManagementSession.getState().session)).not.toContain(token);
  });

  it('says a wrong password in words and leaves the form ready to retry', async () => {
    renderApp({ db, sync: null }, '/admin');
    const { form } = await fillSignIn('ayu', 'salah-sekali-ini{Enter}');
    expect(await within(form).findByRole('alert')).toHaveTextContent('Nama pengguna atau kata sandi salah.');
    expect(within(form).getByLabelText('Kata sandi')).toHaveValue('');
    expect(within(form).getByLabelText('Kata sandi')).toHaveFocus();
    expect(within(form).getByRole('button', { name: 'Masuk' })).toBeEnabled();
    expect(useManagementSession.getState().session).toBeNull();
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
  });

  it('says how many minutes to wait when the server limits attempts', async () => {
    server.on('POST', AUTH_ROUTES.login, () => errorAnswer(429, 'rate-limited', 'too many sign-in attempts', null, { 'retry-after': '290' }));
    renderApp({ db, sync: null }, '/admin');
    const { form } = await fillSignIn('ayu', 'kata-sandi-admin-1');
    await userEvent.setup().click(within(form).getByRole('button', { name: 'Masuk' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Terlalu banyak percobaan. Coba lagi dalam 5 menit.');
  });

  it('asks for both fields before sending anything', async () => {
    renderApp({ db, sync: null }, '/admin');
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Masuk untuk pengelolaan' });
    await user.click(within(form).getByRole('button', { name: 'Masuk' }));
    expect(within(form).getByRole('alert')).toHaveTextContent('Isi nama pengguna dan kata sandi.');
    expect(server.requests).toHaveLength(0);
  });

  it('goes back to sign-in with a notice when the server says the session is over', async () => {
    server.signedIn(ADMIN);
    server.forgetSessions();
    renderApp({ db, sync: null }, '/admin/perangkat');
    const form = await screen.findByRole('form', { name: 'Masuk untuk pengelolaan' });
    expect(within(form).getByRole('status')).toHaveTextContent('Sesi Anda sudah berakhir. Silakan masuk lagi.');
    expect(screen.queryByRole('region', { name: 'Sesi pengelolaan' })).not.toBeInTheDocument();
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();

    // Signing in again lands back where the admin was.
    const user = userEvent.setup();
    await user.type(within(form).getByLabelText('Nama pengguna'), 'ayu');
    await user.type(within(form).getByLabelText('Kata sandi'), 'kata-sandi-admin-1{Enter}');
    expect(await screen.findByRole('heading', { name: 'Perangkat' })).toBeInTheDocument();
  });

  // Before the tests that reset the module registry: the review page loads lazily, and a fresh
  // registry would give it another services context than the one the app was rendered with.
  it("tells a supervisor the admins' pages are for admins only, without asking the server, offers Produk, Impor, Label, Laporan, Shift and Stok, and leads to the review", async () => {
    server.on('GET', REVIEW_ROUTE, () => answer(reviewResponseSchema, { flaggedSales: [], negativeStock: [] }));
    server.signedIn(SUPERVISOR);
    renderApp({ db, sync: null }, '/admin/perangkat');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Halaman ini hanya untuk admin. Anda masuk sebagai Supervisor.');
    const nav = screen.getByRole('navigation', { name: 'Menu pengelolaan' });
    expect(within(nav).getAllByRole('link').map((l) => l.textContent)).toEqual(['Produk', 'Impor', 'Label', 'Laporan', 'Shift', 'Stok', 'Buka Tinjauan']);
    expect(server.requests).toHaveLength(0);

    await userEvent.setup().click(within(alert).getByRole('link', { name: 'Buka Tinjauan' }));
    expect(await screen.findByRole('heading', { name: 'Penjualan perlu diperiksa (0)' })).toBeInTheDocument();
    expect(server.calls('GET', REVIEW_ROUTE)).toHaveLength(1);
  });

  it('keeps a session on a PC whose clock runs a day ahead of the server', async () => {
    const DAY = 24 * 60 * 60 * 1000;
    const serverNow = Date.now() - DAY;
    server.on('POST', AUTH_ROUTES.login, () => ({
      ...server.login(server.issue(ADMIN, serverNow + 8 * 60 * 60 * 1000)),
      headers: { date: new Date(serverNow).toUTCString() },
    }));
    renderApp({ db, sync: null }, '/admin');
    await fillSignIn('ayu', 'kata-sandi-admin-1{Enter}');
    // By this PC's clock the session "ended" 16 hours ago; by the server's it has 8 hours to run.
    expect(await screen.findByRole('heading', { name: 'Perangkat' })).toBeInTheDocument();
    expect(useManagementSession.getState().session?.clockSkewMs).toBeLessThan(-DAY + 2_000);
    vi.resetModules();
    const reloaded = await import('../../src/client/shared/services/management-session.ts');
    expect(reloaded.useManagementSession.getState().session?.user.username).toBe('ayu');
  });

  it('ends the session when its time is up, without waiting for a request', () => {
    vi.useFakeTimers();
    try {
      server.signedIn(ADMIN, Date.now() + 60_000);
      vi.advanceTimersByTime(59_000);
      expect(useManagementSession.getState().session).not.toBeNull();
      vi.advanceTimersByTime(1_000);
      expect(useManagementSession.getState()).toMatchObject({ session: null, expired: true });
      expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('signs out here and on the server with Keluar, which drops the cookie', async () => {
    const session = server.signedIn(ADMIN);
    renderApp({ db, sync: null }, '/admin');
    const bar = await screen.findByRole('region', { name: 'Sesi pengelolaan' });
    await userEvent.setup().click(within(bar).getByRole('button', { name: 'Keluar dari pengelolaan' }));
    const form = await screen.findByRole('form', { name: 'Masuk untuk pengelolaan' });
    // Signed out by choice: no "session ended" notice.
    expect(within(form).queryByRole('status')).not.toBeInTheDocument();
    await waitFor(() => expect(server.calls('POST', AUTH_ROUTES.logout)).toHaveLength(1));
    expect(server.calls('POST', AUTH_ROUTES.logout)[0]).toMatchObject({ via: 'cookie', token: session.token });
    expect(server.cookie).toBeNull();
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
  });

  it('shows "admins only" when the server refuses an account whose role changed since sign-in', async () => {
    // The tab still believes it holds an admin session; the server now knows the user as a supervisor.
    const session = server.signedIn(SUPERVISOR);
    useManagementSession.getState().signIn({ expiresAt: session.expiresAt, user: ADMIN, clockSkewMs: 0 });
    renderApp({ db, sync: null }, '/admin/perangkat');
    expect(await screen.findByRole('alert')).toHaveTextContent('Halaman ini hanya untuk admin.');
    expect(server.calls('GET', AUTH_ROUTES.devices)).toHaveLength(1);
  });

  it('picks the session up again after a reload or a browser restart, but not once it has expired', async () => {
    const stored = (expiresAt: number) => JSON.stringify({ expiresAt, user: ADMIN, clockSkewMs: 0 });
    localStorage.setItem(STORAGE_KEY, stored(Date.now() + 60_000));
    vi.resetModules();
    const reloaded = await import('../../src/client/shared/services/management-session.ts');
    expect(reloaded.useManagementSession.getState().session?.user.username).toBe('ayu');

    localStorage.setItem(STORAGE_KEY, stored(Date.now() - 1));
    vi.resetModules();
    const later = await import('../../src/client/shared/services/management-session.ts');
    expect(later.useManagementSession.getState().session).toBeNull();

    localStorage.setItem(STORAGE_KEY, '{"expiresAt":"not a session"');
    vi.resetModules();
    const garbled = await import('../../src/client/shared/services/management-session.ts');
    expect(garbled.useManagementSession.getState().session).toBeNull();
  });

  it('drops a token an older version left in sessionStorage, and never takes one from storage', async () => {
    const old = server.issue(ADMIN, Date.now() + 60_000);
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(old));
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ ...old, clockSkewMs: 0 }));
    vi.resetModules();
    const reloaded = await import('../../src/client/shared/services/management-session.ts');
    expect(sessionStorage.getItem(STORAGE_KEY)).toBeNull();
    // Stored with a token it is no session of this version: the cookie is what signs in.
    expect(reloaded.useManagementSession.getState().session).toBeNull();
  });

  it('a sign-out the server did not hear is sent again when the network is back; the cookie goes only then', async () => {
    const session = server.signedIn(ADMIN);
    let reachable = false;
    server.on('POST', AUTH_ROUTES.logout, () => {
      if (!reachable) throw new TypeError('Failed to fetch');
      return { ...answer(okResponseSchema, { ok: true }), setCookie: null };
    });
    renderApp({ db, sync: null }, '/admin');
    const bar = await screen.findByRole('region', { name: 'Sesi pengelolaan' });
    await userEvent.setup().click(within(bar).getByRole('button', { name: 'Keluar dari pengelolaan' }));
    // Signed out on screen at once, though the server has not heard it and the browser still holds the cookie.
    await screen.findByRole('form', { name: 'Masuk untuk pengelolaan' });
    await waitFor(() => expect(server.calls('POST', AUTH_ROUTES.logout)).toHaveLength(1));
    expect(server.cookie).toBe(session.token);
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();

    reachable = true;
    await finishPendingSignOut();
    expect(server.calls('POST', AUTH_ROUTES.logout)).toMatchObject([{ via: 'cookie' }, { via: 'cookie', token: session.token }]);
    expect(server.cookie).toBeNull();
    // Once heard, nothing more is sent.
    await finishPendingSignOut();
    expect(server.calls('POST', AUTH_ROUTES.logout)).toHaveLength(2);
  });

  it('another tab signing in or out is followed here', () => {
    const other = JSON.stringify({ expiresAt: Date.now() + 60_000, user: SUPERVISOR, clockSkewMs: 0 });
    window.dispatchEvent(new StorageEvent('storage', { key: STORAGE_KEY, newValue: other, oldValue: null, storageArea: localStorage }));
    expect(useManagementSession.getState().session?.user.username).toBe('baiq');
    window.dispatchEvent(new StorageEvent('storage', { key: STORAGE_KEY, newValue: null, oldValue: other, storageArea: localStorage }));
    expect(useManagementSession.getState().session).toBeNull();
  });
});

describe('the admin tabs', () => {
  it('open each panel from /admin by a tap, and back, with no blank page', { timeout: 30_000 }, async () => {
    server
      .on('GET', AUTH_ROUTES.users, () => ({ status: 200, body: { users: [] } }))
      .on('GET', AUTH_ROUTES.audit, () => ({ status: 200, body: { entries: [], next: null } }));
    server.on('POST', AUTH_ROUTES.login, () => server.login(server.issue(ADMIN, Date.now() + 60 * 60_000)));
    renderApp({ db, sync: null }, '/admin');
    const { user } = await fillSignIn('ayu', 'kata-sandi-admin-1{Enter}');
    const nav = await screen.findByRole('navigation', { name: 'Menu pengelolaan' });
    await screen.findByRole('heading', { name: 'Perangkat', level: 2 });
    await user.click(within(nav).getByRole('link', { name: 'Pengguna' }));
    expect(await screen.findByRole('heading', { name: 'Pengguna', level: 2 })).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Pengguna' })).toHaveAttribute('aria-current', 'page');
    await user.click(within(nav).getByRole('link', { name: 'Log Audit' }));
    expect(await screen.findByRole('heading', { name: 'Log Audit', level: 2 })).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Log Audit' })).toHaveAttribute('aria-current', 'page');
    await user.click(within(nav).getByRole('link', { name: 'Perangkat' }));
    expect(await screen.findByRole('heading', { name: 'Perangkat', level: 2 })).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Perangkat' })).toHaveAttribute('aria-current', 'page');
  });
});

describe('on a counter device with a cashier signed in', () => {
  it('shows one plain "Keluar" for the PIN session and one "Keluar dari pengelolaan" for the admin session, each ending only its own', async () => {
    db.close();
    db = await freshDb(false);
    server.on('POST', AUTH_ROUTES.login, () => server.login(server.issue(ADMIN, Date.now() + 60 * 60_000)));
    renderApp({ db, sync: null }, '/admin');
    await fillSignIn('ayu', 'kata-sandi-admin-1{Enter}');
    await screen.findByRole('region', { name: 'Sesi pengelolaan' });
    const visible = screen.getAllByRole('button').map((b) => b.textContent?.trim());
    expect(visible.filter((text) => text === 'Keluar')).toHaveLength(1);
    expect(visible.filter((text) => text === 'Keluar dari pengelolaan')).toHaveLength(1);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Keluar dari pengelolaan' }));
    await screen.findByRole('form', { name: 'Masuk untuk pengelolaan' });
    // The cashier at the counter is still signed in.
    expect(screen.getByTestId('signed-in-user')).toBeInTheDocument();
  });
});
