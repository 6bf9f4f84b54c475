// The management API as the pages use it: the session's bearer token on every
// call, every answer parsed with the shared schemas, every failure turned into
// a ManagementError the page can put in words. A 401 on a session call ends
// that session here, so no page can keep showing a dead one.
import type { z } from 'zod';
import {
  adminDeviceListSchema,
  adminDeviceSchema,
  adminUserListSchema,
  adminUserSchema,
  auditListSchema,
  loginResponseSchema,
  registerDeviceResponseSchema,
  type AdminDevice,
  type AdminUser,
  type AuditEntry,
  type CreateUserRequest,
  type RegisterDeviceResponse,
  type UpdateUserRequest,
} from '../../protocol/auth.ts';
import { AUTH_ROUTES } from '../../protocol/routes.ts';
import { errorResponseSchema } from '../../protocol/schemas.ts';
import { ManagementError, useManagementSession, type ManagementSession } from '../lib/management-session.ts';

type Method = 'GET' | 'POST' | 'PATCH';

interface CallOptions {
  body?: unknown;
  /** Login is the one call made without a session. */
  anonymous?: boolean;
  /** Sees the raw answer of a successful call (its headers). */
  onResponse?: (res: Response) => void;
}

/** Seconds from a Retry-After header, which may also be an HTTP date. */
function retryAfterSeconds(res: Response): number | null {
  const raw = res.headers.get('retry-after');
  if (raw === null) return null;
  const secs = Number(raw);
  if (Number.isFinite(secs) && secs >= 0) return secs;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, (at - Date.now()) / 1000);
}

function failure(res: Response, body: unknown, anonymous: boolean): ManagementError {
  const envelope = errorResponseSchema.safeParse(body);
  const err = envelope.success ? envelope.data.error : null;
  const message = err?.message ?? `HTTP ${res.status}`;
  const opts = { status: res.status, code: err?.code ?? null, field: err?.field ?? null };
  switch (res.status) {
    case 401:
      // Without a session a 401 can only mean the username or password was wrong.
      return new ManagementError(anonymous ? 'bad-credentials' : 'unauthenticated', message, opts);
    case 403:
      return new ManagementError('forbidden', message, opts);
    case 404:
      return new ManagementError('not-found', message, opts);
    case 409:
      return new ManagementError('conflict', message, opts);
    case 426:
      return new ManagementError('update-required', message, opts);
    case 429:
      return new ManagementError('rate-limited', message, { ...opts, retryAfterSeconds: retryAfterSeconds(res) });
    default:
      return new ManagementError(res.status >= 400 && res.status < 500 ? 'invalid' : 'server', message, opts);
  }
}

async function call<S extends z.ZodType>(method: Method, path: string, schema: S, opts: CallOptions = {}): Promise<z.infer<S>> {
  const anonymous = opts.anonymous ?? false;
  const headers: Record<string, string> = { accept: 'application/json' };
  let token: string | null = null;
  if (!anonymous) {
    token = useManagementSession.getState().session?.token ?? null;
    if (token === null) throw new ManagementError('unauthenticated', 'not signed in');
    headers.authorization = `Bearer ${token}`;
  }
  if (opts.body !== undefined) headers['content-type'] = 'application/json';

  let res: Response;
  try {
    res = await globalThis.fetch(path, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      // The token goes in the header only; no cookie should ride along.
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (e) {
    throw new ManagementError('network', e instanceof Error ? e.message : String(e));
  }
  const text = await res.text().catch(() => '');
  let body: unknown = undefined;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!res.ok) {
    const err = failure(res, body, anonymous);
    if (err.kind === 'unauthenticated' && token !== null) useManagementSession.getState().expire(token);
    throw err;
  }
  opts.onResponse?.(res);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
    throw new ManagementError('bad-response', `${method} ${path}: ${where}${issue?.message ?? 'unexpected body'}`, { status: res.status });
  }
  return parsed.data;
}

/** Signs in and keeps the session for this tab. */
export async function signIn(username: string, password: string): Promise<ManagementSession> {
  let clockSkewMs = 0;
  const answer = await call('POST', AUTH_ROUTES.login, loginResponseSchema, {
    body: { username, password },
    anonymous: true,
    onResponse: (res) => {
      // The Date header is the server's clock, to the second: enough to place an 8-hour session.
      const serverNow = Date.parse(res.headers.get('date') ?? '');
      if (!Number.isNaN(serverNow)) clockSkewMs = serverNow - Date.now();
    },
  });
  const session = { ...answer, clockSkewMs };
  useManagementSession.getState().signIn(session);
  return session;
}

/** Ends the session here at once; telling the server is best effort (its answer is not awaited for anything), so signing out works offline too. */
export async function signOut(): Promise<void> {
  const { session, signOut: forget } = useManagementSession.getState();
  if (!session) return;
  forget();
  try {
    await globalThis.fetch(AUTH_ROUTES.logout, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.token}` },
      credentials: 'omit',
    });
  } catch {
    // The session still expires on the server by itself.
  }
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
