// Accounts on the device: its credential, the users who may sign in here,
// their wrong-PIN state and who is signed in now. Everything here works with
// no network: enrolment is the only step that needs the server.
import { NO_LOCKOUT, type LockoutState } from '../../domain/lockout.ts';
import { canApprove, signsInAt } from '../../domain/approval.ts';
import type { EnrolResponse } from '../../protocol/auth.ts';
import { leaveOpenCart, OPEN_CART, takeOverCart } from './cart-repo.ts';
import type { KasirDb } from './database.ts';
import { PULL_PROGRESS_KEY } from './catalog-repo.ts';
import { ensureDevice } from './device-repo.ts';
import type { DeviceRow, SessionValue, UserRow } from './schema.ts';

const SESSION_KEY = 'session';

export function isEnrolled(device: Pick<DeviceRow, 'credential'> | undefined): boolean {
  return typeof device?.credential === 'string' && device.credential !== '';
}

/**
 * Keeps what enrolment answered: the credential, the outlet the admin chose,
 * and the outlet's record. The next pull is a full one, as this outlet's
 * users (and its stock) may be nothing this device has seen.
 */
export async function storeEnrolment(db: KasirDb, answer: EnrolResponse, now: number = Date.now()): Promise<void> {
  await ensureDevice(db);
  await db.transaction('rw', [db.device, db.outlets, db.settings], async () => {
    await db.device.update('self', {
      credential: answer.credential,
      outletId: answer.outletId,
      label: answer.label,
      enrolledAt: now,
      credentialIssuedAt: now,
      revoked: false,
      revokedAt: null,
    });
    if (answer.outlet) await db.outlets.put(answer.outlet);
    await db.settings.put({ key: 'pullVersion', value: 0 });
    // A pull half done was for the device as it was (maybe another outlet's stock): start afresh.
    await db.settings.delete(PULL_PROGRESS_KEY);
    // Whoever was signed in belonged to the device as it was; the new outlet's people sign in afresh.
    await db.settings.delete(SESSION_KEY);
  });
}

export async function storeRotatedCredential(db: KasirDb, credential: string, now: number = Date.now()): Promise<void> {
  await db.device.update('self', { credential, credentialIssuedAt: now });
}

export async function markRevoked(db: KasirDb, now: number = Date.now()): Promise<void> {
  await db.device.update('self', { revoked: true, revokedAt: now });
}

// ------------------------------------------------------------------ users

function mayUseDevice(u: UserRow, outletId: string): boolean {
  return u.pin !== null && signsInAt(u, outletId);
}

/** The people who can sign in here: active, with a PIN, of this outlet, by name. */
export async function signInUsers(db: KasirDb, outletId: string): Promise<UserRow[]> {
  const rows = await db.users.toArray();
  return rows.filter((u) => mayUseDevice(u, outletId)).sort((a, b) => a.name.localeCompare(b.name, 'id'));
}

/** Those whose PIN approves a supervisor's act at this outlet. */
export async function approvers(db: KasirDb, outletId: string): Promise<UserRow[]> {
  return (await signInUsers(db, outletId)).filter((u) => canApprove(u.role));
}

// --------------------------------------------------------------- lockouts

export async function getLockout(db: KasirDb, userId: string): Promise<LockoutState> {
  const row = await db.lockouts.get(userId);
  if (!row) return NO_LOCKOUT;
  return { failures: row.failures, lockouts: row.lockouts, lockedUntil: row.lockedUntil };
}

/** Reads and writes in one transaction, so two tabs checking PINs at once cannot lose a failure. */
export async function updateLockout(db: KasirDb, userId: string, change: (s: LockoutState) => LockoutState): Promise<LockoutState> {
  return db.transaction('rw', db.lockouts, async () => {
    const next = change(await getLockout(db, userId));
    await db.lockouts.put({ userId, ...next });
    return next;
  });
}

// ---------------------------------------------------------------- session

export async function getSession(db: KasirDb): Promise<SessionValue | null> {
  const row = await db.settings.get(SESSION_KEY);
  const v = row?.value;
  if (typeof v !== 'object' || v === null || !('userId' in v) || typeof v.userId !== 'string') return null;
  return { userId: v.userId, since: 'since' in v && typeof v.since === 'number' ? v.since : 0 };
}

/**
 * The signed-in user, or null. A user the last pull removed (deactivated,
 * moved to another outlet, PIN cleared) is signed out by that alone.
 */
export async function signedInUser(db: KasirDb): Promise<UserRow | null> {
  const [session, device] = await Promise.all([getSession(db), db.device.get('self')]);
  if (!session || !device) return null;
  const user = await db.users.get(session.userId);
  return user && mayUseDevice(user, device.outletId) ? user : null;
}

export async function signIn(db: KasirDb, userId: string, now: number = Date.now()): Promise<void> {
  const value: SessionValue = { userId, since: now };
  await db.transaction('rw', db.settings, db.carts, async () => {
    await db.settings.put({ key: SESSION_KEY, value });
    // The cashier who left the cart is back: it is theirs again, nobody to ask.
    const open = await db.carts.get(OPEN_CART);
    if (open?.leftBy?.id === userId) await takeOverCart(db);
  });
}

/**
 * Ends the session. An open cart with goods is marked as the leaving
 * cashier's, in the same transaction, so the next one is asked whether to
 * take it on (a reload in between forgets nothing).
 */
export async function signOut(db: KasirDb): Promise<void> {
  await db.transaction('rw', [db.settings, db.carts, db.users, db.device], async () => {
    const user = await signedInUser(db);
    if (user) await leaveOpenCart(db, user);
    await db.settings.delete(SESSION_KEY);
  });
}
