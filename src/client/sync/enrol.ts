// Enrolment: the one step of accounts that needs the network. A one-time
// code from the admin buys this device its credential, for the device id it
// already has, so sales it made before stay its own.
import type { EnrolResponse } from '../../protocol/auth.ts';
import { loadDeviceWire } from '../../protocol/device-wire-loader.ts';
import { AUTH_ERROR_CODES } from '../../protocol/error-codes.ts';
import { AUTH_ROUTES } from '../../protocol/route-paths.ts';
import { storeEnrolment } from '../db/auth-repo.ts';
import type { KasirDb } from '../db/database.ts';
import { ensureDevice } from '../db/device-repo.ts';
import type { ErrorParams } from '../../protocol/errors.ts';
import { NetClient, NetError, type Fetch, type NetProblem } from '../net/http.ts';

/**
 * Each with what the screen needs to word it in its language: the server's
 * code and params, never its English message (kept in `detail` for logs).
 */
export type EnrolProblem =
  | { kind: 'offline' }
  /** No answer (network, timeout: `code` null) or a server failure (5xx, with its code). */
  | { kind: 'unreachable'; code: string | null; params: ErrorParams; detail: string }
  | { kind: 'code-refused'; code: string | null; params: ErrorParams; detail: string }
  | { kind: 'code-expired'; detail: string }
  | { kind: 'code-used'; detail: string }
  /** The server holds this device as enrolled (its answer to an earlier try was lost): an admin must revoke it first. */
  | { kind: 'already-enrolled'; detail: string }
  | { kind: 'rate-limited'; retryAfterS: number | null }
  /** The answer cannot be used: not understood, or a credential for another device id. */
  | { kind: 'failed'; why: 'bad-response' | 'wrong-device'; detail: string };

export class EnrolError extends Error {
  override name = 'EnrolError';
  constructor(readonly problem: EnrolProblem) {
    super(problem.kind);
  }
}

export interface EnrolOptions {
  fetch?: Fetch;
  baseUrl?: string;
  timeoutMs?: number;
}

/** The code as people copy it: spaces and line breaks from a message or a QR are not part of it. */
export function normaliseCode(text: string): string {
  return text.trim().replace(/\s+/g, '');
}

function problemOf(p: NetProblem): EnrolProblem {
  switch (p.kind) {
    case 'offline':
      return { kind: 'offline' };
    case 'network':
      return { kind: 'unreachable', code: null, params: {}, detail: p.detail };
    case 'timeout':
      return { kind: 'unreachable', code: null, params: {}, detail: 'no answer' };
    case 'bad-response':
      return { kind: 'failed', why: 'bad-response', detail: 'the server sent an answer this app does not understand' };
    case 'http': {
      const detail = p.message;
      if (p.status === 429) return { kind: 'rate-limited', retryAfterS: p.retryAfterSeconds !== null && p.retryAfterSeconds > 0 ? p.retryAfterSeconds : null };
      if (p.status >= 500) return { kind: 'unreachable', code: p.code, params: p.params, detail };
      if (p.code === AUTH_ERROR_CODES.enrolmentCodeExpired || p.status === 410) return { kind: 'code-expired', detail };
      if (p.code === AUTH_ERROR_CODES.enrolmentCodeUsed) return { kind: 'code-used', detail };
      if (p.code === AUTH_ERROR_CODES.deviceAlreadyEnrolled) return { kind: 'already-enrolled', detail };
      return { kind: 'code-refused', code: p.code, params: p.params, detail };
    }
  }
}

export async function enrolDevice(db: KasirDb, code: string, opts: EnrolOptions = {}): Promise<EnrolResponse> {
  // Asked before the device row is touched: offline, enrolment changes nothing.
  if (globalThis.navigator?.onLine === false) throw new EnrolError({ kind: 'offline' });
  const { deviceId } = await ensureDevice(db);
  const net = new NetClient(opts);
  let answer: EnrolResponse;
  try {
    answer = (await net.call({ method: 'POST', path: AUTH_ROUTES.enrol, schema: loadDeviceWire().then((w) => w.enrolResponseSchema), body: { json: { code: normaliseCode(code), deviceId } } })).data;
  } catch (e) {
    if (e instanceof NetError) throw new EnrolError(problemOf(e.problem));
    throw e;
  }
  // A credential for another id would sign this device's sales as someone else's.
  if (answer.deviceId !== deviceId) throw new EnrolError({ kind: 'failed', why: 'wrong-device', detail: `the server enrolled ${answer.deviceId}, not this device (${deviceId})` });
  await storeEnrolment(db, answer);
  return answer;
}
