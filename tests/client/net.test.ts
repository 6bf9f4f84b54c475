// The device's one HTTP client: every call gets a deadline, the credential it
// asks for, its answer parsed, and every failure as one NetError problem.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { NetClient, NetError, parseRetryAfter, type Fetch, type NetProblem } from '../../src/client/net/http.ts';

const okSchema = z.object({ ok: z.literal(true) });

interface Seen {
  url: string;
  init: RequestInit;
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** A fake network that records what was sent and answers with `answer`. */
function network(answer: (seen: Seen) => Response | Promise<Response>): { fetch: Fetch; seen: Seen[] } {
  const seen: Seen[] = [];
  const fetch: Fetch = (input, init) => {
    const s = { url: String(input), init: init ?? {} };
    seen.push(s);
    return Promise.resolve(answer(s));
  };
  return { fetch, seen };
}

/** Like a real fetch on a dead connection: no answer ever, until the caller aborts. */
const silent: Fetch = (_input, init) =>
  new Promise<Response>((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError')));
  });

async function problemOf(p: Promise<unknown>): Promise<NetProblem> {
  try {
    await p;
  } catch (e) {
    if (e instanceof NetError) return e.problem;
    throw e;
  }
  throw new Error('the call succeeded');
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('a call that succeeds', () => {
  it('joins the base URL, sends JSON with its content type, omits cookies and answers the parsed body with status and headers', async () => {
    const net = network(() => json({ ok: true }, 201, { date: 'Wed, 21 Oct 2015 07:28:00 GMT' }));
    const client = new NetClient({ fetch: net.fetch, baseUrl: 'https://kasir.test' });
    const answer = await client.call({ method: 'POST', path: '/api/x', schema: okSchema, body: { json: { a: 1 } } });
    expect(answer.data).toEqual({ ok: true });
    expect(answer.status).toBe(201);
    expect(answer.headers.get('date')).toBe('Wed, 21 Oct 2015 07:28:00 GMT');
    const [sent] = net.seen;
    expect(sent?.url).toBe('https://kasir.test/api/x');
    expect(sent?.init).toMatchObject({ method: 'POST', body: '{"a":1}', credentials: 'omit', cache: 'no-store' });
    expect(new Headers(sent?.init.headers).get('content-type')).toBe('application/json');
  });

  it('sends a raw body as given, with the content type it names', async () => {
    const net = network(() => json({ ok: true }));
    await new NetClient({ fetch: net.fetch }).call({ method: 'POST', path: '/api/x', schema: okSchema, body: { raw: 'a,b\n1,2', contentType: 'text/csv' } });
    expect(net.seen[0]?.init.body).toBe('a,b\n1,2');
    expect(new Headers(net.seen[0]?.init.headers).get('content-type')).toBe('text/csv');
  });

  it('uses the global fetch of the moment when none is given', async () => {
    const client = new NetClient();
    const net = network(() => json({ ok: true }));
    vi.stubGlobal('fetch', vi.fn(net.fetch));
    expect((await client.call({ method: 'GET', path: '/api/x', schema: okSchema })).data).toEqual({ ok: true });
    expect(net.seen.map((s) => s.url)).toEqual(['/api/x']);
  });
});

describe('the credential', () => {
  function authorizations(seen: Seen[]): (string | null)[] {
    return seen.map((s) => new Headers(s.init.headers).get('authorization'));
  }

  it('a device credential is read at every call, so a rotation counts at once', async () => {
    const net = network(() => json({ ok: true }));
    const client = new NetClient({ fetch: net.fetch });
    let current = 'kkd_dev.one';
    const credential = { kind: 'device' as const, read: () => Promise.resolve(current) };
    await client.call({ method: 'GET', path: '/api/x', schema: okSchema, credential });
    current = 'kkd_dev.two';
    await client.call({ method: 'GET', path: '/api/x', schema: okSchema, credential });
    expect(authorizations(net.seen)).toEqual(['Bearer kkd_dev.one', 'Bearer kkd_dev.two']);
  });

  it('the session cookie rides only on session calls, with its header and no Authorization; other calls send no cookie', async () => {
    const net = network(() => json({ ok: true }));
    const client = new NetClient({ fetch: net.fetch });
    await client.call({ method: 'GET', path: '/api/x', schema: okSchema, credential: { kind: 'session-cookie' } });
    await client.call({ method: 'GET', path: '/api/x', schema: okSchema, credential: { kind: 'device', read: () => 'kkd_dev.one' } });
    await client.call({ method: 'GET', path: '/api/x', schema: okSchema, credential: { kind: 'none' } });
    await client.call({ method: 'GET', path: '/api/x', schema: okSchema });
    expect(authorizations(net.seen)).toEqual([null, 'Bearer kkd_dev.one', null, null]);
    expect(net.seen.map((s) => s.init.credentials)).toEqual(['same-origin', 'omit', 'omit', 'omit']);
    expect(net.seen.map((s) => new Headers(s.init.headers).get('x-kasir-session'))).toEqual(['1', null, null, null]);
  });

  it('what the credential lookup throws reaches the caller unchanged, and nothing is sent', async () => {
    const net = network(() => json({ ok: true }));
    class NotEnrolled extends Error {}
    const call = new NetClient({ fetch: net.fetch }).call({
      method: 'GET',
      path: '/api/x',
      schema: okSchema,
      credential: { kind: 'device', read: () => Promise.reject(new NotEnrolled('no credential yet')) },
    });
    await expect(call).rejects.toBeInstanceOf(NotEnrolled);
    expect(net.seen).toEqual([]);
  });
});

describe('failures, all as one NetError', () => {
  it('offline: nothing is tried', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const net = network(() => json({ ok: true }));
    expect(await problemOf(new NetClient({ fetch: net.fetch }).call({ method: 'GET', path: '/api/x', schema: okSchema }))).toEqual({ kind: 'offline' });
    expect(net.seen).toEqual([]);
  });

  it('a request that fails on the way is a network problem with the browser words', async () => {
    const fetch: Fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    expect(await problemOf(new NetClient({ fetch }).call({ method: 'GET', path: '/api/x', schema: okSchema }))).toEqual({ kind: 'network', detail: 'Failed to fetch' });
  });

  it('times out by default after 30 s, aborting the request', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let signal: AbortSignal | null = null;
    const fetch: Fetch = (input, init) => {
      signal = init?.signal ?? null;
      return silent(input, init);
    };
    const problem = problemOf(new NetClient({ fetch }).call({ method: 'POST', path: '/api/x', schema: okSchema, body: { json: {} } }));
    await vi.advanceTimersByTimeAsync(29_999);
    expect(signal).toMatchObject({ aborted: false });
    await vi.advanceTimersByTimeAsync(1);
    expect(await problem).toEqual({ kind: 'timeout', afterMs: 30_000 });
    expect(signal).toMatchObject({ aborted: true });
  });

  it('a call may set its own deadline, over the client one', async () => {
    const client = new NetClient({ fetch: silent, timeoutMs: 60_000 });
    expect(await problemOf(client.call({ method: 'GET', path: '/api/x', schema: okSchema, timeoutMs: 20 }))).toEqual({ kind: 'timeout', afterMs: 20 });
  });

  it('the deadline covers a body that stops coming after the headers', async () => {
    const fetch: Fetch = (_input, init) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"ok":'));
          init?.signal?.addEventListener('abort', () => controller.error(new DOMException('The operation was aborted.', 'AbortError')));
        },
      });
      return Promise.resolve(new Response(body, { status: 200 }));
    };
    expect(await problemOf(new NetClient({ fetch, timeoutMs: 20 }).call({ method: 'GET', path: '/api/x', schema: okSchema }))).toEqual({ kind: 'timeout', afterMs: 20 });
  });

  it('never cuts a slow answer that keeps coming: the deadline is on silence, not on the whole answer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const parts = ['{"ok"', ':', 'true', '}'];
    const fetch: Fetch = () => {
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = parts.shift();
          if (next === undefined) return controller.close();
          // 20 s between chunks: 80 s in all, far past a 30 s total deadline.
          await new Promise((r) => setTimeout(r, 20_000));
          controller.enqueue(new TextEncoder().encode(next));
        },
      });
      return Promise.resolve(new Response(body, { status: 200 }));
    };
    const answer = new NetClient({ fetch, timeoutMs: 30_000 }).call({ method: 'GET', path: '/api/x', schema: okSchema });
    await vi.advanceTimersByTimeAsync(100_000);
    await expect(answer).resolves.toMatchObject({ status: 200 });
  });

  it('the server error envelope becomes the http problem, with code, message, field and params', async () => {
    const net = network(() => json({ error: { code: 'username-taken', message: 'that username is taken', field: 'username', params: { username: 'dewi' } } }, 409));
    expect(await problemOf(new NetClient({ fetch: net.fetch }).call({ method: 'POST', path: '/api/x', schema: okSchema, body: { json: {} } }))).toEqual({
      kind: 'http',
      status: 409,
      code: 'username-taken',
      message: 'that username is taken',
      field: 'username',
      retryAfterSeconds: null,
      params: { username: 'dewi' },
    });
  });

  it('an error without the envelope (a proxy page) says only the status', async () => {
    const net = network(() => new Response('<html>Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    expect(await problemOf(new NetClient({ fetch: net.fetch }).call({ method: 'GET', path: '/api/x', schema: okSchema }))).toEqual({
      kind: 'http',
      status: 502,
      code: null,
      message: 'HTTP 502',
      field: null,
      retryAfterSeconds: null,
      params: {},
    });
  });

  it('reads Retry-After in seconds and as an HTTP date', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-03-01T08:00:00Z'));
    const limited = (retryAfter: string) => network(() => json({ error: { code: 'rate-limited', message: 'slow down', field: null } }, 429, { 'retry-after': retryAfter }));
    const seconds = await problemOf(new NetClient({ fetch: limited('120').fetch }).call({ method: 'GET', path: '/api/x', schema: okSchema }));
    expect(seconds).toMatchObject({ kind: 'http', status: 429, retryAfterSeconds: 120 });
    const date = await problemOf(new NetClient({ fetch: limited('Sun, 01 Mar 2026 08:01:30 GMT').fetch }).call({ method: 'GET', path: '/api/x', schema: okSchema }));
    expect(date).toMatchObject({ kind: 'http', status: 429, retryAfterSeconds: 90 });
  });

  it('Retry-After: a date in the past is now, and nonsense is unknown', () => {
    const now = Date.parse('2026-03-01T08:00:00Z');
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 30 ', now)).toBe(30);
    expect(parseRetryAfter('Sun, 01 Mar 2026 07:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('an answer the schema refuses is a bad response naming the call and the field', async () => {
    const net = network(() => json({ ok: 'yes' }));
    const problem = await problemOf(new NetClient({ fetch: net.fetch }).call({ method: 'GET', path: '/api/x', schema: okSchema }));
    expect(problem).toEqual({ kind: 'bad-response', status: 200, detail: expect.stringMatching(/^GET \/api\/x: ok: /), readable: true });
  });

  it('an answer that is not JSON at all is a bad response too, marked unreadable', async () => {
    const html = network(() => new Response('<html>captive portal</html>', { status: 200 }));
    expect(await problemOf(new NetClient({ fetch: html.fetch }).call({ method: 'GET', path: '/api/x', schema: okSchema }))).toMatchObject({
      kind: 'bad-response',
      status: 200,
      readable: false,
    });
    const empty = network(() => new Response(null, { status: 204 }));
    expect(await problemOf(new NetClient({ fetch: empty.fetch }).call({ method: 'GET', path: '/api/x', schema: okSchema }))).toMatchObject({
      kind: 'bad-response',
      status: 204,
      readable: false,
    });
  });
});
