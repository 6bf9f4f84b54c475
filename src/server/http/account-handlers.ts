// Routes of issue 5: device enrolment and rotation, password sign-in, and the
// admin's devices, users and audit log. Each privileged act and its audit
// entry commit in one transaction; slow hashing happens before it opens.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashPin, pinProblem, type PinHash, type PinProblem } from '../../domain/pin.ts';
import { AUTH_ERROR_CODES as E, type AdminUser, type LoginResponse } from '../../protocol/auth.ts';
import type { ROUTE_TABLE } from '../../protocol/routes.ts';
import { principalOf } from './guard.ts';
import { hashPassword, verifyDecoy, verifyPassword } from '../accounts/password.ts';
import { FixedWindowLimiter, waitInWords, type WindowLimit } from './rate-limit.ts';
import { HttpError } from './http-error.ts';
import { clearSessionCookie, setSessionCookie } from './session-cookie.ts';
import type { RouteHandlers } from './routes.ts';
import { sessionUserOf, type Principal } from '../accounts/accounts.ts';
import * as accounts from '../accounts/service.ts';
import type { Store } from '../store/store.ts';

export interface AuthLimits {
  /** Every sign-in attempt from one address, right or wrong. */
  signInPerAddress: WindowLimit;
  /** Wrong passwords for one username, from anywhere; a right one clears the count. */
  signInFailuresPerUsername: WindowLimit;
  /** Every enrolment attempt from one address. */
  enrolPerAddress: WindowLimit;
}

/**
 * 20 sign-ins a minute per address lets a busy office behind one NAT work
 * and stops a script. 5 wrong passwords in 15 minutes per username stops
 * guessing one account from many addresses; the cost is that someone can
 * keep that one account locked out by failing on purpose, which an admin
 * sees in the audit log (every failure is there, with its address).
 * 10 enrolments a minute per address is more than any booth needs.
 */
export const DEFAULT_AUTH_LIMITS: AuthLimits = {
  signInPerAddress: { max: 20, windowMs: 60_000 },
  signInFailuresPerUsername: { max: 5, windowMs: 15 * 60_000 },
  enrolPerAddress: { max: 10, windowMs: 60_000 },
};

const PIN_WORDS: Record<PinProblem, string> = {
  'not-digits': 'a PIN is digits only',
  'too-short': 'a PIN needs at least 4 digits',
  'too-long': 'a PIN has at most 8 digits',
  'too-simple': 'this PIN is too easy to guess (one digit repeated, or a run like 1234 or 9876): choose another',
};

/** The PIN hashed for devices, or the 400 that says why it is refused. */
async function pinHashOf(pin: string | undefined): Promise<PinHash | undefined> {
  if (pin === undefined) return undefined;
  const problem = pinProblem(pin);
  if (problem) throw new HttpError(400, E.weakPin, PIN_WORDS[problem], 'pin');
  return hashPin(pin);
}

function rateLimited(waitMs: number, what: string): HttpError {
  const seconds = Math.ceil(waitMs / 1000);
  return new HttpError(429, E.rateLimited, `${what}: try again in ${waitInWords(waitMs)}`, null, { 'retry-after': String(seconds) }, { retryAfterSeconds: seconds });
}

function sessionOf(req: FastifyRequest): Extract<Principal, { kind: 'session' }> {
  const p = principalOf(req);
  if (p.kind !== 'session') throw new Error('a session route was reached without a session');
  return p;
}

function deviceOf(req: FastifyRequest): Extract<Principal, { kind: 'device' }> {
  const p = principalOf(req);
  if (p.kind !== 'device') throw new Error('a device route was reached without a device');
  return p;
}

/** The account routes' part of the handler map; app.ts registers it with the rest. */
export function accountHandlers(store: Store, now: () => number, limits: AuthLimits) {
  const signInAddress = new FixedWindowLimiter(limits.signInPerAddress, now);
  const signInFailures = new FixedWindowLimiter(limits.signInFailuresPerUsername, now);
  const enrolAddress = new FixedWindowLimiter(limits.enrolPerAddress, now);

  /** Counted before the body is even read, so a flood costs no parsing. */
  const limitBy =
    (limiter: FixedWindowLimiter, what: string) =>
    async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
      const wait = limiter.take(req.ip);
      if (wait > 0) throw rateLimited(wait, what);
    };

  return {
    // -------------------------------------------------------------- devices

    enrolDevice: {
      onRequest: limitBy(enrolAddress, 'too many enrolment attempts from this address'),
      handle: async ({ body }) => accounts.enrol(store, body, now()),
    },

    rotateDeviceCredential: async ({ req }) => {
      const device = deviceOf(req);
      return { credential: await accounts.rotateCredential(store, device, now()) };
    },

    // -------------------------------------------------------------- sign-in

    signIn: {
      onRequest: limitBy(signInAddress, 'too many sign-in attempts from this address'),
      handle: async ({ body, req, reply }): Promise<LoginResponse> => {
        const username = body.username.trim().toLowerCase();
        const wait = signInFailures.retryAfterMs(username);
        if (wait > 0) throw rateLimited(wait, `too many wrong passwords for "${username}"`);
        const user = await accounts.findUser(store, username);
        const ok = user?.active && user.passwordHash ? await verifyPassword(body.password, user.passwordHash) : await verifyDecoy(body.password);
        if (!user || !ok) {
          signInFailures.hit(username);
          const why = !user ? 'unknown-username' : !user.active ? 'deactivated' : !user.passwordHash ? 'no-password' : 'wrong-password';
          await accounts.recordSignInFailure(store, { username, user, why, from: req.ip, at: now() });
          throw new HttpError(401, E.signInFailed, 'wrong username or password');
        }
        signInFailures.reset(username);
        const at = now();
        const session = await accounts.startSession(store, user, req.ip, at);
        // For the PWA, which never keeps the token itself; API clients use the token in the body and ignore this.
        setSessionCookie(req, reply, session.token, session.expiresAt - at);
        return { token: session.token, expiresAt: session.expiresAt, user: sessionUserOf(user), passwordMustChange: user.passwordMustChange };
      },
    },

    signOut: async ({ req, reply }) => {
      const { sessionId, user } = sessionOf(req);
      await accounts.finishSession(store, sessionId, user, now());
      // Ended on the server first, so a browser that kept the cookie anyway holds nothing that opens a route.
      clearSessionCookie(req, reply);
      return { ok: true };
    },

    currentSession: async ({ req }) => {
      const { expiresAt, user, passwordMustChange } = sessionOf(req);
      return { expiresAt, user, passwordMustChange };
    },

    changePassword: async ({ body, req }) => {
      const { sessionId, user } = sessionOf(req);
      // Same limit as sign-in: a session left open on a shared PC must not become a password oracle.
      const wait = signInFailures.retryAfterMs(user.username);
      if (wait > 0) throw rateLimited(wait, `too many wrong passwords for "${user.username}"`);
      const row = await accounts.findUser(store, user.username);
      const ok = row?.passwordHash ? await verifyPassword(body.currentPassword, row.passwordHash) : await verifyDecoy(body.currentPassword);
      if (!row || !ok) {
        signInFailures.hit(user.username);
        throw new HttpError(400, E.wrongPassword, 'the current password is wrong', 'currentPassword');
      }
      signInFailures.reset(user.username);
      const passwordHash = await hashPassword(body.newPassword);
      await accounts.changeOwnPassword(store, user.id, passwordHash, { at: now(), actorId: user.id, keepSessionId: sessionId });
      return { ok: true };
    },

    // ---------------------------------------------------------------- admin

    listDevices: async () => ({ devices: await accounts.devices(store, now()) }),

    registerDevice: async ({ body, req }) => {
      const { user } = sessionOf(req);
      return accounts.register(store, body, { at: now(), actorId: user.id });
    },

    revokeDevice: async ({ params, req }) => {
      const { user } = sessionOf(req);
      return accounts.revoke(store, params.registrationId, { at: now(), actorId: user.id });
    },

    listUsers: async () => ({ users: await accounts.users(store) }),

    createUser: async ({ body, req }): Promise<AdminUser> => {
      const { user } = sessionOf(req);
      const pin = (await pinHashOf(body.pin)) ?? null;
      const passwordHash = body.password === undefined ? null : await hashPassword(body.password);
      return accounts.addUser(store, { username: body.username, name: body.name, role: body.role, outletId: body.outletId, pin, passwordHash }, { at: now(), actorId: user.id });
    },

    updateUser: async ({ params, body, req }): Promise<AdminUser> => {
      const { user, sessionId } = sessionOf(req);
      const pin = await pinHashOf(body.pin);
      const passwordHash = body.password === undefined ? undefined : await hashPassword(body.password);
      return accounts.changeUser(
        store,
        params.userId,
        { name: body.name, role: body.role, outletId: body.outletId, active: body.active, pin, passwordHash },
        { at: now(), actorId: user.id, keepSessionId: sessionId },
      );
    },

    listAudit: async ({ query }) => ({ entries: await accounts.auditEntries(store, query) }),
  } satisfies Partial<RouteHandlers<typeof ROUTE_TABLE>>;
}
