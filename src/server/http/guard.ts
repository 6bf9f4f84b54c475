// Authorisation on every route, decided on the server. Each route's entry in
// protocol/routes.ts says who may call it (ACCESS), and http/routes.ts puts
// that in its `config: { access }`; app.ts refuses to register an API route
// without a rule, and tests/server/auth-matrix.test.ts calls every
// registered route with every kind of caller. This hook checks the kind of
// credential and the role; a route checks what the body or query names
// (another device, another outlet) itself.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AUTH_ERROR_CODES as E, SESSION_HEADER, SESSION_HEADER_VALUE, type SessionUser } from '../../protocol/auth.ts';
import { ACCESS_TEXT, type Access } from '../../protocol/routes.ts';
import { HttpError } from './http-error.ts';
import type { AuthFailure, Principal } from '../accounts/accounts.ts';
import { deviceCaller, sessionCaller } from '../accounts/service.ts';
import type { Store } from '../store/store.ts';
import { bearerOf, parseToken } from '../accounts/tokens.ts';
import { clearedSessionCookie, sessionCookieOf } from './session-cookie.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route; every /api route must say. */
    access?: Access;
    /** A session that must replace its password may still call it. */
    whilePasswordMustChange?: boolean;
  }
  interface FastifyRequest {
    /** The checked caller; null on open routes. */
    principal: Principal | null;
  }
}

const isStaff = (user: SessionUser): boolean => user.role === 'supervisor' || user.role === 'admin';

export function allows(access: Access, p: Principal | null): boolean {
  if (access === 'open') return true;
  if (p === null) return false;
  switch (access) {
    case 'device':
      return p.kind === 'device';
    case 'device-or-staff':
      return p.kind === 'device' || isStaff(p.user);
    case 'session':
      return p.kind === 'session';
    case 'staff':
      return p.kind === 'session' && isStaff(p.user);
    case 'admin':
    case 'metrics':
      return p.kind === 'session' && p.user.role === 'admin';
  }
}

/** The scrape token, compared in constant time: a guessed prefix tells nothing. */
function isMetricsToken(header: string | undefined, token: string | null): boolean {
  if (token === null) return false;
  const given = bearerOf(header);
  if (given === null) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/** RFC 6750: a 401 names the scheme to use. */
const CHALLENGE = { 'www-authenticate': 'Bearer realm="kasir-karya"' };

export function unauthorised(failure: AuthFailure, headers: Readonly<Record<string, string>> = {}): HttpError {
  return new HttpError(401, failure.code, failure.message, null, { ...CHALLENGE, ...headers });
}

/** The caller behind an Authorization header, or why there is none. */
export async function authenticate(store: Store, header: string | undefined, now: number): Promise<Principal | AuthFailure> {
  const bearer = bearerOf(header);
  if (bearer === null) {
    return { code: E.unauthenticated, message: 'no credential: send "Authorization: Bearer <token>" (a device enrols for one; a person signs in for one)' };
  }
  const token = parseToken(bearer);
  if (token === null) return { code: E.unauthenticated, message: 'the bearer token is not a Kasir Karya credential (kkd_… for a device, kks_… for a session)' };
  return token.kind === 'device'
    ? deviceCaller(store, token.deviceId, token.secret, now)
    : sessionCaller(store, token.sessionId, token.secret, now);
}

/** Routes a person's session may call; a device-only route never looks at the cookie. */
const takesSession = (access: Access): boolean => access !== 'device';

/**
 * The session behind the PWA's cookie. Only with SESSION_HEADER: a form,
 * link or image of another site makes the browser send the cookie (were
 * SameSite ever not honoured) but cannot add a header.
 */
async function cookieCaller(store: Store, cookie: string, header: string | string[] | undefined, now: number): Promise<Principal | AuthFailure> {
  if (header !== SESSION_HEADER_VALUE) {
    return { code: E.unauthenticated, message: `a session cookie counts only with the header "${SESSION_HEADER}: ${SESSION_HEADER_VALUE}"; other clients send "Authorization: Bearer <token>"` };
  }
  const token = parseToken(cookie);
  if (token === null || token.kind !== 'session') return { code: E.unauthenticated, message: 'the session cookie holds no session: sign in again' };
  return sessionCaller(store, token.sessionId, token.secret, now);
}

function whoIs(p: Principal): string {
  return p.kind === 'device' ? 'this is a device credential' : `you are signed in as ${p.user.role}`;
}

/**
 * Runs before the body is read, so a caller without a credential never gets
 * a 64 MB import parsed. Open routes do not look at the header at all.
 */
export function registerGuard(app: FastifyInstance, store: Store, now: () => number, metricsToken: string | null = null): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config.access;
    // Unmatched URLs (the 404 handler, the PWA's files) have no rule and no data.
    if (access === undefined || access === 'open') return;
    // A scraper is nobody: it reads the metrics and nothing else.
    if (access === 'metrics' && isMetricsToken(req.headers.authorization, metricsToken)) return;
    // A bearer wins: an API client says exactly which credential it means.
    const cookie = req.headers.authorization === undefined && takesSession(access) ? sessionCookieOf(req.headers.cookie) : null;
    const who = cookie === null ? await authenticate(store, req.headers.authorization, now()) : await cookieCaller(store, cookie, req.headers[SESSION_HEADER], now());
    if (!('kind' in who)) {
      // A cookie that no longer opens anything is dropped, so a signed-out or expired browser stops sending it.
      // Not when the header was missing: a page of another site must not be able to sign the admin out.
      const drop = cookie !== null && req.headers[SESSION_HEADER] === SESSION_HEADER_VALUE;
      throw unauthorised(who, drop ? { 'set-cookie': clearedSessionCookie(req) } : {});
    }
    if (!allows(access, who)) throw new HttpError(403, E.forbidden, `this needs ${ACCESS_TEXT[access]}; ${whoIs(who)}`);
    // A password printed on the server's terminal opens nothing but its own replacement.
    if (who.kind === 'session' && who.passwordMustChange && req.routeOptions.config.whilePasswordMustChange !== true) {
      throw new HttpError(403, E.passwordChangeRequired, 'this password was printed by the server for one use: replace it first (POST /api/auth/password)');
    }
    req.principal = who;
  });
}

/** The checked caller of a route that is not open; the guard ran before the handler. */
export function principalOf(req: { principal: Principal | null }): Principal {
  if (req.principal === null) throw new Error('principalOf: called on an open route');
  return req.principal;
}
