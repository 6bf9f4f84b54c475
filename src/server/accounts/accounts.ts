// Users, their role history, device registrations and sessions, over the one
// SQL surface (db.ts). Every function takes the transaction it runs in, so a
// route does an act and its audit entry in one commit. Slow hashing (scrypt,
// PBKDF2) is done by the caller before the transaction, never inside it.
import { HEALTH_COLUMNS, healthOfRow } from './fleet.ts';
import { signsInAt, type Role } from '../../domain/approval.ts';
import type { Outlet } from '../../domain/catalog.ts';
import { uuidv7 } from '../../domain/id.ts';
import { PIN_ALGORITHM, type PinHash } from '../../domain/pin.ts';
import {
  AUTH_ERROR_CODES as E,
  type AdminDevice,
  type AdminUser,
  type EnrolResponse,
  type RegisterDeviceResponse,
  type SessionUser,
} from '../../protocol/auth.ts';
import type { DeviceUser } from '../../protocol/schemas.ts';
import { type RoleSpan } from './role-history.ts';
import { CODE_TTL_MS, codeHash, deviceToken, hashMatches, newEnrolmentCode, newSecret, newSessionId, secretMatches, sessionToken, sha256 } from './tokens.ts';
import { Refusal } from '../refusal.ts';
import { appendAudit } from './audit.ts';
import { auditNote, type AuditNote } from '../../protocol/audit-notes.ts';
import { num, optNum, optStr, str, type Row, type SqlTx } from '../store/db.ts';
import { bumpVersion, selectIn } from '../store/sql.ts';

/** A session lives at most a shift. */
export const SESSION_TTL_MS = 8 * 60 * 60_000;
/** A session unused this long ends: a management page left open on a shared counter PC. */
export const SESSION_IDLE_MS = 30 * 60_000;
/**
 * last_used_at (sessions) and last_seen_at (devices) are written at most this
 * often: one write a minute per credential instead of one per request. The
 * idle expiry is therefore exact to within this much.
 */
export const TOUCH_EVERY_MS = 60_000;

/** Who is calling, once the credential checked out. */
export type Principal =
  | { kind: 'device'; deviceId: string; registrationId: string; outletId: string; label: string }
  | { kind: 'session'; sessionId: string; user: SessionUser; expiresAt: number; passwordMustChange: boolean };

/** Who acts and when: the audit entry's actor and time. */
export interface Act {
  at: number;
  actorId: string | null;
}


// --------------------------------------------------------------------- users

export interface UserRow {
  id: string;
  username: string;
  name: string;
  role: Role;
  outletId: string | null;
  pin: PinHash | null;
  passwordHash: string | null;
  /** The password was printed by the server (first start, `npm run admin`): sessions may only replace it. */
  passwordMustChange: boolean;
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

function userRow(r: Row): UserRow {
  return {
    id: str(r.id),
    username: str(r.username),
    name: str(r.name),
    role: str(r.role) as Role,
    outletId: optStr(r.outlet_id),
    pin:
      r.pin_algorithm === null || r.pin_algorithm === undefined
        ? null
        : { algorithm: PIN_ALGORITHM, iterations: num(r.pin_iterations), salt: str(r.pin_salt), hash: str(r.pin_hash) },
    passwordHash: optStr(r.password_hash),
    passwordMustChange: num(r.password_must_change) === 1,
    active: num(r.active) === 1,
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
  };
}

/** Never a hash: whether one is set is all an admin page needs. */
function adminUser(u: UserRow): AdminUser {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    role: u.role,
    outletId: u.outletId,
    active: u.active,
    hasPin: u.pin !== null,
    hasPassword: u.passwordHash !== null,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

export function sessionUserOf(u: Pick<UserRow, 'id' | 'username' | 'name' | 'role' | 'outletId'>): SessionUser {
  return { id: u.id, username: u.username, name: u.name, role: u.role, outletId: u.outletId };
}

async function readUser(tx: SqlTx, userId: string): Promise<UserRow | null> {
  const [r] = await tx.all('SELECT * FROM users WHERE id = ?', [userId]);
  return r ? userRow(r) : null;
}

/** For sign-in: the user with this username, hashes included; null when there is none. */
export async function userByUsername(tx: SqlTx, username: string): Promise<UserRow | null> {
  const [r] = await tx.all('SELECT * FROM users WHERE username = ?', [username]);
  return r ? userRow(r) : null;
}

export async function listUsers(tx: SqlTx): Promise<AdminUser[]> {
  return (await tx.all('SELECT * FROM users ORDER BY username')).map((r) => adminUser(userRow(r)));
}

export async function activeAdminCount(tx: SqlTx): Promise<number> {
  const [r] = await tx.all("SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND active = 1");
  return num(r?.n);
}

async function requireOutlet(tx: SqlTx, outletId: string | null): Promise<void> {
  if (outletId === null) return;
  const [r] = await tx.all('SELECT id FROM outlets WHERE id = ?', [outletId]);
  if (!r) throw new Refusal('invalid', E.unknownOutlet, `no outlet has the id "${outletId}"`, 'outletId');
}

function requireOutletForRole(role: Role, outletId: string | null): void {
  // Cashiers and supervisors work at one outlet: their PINs go to its devices only.
  if (outletId === null && role !== 'admin') {
    throw new Refusal('invalid', E.outletRequired, `a ${role} belongs to one outlet: choose it (only admins may have every outlet)`, 'outletId');
  }
}

async function openSpan(tx: SqlTx, userId: string, role: Role, outletId: string | null, active: boolean, at: number): Promise<void> {
  await tx.run('INSERT INTO user_role_history (id, user_id, role, outlet_id, active, valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?, NULL)', [
    uuidv7(at),
    userId,
    role,
    outletId,
    active ? 1 : 0,
    at,
  ]);
}

export interface NewUser {
  username: string;
  name: string;
  role: Role;
  outletId: string | null;
  /** Already hashed (domain/pin.ts hashPin), outside the transaction. */
  pin: PinHash | null;
  /** Already hashed (auth/password.ts), outside the transaction. */
  passwordHash: string | null;
}

const where = (outletId: string | null): string => (outletId === null ? 'every outlet' : `outlet ${outletId}`);

/** Creates a user with its first role span and an audit entry; the new version sends it to its outlet's devices. */
export async function createUser(tx: SqlTx, input: NewUser, act: Act): Promise<AdminUser> {
  requireOutletForRole(input.role, input.outletId);
  await requireOutlet(tx, input.outletId);
  if (await userByUsername(tx, input.username)) throw new Refusal('conflict', E.usernameTaken, `the username "${input.username}" is taken: choose another`, 'username');
  const version = await bumpVersion(tx);
  const id = uuidv7(act.at);
  const pin = input.pin;
  await tx.run(
    `INSERT INTO users (id, username, name, role, outlet_id, pin_algorithm, pin_iterations, pin_salt, pin_hash, password_hash,
       active, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
    [
      id,
      input.username,
      input.name,
      input.role,
      input.outletId,
      pin?.algorithm ?? null,
      pin?.iterations ?? null,
      pin?.salt ?? null,
      pin?.hash ?? null,
      input.passwordHash,
      version,
      act.at,
      act.at,
    ],
  );
  await openSpan(tx, id, input.role, input.outletId, true, act.at);
  const extras = [input.pin ? 'PIN set' : 'no PIN', input.passwordHash ? 'password set' : 'no password'];
  await appendAudit(tx, {
    at: act.at,
    action: 'user.create',
    actorId: act.actorId,
    outletId: input.outletId,
    subject: id,
    detail: `created ${input.role} "${input.name}" (${input.username}) at ${where(input.outletId)}; ${extras.join(', ')}`,
    note: auditNote('user.created', {
      role: input.role,
      name: input.name,
      username: input.username,
      outletId: input.outletId,
      pin: input.pin !== null,
      password: input.passwordHash !== null,
    }),
  });
  const created = await readUser(tx, id);
  if (!created) throw new Error('createUser: the row just written is missing');
  return adminUser(created);
}

export interface UserChange {
  name?: string | undefined;
  role?: Role | undefined;
  outletId?: string | null | undefined;
  active?: boolean | undefined;
  pin?: PinHash | undefined;
  passwordHash?: string | undefined;
}

/**
 * Applies an admin's change. Each kind of change gets its own audit entry
 * (user.update for the name, user.role for role or outlet, user.active,
 * user.pin, user.password). A change of role, outlet or active closes the
 * current role span and opens the next, so approvals given before it are
 * still judged by the role held then. The version goes up so devices pull
 * the user again (a deactivated one comes down with active false).
 * Deactivation or a new password ends the user's sessions, except `keepSessionId`
 * (an admin changing their own password stays signed in).
 */
export async function updateUser(tx: SqlTx, userId: string, change: UserChange, act: Act & { keepSessionId?: string | null }): Promise<AdminUser> {
  // First, so it serialises admin writes (PostgreSQL holds the counter row
  // until commit): two admins demoting each other at once cannot both pass
  // the last-admin check below.
  const version = await bumpVersion(tx);
  const user = await readUser(tx, userId);
  if (!user) throw new Refusal('not-found', E.notFound, `no user has the id "${userId}"`);
  const next = {
    name: change.name ?? user.name,
    role: change.role ?? user.role,
    outletId: change.outletId === undefined ? user.outletId : change.outletId,
    active: change.active ?? user.active,
  };
  requireOutletForRole(next.role, next.outletId);
  if (next.outletId !== user.outletId) await requireOutlet(tx, next.outletId);
  const wasAdmin = user.active && user.role === 'admin';
  const staysAdmin = next.active && next.role === 'admin';
  if (wasAdmin && !staysAdmin && (await activeAdminCount(tx)) <= 1) {
    throw new Refusal('conflict', E.lastAdmin, `${user.username} is the last active admin: make another user admin first, or no one could manage the server`);
  }

  const entries: { action: 'user.update' | 'user.role' | 'user.active' | 'user.pin' | 'user.password'; detail: string; note: AuditNote }[] = [];
  const username = user.username;
  if (next.name !== user.name) entries.push({ action: 'user.update', detail: `name "${user.name}" → "${next.name}"`, note: auditNote('user.renamed', { username, from: user.name, to: next.name }) });
  if (next.role !== user.role) entries.push({ action: 'user.role', detail: `role ${user.role} → ${next.role}`, note: auditNote('user.role-changed', { username, from: user.role, to: next.role }) });
  if (next.outletId !== user.outletId) {
    entries.push({
      action: 'user.role',
      detail: `outlet ${user.outletId ?? 'every outlet'} → ${next.outletId ?? 'every outlet'}`,
      note: auditNote('user.outlet-changed', { username, from: user.outletId, to: next.outletId }),
    });
  }
  if (next.active !== user.active) {
    entries.push({
      action: 'user.active',
      detail: next.active ? 'reactivated' : 'deactivated: can no longer sign in',
      note: auditNote(next.active ? 'user.reactivated' : 'user.deactivated', { username }),
    });
  }
  if (change.pin) entries.push({ action: 'user.pin', detail: user.pin ? 'PIN changed' : 'PIN set', note: auditNote(user.pin ? 'user.pin-changed' : 'user.pin-set', { username }) });
  if (change.passwordHash) {
    entries.push({
      action: 'user.password',
      detail: user.passwordHash ? 'password changed' : 'password set',
      note: auditNote(user.passwordHash ? 'user.password-changed' : 'user.password-set', { username }),
    });
  }
  if (entries.length === 0) return adminUser(user);

  const pin = change.pin ?? user.pin;
  await tx.run(
    `UPDATE users SET name = ?, role = ?, outlet_id = ?, active = ?, pin_algorithm = ?, pin_iterations = ?, pin_salt = ?, pin_hash = ?,
       password_hash = ?, version = ?, updated_at = ? WHERE id = ?`,
    [
      next.name,
      next.role,
      next.outletId,
      next.active ? 1 : 0,
      pin?.algorithm ?? null,
      pin?.iterations ?? null,
      pin?.salt ?? null,
      pin?.hash ?? null,
      change.passwordHash ?? user.passwordHash,
      version,
      act.at,
      userId,
    ],
  );
  if (next.role !== user.role || next.outletId !== user.outletId || next.active !== user.active) {
    await tx.run('UPDATE user_role_history SET valid_to = ? WHERE user_id = ? AND valid_to IS NULL', [act.at, userId]);
    await openSpan(tx, userId, next.role, next.outletId, next.active, act.at);
  }
  if (!next.active || change.passwordHash) await endUserSessions(tx, userId, act.at, act.keepSessionId ?? null);
  for (const e of entries) {
    await appendAudit(tx, { at: act.at, action: e.action, actorId: act.actorId, outletId: next.outletId, subject: userId, detail: `${user.username}: ${e.detail}`, note: e.note });
  }
  const updated = await readUser(tx, userId);
  if (!updated) throw new Error('updateUser: the row just written is missing');
  return adminUser(updated);
}

/**
 * The users a pull carries to a device of `outletId`: those of that outlet
 * and every-outlet admins, with PIN hashes. A full pull sends the active ones
 * only. An incremental pull sends every change since `from` that concerns
 * the outlet; a user who can no longer sign in there (deactivated, or moved
 * to another outlet: found through the role history) comes with active false
 * and no PIN, so the device drops them.
 */
export async function pullUsers(tx: SqlTx, outletId: string, from: number, full: boolean): Promise<DeviceUser[]> {
  const rows = await tx.all(
    `SELECT * FROM users u WHERE u.version > ? AND (u.outlet_id = ? OR u.outlet_id IS NULL
       OR EXISTS (SELECT 1 FROM user_role_history h WHERE h.user_id = u.id AND h.outlet_id = ?))
     ORDER BY u.id`,
    [from, outletId, outletId],
  );
  const out: DeviceUser[] = [];
  for (const r of rows) {
    const u = userRow(r);
    if (signsInAt(u, outletId)) out.push({ id: u.id, name: u.name, role: u.role, outletId: u.outletId, pin: u.pin, active: true });
    else if (!full) out.push({ id: u.id, name: u.name, role: u.role, outletId: u.outletId, pin: null, active: false });
  }
  return out;
}

/**
 * Every role span of these users, oldest first, in one query per 256 users.
 * With roleAt()/couldApproveAt() (auth/role-history.ts) it answers "did X
 * hold a supervisor role for outlet O at time T" for a whole push batch.
 * A user with no spans (unknown id) is absent from the map.
 */
export async function loadRoleHistory(tx: SqlTx, userIds: Iterable<string>): Promise<Map<string, RoleSpan[]>> {
  const rows = await selectIn(tx, 'SELECT user_id, role, outlet_id, active, valid_from, valid_to FROM user_role_history WHERE user_id IN', userIds);
  const out = new Map<string, RoleSpan[]>();
  for (const r of rows) {
    const span: RoleSpan = {
      role: str(r.role) as Role,
      outletId: optStr(r.outlet_id),
      active: num(r.active) === 1,
      from: num(r.valid_from),
      to: optNum(r.valid_to),
    };
    const list = out.get(str(r.user_id));
    if (list) list.push(span);
    else out.set(str(r.user_id), [span]);
  }
  for (const list of out.values()) list.sort((a, b) => a.from - b.from);
  return out;
}

/**
 * Each outlet's discount limit in basis points (a discount above it needs a
 * supervisor's approval). Unknown outlets are absent from the map; the
 * caller decides (domain/approval.ts DEFAULT_DISCOUNT_LIMIT_BP is the default).
 */
export async function outletDiscountLimits(tx: SqlTx, outletIds: Iterable<string>): Promise<Map<string, number>> {
  const rows = await selectIn(tx, 'SELECT id, discount_limit_bp FROM outlets WHERE id IN', outletIds);
  return new Map(rows.map((r) => [str(r.id), num(r.discount_limit_bp)]));
}

// ------------------------------------------------------------------ sessions

export async function createSession(tx: SqlTx, userId: string, at: number): Promise<{ token: string; sessionId: string; expiresAt: number }> {
  // Ended and expired sessions are kept a week for anyone looking into a
  // sign-in, then dropped here rather than by a timer.
  await tx.run('DELETE FROM sessions WHERE expires_at < ?', [at - 7 * 24 * 60 * 60_000]);
  const sessionId = newSessionId();
  const secret = newSecret();
  const expiresAt = at + SESSION_TTL_MS;
  await tx.run('INSERT INTO sessions (id, user_id, secret_hash, created_at, expires_at, last_used_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, NULL)', [
    sessionId,
    userId,
    sha256(secret),
    at,
    expiresAt,
    at,
  ]);
  return { token: sessionToken(sessionId, secret), sessionId, expiresAt };
}

export type AuthFailure = { code: typeof E.unauthenticated | typeof E.sessionExpired | typeof E.deviceRevoked; message: string };

/** The session behind `kks_<sessionId>.<secret>`, or why there is none. Refreshes its idle clock at most once a minute. */
export async function authenticateSession(tx: SqlTx, sessionId: string, secret: string, now: number): Promise<Principal | AuthFailure> {
  const [r] = await tx.all(
    `SELECT s.secret_hash, s.expires_at, s.last_used_at, s.ended_at, u.id, u.username, u.name, u.role, u.outlet_id, u.active,
       u.password_must_change
     FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`,
    [sessionId],
  );
  if (!r || !secretMatches(secret, str(r.secret_hash))) {
    return { code: E.unauthenticated, message: 'this session token is not known: sign in again' };
  }
  const lastUsed = num(r.last_used_at);
  const expiresAt = num(r.expires_at);
  if (r.ended_at !== null) return { code: E.sessionExpired, message: 'this session was signed out: sign in again' };
  if (now >= expiresAt) return { code: E.sessionExpired, message: 'this session is over (8 hours, a shift): sign in again' };
  if (now - lastUsed >= SESSION_IDLE_MS) return { code: E.sessionExpired, message: 'this session ended after 30 minutes without use: sign in again' };
  if (num(r.active) !== 1) return { code: E.sessionExpired, message: 'this account was deactivated by an admin' };
  if (now - lastUsed >= TOUCH_EVERY_MS) await tx.run('UPDATE sessions SET last_used_at = ? WHERE id = ?', [now, sessionId]);
  return {
    kind: 'session',
    sessionId,
    expiresAt,
    passwordMustChange: num(r.password_must_change) === 1,
    user: sessionUserOf({ id: str(r.id), username: str(r.username), name: str(r.name), role: str(r.role) as Role, outletId: optStr(r.outlet_id) }),
  };
}

/**
 * Marks a password as one its owner must replace before the session opens
 * anything else: it was printed on the server's terminal, where others may
 * have read it. Same transaction as the password it marks.
 */
export async function requirePasswordChange(tx: SqlTx, userId: string): Promise<void> {
  await tx.run('UPDATE users SET password_must_change = 1 WHERE id = ?', [userId]);
}

/**
 * The signed-in user replaces their own password: the flag goes, every other
 * session of theirs ends (whoever read the old one is signed out), this one
 * stays. The caller checked the current password.
 */
export async function replaceOwnPassword(tx: SqlTx, userId: string, passwordHash: string, act: Act & { keepSessionId: string }): Promise<void> {
  const user = await readUser(tx, userId);
  if (!user) throw new Refusal('not-found', E.notFound, 'this user no longer exists');
  await tx.run('UPDATE users SET password_hash = ?, password_must_change = 0, updated_at = ? WHERE id = ?', [passwordHash, act.at, userId]);
  await endUserSessions(tx, userId, act.at, act.keepSessionId);
  await appendAudit(tx, {
    at: act.at,
    action: 'user.password',
    actorId: act.actorId,
    outletId: user.outletId,
    subject: userId,
    detail: user.passwordMustChange ? 'replaced the one-time password printed by the server' : 'changed their own password',
    note: auditNote(user.passwordMustChange ? 'user.password-replaced-one-time' : 'user.password-changed-own', {}),
  });
}

export async function endSession(tx: SqlTx, sessionId: string, at: number): Promise<void> {
  await tx.run('UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL', [at, sessionId]);
}

export async function endUserSessions(tx: SqlTx, userId: string, at: number, except: string | null): Promise<void> {
  await tx.run('UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL AND id <> ?', [at, userId, except ?? '']);
}

// ------------------------------------------------------------------- devices

async function outletById(tx: SqlTx, outletId: string): Promise<Outlet | null> {
  const [r] = await tx.all('SELECT * FROM outlets WHERE id = ?', [outletId]);
  if (!r) return null;
  return { id: str(r.id), name: str(r.name), kind: str(r.kind) as Outlet['kind'], address: str(r.address), discountLimitBp: num(r.discount_limit_bp) };
}

function deviceStatus(r: Row, now: number): AdminDevice['status'] {
  if (r.revoked_at !== null) return 'revoked';
  if (r.enrolled_at !== null) return 'active';
  return num(r.code_expires_at) <= now ? 'code-expired' : 'awaiting-enrolment';
}

function adminDevice(r: Row, now: number): AdminDevice {
  return {
    registrationId: str(r.id),
    deviceId: optStr(r.device_id),
    outletId: str(r.outlet_id),
    label: str(r.label),
    status: deviceStatus(r, now),
    createdAt: num(r.created_at),
    enrolledAt: optNum(r.enrolled_at),
    rotatedAt: optNum(r.rotated_at),
    revokedAt: optNum(r.revoked_at),
    lastSeenAt: optNum(r.last_seen_at),
    lastSeq: r.last_seq === null || r.last_seq === undefined ? 0 : num(r.last_seq),
    health: healthOfRow(r),
  };
}

const DEVICE_SELECT = `SELECT r.*, d.last_seq, ${HEALTH_COLUMNS} FROM device_registrations r LEFT JOIN devices d ON d.id = r.device_id LEFT JOIN device_health h ON h.device_id = r.device_id`;

/** Newest registration first. */
export async function listDevices(tx: SqlTx, now: number): Promise<AdminDevice[]> {
  return (await tx.all(`${DEVICE_SELECT} ORDER BY r.created_at DESC, r.id`)).map((r) => adminDevice(r, now));
}

export async function deviceRegistrationCount(tx: SqlTx): Promise<number> {
  const [r] = await tx.all('SELECT COUNT(*) AS n FROM device_registrations');
  return num(r?.n);
}

/** A registration awaiting its device, and the one-time code (kept only as a hash) that enrols it. */
export async function registerDevice(tx: SqlTx, input: { outletId: string; label: string }, act: Act): Promise<RegisterDeviceResponse> {
  await requireOutlet(tx, input.outletId);
  const id = uuidv7(act.at);
  const code = newEnrolmentCode();
  const expiresAt = act.at + CODE_TTL_MS;
  await tx.run(
    `INSERT INTO device_registrations (id, outlet_id, label, code_hash, code_expires_at, device_id, credential_hash, created_by, created_at,
       enrolled_at, rotated_at, revoked_at, last_seen_at) VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?, NULL, NULL, NULL, NULL)`,
    [id, input.outletId, input.label, codeHash(code), expiresAt, act.actorId, act.at],
  );
  await appendAudit(tx, {
    at: act.at,
    action: 'device.register',
    actorId: act.actorId,
    outletId: input.outletId,
    subject: id,
    detail: `registered "${input.label}" for outlet ${input.outletId}; its one-time code is valid for 24 hours`,
    note: auditNote('device.registered', { label: input.label, outletId: input.outletId }),
  });
  return { registrationId: id, outletId: input.outletId, label: input.label, code, expiresAt };
}

/**
 * The device's first and only use of its code: binds the device id it sends
 * (its outbox id, so the sales it holds stay its own) and answers its
 * credential, which the server keeps only as a hash.
 */
export async function enrolDevice(tx: SqlTx, input: { code: string; deviceId: string }, at: number): Promise<EnrolResponse> {
  const [reg] = await tx.all('SELECT * FROM device_registrations WHERE code_hash = ?', [codeHash(input.code)]);
  if (!reg) throw new Refusal('invalid', E.enrolmentCodeUnknown, 'this enrolment code is not known: check it against the admin screen, or ask for a new one', 'code');
  if (reg.revoked_at !== null) throw new Refusal('gone', E.enrolmentCodeExpired, 'this registration was revoked by an admin: ask for a new code', 'code');
  if (reg.enrolled_at !== null) throw new Refusal('conflict', E.enrolmentCodeUsed, 'this enrolment code was already used by a device: each code enrols one device; ask for a new one', 'code');
  if (num(reg.code_expires_at) <= at) throw new Refusal('gone', E.enrolmentCodeExpired, 'this enrolment code expired (codes last 24 hours): ask the admin for a new one', 'code');
  const [live] = await tx.all('SELECT id FROM device_registrations WHERE device_id = ? AND revoked_at IS NULL', [input.deviceId]);
  if (live) {
    throw new Refusal('conflict', E.deviceAlreadyEnrolled, 'this device is already enrolled: an admin must revoke its current registration before it can enrol again', 'deviceId');
  }
  const secret = newSecret();
  let changed: number;
  try {
    // The condition makes a second enrolment racing this one with the same code change nothing.
    changed = await tx.run(
      'UPDATE device_registrations SET device_id = ?, credential_hash = ?, enrolled_at = ?, last_seen_at = ? WHERE id = ? AND enrolled_at IS NULL AND revoked_at IS NULL',
      [input.deviceId, sha256(secret), at, at, str(reg.id)],
    );
  } catch (e) {
    // The same device enrolling with two codes at once: the live-device index let one in.
    if (e instanceof Error && /unique/i.test(e.message)) {
      throw new Refusal('conflict', E.deviceAlreadyEnrolled, 'this device was just enrolled with another code', 'deviceId');
    }
    throw e;
  }
  if (changed !== 1) throw new Refusal('conflict', E.enrolmentCodeUsed, 'this enrolment code was just used by another device: ask for a new one', 'code');
  const outletId = str(reg.outlet_id);
  await appendAudit(tx, {
    at,
    action: 'device.enrol',
    deviceId: input.deviceId,
    outletId,
    subject: str(reg.id),
    detail: `device ${input.deviceId} enrolled as "${str(reg.label)}"`,
    note: auditNote('device.enrolled', { deviceId: input.deviceId, label: str(reg.label) }),
  });
  return { deviceId: input.deviceId, outletId, outlet: await outletById(tx, outletId), label: str(reg.label), credential: deviceToken(input.deviceId, secret) };
}

/**
 * The registration whose credential is `kkd_<deviceId>.<secret>`, or why
 * there is none. A revoked device is told so (not just "unknown"), so it can
 * say plainly that its sales are safe on it and how to hand them over.
 */
export async function authenticateDevice(tx: SqlTx, deviceId: string, secret: string, now: number): Promise<Principal | AuthFailure> {
  const rows = await tx.all(
    'SELECT id, outlet_id, label, credential_hash, pending_credential_hash, revoked_at, last_seen_at FROM device_registrations WHERE device_id = ?',
    [deviceId],
  );
  // Hashed once, compared with every stored credential.
  const hash = sha256(secret);
  const reg = rows.find((r) => hashMatches(hash, optStr(r.credential_hash)) || hashMatches(hash, optStr(r.pending_credential_hash)));
  if (reg && reg.revoked_at === null && hashMatches(hash, optStr(reg.pending_credential_hash))) {
    // The device has the rotated credential: from now on only it works.
    await tx.run('UPDATE device_registrations SET credential_hash = pending_credential_hash, pending_credential_hash = NULL WHERE id = ?', [str(reg.id)]);
  }
  if (!reg) return { code: E.unauthenticated, message: 'this device credential is not known (never issued, or replaced by a rotation): enrol the device with a new code' };
  if (reg.revoked_at !== null) {
    return {
      code: E.deviceRevoked,
      message:
        'this device was revoked by an admin and can no longer sync. Its unsynced sales stay on it: export them from the sync panel and hand the file to a supervisor, then enrol the device again with a new code',
    };
  }
  const seen = optNum(reg.last_seen_at);
  if (seen === null || now - seen >= TOUCH_EVERY_MS) await tx.run('UPDATE device_registrations SET last_seen_at = ? WHERE id = ?', [now, str(reg.id)]);
  return { kind: 'device', deviceId, registrationId: str(reg.id), outletId: str(reg.outlet_id), label: str(reg.label) };
}

/**
 * A new credential for the device. The one it used keeps working until the
 * device first uses the new one (authenticateDevice promotes it): a device
 * whose reply was lost on a bad line would otherwise hold only a dead
 * credential. Rotating again replaces a new credential never used.
 */
export async function rotateDevice(tx: SqlTx, device: { registrationId: string; deviceId: string; outletId: string }, at: number): Promise<string> {
  const secret = newSecret();
  const changed = await tx.run('UPDATE device_registrations SET pending_credential_hash = ?, rotated_at = ? WHERE id = ? AND revoked_at IS NULL', [
    sha256(secret),
    at,
    device.registrationId,
  ]);
  if (changed !== 1) throw new Refusal('unauthenticated', E.deviceRevoked, 'this device was revoked while rotating its credential');
  await appendAudit(tx, {
    at,
    action: 'device.rotate',
    deviceId: device.deviceId,
    outletId: device.outletId,
    subject: device.registrationId,
    detail: `device ${device.deviceId} replaced its credential`,
    note: auditNote('device.rotated', { deviceId: device.deviceId }),
  });
  return deviceToken(device.deviceId, secret);
}

/** Revokes a registration (enrolled or still waiting for its device); revoking it again changes nothing. */
export async function revokeDevice(tx: SqlTx, registrationId: string, act: Act): Promise<AdminDevice> {
  const [before] = await tx.all(`${DEVICE_SELECT} WHERE r.id = ?`, [registrationId]);
  if (!before) throw new Refusal('not-found', E.notFound, `no device registration has the id "${registrationId}"`);
  if (before.revoked_at === null) {
    await tx.run('UPDATE device_registrations SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [act.at, registrationId]);
    const deviceId = optStr(before.device_id);
    await appendAudit(tx, {
      at: act.at,
      action: 'device.revoke',
      actorId: act.actorId,
      deviceId,
      outletId: str(before.outlet_id),
      subject: registrationId,
      detail: deviceId
        ? `revoked "${str(before.label)}" (device ${deviceId}); its next request is refused`
        : `revoked "${str(before.label)}" before any device enrolled; its code no longer works`,
      note: deviceId ? auditNote('device.revoked', { label: str(before.label), deviceId }) : auditNote('device.revoked-unused', { label: str(before.label) }),
    });
  }
  const [after] = await tx.all(`${DEVICE_SELECT} WHERE r.id = ?`, [registrationId]);
  if (!after) throw new Error('revokeDevice: the row just read is missing');
  return adminDevice(after, act.at);
}
