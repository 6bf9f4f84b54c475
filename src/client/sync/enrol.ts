// Enrolment: the one step of accounts that needs the network. A one-time
// code from the admin buys this device its credential, for the device id it
// already has, so sales it made before stay its own.
import { AUTH_ERROR_CODES, enrolResponseSchema, type EnrolResponse } from '../../protocol/auth.ts';
import { AUTH_ROUTES } from '../../protocol/routes.ts';
import { errorResponseSchema } from '../../protocol/schemas.ts';
import { storeEnrolment } from '../db/auth-repo.ts';
import type { KasirDb } from '../db/database.ts';
import { ensureDevice } from '../db/device-repo.ts';

export type EnrolProblem =
  | { kind: 'offline' }
  | { kind: 'unreachable'; detail: string }
  | { kind: 'code-refused'; detail: string }
  | { kind: 'code-expired'; detail: string }
  | { kind: 'code-used'; detail: string }
  /** The server holds this device as enrolled (its answer to an earlier try was lost): an admin must revoke it first. */
  | { kind: 'already-enrolled'; detail: string }
  | { kind: 'rate-limited'; retryAfterS: number | null }
  | { kind: 'failed'; detail: string };

export class EnrolError extends Error {
  override name = 'EnrolError';
  constructor(readonly problem: EnrolProblem) {
    super(problem.kind);
  }
}

export interface EnrolOptions {
  fetch?: typeof fetch;
  baseUrl?: string;
  timeoutMs?: number;
}

/** The code as people copy it: spaces and line breaks from a message or a QR are not part of it. */
export function normaliseCode(text: string): string {
  return text.trim().replace(/\s+/g, '');
}

export async function enrolDevice(db: KasirDb, code: string, opts: EnrolOptions = {}): Promise<EnrolResponse> {
  if (globalThis.navigator?.onLine === false) throw new EnrolError({ kind: 'offline' });
  const { deviceId } = await ensureDevice(db);
  const fetchFn = opts.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), opts.timeoutMs ?? 30_000);
  let res: Response;
  try {
    res = await fetchFn(`${opts.baseUrl ?? ''}${AUTH_ROUTES.enrol}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: normaliseCode(code), deviceId }),
      signal: abort.signal,
    });
  } catch (e) {
    throw new EnrolError({ kind: 'unreachable', detail: abort.signal.aborted ? 'no answer' : e instanceof Error ? e.message : String(e) });
  } finally {
    clearTimeout(timer);
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const err = errorResponseSchema.safeParse(body);
    const detail = err.success ? err.data.error.message : `HTTP ${res.status}`;
    const code = err.success ? err.data.error.code : '';
    if (res.status === 429) {
      const after = Number(res.headers.get('retry-after'));
      throw new EnrolError({ kind: 'rate-limited', retryAfterS: Number.isFinite(after) && after > 0 ? after : null });
    }
    if (res.status >= 500) throw new EnrolError({ kind: 'unreachable', detail });
    if (code === AUTH_ERROR_CODES.enrolmentCodeExpired || res.status === 410) throw new EnrolError({ kind: 'code-expired', detail });
    if (code === AUTH_ERROR_CODES.enrolmentCodeUsed) throw new EnrolError({ kind: 'code-used', detail });
    if (code === AUTH_ERROR_CODES.deviceAlreadyEnrolled) throw new EnrolError({ kind: 'already-enrolled', detail });
    throw new EnrolError({ kind: 'code-refused', detail });
  }
  const parsed = enrolResponseSchema.safeParse(body);
  if (!parsed.success) throw new EnrolError({ kind: 'failed', detail: 'the server sent an answer this app does not understand' });
  // A credential for another id would sign this device's sales as someone else's.
  if (parsed.data.deviceId !== deviceId) throw new EnrolError({ kind: 'failed', detail: `the server enrolled ${parsed.data.deviceId}, not this device (${deviceId})` });
  await storeEnrolment(db, parsed.data);
  return parsed.data;
}
