// The server's own HTTPS: what a wrong certificate setting says (and that it
// writes nothing), the plain-HTTP port that redirects, HSTS only over HTTPS,
// `npm run tls:init`'s files, and the CA certificate offered to tablets.
import { spawn, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CA_CERTIFICATE_ROUTE, ROUTES } from '../../src/protocol/routes.ts';
import { loadConfig } from '../../src/server/config.ts';
import { buildApp } from '../../src/server/http/app.ts';
import { HSTS } from '../../src/server/http/security.ts';
import { openApiDocument } from '../../src/server/http/openapi.ts';
import { initTls, SERVER_CERT_DAYS, TLS_FILES } from '../../src/server/ops/tls-init.ts';
import { httpsLocation, loadTls } from '../../src/server/tls.ts';
import { sqliteBackend, type TestDatabase } from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const DAY = 24 * 60 * 60 * 1000;

let dir: string;
/** One CA and server certificate for kasir.test, made once: RSA keys take a moment each. */
let made: ReturnType<typeof initTls>;
/** A second, unrelated pair: its key is nobody's here. */
let other: ReturnType<typeof initTls>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kasir-tls-'));
  made = initTls(join(dir, 'tls'), ['kasir.test']);
  other = initTls(join(dir, 'other'), []);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function httpsGet(port: number, path: string, ca: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = httpsRequest({ host: '127.0.0.1', port, path, ca, servername: 'kasir.test', headers: { host: `kasir.test:${port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.once('error', fail);
    req.end();
  });
}

function httpGet(port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.once('error', fail);
    req.end();
  });
}

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => done(port));
    });
  });
}

describe('TLS settings', { timeout: 120_000 }, () => {
  const env = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ PORT: '8443', ...extra });

  it('a certificate without its key, or a key without its certificate, is refused naming the missing one', () => {
    expect(() => loadConfig(env({ TLS_CERT_FILE: 'server.pem' }), '/srv')).toThrow(/TLS_CERT_FILE is set but TLS_KEY_FILE is not/);
    expect(() => loadConfig(env({ TLS_KEY_FILE: 'server-key.pem' }), '/srv')).toThrow(/TLS_KEY_FILE is set but TLS_CERT_FILE is not.*tls:init/);
  });

  it('HTTP_REDIRECT_PORT needs HTTPS to redirect to, and another port than PORT', () => {
    expect(() => loadConfig(env({ HTTP_REDIRECT_PORT: '8080' }), '/srv')).toThrow(/not serving HTTPS: set TLS_CERT_FILE and TLS_KEY_FILE/);
    const tls = { TLS_CERT_FILE: 'a.pem', TLS_KEY_FILE: 'b.pem' };
    expect(() => loadConfig(env({ ...tls, HTTP_REDIRECT_PORT: '8443' }), '/srv')).toThrow(/same as PORT/);
    expect(() => loadConfig(env({ ...tls, HTTP_REDIRECT_PORT: 'http' }), '/srv')).toThrow(/HTTP_REDIRECT_PORT must be a port number/);
    const ok = loadConfig(env({ ...tls, HTTP_REDIRECT_PORT: '8080' }), '/srv');
    expect(ok.tls).toEqual({ certFile: '/srv/a.pem', keyFile: '/srv/b.pem' });
    expect(ok.httpRedirectPort).toBe(8080);
    // The CA offered to tablets is the one tls:init wrote beside the certificate.
    expect(ok.caFile).toBe('/srv/ca.pem');
  });

  it('a pair that fits loads, with the names the certificate is for', () => {
    const tls = loadTls({ certFile: made.certFile, keyFile: made.keyFile });
    expect(tls.names).toContain('kasir.test');
    expect(tls.validTo.getTime()).toBe(made.validTo.getTime());
  });

  it('a missing file is named, with what to do', () => {
    const missing = join(dir, 'nowhere.pem');
    expect(() => loadTls({ certFile: missing, keyFile: made.keyFile })).toThrow(`TLS_CERT_FILE names ${missing}, which does not exist. Run \`npm run tls:init\``);
    expect(() => loadTls({ certFile: made.certFile, keyFile: missing })).toThrow(`TLS_KEY_FILE names ${missing}, which does not exist`);
    expect(() => loadTls({ certFile: dir, keyFile: made.keyFile })).toThrow(`TLS_CERT_FILE names ${dir}, which is a folder`);
  });

  it('swapped files, a key of another certificate, and a file that is no PEM are each told apart', () => {
    expect(() => loadTls({ certFile: made.keyFile, keyFile: made.certFile })).toThrow(/is not a PEM certificate.*may be swapped/);
    expect(() => loadTls({ certFile: made.certFile, keyFile: other.keyFile })).toThrow(`TLS_KEY_FILE ${other.keyFile} is not the key of the certificate in TLS_CERT_FILE ${made.certFile}`);
    const junk = join(dir, 'junk.pem');
    writeFileSync(junk, 'not a key\n');
    expect(() => loadTls({ certFile: made.certFile, keyFile: junk })).toThrow(`TLS_KEY_FILE ${junk} is not a PEM private key`);
  });

  it('an expired certificate is refused, saying tls:init renews it and keeps the CA', () => {
    expect(() => loadTls({ certFile: made.certFile, keyFile: made.keyFile }, made.validTo.getTime() + DAY)).toThrow(/expired on .*npm run tls:init` again \(it keeps the certificate authority/);
  });

  it('the server refuses to start on a mismatched key, naming the file, and writes nothing', () => {
    const data = join(dir, 'refused');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(data, 'kasir.sqlite')}`, TLS_CERT_FILE: made.certFile, TLS_KEY_FILE: other.keyFile },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`TLS_KEY_FILE ${other.keyFile} is not the key of the certificate in TLS_CERT_FILE ${made.certFile}`);
    expect(run.stderr).toContain('Nothing was written.');
    expect(run.stdout).not.toMatch(/password/i);
    expect(existsSync(data)).toBe(false);
  });
});

describe('serving HTTPS', { timeout: 120_000 }, () => {
  it('answers over HTTPS on PORT with HSTS; plain HTTP on HTTP_REDIRECT_PORT is a 301 to the same host and path on HTTPS', async () => {
    const redirectPort = await freePort();
    const data = join(dir, 'served');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        HTTP_REDIRECT_PORT: String(redirectPort),
        DATABASE_URL: `sqlite:${join(data, 'kasir.sqlite')}`,
        STATIC_DIR: join(data, 'no-dist'),
        KASIR_ADMIN_PASSWORD: 'kata-sandi-tls-uji',
        BACKUP_EVERY_HOURS: '0',
        TLS_CERT_FILE: made.certFile,
        TLS_KEY_FILE: made.keyFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    try {
      let out = '';
      const port = await new Promise<number>((ready, fail) => {
        const onData = (chunk: Buffer): void => {
          out += chunk.toString();
          const m = /listening on https:\/\/localhost:(\d+)/.exec(out);
          if (m) ready(Number(m[1]));
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => fail(new Error(`server exited (${code ?? 'signal'}) before listening:\n${out}`)));
      });
      expect(out).toContain(`Plain HTTP on port ${redirectPort} redirects to HTTPS on port ${port}.`);
      // The first-start lines point at the HTTPS address too.
      expect(out).toContain(`open https://localhost:${port}/admin`);

      const ca = readFileSync(made.caFile, 'utf8');
      const health = await httpsGet(port, ROUTES.health, ca);
      expect(health.status).toBe(200);
      expect(health.headers['strict-transport-security']).toBe(HSTS);

      const moved = await httpGet(redirectPort, '/penjualan?hari=ini', { host: `kasir.test:${redirectPort}` });
      expect(moved.status).toBe(301);
      expect(moved.headers.location).toBe(`https://kasir.test:${port}/penjualan?hari=ini`);
      // Nothing of the app or the API over plain HTTP, where a token would travel in clear.
      const api = await httpGet(redirectPort, ROUTES.health, { host: `192.168.1.5:${redirectPort}` });
      expect(api.status).toBe(301);
      expect(api.headers.location).toBe(`https://192.168.1.5:${port}${ROUTES.health}`);
      expect(api.body).not.toContain('protocolVersion');
      expect((await httpGet(redirectPort, '/', { host: 'evil.example/x' })).status).toBe(400);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('the API document gives the CA route its file type, not JSON', () => {
    const doc = JSON.parse(JSON.stringify(openApiDocument())) as { paths: Record<string, { get: { responses: Record<string, { content?: Record<string, unknown> }> } }> };
    expect(Object.keys(doc.paths[CA_CERTIFICATE_ROUTE]?.get.responses['200']?.content ?? {})).toEqual(['application/x-x509-ca-cert']);
  });

  it('redirect targets keep IPv6 addresses bracketed and drop the port for 443', () => {
    expect(httpsLocation('[fe80::1]:80', '/admin', 443)).toBe('https://[fe80::1]/admin');
    expect(httpsLocation('kasir-booth.local', '/', 8443)).toBe('https://kasir-booth.local:8443/');
    expect(httpsLocation('a b', '/', 443)).toBeNull();
    expect(httpsLocation(undefined, '/', 443)).toBeNull();
  });
});

describe('HSTS and the CA certificate route', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await sqliteBackend.create();
  });
  afterAll(async () => database.destroy());

  async function serve(opts: Partial<Parameters<typeof buildApp>[0]>): Promise<{ port: number; close: () => Promise<void> }> {
    const store = await database.open();
    const app = await buildApp({ store, staticDir: null, ...opts });
    await app.listen({ port: 0, host: '127.0.0.1' });
    return { port: (app.server.address() as AddressInfo).port, close: () => app.close().then(() => store.close()) };
  }

  it('plain HTTP gets no HSTS; behind a trusted proxy that says https, it does', async () => {
    const direct = await serve({});
    try {
      expect((await httpGet(direct.port, ROUTES.health)).headers['strict-transport-security']).toBeUndefined();
      // Without TRUST_PROXY, anyone could claim https.
      expect((await httpGet(direct.port, ROUTES.health, { 'x-forwarded-proto': 'https' })).headers['strict-transport-security']).toBeUndefined();
    } finally {
      await direct.close();
    }
    const proxied = await serve({ trustProxy: true });
    try {
      expect((await httpGet(proxied.port, ROUTES.health, { 'x-forwarded-proto': 'https' })).headers['strict-transport-security']).toBe(HSTS);
      expect((await httpGet(proxied.port, ROUTES.health)).headers['strict-transport-security']).toBeUndefined();
    } finally {
      await proxied.close();
    }
  });

  it('offers the local CA as application/x-x509-ca-cert to anyone, and never a server certificate or key', async () => {
    const tls = loadTls({ certFile: made.certFile, keyFile: made.keyFile });
    const server = await serve({ tls: { cert: tls.cert, key: tls.key }, caFile: made.caFile });
    try {
      const ca = readFileSync(made.caFile, 'utf8');
      const res = await httpsGet(server.port, CA_CERTIFICATE_ROUTE, ca);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/x-x509-ca-cert');
      expect(res.headers['content-disposition']).toBe('attachment; filename="kasir-karya-ca.crt"');
      expect(new X509Certificate(res.body).fingerprint256).toBe(new X509Certificate(ca).fingerprint256);
      expect(res.body).not.toContain('PRIVATE KEY');
    } finally {
      await server.close();
    }
    for (const caFile of [join(dir, 'none.pem'), made.certFile, made.keyFile]) {
      const wrong = await serve({ caFile });
      try {
        const res = await httpGet(wrong.port, CA_CERTIFICATE_ROUTE);
        expect(res.status, caFile).toBe(404);
        const body = JSON.parse(res.body) as { error: { code: string; message: string } };
        expect(body.error.code).toBe('no-local-ca');
        expect(body.error.message).toMatch(/npm run tls:init|not a certificate authority/);
        expect(res.body).not.toContain('PRIVATE KEY');
      } finally {
        await wrong.close();
      }
    }
  });
});

describe('npm run tls:init', { timeout: 120_000 }, () => {
  const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/server/ops/tls-init-cli.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

  it('makes a CA and a server certificate for the given host, keys 0600 in a 0700 folder, and prints the lines to set', () => {
    const out = join(dir, 'cli');
    const r = run(['--host', 'kasir-booth.test', '--host', '10.20.30.40', '--dir', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`TLS_CERT_FILE=${join(out, TLS_FILES.cert)}`);
    expect(r.stdout).toContain(`TLS_KEY_FILE=${join(out, TLS_FILES.key)}`);
    expect(r.stdout).toContain('Made a new local certificate authority');
    expect(statSync(out).mode & 0o777).toBe(0o700);
    expect(statSync(join(out, TLS_FILES.caKey)).mode & 0o777).toBe(0o600);
    expect(statSync(join(out, TLS_FILES.key)).mode & 0o777).toBe(0o600);
    const ca = new X509Certificate(readFileSync(join(out, TLS_FILES.ca)));
    const cert = new X509Certificate(readFileSync(join(out, TLS_FILES.cert)));
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.subjectAltName).toContain('DNS:kasir-booth.test');
    expect(cert.subjectAltName).toContain('DNS:localhost');
    expect(cert.subjectAltName).toContain('IP Address:10.20.30.40');
    const days = (new Date(cert.validTo).getTime() - Date.now()) / DAY;
    expect(days).toBeGreaterThan(SERVER_CERT_DAYS - 1);
    expect(days).toBeLessThanOrEqual(SERVER_CERT_DAYS);

    // Again: the same CA (tablets need not trust again), a new server certificate from it.
    const caBefore = readFileSync(join(out, TLS_FILES.ca), 'utf8');
    const caKeyBefore = readFileSync(join(out, TLS_FILES.caKey), 'utf8');
    const again = run(['--host', 'kasir-booth.test', '--dir', out]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('Kept the certificate authority');
    // The address given only the first time is said to be gone, not dropped silently.
    expect(again.stdout).toMatch(/No longer in it .*: 10\.20\.30\.40$/m);
    expect(readFileSync(join(out, TLS_FILES.ca), 'utf8')).toBe(caBefore);
    expect(readFileSync(join(out, TLS_FILES.caKey), 'utf8')).toBe(caKeyBefore);
    const renewed = new X509Certificate(readFileSync(join(out, TLS_FILES.cert)));
    expect(renewed.serialNumber).not.toBe(cert.serialNumber);
    expect(renewed.verify(ca.publicKey)).toBe(true);
    expect(statSync(join(out, TLS_FILES.key)).mode & 0o777).toBe(0o600);
  });

  it('refuses a --host that is no host name or address, and a CA certificate whose key is gone, making nothing', () => {
    const bad = run(['--host', 'not a host!', '--dir', join(dir, 'bad')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--host "not a host!" is neither a host name');
    expect(existsSync(join(dir, 'bad'))).toBe(false);

    const half = join(dir, 'half');
    initTls(half);
    rmSync(join(half, TLS_FILES.caKey));
    const before = readFileSync(join(half, TLS_FILES.cert), 'utf8');
    const r = run(['--dir', half]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${join(half, TLS_FILES.caKey)} is missing but ${join(half, TLS_FILES.ca)} is there`);
    expect(readFileSync(join(half, TLS_FILES.cert), 'utf8')).toBe(before);
  });
});
