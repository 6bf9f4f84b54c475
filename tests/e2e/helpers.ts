// Real parts: the built PWA served by the real server on a SQLite file, and
// Debian's Chromium driven by playwright-core. Every server route wants a
// credential, so each server starts with three people of outlet ntb-mall
// made straight in the store, and a fresh browser profile enrols itself
// through the real screens with a one-time code.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { OutletSettings } from '../../src/domain/outlet-settings.ts';
import { listOutlets as listAdminOutlets, updateOutlet } from '../../src/server/catalog/catalog-admin.ts';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Locator, type Page } from 'playwright-core';
import type { Role } from '../../src/domain/approval.ts';
import { hashPin, pinProblem } from '../../src/domain/pin.ts';
import { buildApp } from '../../src/server/http/app.ts';
import { hashPassword } from '../../src/server/accounts/password.ts';
import { createSession, createUser, registerDevice } from '../../src/server/accounts/accounts.ts';
import { openSqlite } from '../../src/server/store/sqlite.ts';
import { Store } from '../../src/server/store/store.ts';
import { demoCatalog } from '../../src/server/seed-data.ts';
import { seedIfEmpty } from '../../src/server/catalog/catalog.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DIST = resolve('dist');
/** The outlet the test people work at and the test devices are registered for. */
export const OUTLET = 'ntb-mall';

export interface TestUser {
  /** Filled in by startServer: the id the store gave the user. */
  id: string;
  username: string;
  name: string;
  role: Role;
  pin: string;
  password: string | null;
}

export interface TestUsers {
  admin: TestUser;
  supervisor: TestUser;
  cashier: TestUser;
}

export interface TestServer {
  baseUrl: string;
  store: Store;
  dir: string;
  users: TestUsers;
  /**
   * Cuts the network between the browser and this server (every request's
   * connection is dropped unanswered, as on a booth's Wi-Fi with no uplink),
   * or restores it. `context.setOffline` of a context launched for this
   * server does it too, so a test does not hang on how one Chromium build
   * keeps its offline emulation across a reload.
   */
  cut(off: boolean): void;
  /**
   * Holds each catalog pull request this long before the server answers it
   * (0: not at all): a slow uplink that a page's network emulation cannot
   * stand for once a service worker controls the page.
   */
  delayPulls(ms: number): void;
  /** Every catalog pull request the server took (the cut ones are not in it), as path and query, with when it came. */
  pullRequests: { url: string; at: number }[];
  close(): Promise<void>;
}

/** PINs no lockout rule refuses (pinProblem: no repeated digit, no run like 1234). */
const PEOPLE: Record<keyof TestUsers, Omit<TestUser, 'id'>> = {
  admin: { username: 'admin-e2e', name: 'Admin Uji', role: 'admin', pin: '730519', password: 'kata-sandi-admin-e2e' },
  supervisor: { username: 'spv-e2e', name: 'Baiq Supervisor', role: 'supervisor', pin: '4826', password: null },
  cashier: { username: 'kasir-e2e', name: 'Lalu Kasir', role: 'cashier', pin: '9153', password: null },
};

async function createPeople(store: Store): Promise<TestUsers> {
  const out = {} as TestUsers;
  for (const [key, p] of Object.entries(PEOPLE) as [keyof TestUsers, Omit<TestUser, 'id'>][]) {
    const problem = pinProblem(p.pin);
    if (problem) throw new Error(`test PIN of ${p.username} is refused: ${problem}`);
    const pin = await hashPin(p.pin);
    const passwordHash = p.password === null ? null : await hashPassword(p.password);
    const created = await store.db.tx((tx) =>
      createUser(
        tx,
        { username: p.username, name: p.name, role: p.role, outletId: p.role === 'admin' ? null : OUTLET, pin, passwordHash },
        { at: store.now(), actorId: null },
      ),
    );
    out[key] = { ...p, id: created.id };
  }
  return out;
}

export async function startServer(): Promise<TestServer> {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does it)');
  const dir = mkdtempSync(join(tmpdir(), 'kasir-e2e-'));
  const store = new Store(openSqlite(join(dir, 'kasir.sqlite')));
  await store.migrate();
  await seedIfEmpty(store, demoCatalog());
  const users = await createPeople(store);
  const app = await buildApp({ store, staticDir: DIST });
  let cutOff = false;
  let pullDelay = 0;
  const pullRequests: { url: string; at: number }[] = [];
  app.addHook('onRequest', (req, _reply, done) => {
    if (cutOff) return void req.raw.socket.destroy();
    if (!req.url.startsWith('/api/sync/pull')) return done();
    pullRequests.push({ url: req.url, at: Date.now() });
    if (pullDelay > 0) return void setTimeout(done, pullDelay);
    done();
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  if (addr === null || typeof addr === 'string') throw new Error('server did not bind a port');
  return {
    baseUrl: `http://127.0.0.1:${addr.port}`,
    store,
    dir,
    users,
    cut: (off) => {
      cutOff = off;
      // Keep-alive connections opened before the cut are dropped with it.
      if (off) app.server.closeAllConnections();
    },
    delayPulls: (ms) => {
      pullDelay = ms;
    },
    pullRequests,
    close: async () => {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let registrations = 0;

/** A one-time enrolment code for a new device of outlet ntb-mall, registered by the test admin. */
export async function registrationCode(server: TestServer, label = `Perangkat e2e ${++registrations}`): Promise<string> {
  const reg = await server.store.db.tx((tx) => registerDevice(tx, { outletId: OUTLET, label }, { at: server.store.now(), actorId: server.users.admin.id }));
  return reg.code;
}

/** A management session token (as the sign-in route makes it) for reading the server over HTTP. */
export async function sessionToken(server: TestServer, user: TestUser = server.users.admin): Promise<string> {
  return server.store.db.tx(async (tx) => (await createSession(tx, user.id, server.store.now())).token);
}

/** GET as `user` (the admin by default); answers the parsed JSON and fails on anything but 200. */
export async function getJson<T>(server: TestServer, path: string, user?: TestUser): Promise<T> {
  const res = await fetch(`${server.baseUrl}${path}`, { headers: { authorization: `Bearer ${await sessionToken(server, user)}` } });
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** A real server and a fresh browser profile with its first page: what a browser test starts from. */
export async function startApp(): Promise<{ server: TestServer; context: BrowserContext; page: Page }> {
  const server = await startServer();
  const context = await launch(newProfileDir(), server);
  const page = context.pages()[0] ?? (await context.newPage());
  return { server, context, page };
}

export function newProfileDir(): string {
  return mkdtempSync(join(tmpdir(), 'kasir-profile-'));
}

/** `server`: cut along with Chromium's network by setOffline. `extraArgs`: more Chromium switches, e.g. a host mapping and a certificate to trust. */
export async function launch(profileDir: string, server?: Pick<TestServer, 'cut'> | null, extraArgs: readonly string[] = []): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1366, height: 768 },
    locale: 'id-ID',
    timezoneId: 'Asia/Makassar',
    // Without these Chromium keeps dialling Google's hosts, which this network refuses.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
  keepOfflineAcrossReloads(context, server ?? undefined);
  return context;
}

const NETWORK = (offline: boolean) => ({ offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

/**
 * Some Chromium builds (Debian's 150) keep the network cut after a reload
 * under `setOffline(true)` but report `navigator.onLine === true` in the new
 * document, so the app shows "Online" with no network. A real device's
 * browser does not; this says "offline" again to each new document, through
 * a DevTools session of its own, without ever letting the network back in.
 */
function keepOfflineAcrossReloads(context: BrowserContext, server?: Pick<TestServer, 'cut'>): void {
  let offline = false;
  const sessions = new Map<Page, CDPSession>();
  const assert = async (page: Page) => {
    if (page.isClosed()) return;
    // A fresh session each time: the same conditions sent again on one session change nothing the
    // page hears. The old one goes first: its detaching tells the page "online" again.
    await sessions.get(page)?.detach().catch(() => {});
    const cdp = await context.newCDPSession(page);
    sessions.set(page, cdp);
    await cdp.send('Network.emulateNetworkConditions', NETWORK(offline)).catch(() => {});
  };
  const setOffline = context.setOffline.bind(context);
  context.setOffline = async (value: boolean) => {
    offline = value;
    server?.cut(value);
    await setOffline(value);
    for (const page of context.pages()) await assert(page);
  };
  const watch = (page: Page) => {
    page.on('domcontentloaded', () => {
      if (offline) void assert(page);
    });
    page.once('close', () => sessions.delete(page));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
}

// ------------------------------------------------------------ the screens

/** A user's tile in a picker: its accessible name is "<name> <role>". */
export function userTile(scope: Page | Locator, user: Pick<TestUser, 'name'>): Locator {
  return scope.getByRole('radio', { name: new RegExp(`^${user.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `) });
}

/**
 * Picks `user` in the picker inside `scope` (unless already picked) and
 * presses their PIN on the keypad, then the submit key.
 */
export async function enterPin(scope: Page | Locator, user: Pick<TestUser, 'name'>, pin: string, submit: string): Promise<void> {
  const tile = userTile(scope, user);
  await tile.waitFor({ timeout: 30_000 });
  if ((await tile.getAttribute('aria-checked')) !== 'true') await tile.click();
  const pad = scope.getByRole('group', { name: `PIN ${user.name}` });
  // The keypad is disabled while the previous PIN is checked: keys pressed then would be lost.
  await pad.getByRole('button', { name: '0', exact: true }).and(pad.locator(':enabled')).waitFor();
  for (const d of pin) await pad.getByRole('button', { name: d, exact: true }).click();
  await pad.getByRole('button', { name: submit, exact: true }).click();
}

const SIGN_IN_HEADING = (page: Page) => page.getByRole('heading', { name: 'Masuk kasir' });
const SIGNED_IN = (page: Page) => page.getByTestId('signed-in-user');

/**
 * Signs `user` in on a device that is enrolled already (after a reload or a
 * relaunch). The PIN session lives in IndexedDB and survives both, so this
 * returns at once when `user` is still signed in, and signs out whoever else is.
 */
export async function signIn(page: Page, user: TestUser): Promise<void> {
  await SIGN_IN_HEADING(page).or(SIGNED_IN(page)).first().waitFor({ timeout: 30_000 });
  if (await SIGNED_IN(page).isVisible()) {
    if ((await SIGNED_IN(page).locator('strong').textContent()) === user.name) return;
    await page.getByRole('button', { name: 'Keluar', exact: true }).click();
    await SIGN_IN_HEADING(page).waitFor();
  }
  await enterPin(page, user, user.pin, 'Masuk');
  await SIGNED_IN(page).locator('strong', { hasText: user.name }).waitFor();
}

/**
 * A fresh profile, start to finish: opens the app (unless the page is on it), enters a new enrolment
 * code, waits for the sign-in screen (the pull after enrolment brings the
 * outlet's people), signs `user` in with their PIN, waits for the counter.
 */
export async function enrolAndSignIn(page: Page, server: TestServer, user: TestUser): Promise<void> {
  const code = await registrationCode(server);
  // A page already on the app (e.g. a test that checked the first response) is used as it is.
  if (!page.url().startsWith(server.baseUrl)) await page.goto(server.baseUrl);
  await page.getByRole('heading', { name: 'Daftarkan perangkat ini' }).waitFor();
  await page.getByRole('textbox', { name: 'Kode pendaftaran' }).fill(code);
  await page.getByRole('button', { name: 'Daftarkan', exact: true }).click();
  await SIGN_IN_HEADING(page).waitFor({ timeout: 30_000 });
  await signIn(page, user);
  await page.getByRole('searchbox', { name: 'Cari produk' }).waitFor();
  await openShift(page);
}

/**
 * Mulai Shift from the counter's offer, with no Kas Awal: a sale is made only
 * inside an open shift. Back on the counter once the shift is open.
 */
export async function openShift(page: Page, float = '0'): Promise<void> {
  await page.getByRole('link', { name: 'Mulai Shift' }).click();
  const form = page.getByRole('form', { name: 'Mulai Shift' });
  await form.getByRole('textbox', { name: /Kas Awal/ }).fill(float);
  await form.getByRole('button', { name: 'Mulai Shift' }).click();
  await page.getByRole('heading', { name: 'Tutup Kasir' }).waitFor();
  await page.getByRole('link', { name: 'Kasir', exact: true }).click();
  await page.getByRole('searchbox', { name: 'Cari produk' }).waitFor();
}

/** Answers the open supervisor-approval dialog as `approver` (picked unless already picked). */
export async function approveAs(page: Page, approver: TestUser, pin: string = approver.pin): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Persetujuan supervisor' });
  await dialog.waitFor();
  await enterPin(dialog, approver, pin, 'Setujui');
  await dialog.waitFor({ state: 'detached' });
}

/** Gives an outlet counter settings on the server as an admin's save would (audited, a new catalog version); its devices get them with the next pull. */
export async function setOutletSettings(server: TestServer, outletId: string, settings: Partial<OutletSettings>): Promise<void> {
  const outlet = (await listAdminOutlets(server.store)).find((o) => o.id === outletId);
  if (!outlet) throw new Error(`no outlet ${outletId}`);
  const { id: _id, version: _version, ...write } = outlet;
  await updateOutlet(server.store, outletId, { ...write, settings: { ...write.settings, ...settings } }, server.users.admin.id, server.store.now());
}
