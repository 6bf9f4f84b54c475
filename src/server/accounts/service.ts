// What the HTTP layer asks of accounts, each one transaction: the route
// handlers and the guard call these and never open a transaction themselves.
// Slow hashing (scrypt, PBKDF2) happens before, in the caller, so no
// transaction waits on it.
import type { AdminDevice, AdminUser, AuditEntry, EnrolResponse, RegisterDeviceResponse } from '../../protocol/auth.ts';
import type { Store } from '../store/store.ts';
import {
  authenticateDevice,
  authenticateSession,
  createSession,
  createUser,
  endSession,
  enrolDevice,
  listDevices,
  listUsers,
  registerDevice,
  replaceOwnPassword,
  revokeDevice,
  rotateDevice,
  updateUser,
  userByUsername,
  type Act,
  type AuthFailure,
  type NewUser,
  type Principal,
  type UserChange,
  type UserRow,
} from './accounts.ts';
import { appendAudit, listAudit } from './audit.ts';
import { auditNote, type SignInRefusal } from '../../protocol/audit-notes.ts';

export function enrol(store: Store, input: { code: string; deviceId: string }, at: number): Promise<EnrolResponse> {
  return store.db.tx((tx) => enrolDevice(tx, input, at));
}

export function rotateCredential(store: Store, device: { registrationId: string; deviceId: string; outletId: string }, at: number): Promise<string> {
  return store.db.tx((tx) => rotateDevice(tx, device, at));
}

export function deviceCaller(store: Store, deviceId: string, secret: string, at: number): Promise<Principal | AuthFailure> {
  return store.db.tx((tx) => authenticateDevice(tx, deviceId, secret, at));
}

export function sessionCaller(store: Store, sessionId: string, secret: string, at: number): Promise<Principal | AuthFailure> {
  return store.db.tx((tx) => authenticateSession(tx, sessionId, secret, at));
}

export function findUser(store: Store, username: string): Promise<UserRow | null> {
  return store.db.tx((tx) => userByUsername(tx, username));
}

const REFUSAL_DETAIL: Record<SignInRefusal, string> = {
  'unknown-username': 'unknown username',
  deactivated: 'account deactivated',
  'no-password': 'no password set',
  'wrong-password': 'wrong password',
};

/** A refused sign-in, in the audit log with why and from where. */
export async function recordSignInFailure(store: Store, f: { username: string; user: UserRow | null; why: SignInRefusal; from: string; at: number }): Promise<void> {
  await store.db.tx((tx) =>
    appendAudit(tx, {
      at: f.at,
      action: 'auth.sign-in-failed',
      actorId: f.user?.id ?? null,
      outletId: f.user?.outletId ?? null,
      subject: f.username,
      detail: `sign-in refused (${REFUSAL_DETAIL[f.why]}) from ${f.from}`,
      note: auditNote('auth.sign-in-refused', { why: f.why, from: f.from }),
    }),
  );
}

/** A session for a user whose password was right, and its audit entry, together. */
export function startSession(store: Store, user: UserRow, from: string, at: number): Promise<{ token: string; sessionId: string; expiresAt: number }> {
  return store.db.tx(async (tx) => {
    const s = await createSession(tx, user.id, at);
    await appendAudit(tx, { at, action: 'auth.sign-in', actorId: user.id, outletId: user.outletId, subject: user.username, detail: `signed in as ${user.role} from ${from}`, note: auditNote('auth.signed-in', { role: user.role, from }) });
    return s;
  });
}

export function finishSession(store: Store, sessionId: string, user: { id: string; outletId: string | null; username: string }, at: number): Promise<void> {
  return store.db.tx(async (tx) => {
    await endSession(tx, sessionId, at);
    await appendAudit(tx, { at, action: 'auth.sign-out', actorId: user.id, outletId: user.outletId, subject: user.username, detail: 'signed out', note: auditNote('auth.signed-out', {}) });
  });
}

export function devices(store: Store, at: number): Promise<AdminDevice[]> {
  return store.db.tx((tx) => listDevices(tx, at));
}

export function register(store: Store, input: { outletId: string; label: string }, act: Act): Promise<RegisterDeviceResponse> {
  return store.db.tx((tx) => registerDevice(tx, input, act));
}

export function revoke(store: Store, registrationId: string, act: Act): Promise<AdminDevice> {
  return store.db.tx((tx) => revokeDevice(tx, registrationId, act));
}

export function users(store: Store): Promise<AdminUser[]> {
  return store.db.tx((tx) => listUsers(tx));
}

export function addUser(store: Store, input: NewUser, act: Act): Promise<AdminUser> {
  return store.db.tx((tx) => createUser(tx, input, act));
}

export function changeUser(store: Store, userId: string, change: UserChange, act: Act & { keepSessionId?: string | null }): Promise<AdminUser> {
  return store.db.tx((tx) => updateUser(tx, userId, change, act));
}

export function changeOwnPassword(store: Store, userId: string, passwordHash: string, act: Act & { keepSessionId: string }): Promise<void> {
  return store.db.tx((tx) => replaceOwnPassword(tx, userId, passwordHash, act));
}

export function auditEntries(store: Store, opts: { before?: number | undefined; limit?: number | undefined }): Promise<AuditEntry[]> {
  return store.db.tx((tx) => listAudit(tx, opts));
}
