// The management API as the pages use it: the session cookie (with its
// header) on every call, every answer parsed with the shared schemas, every
// failure turned into a ManagementError the page can put in words. A 401 on a
// session call ends that session here, so no page can keep showing a dead one.
import { z } from 'zod';
import {
  adminDeviceListSchema,
  adminDeviceSchema,
  adminUserListSchema,
  adminUserSchema,
  auditListSchema,
  caCertificateSchema,
  loginResponseSchema,
  okResponseSchema,
  registerDeviceResponseSchema,
  type AdminDevice,
  type AdminUser,
  type AuditEntry,
  type CreateUserRequest,
  type RegisterDeviceResponse,
  type UpdateUserRequest,
} from '../../protocol/auth.ts';
import { AUTH_ROUTES, CA_CERTIFICATE_ROUTE } from '../../protocol/route-paths.ts';
import { ManagementError, setSignOutPending, signOutPending, useManagementSession, type ManagementSession } from '../shared/services/management-session.ts';
import { NetClient, NetError, type NetAnswer, type NetProblem } from '../net/http.ts';

type Method = 'GET' | 'POST' | 'PATCH';

interface CallOptions {
  body?: unknown;
  /** A file sent as it is (an import sheet) instead of a JSON body. */
  raw?: { data: Blob | string; contentType: string };
  /** Extra request headers (Accept-Language for an import's messages). */
  headers?: Readonly<Record<string, string>>;
  /** Login and the CA certificate are the calls made without a session. */
  anonymous?: boolean;
  answer?: 'json' | 'text' | 'bytes';
}

// The global fetch is looked up at each call, so a page (or a test) that swaps it is heard.
const net = new NetClient();

/** A failed call in the words the management pages use; exported for calls made with the device's credential (review). */
export function failure(p: NetProblem, anonymous: boolean): ManagementError {
  switch (p.kind) {
    case 'offline':
      return new ManagementError('network', 'offline');
    case 'network':
      return new ManagementError('network', p.detail);
    case 'timeout':
      return new ManagementError('network', `no answer within ${Math.round(p.afterMs / 1000)} s`);
    case 'bad-response':
      return new ManagementError('bad-response', p.detail, { status: p.status });
    case 'http':
      break;
  }
  const opts = { status: p.status, code: p.code, field: p.field, params: p.params };
  switch (p.status) {
    case 401:
      // Without a session a 401 can only mean the username or password was wrong.
      return new ManagementError(anonymous ? 'bad-credentials' : 'unauthenticated', p.message, opts);
    case 403:
      return new ManagementError('forbidden', p.message, opts);
    case 404:
      return new ManagementError('not-found', p.message, opts);
    case 409:
      return new ManagementError('conflict', p.message, opts);
    case 426:
      return new ManagementError('update-required', p.message, opts);
    case 429:
      return new ManagementError('rate-limited', p.message, { ...opts, retryAfterSeconds: p.retryAfterSeconds });
    default:
      return new ManagementError(p.status >= 400 && p.status < 500 ? 'invalid' : 'server', p.message, opts);
  }
}

async function answerOf<S extends z.ZodType>(method: Method, path: string, schema: S, opts: CallOptions = {}): Promise<NetAnswer<z.infer<S>>> {
  const anonymous = opts.anonymous ?? false;
  let session: ManagementSession | null = null;
  if (!anonymous) {
    session = useManagementSession.getState().session;
    if (session === null) throw new ManagementError('unauthenticated', 'not signed in');
  }
  try {
    return await net.call({
      method,
      path,
      schema,
      body: opts.raw !== undefined ? { raw: opts.raw.data, contentType: opts.raw.contentType } : opts.body === undefined ? undefined : { json: opts.body },
      ...(opts.headers ? { headers: opts.headers } : {}),
      // The sign-in too: its answer sets the cookie, which a call without credentials would ignore.
      credential: { kind: 'session-cookie' },
      ...(opts.answer ? { answer: opts.answer } : {}),
    });
  } catch (e) {
    if (!(e instanceof NetError)) throw e;
    const err = failure(e.problem, anonymous);
    if (err.kind === 'unauthenticated' && session !== null) useManagementSession.getState().expire(session);
    throw err;
  }
}

/** One management call, parsed with its schema; the other API modules (catalog-admin-api.ts) call through it. */
export async function call<S extends z.ZodType>(method: Method, path: string, schema: S, opts: CallOptions = {}): Promise<z.infer<S>> {
  return (await answerOf(method, path, schema, opts)).data;
}

/** The local CA's certificate (PEM) that tablets install; a ManagementError 'not-found' when the server has none. */
export function caCertificate(): Promise<string> {
  return call('GET', CA_CERTIFICATE_ROUTE, caCertificateSchema, { anonymous: true, answer: 'text' });
}

/**
 * Signs in; the server keeps the token in an HttpOnly cookie, and only who
 * and until when is kept here. The token in the answer's body is for API
 * clients and is dropped.
 */
export async function signIn(username: string, password: string): Promise<ManagementSession> {
  const { data, headers } = await answerOf('POST', AUTH_ROUTES.login, loginResponseSchema, { body: { username, password }, anonymous: true });
  // The Date header is the server's clock, to the second: enough to place an 8-hour session.
  const serverNow = Date.parse(headers.get('date') ?? '');
  const clockSkewMs = Number.isNaN(serverNow) ? 0 : serverNow - Date.now();
  const session: ManagementSession = { expiresAt: data.expiresAt, user: data.user, clockSkewMs, passwordMustChange: data.passwordMustChange };
  useManagementSession.getState().signIn(session);
  return session;
}

/** Replaces the signed-in user's password; the session stays, the user's other sessions end on the server. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await call('POST', AUTH_ROUTES.password, okResponseSchema, { body: { currentPassword, newPassword } });
  const { session, signIn: keep } = useManagementSession.getState();
  if (session) keep({ ...session, passwordMustChange: false });
}

/** Tells the server; true once it has ended the session and dropped the cookie (or there was none to end). */
async function endOnServer(): Promise<boolean> {
  try {
    await net.call({ method: 'POST', path: AUTH_ROUTES.logout, schema: z.unknown(), credential: { kind: 'session-cookie' } });
    return true;
  } catch (e) {
    // Any answer from the server settles it: a 401 means the session was over already, and drops the cookie too.
    return e instanceof NetError && e.problem.kind === 'http';
  }
}

/**
 * Ends the session here at once, so signing out works offline too. The page
 * cannot remove an HttpOnly cookie itself: only the server's answer can, so
 * until one comes the sign-out stays pending and is sent again (at start-up
 * and when the network returns) by finishPendingSignOut.
 */
export async function signOut(): Promise<void> {
  const { session, signOut: forget } = useManagementSession.getState();
  if (!session) return;
  forget();
  setSignOutPending(true);
  if (await endOnServer()) setSignOutPending(false);
}

/** Sends a sign-out the server did not hear; nothing when none is pending or someone signed in since. */
export async function finishPendingSignOut(): Promise<void> {
  if (!signOutPending() || useManagementSession.getState().session !== null) return;
  if (await endOnServer()) setSignOutPending(false);
}

export async function listDevices(): Promise<AdminDevice[]> {
  return (await call('GET', AUTH_ROUTES.devices, adminDeviceListSchema)).devices;
}

export function registerDevice(outletId: string, label: string): Promise<RegisterDeviceResponse> {
  return call('POST', AUTH_ROUTES.devices, registerDeviceResponseSchema, { body: { outletId, label } });
}

/** Answers the device as the list now shows it. */
export function revokeDevice(registrationId: string): Promise<AdminDevice> {
  return call('POST', AUTH_ROUTES.revokeDevice.replace(':registrationId', encodeURIComponent(registrationId)), adminDeviceSchema, { body: {} });
}

export async function listUsers(): Promise<AdminUser[]> {
  return (await call('GET', AUTH_ROUTES.users, adminUserListSchema)).users;
}

export function createUser(req: CreateUserRequest): Promise<AdminUser> {
  return call('POST', AUTH_ROUTES.users, adminUserSchema, { body: req });
}

export function updateUser(userId: string, req: UpdateUserRequest): Promise<AdminUser> {
  return call('PATCH', AUTH_ROUTES.user.replace(':userId', encodeURIComponent(userId)), adminUserSchema, { body: req });
}

/** Newest first; `before` is the smallest id already shown. */
export async function listAudit(opts: { before?: number; limit: number }): Promise<AuditEntry[]> {
  const q = new URLSearchParams({ limit: String(opts.limit) });
  if (opts.before !== undefined) q.set('before', String(opts.before));
  return (await call('GET', `${AUTH_ROUTES.audit}?${q.toString()}`, auditListSchema)).entries;
}

/** A GET for another route that needs a management session (the review list). */
export function getWithSession<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
  return call('GET', path, schema);
}

/** A POST for another route that needs a management session (a flag resolved online). */
export function postWithSession<S extends z.ZodType>(path: string, schema: S, body: unknown): Promise<z.infer<S>> {
  return call('POST', path, schema, { body });
}

/** Any call of a route that needs a management session (product administration): JSON, a file body, or a file answer. */
export function callWithSession<S extends z.ZodType>(method: Method, path: string, schema: S, opts: CallOptions = {}): Promise<z.infer<S>> {
  return call(method, path, schema, opts);
}
