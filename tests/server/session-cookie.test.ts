// The management session as a browser holds it: sign-in sets an HttpOnly
// cookie that lasts what is left of the 8 hours (so it survives a browser
// restart), the server takes it on management routes only with the
// X-Kasir-Session header (another site's form cannot send one), and signing
// out or an ended session drops it. Bearer tokens work as before.
import { beforeEach, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, SESSION_HEADER } from '../../src/protocol/auth.ts';
import { AUTH_ROUTES, REVIEW_ROUTE, ROUTES } from '../../src/protocol/routes.ts';
import { SESSION_TTL_MS } from '../../src/server/accounts/accounts.ts';
import { buildApp } from '../../src/server/http/app.ts';
import { backends, bearer, createTestUser, deviceToken, pushBody, serverPerTest, type TestServer } from './helpers.ts';

const PASSWORD = 'lumbung-padi-sasak';
const MINUTE = 60_000;

interface Answer {
  status: number;
  body: { error?: { code: string; message: string } } & Record<string, unknown>;
  /** Every Set-Cookie of the answer. */
  cookies: string[];
}

async function call(url: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Answer> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Answer['body']), cookies: res.headers.getSetCookie() };
}

/** What the PWA sends: the cookie, and the header that says it is the PWA. */
const fromPwa = (cookie: string): Record<string, string> => ({ cookie, [SESSION_HEADER]: '1' });

/** `name=value` of a Set-Cookie line, as the browser sends it back. */
const cookiePair = (setCookie: string): string => setCookie.split(';')[0] ?? '';

describe.each(backends)('the session cookie ($name)', (backend) => {
  let server: TestServer;
  let url: string;
  let t: number;

  beforeEach(() => {
    t = 1_780_000_000_000;
  });
  serverPerTest(
    backend,
    (s) => {
      server = s;
      url = s.baseUrl;
    },
    { now: () => t },
  );
  beforeEach(async () => {
    await createTestUser(server.store, { username: 'lalu', name: 'Lalu Ahmad', role: 'supervisor', password: PASSWORD });
  });

  /** Signs in as the PWA does; answers the cookie to send back. */
  async function signIn(): Promise<{ cookie: string; token: string; setCookie: string }> {
    const res = await call(url, 'POST', AUTH_ROUTES.login, {}, { username: 'lalu', password: PASSWORD });
    expect(res.status).toBe(200);
    const [setCookie] = res.cookies;
    if (setCookie === undefined) throw new Error('sign-in set no cookie');
    return { cookie: cookiePair(setCookie), token: String(res.body.token), setCookie };
  }

  it('sign-in sets the token as an HttpOnly, SameSite=Strict cookie for /api that lasts the 8 hours, not Secure over plain HTTP', async () => {
    const { setCookie, token } = await signIn();
    expect(setCookie).toBe(`${SESSION_COOKIE}=${token}; Path=/api; Max-Age=${SESSION_TTL_MS / 1000}; HttpOnly; SameSite=Strict`);
  });

  it('is Secure when the browser reached the server over HTTPS (behind a trusted proxy)', async () => {
    const app = await buildApp({ store: server.store, staticDir: null, trustProxy: true });
    try {
      const res = await app.inject({
        method: 'POST',
        url: AUTH_ROUTES.login,
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
        payload: { username: 'lalu', password: PASSWORD },
      });
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['set-cookie'])).toMatch(/; Path=\/api; Max-Age=28800; HttpOnly; SameSite=Strict; Secure$/);
    } finally {
      await app.close();
    }
  });

  it('the cookie with the X-Kasir-Session header opens the management routes', async () => {
    const { cookie } = await signIn();
    const me = await call(url, 'GET', AUTH_ROUTES.session, fromPwa(cookie));
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ expiresAt: t + SESSION_TTL_MS, user: { username: 'lalu', role: 'supervisor' } });
    expect((await call(url, 'GET', REVIEW_ROUTE, fromPwa(cookie))).status).toBe(200);
    expect((await call(url, 'GET', `${ROUTES.pull}?since=0`, fromPwa(cookie))).status).toBe(200);
    // The role still counts: a supervisor's cookie is no admin's.
    expect((await call(url, 'GET', AUTH_ROUTES.devices, fromPwa(cookie))).status).toBe(403);
  });

  it('the cookie without the header is refused, as a forged cross-site request would send it, and the cookie is left alone', async () => {
    const { cookie } = await signIn();
    const forged: Record<string, string>[] = [{ cookie }, { cookie, [SESSION_HEADER]: 'yes' }];
    for (const headers of forged) {
      const res = await call(url, 'GET', AUTH_ROUTES.session, headers);
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: 'unauthenticated', message: expect.stringContaining(`${SESSION_HEADER}: 1`) });
      // Another site must not be able to sign the admin out either.
      expect(res.cookies).toEqual([]);
    }
    // A cross-site form posting a sign-out does nothing.
    expect((await call(url, 'POST', AUTH_ROUTES.logout, { cookie })).status).toBe(401);
    expect((await call(url, 'GET', AUTH_ROUTES.session, fromPwa(cookie))).status).toBe(200);
  });

  it('device routes never take a person\'s cookie', async () => {
    const { cookie } = await signIn();
    const res = await call(url, 'POST', ROUTES.push, fromPwa(cookie), pushBody('dev-cookie', []));
    expect(res.status).toBe(401);
    expect(res.body.error?.message).toMatch(/no credential/);
  });

  it('a bearer token wins over the cookie, and bearer tokens work as before', async () => {
    const { cookie, token } = await signIn();
    const device = await deviceToken(url, 'dev-bearer-wins');
    // A device's bearer beside a supervisor's cookie is a device: the review is not for it.
    expect((await call(url, 'GET', REVIEW_ROUTE, { ...fromPwa(cookie), ...bearer(device) })).status).toBe(403);
    expect((await call(url, 'GET', AUTH_ROUTES.session, bearer(token))).status).toBe(200);
  });

  it('signing out with the cookie ends the session on the server and clears the cookie', async () => {
    const { cookie, token } = await signIn();
    const out = await call(url, 'POST', AUTH_ROUTES.logout, fromPwa(cookie));
    expect(out.status).toBe(200);
    expect(out.cookies).toEqual([`${SESSION_COOKIE}=; Path=/api; Max-Age=0; HttpOnly; SameSite=Strict`]);
    // A browser (or anyone who copied the cookie) that kept it holds nothing: the session itself is over.
    const again = await call(url, 'GET', AUTH_ROUTES.session, fromPwa(cookie));
    expect(again.status).toBe(401);
    expect(again.body.error?.code).toBe('session-expired');
    expect((await call(url, 'GET', AUTH_ROUTES.session, bearer(token))).status).toBe(401);
  });

  it('an ended session\'s cookie is refused and dropped: after the 8 hours, and after 30 minutes unused', async () => {
    const first = await signIn();
    const end = t + SESSION_TTL_MS;
    // Used every 20 minutes, the session still ends at 8 hours.
    while (t + 20 * MINUTE < end) {
      t += 20 * MINUTE;
      expect((await call(url, 'GET', AUTH_ROUTES.session, fromPwa(first.cookie))).status).toBe(200);
    }
    const second = await signIn();
    t = end;
    const over = await call(url, 'GET', AUTH_ROUTES.session, fromPwa(first.cookie));
    expect(over.status).toBe(401);
    expect(over.body.error).toMatchObject({ code: 'session-expired', message: expect.stringMatching(/8 hours/) });
    expect(over.cookies).toEqual([`${SESSION_COOKIE}=; Path=/api; Max-Age=0; HttpOnly; SameSite=Strict`]);

    t += 30 * MINUTE;
    const idle = await call(url, 'GET', AUTH_ROUTES.session, fromPwa(second.cookie));
    expect(idle.status).toBe(401);
    expect(idle.body.error?.message).toMatch(/30 minutes/);
    expect(idle.cookies).toHaveLength(1);
  });

  it('a cookie that holds no session, or a device credential, is refused and dropped', async () => {
    const device = await deviceToken(url, 'dev-in-cookie');
    for (const value of ['kks_nope.abc', device]) {
      const res = await call(url, 'GET', AUTH_ROUTES.session, fromPwa(`${SESSION_COOKIE}=${value}`));
      expect(res.status).toBe(401);
      expect(res.cookies).toHaveLength(1);
    }
  });
});
