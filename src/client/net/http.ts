// The device's one way to talk HTTP. Every call gets the same treatment: the
// credential attached here (a bearer, or the session cookie and its header),
// a deadline on silence, the answer parsed with the caller's wire schema, and
// one failure type, so each caller only has to say what a NetProblem means
// for its page (sync, management, enrolment, import).
import type { z } from 'zod';
import { loadDeviceWire } from '../../protocol/device-wire-loader.ts';
import type { ErrorParams } from '../../protocol/errors.ts';
import { SESSION_HEADER, SESSION_HEADER_VALUE } from '../../protocol/headers.ts';

export type Fetch = typeof globalThis.fetch;

export type NetProblem =
  /** The browser says it has no network: nothing was sent. */
  | { kind: 'offline' }
  /** The request failed before any answer (DNS, refused, reset, CORS). */
  | { kind: 'network'; detail: string }
  /**
   * Nothing arrived for `afterMs` (no headers, or no byte of the body since
   * the last); the request may still reach the server. A slow answer that
   * keeps coming is never cut: a booth's 3G link takes minutes for a catalog.
   */
  | { kind: 'timeout'; afterMs: number }
  /**
   * A non-2xx answer. `message` is the server's (errorResponseSchema) or
   * "HTTP <status>"; `code` and `field` are null without that envelope.
   */
  | { kind: 'http'; status: number; code: string | null; message: string; field: string | null; retryAfterSeconds: number | null; params: ErrorParams }
  /**
   * A 2xx answer the caller's schema refuses. `readable` is false when the
   * body was not JSON at all (a proxy's HTML page, an empty body).
   */
  | { kind: 'bad-response'; status: number; detail: string; readable: boolean };

export class NetError extends Error {
  override name = 'NetError';
  constructor(readonly problem: NetProblem) {
    super(problem.kind);
  }
}

export type Credential =
  | { kind: 'none' }
  /** Read at every call, so a rotation in another tab takes effect at once; what it throws reaches the caller unchanged. */
  | { kind: 'device'; read: () => string | Promise<string> }
  /**
   * The management session in its HttpOnly cookie, which this page cannot
   * read: sent by the browser, with the header the server asks for beside it.
   */
  | { kind: 'session-cookie' };

/** `raw` may be a file the user chose (an import sheet), sent as it is. */
export type NetBody = { json: unknown } | { raw: string | Blob; contentType: string };

export interface NetCall<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PATCH';
  /** Joined to the client's baseUrl. */
  path: string;
  /** A promise for a schema that loads on demand (device-wire-loader.ts): it is awaited before anything is sent. */
  schema: S | Promise<S>;
  body?: NetBody;
  credential?: Credential;
  timeoutMs?: number;
  /** Extra request headers (the device's health report). */
  headers?: Readonly<Record<string, string>>;
  /** 'text': the answer is a file (a certificate), checked by `schema` as text; errors still come in the JSON envelope. */
  answer?: 'json' | 'text' | 'bytes';
}

export interface NetAnswer<T> {
  data: T;
  status: number;
  headers: Headers;
}

export interface NetClientOptions {
  /** Tests put a fake server here; by default the global fetch, looked up at each call. */
  fetch?: Fetch;
  baseUrl?: string;
  /** The silence allowed, for every call that does not set its own. */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Seconds from a Retry-After header, which may be a number of seconds or an HTTP date. */
export function parseRetryAfter(raw: string | null, now: number = Date.now()): number | null {
  const value = raw?.trim() ?? '';
  if (value === '') return null;
  const secs = Number(value);
  if (Number.isFinite(secs)) return secs >= 0 ? secs : null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, (at - now) / 1000);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function parseJson(text: string): { readable: true; body: unknown } | { readable: false } {
  if (text === '') return { readable: false };
  try {
    return { readable: true, body: JSON.parse(text) as unknown };
  } catch {
    return { readable: false };
  }
}

/** The body as bytes (a file to save), telling `heard` of every chunk. */
async function readBytes(res: Response, heard: () => void): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    heard();
    chunks.push(value);
    size += value.byteLength;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The body as text, telling `heard` of every chunk. */
async function readText(res: Response, heard: () => void): Promise<string> {
  if (!res.body) return res.text();
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    heard();
    text += decoder.decode(value, { stream: true });
  }
}

export class NetClient {
  private readonly fetchFn: Fetch;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(opts: NetClientOptions = {}) {
    this.fetchFn = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.baseUrl = opts.baseUrl ?? '';
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Resolves with the parsed answer or rejects with a NetError (or with what the credential's `read` threw). */
  async call<S extends z.ZodType>(call: NetCall<S>): Promise<NetAnswer<z.infer<S>>> {
    if (globalThis.navigator?.onLine === false) throw new NetError({ kind: 'offline' });
    // Before sending: a request whose answer could not be read is better not made.
    const req = { ...call, schema: await call.schema };
    const headers = new Headers({ ...req.headers, accept: 'application/json' });
    const credential = req.credential ?? { kind: 'none' };
    const bearer = await this.bearer(credential);
    if (bearer !== null) headers.set('authorization', `Bearer ${bearer}`);
    const withCookie = credential.kind === 'session-cookie';
    if (withCookie) headers.set(SESSION_HEADER, SESSION_HEADER_VALUE);
    let body: string | Blob | undefined;
    if (req.body && 'json' in req.body) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(req.body.json);
    } else if (req.body) {
      headers.set('content-type', req.body.contentType);
      body = req.body.raw;
    }
    const afterMs = req.timeoutMs ?? this.timeoutMs;
    // Aborting covers reading the body too, which can stall as well as the
    // headers; every chunk that arrives starts the wait again.
    const abort = new AbortController();
    let timer = setTimeout(() => abort.abort(), afterMs);
    const heard = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => abort.abort(), afterMs);
    };
    try {
      return await this.exchange(
        req,
        {
          method: req.method,
          headers,
          body,
          // The session cookie rides only on the calls that mean it (which is also what lets the
          // sign-in answer set it): a device's sync never carries a person's session along.
          credentials: withCookie ? 'same-origin' : 'omit',
          // Every answer is live server state; a cached one would be a lie.
          cache: 'no-store',
          signal: abort.signal,
        },
        afterMs,
        heard,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  private async bearer(credential: Credential): Promise<string | null> {
    switch (credential.kind) {
      case 'none':
      case 'session-cookie':
        return null;
      case 'device':
        return credential.read();
    }
  }

  private async exchange<S extends z.ZodType>(
    req: NetCall<S> & { schema: S },
    init: RequestInit & { signal: AbortSignal },
    afterMs: number,
    heard: () => void,
  ): Promise<NetAnswer<z.infer<S>>> {
    // Only this client's deadline aborts, so an aborted signal means the time ran out.
    const timedOut = (): NetError => new NetError({ kind: 'timeout', afterMs });
    let res: Response;
    try {
      res = await this.fetchFn(this.baseUrl + req.path, init);
    } catch (e) {
      throw init.signal.aborted ? timedOut() : new NetError({ kind: 'network', detail: messageOf(e) });
    }
    heard();
    if (res.ok && req.answer === 'bytes') {
      const bytes = await readBytes(res, heard).catch(() => null);
      if (init.signal.aborted) throw timedOut();
      const parsed = req.schema.safeParse(bytes);
      if (!parsed.success) throw new NetError({ kind: 'bad-response', status: res.status, detail: `${req.method} ${req.path}: the file did not arrive whole`, readable: false });
      return { data: parsed.data, status: res.status, headers: res.headers };
    }
    const text = await readText(res, heard).catch(() => '');
    if (init.signal.aborted) throw timedOut();
    const parsedJson = parseJson(text);
    const body = parsedJson.readable ? parsedJson.body : undefined;
    if (!res.ok) {
      // The envelope's schema is loaded on demand; if it cannot be, the refusal is still told by its status.
      const wire = await loadDeviceWire().catch(() => null);
      const envelope = wire?.errorResponseSchema.safeParse(body);
      const err = envelope?.success ? envelope.data.error : null;
      throw new NetError({
        kind: 'http',
        status: res.status,
        code: err?.code ?? null,
        message: err?.message ?? `HTTP ${res.status}`,
        field: err?.field ?? null,
        params: err?.params ?? {},
        retryAfterSeconds: parseRetryAfter(res.headers.get('retry-after')),
      });
    }
    const parsed = req.schema.safeParse(req.answer === 'text' ? text : body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
      throw new NetError({
        kind: 'bad-response',
        status: res.status,
        detail: `${req.method} ${req.path}: ${where}${issue?.message ?? 'unexpected body'}`,
        readable: parsedJson.readable,
      });
    }
    return { data: parsed.data, status: res.status, headers: res.headers };
  }
}
