// The admin's or supervisor's password session for the management pages, and
// the failures those pages can meet, so every page words them the same way.
//
// The session token itself is in an HttpOnly cookie the server set at
// sign-in (docs/decisions.md, "Management sessions"): no script, of this
// origin or any other, can read it. What is kept here is only what the pages
// need to know they are signed in after a browser restart (who, until when),
// in localStorage so that it outlives the restart as the cookie does, and so
// that every tab agrees: a sign-out in one tab signs the others out too.
import { z } from 'zod';
import { AUTH_ERROR_CODES, sessionResponseSchema, type SessionUser } from '../../../protocol/auth.ts';
import { isErrorCode, type ErrorParams } from '../../../protocol/errors.ts';
import { serverErrorText } from '../../i18n/server-words.ts';
import type { T } from '../../i18n/use-t.ts';
import { createStore } from './create-store.ts';

export interface ManagementSession {
  /** Server clock, epoch ms. */
  expiresAt: number;
  user: SessionUser;
  /**
   * Server clock minus this device's, measured at sign-in. Counter PCs with a
   * flat CMOS battery run days off; without this a session would end the
   * moment it began (or outlive the server's by days).
   */
  clockSkewMs: number;
  /** The password was printed by the server: the pages offer only its replacement until then. */
  passwordMustChange?: boolean;
}

const storedSessionSchema = sessionResponseSchema.extend({ clockSkewMs: z.number().finite().default(0) }).strict();

/** When the session ends by this device's clock. */
export function localDeadline(session: ManagementSession): number {
  return session.expiresAt - session.clockSkewMs;
}

/** Tells one sign-in from another (the token that would is out of reach, in the cookie). */
export function sessionKey(session: ManagementSession): string {
  return `${session.user.id}@${session.expiresAt}`;
}

function sameSession(a: ManagementSession | null, b: ManagementSession): boolean {
  return a !== null && sessionKey(a) === sessionKey(b);
}

interface SessionState {
  session: ManagementSession | null;
  /** Why the sign-in form is back: the server said the session is over. */
  expired: boolean;
  signIn: (session: ManagementSession) => void;
  signOut: () => void;
  /** The server answered 401 to a call made in `session`; a newer sign-in is left alone. */
  expire: (session: ManagementSession) => void;
}

const STORAGE_KEY = 'kasir-karya.management-session';
/** Set while the server has not yet heard a sign-out this browser made (offline, server down). */
const SIGN_OUT_PENDING_KEY = 'kasir-karya.management-sign-out-pending';

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Some browsers throw on access when storage is disabled; the session then lives only in memory.
    return null;
  }
}

function write(key: string, value: string | null): void {
  const s = storage();
  if (!s) return;
  try {
    if (value === null) s.removeItem(key);
    else s.setItem(key, value);
  } catch {
    // Full or disabled storage: the session still works in this page.
  }
}

function parseStored(raw: string | null | undefined, now: number): ManagementSession | null {
  if (!raw) return null;
  try {
    const parsed = storedSessionSchema.safeParse(JSON.parse(raw));
    if (!parsed.success || localDeadline(parsed.data) <= now) return null;
    return parsed.data;
  } catch {
    return null;
  }
}

function loadStored(now: number): ManagementSession | null {
  return parseStored(storage()?.getItem(STORAGE_KEY), now);
}

/**
 * Before the cookie, the whole session, token included, sat in
 * sessionStorage under the same key. A tab open across the update must not
 * keep that token lying there; its pages ask for a sign-in again.
 */
function dropLegacyToken(): void {
  try {
    globalThis.sessionStorage?.removeItem(STORAGE_KEY);
  } catch {
    // Storage disabled: there is nothing stored either.
  }
}
dropLegacyToken();

/** A sign-out the server has not confirmed: the browser may still hold a cookie that works. */
export function signOutPending(): boolean {
  try {
    return (storage()?.getItem(SIGN_OUT_PENDING_KEY) ?? null) !== null;
  } catch {
    return false;
  }
}

export function setSignOutPending(pending: boolean): void {
  write(SIGN_OUT_PENDING_KEY, pending ? '1' : null);
}

// setTimeout fires at once for delays above 2^31-1 ms (about 24.8 days).
const MAX_TIMER_MS = 2_147_483_647;
let expiryTimer: ReturnType<typeof setTimeout> | null = null;

function scheduleExpiry(session: ManagementSession | null): void {
  if (expiryTimer !== null) clearTimeout(expiryTimer);
  expiryTimer = null;
  if (!session) return;
  const delay = Math.min(Math.max(localDeadline(session) - Date.now(), 0), MAX_TIMER_MS);
  // Without this the page would show a live session until the next request bounced.
  expiryTimer = setTimeout(() => useManagementSession.getState().expire(session), delay);
}

export const useManagementSession = createStore<SessionState>((set, get) => ({
  session: loadStored(Date.now()),
  expired: false,
  signIn: (session) => {
    // The new sign-in's cookie replaced the old one: nothing is left for the old sign-out to end.
    setSignOutPending(false);
    set({ session, expired: false });
  },
  signOut: () => set({ session: null, expired: false }),
  expire: (session) => {
    if (sameSession(get().session, session)) set({ session: null, expired: true });
  },
}));

// Storage and the expiry timer follow the store, including resets between tests.
useManagementSession.subscribe((state, prev) => {
  if (state.session === prev.session) return;
  write(STORAGE_KEY, state.session ? JSON.stringify(state.session) : null);
  scheduleExpiry(state.session);
});
scheduleExpiry(useManagementSession.getState().session);

// Another tab signed in or out: this one follows, as the cookie they share already did.
globalThis.addEventListener?.('storage', (e: StorageEvent) => {
  if (e.key !== STORAGE_KEY && e.key !== null) return;
  const next = parseStored(e.key === null ? null : e.newValue, Date.now());
  const current = useManagementSession.getState().session;
  if (next === null ? current === null : sameSession(current, next)) return;
  useManagementSession.setState({ session: next, expired: false });
});

export type ManagementErrorKind =
  | 'unauthenticated'
  | 'bad-credentials'
  | 'forbidden'
  | 'rate-limited'
  | 'invalid'
  | 'conflict'
  | 'not-found'
  | 'update-required'
  | 'server'
  | 'network'
  | 'bad-response';

/** A management request that did not succeed, with what the page needs to say why. */
export class ManagementError extends Error {
  readonly kind: ManagementErrorKind;
  readonly status: number | null;
  readonly code: string | null;
  /** The request field the server blamed, e.g. "username" or "pin". */
  readonly field: string | null;
  /** From Retry-After on a 429. */
  readonly retryAfterSeconds: number | null;
  /** What the code's words need (protocol/errors.ts). */
  readonly params: ErrorParams;

  constructor(
    kind: ManagementErrorKind,
    message: string,
    opts: { status?: number | null; code?: string | null; field?: string | null; retryAfterSeconds?: number | null; params?: ErrorParams } = {},
  ) {
    super(message);
    this.name = 'ManagementError';
    this.kind = kind;
    this.status = opts.status ?? null;
    this.code = opts.code ?? null;
    this.field = opts.field ?? null;
    this.retryAfterSeconds = opts.retryAfterSeconds ?? null;
    this.params = opts.params ?? {};
  }
}

/** Refusals the contract names (AUTH_ERROR_CODES) in the reader's words; null for the rest. */
export function codeText(t: T, code: string | null): string | null {
  switch (code) {
    case AUTH_ERROR_CODES.usernameTaken:
      return t('errUsernameTaken');
    case AUTH_ERROR_CODES.weakPin:
      return t('errWeakPin');
    case AUTH_ERROR_CODES.outletRequired:
      return t('errOutlet');
    case AUTH_ERROR_CODES.unknownOutlet:
      return t('errUnknownOutlet');
    case AUTH_ERROR_CODES.lastAdmin:
      return t('errLastAdmin');
    default:
      return null;
  }
}

/** The failure in the reader's words; the server's own message only where it is the most precise thing we have. */
export function managementErrorText(t: T, e: unknown): string {
  if (!(e instanceof ManagementError)) return t('errServer', { message: e instanceof Error ? e.message : String(e) });
  switch (e.kind) {
    case 'unauthenticated':
      return t('sessionExpiredNotice');
    case 'bad-credentials':
      return t('errBadCredentials');
    case 'forbidden':
      return e.code === AUTH_ERROR_CODES.wrongOutlet ? t('errWrongOutlet') : t('errForbidden');
    case 'rate-limited':
      return e.retryAfterSeconds === null
        ? t('errRateLimitedLater')
        : t('errRateLimited', { n: Math.max(1, Math.ceil(e.retryAfterSeconds / 60)) });
    case 'network':
      return t('errUnreachable', { detail: e.message });
    case 'update-required':
      return isErrorCode(e.code) ? serverErrorText(t, e.code, e.params) : t('errUpdateRequired', { message: e.message });
    case 'bad-response':
      return t('errBadResponse', { detail: e.message });
    case 'invalid':
    case 'conflict':
    case 'not-found':
      return codeText(t, e.code) ?? (isErrorCode(e.code) ? serverErrorText(t, e.code, e.params) : t('errRefused', { message: e.message }));
    case 'server':
      return isErrorCode(e.code) ? serverErrorText(t, e.code, e.params) : t('errServer', { message: e.message });
  }
}
