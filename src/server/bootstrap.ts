// First start: a fresh database has no one who could sign in and no device
// that could sync, so `npm ci && npm start` would lead nowhere. This makes an
// admin (password and PIN from the environment, or random ones printed once)
// and, when no device was ever registered, one registration for the first
// outlet with its enrolment code. Several processes starting together on one
// database: the catalog counter's lock lets one do it, the others find it done.
import { randomInt } from 'node:crypto';
import { hashPin, pinProblem } from '../domain/pin.ts';
import { passwordSchema, pinSchema, type RegisterDeviceResponse } from '../protocol/auth.ts';
import { hashPassword } from './accounts/password.ts';
import { randomCode } from './accounts/tokens.ts';
import { activeAdminCount, createUser, deviceRegistrationCount, registerDevice, requirePasswordChange } from './accounts/accounts.ts';
import { str } from './store/db.ts';
import { lockCatalog } from './store/sql.ts';
import type { Store } from './store/store.ts';

export const FIRST_DEVICE_LABEL = 'Perangkat pertama';

export interface FirstAdmin {
  username: string;
  /** Null when it came from KASIR_ADMIN_PASSWORD (the operator knows it). */
  password: string | null;
  /** Null when it came from KASIR_ADMIN_PIN. */
  pin: string | null;
}

export interface FirstDevice extends RegisterDeviceResponse {
  outletName: string;
}

export interface BootstrapResult {
  admin: FirstAdmin | null;
  device: FirstDevice | null;
  /** Things the operator should know, e.g. an environment variable that was ignored. */
  notes: string[];
}

/** 16 symbols of 31 in groups of four: about 79 bits, easy to read off a console. */
function randomPassword(): string {
  return randomCode(16);
}

function randomPin(): string {
  for (;;) {
    const pin = String(randomInt(1_000_000)).padStart(6, '0');
    if (pinProblem(pin) === null) return pin;
  }
}

/** The admin's secrets from the environment, refused with a reason before anything is written. */
function adminSecrets(env: NodeJS.ProcessEnv): { password: string; pin: string; fromEnv: { password: boolean; pin: boolean } } {
  const envPassword = env.KASIR_ADMIN_PASSWORD;
  const envPin = env.KASIR_ADMIN_PIN;
  if (envPassword !== undefined) {
    const r = passwordSchema.safeParse(envPassword);
    if (!r.success) throw new Error(`KASIR_ADMIN_PASSWORD: ${r.error.issues[0]?.message ?? 'not a usable password'}`);
  }
  if (envPin !== undefined) {
    const r = pinSchema.safeParse(envPin);
    const problem = r.success ? pinProblem(envPin) : null;
    if (!r.success || problem) throw new Error(`KASIR_ADMIN_PIN: ${problem === 'too-simple' ? 'too easy to guess; choose another' : 'use 4 to 8 digits'}`);
  }
  return {
    password: envPassword ?? randomPassword(),
    pin: envPin ?? randomPin(),
    fromEnv: { password: envPassword !== undefined, pin: envPin !== undefined },
  };
}

// The store first (NTB Mall in the demo catalog), then by id.
const FIRST_OUTLET = "SELECT id, name FROM outlets ORDER BY CASE WHEN kind = 'store' THEN 0 ELSE 1 END, id LIMIT 1";

export async function bootstrap(store: Store, env: NodeJS.ProcessEnv): Promise<BootstrapResult> {
  const notes: string[] = [];
  let admin: FirstAdmin | null = null;
  if ((await store.db.tx((tx) => activeAdminCount(tx))) === 0) {
    const secrets = adminSecrets(env);
    // Hashed before the transaction: scrypt takes a quarter second.
    const passwordHash = await hashPassword(secrets.password);
    const pin = await hashPin(secrets.pin);
    admin = await store.db.tx(async (tx) => {
      await lockCatalog(tx, store.db.dialect);
      if ((await activeAdminCount(tx)) > 0) return null;
      // The first admin also opens the first counter, so it belongs to the outlet
      // the first device is registered to: a PIN only reaches its own outlet's devices.
      const [home] = await tx.all(FIRST_OUTLET);
      // "admin" may belong to a deactivated or demoted user; the new one takes the next free name.
      const taken = new Set((await tx.all("SELECT username FROM users WHERE username LIKE 'admin%'")).map((r) => str(r.username)));
      let username = 'admin';
      for (let i = 2; taken.has(username); i++) username = `admin-${i}`;
      const created = await createUser(tx, { username, name: 'Administrator', role: 'admin', outletId: home ? str(home.id) : null, pin, passwordHash }, { at: store.now(), actorId: null });
      // A password the operator chose (KASIR_ADMIN_PASSWORD) is theirs; a printed one is replaced at first sign-in.
      if (!secrets.fromEnv.password) await requirePasswordChange(tx, created.id);
      return { username, password: secrets.fromEnv.password ? null : secrets.password, pin: secrets.fromEnv.pin ? null : secrets.pin };
    });
  } else if (env.KASIR_ADMIN_PASSWORD !== undefined || env.KASIR_ADMIN_PIN !== undefined) {
    notes.push('KASIR_ADMIN_PASSWORD / KASIR_ADMIN_PIN are used only on a database with no admin; an admin exists, so they were ignored.');
  }

  const device = await store.db.tx(async (tx): Promise<FirstDevice | null> => {
    await lockCatalog(tx, store.db.dialect);
    if ((await deviceRegistrationCount(tx)) > 0) return null;
    const [outlet] = await tx.all(FIRST_OUTLET);
    if (!outlet) {
      notes.push('No outlet exists yet, so no first device was registered; add outlets, then register devices from /admin.');
      return null;
    }
    const reg = await registerDevice(tx, { outletId: str(outlet.id), label: FIRST_DEVICE_LABEL }, { at: store.now(), actorId: null });
    return { ...reg, outletName: str(outlet.name) };
  });
  return { admin, device, notes };
}

