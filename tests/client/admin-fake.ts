// A fake management server for the admin and review pages, built on the
// contract (protocol/auth.ts) while the real one is written in parallel:
// it plays the browser's cookie jar too (the session cookie sign-in sets,
// sent back only on calls with credentials and the X-Kasir-Session header,
// dropped by sign-out or a 401), checks the caller's role like the server will,
// parses every request body with the request schema, and every answer a test
// gives it with the response schema, so neither side of a test can drift
// from the wire. Anything it was not told to expect fails the request.
import { vi } from 'vitest';
import type { z } from 'zod';
import { useManagementSession } from '../../src/client/shared/services/management-session.ts';
import { AUTH_ERROR_CODES, loginRequestSchema, loginResponseSchema, okResponseSchema, SESSION_HEADER, SESSION_HEADER_VALUE, type LoginResponse, type SessionUser } from '../../src/protocol/auth.ts';
import { AUTH_ROUTES, REVIEW_ROUTE, ROUTE_TABLE, type RouteSpec } from '../../src/protocol/routes.ts';
import { errorResponseSchema } from '../../src/protocol/schemas.ts';

export const ADMIN: SessionUser = { id: 'u-admin', username: 'ayu', name: 'Ayu Lestari', role: 'admin', outletId: null };
export const SUPERVISOR: SessionUser = { id: 'u-spv', username: 'baiq', name: 'Baiq Nurul', role: 'supervisor', outletId: 'ntb-mall' };
export const CASHIER: SessionUser = { id: 'u-kasir', username: 'sari', name: 'Sari Kasir', role: 'cashier', outletId: 'ntb-mall' };

export const HOUR = 60 * 60 * 1000;

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** The session token the request carried, in the cookie or as a bearer. */
  token: string | null;
  /** How the token came. */
  via: 'cookie' | 'bearer' | null;
  params: Record<string, string>;
  user: SessionUser | null;
  headers: Headers;
  /** A body that is not JSON text (an import's file), as sent. */
  raw: BodyInit | null;
}

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A token: the browser keeps it as the session cookie; null: the browser drops the cookie. */
  setCookie?: string | null;
}

type Handler = (req: FakeRequest) => FakeAnswer | Promise<FakeAnswer>;

class ContractViolation extends Error {}

/** Routes supervisors may call too: access 'staff' in the route table. */
const STAFF_PATTERNS = (Object.values(ROUTE_TABLE) as RouteSpec[]).filter((r) => r.access === 'staff').map((r) => new RegExp(`^${r.path.replace(/:[A-Za-z0-9_]+/g, '[^/]+')}$`));
function staffPath(path: string): boolean {
  return STAFF_PATTERNS.some((p) => p.test(path));
}

export function errorAnswer(status: number, code: string, message: string, field: string | null = null, headers?: Record<string, string>): FakeAnswer {
  return { status, body: errorResponseSchema.parse({ error: { code, message, field } }), ...(headers ? { headers } : {}) };
}

/** An answer that must satisfy the response schema. */
export function answer<S extends z.ZodType>(schema: S, body: z.input<S>, status = 200): FakeAnswer {
  return { status, body: schema.parse(body) };
}

/** The request body as the server would parse it; a client that breaks the contract fails the test. */
export function bodyOf<S extends z.ZodType>(schema: S, req: FakeRequest): z.infer<S> {
  const parsed = schema.safeParse(req.body);
  if (!parsed.success) throw new ContractViolation(`${req.method} ${req.path}: ${parsed.error.message}`);
  return parsed.data;
}

function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const a = path.split('/');
  if (p.length !== a.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(a[i]!);
    else if (seg !== a[i]) return null;
  }
  return params;
}

export class FakeManagementServer {
  readonly requests: FakeRequest[] = [];
  readonly violations: string[] = [];
  private readonly sessions = new Map<string, SessionUser>();
  private readonly accounts = new Map<string, { user: SessionUser; password: string }>();
  private readonly routes: { method: string; pattern: string; handler: Handler }[] = [];
  private issued = 0;
  /** The session cookie as the browser holds it (HttpOnly: the page never sees it). */
  cookie: string | null = null;

  constructor() {
    this.on('POST', AUTH_ROUTES.login, (req) => {
      const { username, password } = bodyOf(loginRequestSchema, req);
      const account = this.accounts.get(username);
      if (!account || account.password !== password) return errorAnswer(401, AUTH_ERROR_CODES.signInFailed, 'wrong username or password');
      return this.login(this.issue(account.user));
    });
    this.on('POST', AUTH_ROUTES.logout, (req) => {
      if (req.token) this.sessions.delete(req.token);
      return { ...answer(okResponseSchema, { ok: true }), setCookie: null };
    });
  }

  /** The last handler added for a route wins, so a test can override the defaults. */
  on(method: string, pattern: string, handler: Handler): this {
    this.routes.unshift({ method, pattern, handler });
    return this;
  }

  addAccount(user: SessionUser, password: string): this {
    this.accounts.set(user.username, { user, password });
    return this;
  }

  issue(user: SessionUser, expiresAt = Date.now() + 8 * HOUR): LoginResponse {
    const token = `kks_s${++this.issued}.${'x'.repeat(32)}`;
    this.sessions.set(token, user);
    return { token, expiresAt, user, passwordMustChange: false };
  }

  /** The sign-in answer for a session issued already: the body, and its cookie. */
  login(session: LoginResponse): FakeAnswer {
    return { ...answer(loginResponseSchema, session), setCookie: session.token };
  }

  /** A session that already exists in this browser, as after a sign-in earlier: its cookie, and what the page keeps. */
  signedIn(user: SessionUser, expiresAt = Date.now() + 8 * HOUR): LoginResponse {
    const session = this.issue(user, expiresAt);
    this.cookie = session.token;
    useManagementSession.getState().signIn({ expiresAt: session.expiresAt, user: session.user, clockSkewMs: 0 });
    return session;
  }

  /** The server forgets every session (expired, or the server restarted with a new secret). */
  forgetSessions(): void {
    this.sessions.clear();
  }

  calls(method: string, path: string): FakeRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  install(): this {
    vi.stubGlobal('fetch', this.fetch);
    return this;
  }

  readonly fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input), 'http://kasir.test');
    const method = init?.method ?? 'GET';
    const headers = new Headers(init?.headers);
    const auth = headers.get('authorization');
    // As a browser does: the cookie goes only on a call with credentials, and the server takes it only with the header.
    const credentialed = init?.credentials === 'same-origin' || init?.credentials === 'include';
    const cookie = credentialed && headers.get(SESSION_HEADER) === SESSION_HEADER_VALUE ? this.cookie : null;
    const bearerToken = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : null;
    const token = auth !== null ? bearerToken : cookie;
    const via = auth !== null ? 'bearer' : cookie !== null ? 'cookie' : null;
    const body: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const route = this.routes.map((r) => ({ r, params: r.method === method ? matchPath(r.pattern, url.pathname) : null })).find((x) => x.params !== null);
    if (!route || !route.params) throw new Error(`unexpected request in a test: ${method} ${url.pathname}`);
    const user = token ? (this.sessions.get(token) ?? null) : null;
    const req: FakeRequest = { method, path: url.pathname, query: url.searchParams, body, token, via, params: route.params, user, headers, raw: typeof init?.body === 'string' ? null : (init?.body ?? null) };
    this.requests.push(req);

    let result: FakeAnswer;
    const open = url.pathname === AUTH_ROUTES.login;
    if (!open && auth !== null && !auth.startsWith('Bearer ')) result = errorAnswer(401, AUTH_ERROR_CODES.unauthenticated, 'send the session as Authorization: Bearer <token>');
    else if (!open && user === null) result = errorAnswer(401, AUTH_ERROR_CODES.sessionExpired, 'session ended; sign in again');
    else if (url.pathname.startsWith('/api/admin/') && !staffPath(url.pathname) && user?.role !== 'admin') result = errorAnswer(403, AUTH_ERROR_CODES.forbidden, 'admins only');
    else if (staffPath(url.pathname) && user?.role === 'cashier') result = errorAnswer(403, AUTH_ERROR_CODES.forbidden, 'supervisors and admins only');
    else if (url.pathname === REVIEW_ROUTE && user?.role === 'cashier') result = errorAnswer(403, AUTH_ERROR_CODES.forbidden, 'supervisors and admins only');
    else {
      try {
        result = await route.r.handler(req);
      } catch (e) {
        if (!(e instanceof ContractViolation)) throw e;
        this.violations.push(e.message);
        result = errorAnswer(400, 'invalid-request', e.message);
      }
    }
    // A page cannot see or touch an HttpOnly cookie; only answers change it.
    if (credentialed && result.setCookie !== undefined) this.cookie = result.setCookie;
    else if (credentialed && via === 'cookie' && result.status === 401) this.cookie = null;
    // A file answer (an export) goes as bytes.
    return new Response(result.body === undefined ? null : result.body instanceof Uint8Array ? result.body.slice() : JSON.stringify(result.body), {
      status: result.status,
      headers: { 'content-type': 'application/json', ...result.headers },
    });
  });
}
