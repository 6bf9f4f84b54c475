// A fresh device database per test, loaded with the demo catalog as a pull
// would bring it, enrolled, with a cashier signed in, and the app rendered
// around it.
import { openShiftAsBefore } from './shift-fixture.ts';
import { pbkdf2Sync } from 'node:crypto';
import { render, screen, waitFor, within, type RenderResult } from '@testing-library/react';
import { expect } from 'vitest';
import type userEvent from '@testing-library/user-event';
import { MemoryRouter } from '../../src/client/shared/services/router.tsx';
import { App } from '../../src/client/app/App.tsx';
import { signIn } from '../../src/client/db/auth-repo.ts';
import { applyPull } from '../../src/client/db/catalog-repo.ts';
import { KasirDb } from '../../src/client/db/database.ts';
import { ensureDevice, getDevice } from '../../src/client/db/device-repo.ts';
import { DEFAULT_OUTLET_SETTINGS, type OutletSettings } from '../../src/domain/outlet-settings.ts';
import { ServicesProvider, type Services } from '../../src/client/shared/services/services.tsx';
import { PIN_ALGORITHM, toBase64Url, type PinHash } from '../../src/domain/pin.ts';
import type { DeviceUser, PullAnswer } from '../../src/protocol/schemas.ts';
import { demoCatalog } from '../../src/server/seed-data.ts';

let counter = 0;

/**
 * The lowest count the wire accepts (pinHashSchema): real hashes use 100,000,
 * and verifyPin honours each hash's own count, so tests stay fast and real.
 */
export const TEST_PIN_ITERATIONS = 10_000;

/** Made with node's PBKDF2, synchronously; the app checks it with WebCrypto, so the two must agree. */
export function testPinHash(pin: string, saltText = pin): PinHash {
  const salt = new TextEncoder().encode(`salt-${saltText}-kasir-karya`).slice(0, 16);
  const hash = pbkdf2Sync(pin, salt, TEST_PIN_ITERATIONS, 32, 'sha256');
  return { algorithm: PIN_ALGORITHM, iterations: TEST_PIN_ITERATIONS, salt: toBase64Url(salt), hash: toBase64Url(new Uint8Array(hash)) };
}

export interface DemoUser extends DeviceUser {
  /** The PIN in clear, for the test to type. */
  pinText: string;
}

function demoUser(id: string, name: string, role: DeviceUser['role'], outletId: string | null, pinText: string): DemoUser {
  return { id, name, role, outletId, pin: testPinHash(pinText, id), active: true, pinText };
}

export const CASHIER = demoUser('u-baiq', 'Baiq Nuraini', 'cashier', 'ntb-mall', '1357');
export const CASHIER_2 = demoUser('u-wayan', 'Wayan Sudarsa', 'cashier', 'ntb-mall', '8642');
export const SUPERVISOR = demoUser('u-lalu', 'Lalu Ahmad', 'supervisor', 'ntb-mall', '2468');
export const ADMIN = demoUser('u-made', 'Ni Made Sari', 'admin', 'ntb-mall', '9753');
/** An admin of every outlet, as a device that pulled before PINs were kept to their outlet still holds it: never offered. */
export const ADMIN_EVERYWHERE = demoUser('u-pusat', 'Dewi Pusat', 'admin', null, '5318');
/** Of another outlet: never offered on this device. */
export const OTHER_OUTLET_SUPERVISOR = demoUser('u-senggigi', 'Sri Wahyuni', 'supervisor', 'booth-senggigi', '4826');
export const DEMO_USERS: readonly DemoUser[] = [CASHIER, CASHIER_2, SUPERVISOR, ADMIN, OTHER_OUTLET_SUPERVISOR, ADMIN_EVERYWHERE];

/** What the pull carries: no PIN in clear, of course. */
export function wireUsers(users: readonly DemoUser[] = DEMO_USERS): DeviceUser[] {
  return users.map(({ pinText: _pin, ...u }) => u);
}

export function demoPull(version = 1): PullAnswer {
  const c = demoCatalog();
  return { version, epoch: 0, full: true, outlets: c.outlets, producers: c.producers, products: c.products, stock: c.stock, users: wireUsers() };
}

export interface FreshDbOptions {
  /** Holds a credential, as after enrolment (default true). */
  enrolled?: boolean;
  /** Who is signed in (default the demo cashier); null for nobody. */
  signedIn?: DeviceUser | null;
  /**
   * A shift open on the device's drawer, as if opened and synced before the
   * test (default true when someone is signed in): its row only, no queued
   * mutation, so tests about other things see only their own outbox rows.
   */
  shift?: boolean;
}

export async function freshDb(withCatalog = true, opts: FreshDbOptions = {}): Promise<KasirDb> {
  const db = new KasirDb(`test-${Date.now()}-${++counter}`);
  await db.open();
  const device = await ensureDevice(db);
  if (opts.enrolled ?? true) {
    await db.device.update('self', { credential: `kkd_${device.deviceId}.test-secret-0123456789abcdef`, enrolledAt: Date.now(), credentialIssuedAt: Date.now(), revoked: false });
  }
  if (withCatalog) await applyPull(db, demoPull(), []);
  else await db.users.bulkPut(wireUsers());
  const who = opts.signedIn === undefined ? CASHIER : opts.signedIn;
  if (who) await signIn(db, who.id);
  if (who && (opts.shift ?? true)) await openShiftAsBefore(db, who);
  return db;
}

export { openShiftAsBefore };

/** A device as on its very first start: an id, nothing else (no credential, catalog or users). */
export async function newDeviceDb(): Promise<KasirDb> {
  const db = new KasirDb(`test-new-${Date.now()}-${++counter}`);
  await db.open();
  await ensureDevice(db);
  return db;
}

export function renderApp(services: Services, path = '/'): RenderResult {
  return render(
    <ServicesProvider services={services}>
      <MemoryRouter initialEntries={[path]}>
        <App />
      </MemoryRouter>
    </ServicesProvider>,
  );
}

type User = ReturnType<typeof userEvent.setup>;

/** Types a PIN on the on-screen keypad inside `scope` and presses its submit button. */
export async function typePin(user: User, scope: HTMLElement, pin: string, submit: RegExp | string): Promise<void> {
  // The keypad is disabled while the previous PIN is checked: keys pressed then would be lost.
  await waitFor(() => expect(within(scope).getByRole('button', { name: '0' })).toBeEnabled());
  for (const d of pin) await user.click(within(scope).getByRole('button', { name: d }));
  await user.click(within(scope).getByRole('button', { name: submit }));
}

/** Answers the supervisor's approval dialog: picks the approver (unless already picked) and types their PIN. */
export async function approveAs(user: User, who: DemoUser, pin = who.pinText): Promise<HTMLElement> {
  const dialog = await screen.findByRole('dialog', { name: 'Persetujuan supervisor' });
  const pick = await within(dialog).findByRole('radio', { name: new RegExp(`^${who.name}`) });
  if (pick.getAttribute('aria-checked') !== 'true') await user.click(pick);
  await typePin(user, dialog, pin, 'Setujui');
  return dialog;
}

/**
 * Gives this device's outlet the settings the server sends with the pull (as
 * after an admin saved them): they then win over anything set on the device.
 * Tests that set `db.settings` directly play a device whose outlet the server
 * has not set yet.
 */
export async function setOutletSettings(db: KasirDb, settings: Partial<OutletSettings>, outlet: { discountLimitBp?: number } = {}): Promise<void> {
  const outletId = (await getDevice(db))?.outletId ?? 'ntb-mall';
  const row = await db.outlets.get(outletId);
  if (!row) throw new Error(`outlet ${outletId} is not in this device's catalog`);
  await db.outlets.put({ ...row, ...outlet, settings: { ...DEFAULT_OUTLET_SETTINGS, receiptName: row.name, ...settings } });
}
