// The server as a hostile browser or client meets it, over real HTTP: the
// security headers on every kind of answer, CORS closed, a sale too big to
// be real, and injection strings stored and answered byte for byte.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Product } from '../../src/domain/catalog.ts';
import { type MutationEnvelope, type SaleRecordPayload } from '../../src/protocol/schemas.ts';
import { REVIEW_ROUTE, ROUTES } from '../../src/protocol/routes.ts';
import { BODY_LIMIT, buildApp } from '../../src/server/http/app.ts';
import type { Store } from '../../src/server/store/store.ts';
import {
  adminToken,
  asDevice,
  backends,
  bearer,
  countRows,
  get,
  listSales,
  OUTLET,
  post,
  pull,
  push,
  pushBody,
  review,
  saleOf,
  snapshotCounts,
  sqliteBackend,
  serverPerTest,
  TABLES,
  TestDevice,
  totalStock,
  type TestDatabase,
  type TestServer,
} from './helpers.ts';
import { upsertCatalog } from '../../src/server/catalog/catalog.ts';

/** The policy as directive -> sources, so a test reads it the way a browser does. */
function cspOf(res: Response): Map<string, string[]> {
  const header = res.headers.get('content-security-policy');
  if (header === null) throw new Error(`no Content-Security-Policy on ${res.url} (${res.status})`);
  return new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0] !== undefined && parts[0] !== '')
      .map(([name, ...sources]) => [name ?? '', sources]),
  );
}

/** What every answer, whatever its status or body, must carry. */
function expectHardened(res: Response): void {
  const where = `${res.url} (${res.status})`;
  const csp = cspOf(res);
  expect(csp.get('default-src'), where).toEqual(["'self'"]);
  expect(csp.get('script-src'), where).toEqual(["'self'"]);
  expect(csp.get('style-src'), where).toEqual(["'self'"]);
  expect(csp.get('connect-src'), where).toEqual(["'self'"]);
  expect(csp.get('worker-src'), where).toEqual(["'self'"]);
  expect(csp.get('manifest-src'), where).toEqual(["'self'"]);
  expect(csp.get('object-src'), where).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors'), where).toEqual(["'none'"]);
  expect(csp.get('form-action'), where).toEqual(["'self'"]);
  expect(csp.has('base-uri'), where).toBe(true);
  // Nothing anywhere in the policy may let inline code, eval or any host in.
  const sources = [...csp.values()].flat();
  for (const loose of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", '*', 'http:', 'https:', 'data:']) {
    expect(sources, `${where}: ${loose}`).not.toContain(loose);
  }
  expect(res.headers.get('x-content-type-options'), where).toBe('nosniff');
  expect(res.headers.get('referrer-policy'), where).toBe('no-referrer');
  expect(res.headers.get('x-frame-options'), where).toBe('DENY');
  const permissions = res.headers.get('permissions-policy') ?? '';
  for (const own of ['camera=(self)', 'usb=(self)', 'serial=(self)', 'microphone=()', 'geolocation=()']) {
    expect(permissions.split(/,\s*/), where).toContain(own);
  }
  expectNoCors(res);
}

function expectNoCors(res: Response): void {
  const cors = [...res.headers.keys()].filter((h) => h.startsWith('access-control-'));
  expect(cors, `${res.url} (${res.status})`).toEqual([]);
}

const EVIL_ORIGIN = 'https://toko-palsu.example';

describe.each(backends)('hardening ($name)', (backend) => {
  let server: TestServer;
  let url: string;

  serverPerTest(backend, (s) => {
    server = s;
    url = s.baseUrl;
  });

  describe('security headers', () => {
    it('every kind of API answer carries them: 200, 400, 401, 403, 404, 413, 415 and a push', async () => {
      const device = new TestDevice();
      const asIt = await asDevice(url, device.id);
      const admin = bearer(await adminToken(url));
      const answers = [
        await fetch(`${url}${ROUTES.health}`),
        await fetch(`${url}${ROUTES.pull}?since=-1`, { headers: admin }),
        await fetch(`${url}${ROUTES.pull}?since=0`),
        await fetch(`${url}${REVIEW_ROUTE}`, { headers: asIt }),
        await fetch(`${url}/api/nothing-here`),
        await fetch(`${url}${ROUTES.push}`, { method: 'POST', headers: asIt, body: 'x'.repeat(BODY_LIMIT + 1) }),
        await fetch(`${url}${ROUTES.push}`, { method: 'POST', headers: { ...asIt, 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' }),
        await fetch(`${url}${ROUTES.push}`, {
          method: 'POST',
          headers: asIt,
          body: JSON.stringify(pushBody(device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])])),
        }),
      ];
      expect(answers.map((r) => r.status)).toEqual([200, 400, 401, 403, 404, 413, 415, 200]);
      for (const res of answers) expectHardened(res);
    });
  });

  describe('found in real use', () => {
    it('a payload nested 10,000 levels deep is a 400 naming the limit, never a 500; the sale around it is unaffected when sent alone', async () => {
      const device = new TestDevice();
      const asIt = await asDevice(url, device.id);
      // Built as text: JSON.stringify itself recurses.
      const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
      const body = `{"deviceId":${JSON.stringify(device.id)},"protocolVersion":1,"mutations":[{"seq":1,"id":"m-deep","type":"sale.record","payload":${deep},"deviceTime":1}]}`;
      const res = await fetch(`${url}${ROUTES.push}`, { method: 'POST', headers: asIt, body });
      expect(res.status).toBe(400);
      const answer = (await res.json()) as { error: { code: string; message: string; field: string } };
      expect(answer.error).toMatchObject({ code: 'invalid-request', field: 'mutations.0.payload' });
      expect(answer.error.message).toMatch(/deeper than 32 levels/);
      // The same size again, over the worker thread's path (a body over 32 KB).
      const big = await fetch(`${url}${ROUTES.push}`, { method: 'POST', headers: asIt, body: body.replace('"m-deep"', `"m-deep","pad":"${'x'.repeat(40_000)}"`) });
      expect(big.status).toBe(400);
      const ok = await fetch(`${url}${ROUTES.push}`, { method: 'POST', headers: asIt, body: JSON.stringify(pushBody(device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])])) });
      expect(ok.status).toBe(200);
    });

    it('a known path asked with another method is a 405 with Allow, in the error envelope; an unknown one stays a 404', async () => {
      const res = await fetch(`${url}${ROUTES.push}`, { method: 'GET' });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('method-not-allowed');
      const users = await fetch(`${url}/api/admin/users/u-123`, { method: 'DELETE' });
      expect(users.status).toBe(405);
      expect(users.headers.get('allow')).toBe('PATCH');
      expect((await fetch(`${url}/api/admin/nothing`, { method: 'DELETE' })).status).toBe(404);
      expectHardened(res);
    });

    it('a header with a control character gets the API error envelope, not the framework default', async () => {
      const { connect } = await import('node:net');
      const { port } = new URL(url);
      const raw = await new Promise<string>((done, fail) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.write(`GET ${ROUTES.health} HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\n\r\n`));
        let text = '';
        socket.on('data', (d) => (text += d.toString('utf8')));
        socket.on('end', () => done(text));
        socket.on('error', fail);
      });
      expect(raw.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
      expect(raw).toMatch(/content-security-policy: /i);
      const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as { error: { code: string; message: string; field: null } };
      expect(body.error).toMatchObject({ code: 'bad-request', field: null });
      expect(body.error.message).toMatch(/control characters/);
    });

    it('API answers are never cached: sign-in, pull, admin lists, errors', async () => {
      const device = new TestDevice();
      const admin = bearer(await adminToken(url));
      const answers = [
        await fetch(`${url}${ROUTES.pull}?since=0`, { headers: await asDevice(url, device.id) }),
        await fetch(`${url}${ROUTES.sales}`, { headers: admin }),
        await fetch(`${url}/api/admin/users`, { headers: admin }),
        await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'nobody', password: 'salah-salah-salah' }) }),
        await fetch(`${url}/api/nothing-here`),
      ];
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 401, 404]);
      for (const res of answers) expect(res.headers.get('cache-control'), res.url).toBe('no-store');
    });
  });

  describe('CORS is closed', () => {
    it('a request from another origin is answered without Access-Control-Allow-Origin', async () => {
      const res = await fetch(`${url}${ROUTES.sales}`, { headers: { origin: EVIL_ORIGIN, ...bearer(await adminToken(url)) } });
      expect(res.status).toBe(200);
      expectNoCors(res);
    });

    it('a preflight from another origin gets no allow headers and no 2xx, so the browser never sends the push', async () => {
      for (const path of [ROUTES.push, ROUTES.import, ROUTES.sales, '/']) {
        const res = await fetch(`${url}${path}`, {
          method: 'OPTIONS',
          headers: { origin: EVIL_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
        });
        expect(res.status, path).toBeGreaterThanOrEqual(400);
        expectHardened(res);
      }
    });

    it('a cross-origin push that skipped the preflight is still not readable, and the same-origin rules apply to it', async () => {
      const device = new TestDevice();
      const res = await fetch(`${url}${ROUTES.push}`, {
        method: 'POST',
        headers: { origin: EVIL_ORIGIN, ...(await asDevice(url, device.id)) },
        body: JSON.stringify(pushBody(device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])])),
      });
      // A server-to-server client (another NTB system) may push; a page on another origin could not read this answer.
      expect(res.status).toBe(200);
      expectNoCors(res);
    });
  });

  describe('a sale of 10,000 lines', () => {
    it('is rejected on its own, naming sale.lines, and writes no sale, line, payment or stock', async () => {
      const device = new TestDevice();
      const huge = device.sell(Array.from({ length: 10_000 }, () => ({ product: 'KOP-001', qty: 1 })));
      const body = JSON.stringify(pushBody(device.id, [huge]));
      // Under the body limit, so it is the schema that refuses it, not the size.
      expect(body.length).toBeLessThan(BODY_LIMIT);
      const before = await snapshotCounts(server.store);
      const stock = await totalStock(server.store);

      const res = await push(url, device.id, [huge]);

      expect(res.results).toHaveLength(1);
      const [result] = res.results;
      expect(result?.status).toBe('rejected');
      expect(result?.reason).toMatch(/sale\.lines/);
      expect(result?.reason).toMatch(/1000/);
      const after = await snapshotCounts(server.store);
      for (const t of ['sales', 'sale_lines', 'payments', 'stock_events', 'products', 'stock_levels'] as const) expect(after[t], t).toBe(before[t]);
      expect(await totalStock(server.store)).toBe(stock);
      // The rejection itself is recorded, so the device's queue moves on (one bad sale never blocks it).
      expect(after.mutations).toBe(before.mutations + 1);
      expect(res.lastSeq).toBe(1);
      const next = await push(url, device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])]);
      expect(next.results[0]?.status).toBe('applied');
    });
  });

  describe('injection strings', () => {
    const HOSTILE = [
      "'); DROP TABLE sales;--",
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      `Robert"); DELETE FROM products WHERE ('1'='1`,
      "100% _murni_ \\'$1 ?; /* */ -- ` ${'$'}{x}",
      'Tenun ‮gnirts kcab‬ 🧵 "Sasak" é',
    ] as const;

    function hostileProduct(i: number, name: string): Product {
      return {
        id: `xss-${i}`,
        sku: `XSS-${i}`,
        barcode: null,
        name,
        category: HOSTILE[(i + 1) % HOSTILE.length] ?? 'x',
        producerId: 'lapas-lobar',
        price: 10_000 + i,
        unit: 'pcs',
        active: true,
      };
    }

    async function tablesIntact(store: Store): Promise<void> {
      for (const t of TABLES) expect(await countRows(store, t), t).toBeGreaterThanOrEqual(0);
    }

    it('in product names are stored and pulled back byte for byte, the tables intact', async () => {
      const products = HOSTILE.map((name, i) => hostileProduct(i, name));
      const before = await countRows(server.store, 'products');
      await upsertCatalog(server.store, { products, stock: products.map((p) => ({ productId: p.id, outletId: OUTLET, level: 5 })) });

      const full = await pull(url, 0, OUTLET);
      for (const p of products) expect(full.products.find((x) => x.id === p.id)).toMatchObject(p);
      await tablesIntact(server.store);
      expect(await countRows(server.store, 'products')).toBe(before + products.length);
    });

    it('in sale notes, cashier names and line names are stored and listed back byte for byte, on review too', async () => {
      const products = HOSTILE.map((name, i) => hostileProduct(i, name));
      // No opening stock: selling them takes stock below zero, so review names them as well.
      await upsertCatalog(server.store, { products });
      const device = new TestDevice();
      const mutations: MutationEnvelope[] = HOSTILE.map((text, i) => {
        const m = device.sell([{ product: products[i] ?? 'KOP-001', qty: 1 }]);
        const payload = m.payload as SaleRecordPayload;
        return { ...m, payload: { ...payload, sale: { ...payload.sale, note: text, cashier: text } } };
      });

      const res = await push(url, device.id, mutations);
      expect(res.results.map((r) => r.status)).toEqual(HOSTILE.map(() => 'flagged'));

      const stored = await listSales(url, device.id);
      expect(stored.map((s) => s.sale)).toEqual(mutations.map(saleOf));
      for (const [i, text] of HOSTILE.entries()) {
        expect(stored[i]?.sale.note).toBe(text);
        expect(stored[i]?.sale.cashier).toBe(text);
        expect(stored[i]?.sale.lines[0]?.name).toBe(text);
      }
      const r = await review(url);
      expect(r.negativeStock.filter((n) => n.productId.startsWith('xss-')).map((n) => n.productName).sort()).toEqual([...HOSTILE].sort());
      expect(r.flaggedSales.map((s) => s.sale.note)).toEqual([...HOSTILE]);
      await tablesIntact(server.store);
      expect(await countRows(server.store, 'sales')).toBe(HOSTILE.length);
    });

    it('in query strings are only values: an injected deviceId or outletId matches nothing and drops nothing', async () => {
      const device = new TestDevice();
      await push(url, device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])]);
      const admin = bearer(await adminToken(url));
      for (const text of HOSTILE) {
        const q = encodeURIComponent(text);
        const sales = await get(url, `${ROUTES.sales}?deviceId=${q}`, admin);
        expect(sales.status).toBe(200);
        expect(sales.body).toEqual({ sales: [] });
        const pulled = await get(url, `${ROUTES.pull}?since=0&outletId=${q}`, admin);
        expect(pulled.status).toBe(200);
        expect(await get(url, `${REVIEW_ROUTE}?limit=${q}`, admin)).toMatchObject({ status: 400 });
      }
      await tablesIntact(server.store);
      expect(await listSales(url)).toHaveLength(1);
    });

    // A device resends a push that failed with a 5xx, so a sale the server
    // cannot store without crashing blocks that device's queue for good.
    const NUL_PLACES: readonly [string, (m: MutationEnvelope) => MutationEnvelope][] = [
      ['the note', (m) => withSale(m, (s) => ({ ...s, note: 'a\u0000b' }))],
      ['a payment reference', (m) => withSale(m, (s) => ({ ...s, payments: s.payments.map((p) => ({ ...p, reference: 'QR\u00001' })) }))],
      ['the receipt number', (m) => withSale(m, (s) => ({ ...s, receiptNo: `${s.receiptNo}\u0000` }))],
      ['the mutation type', (m) => ({ ...m, type: 'sale.record\u0000' })],
    ];

    function withSale(m: MutationEnvelope, change: (s: SaleRecordPayload['sale']) => SaleRecordPayload['sale']): MutationEnvelope {
      const payload = m.payload as SaleRecordPayload;
      return { ...m, payload: { ...payload, sale: change(payload.sale) } };
    }

    for (const [place, poison] of NUL_PLACES) {
      // PostgreSQL text columns refuse U+0000: the wire schemas refuse it in
      // every string, so the sale is rejected alone instead of a 500 forever.
      it(`a NUL character in ${place} is refused alone or stored as sent, never a server error that blocks the queue`, async () => {
        const device = new TestDevice();
        const res = await post(url, ROUTES.push, pushBody(device.id, [poison(device.sell([{ product: 'KOP-001', qty: 1 }]))]), await asDevice(url, device.id));
        expect(res.status).toBe(200);
        const next = await push(url, device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])]);
        expect(next.results[0]?.status).toBe('applied');
      });
    }
  });
});

describe('the served PWA', () => {
  let database: TestDatabase;
  let store: Store;
  let app: FastifyInstance;
  let dir: string;
  let url: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kasir-dist-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Kasir Karya</title><script type="module" src="/assets/index-abc.js"></script>');
    await writeFile(join(dir, 'assets', 'index-abc.js'), 'console.log(1);');
    await writeFile(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    await writeFile(join(dir, 'manifest.webmanifest'), '{}');
    database = await sqliteBackend.create();
    store = await database.open();
    app = await buildApp({ store, staticDir: dir });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await database?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('index.html, a deep link, hashed assets, the service worker, the manifest and a missing file all carry the headers', async () => {
    const paths = ['/', '/penjualan', '/assets/index-abc.js', '/sw.js', '/manifest.webmanifest', '/assets/missing.js'];
    const answers = await Promise.all(paths.map((p) => fetch(`${url}${p}`)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 404]);
    for (const res of answers) expectHardened(res);
    expect(answers[0]?.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('a URL that cannot be decoded is a 400 in the error envelope, with the headers', async () => {
    for (const path of ['/%zz', '/api/sales/%E0%A4%A']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).toBe(400);
      expectHardened(res);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('bad-url');
    }
  });

  it('an encoded path out of the build folder serves nothing from outside it', async () => {
    for (const path of ['/..%2f..%2f..%2fetc%2fpasswd', '/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/%2e%2e%5c%2e%2e%5cetc%5cpasswd', '/assets/..%2f..%2fpackage.json']) {
      const res = await fetch(`${url}${path}`);
      const text = await res.text();
      expect(text, path).not.toMatch(/root:|"dependencies"/);
      expectHardened(res);
    }
  });

  it('HEAD answers carry them too', async () => {
    const res = await fetch(`${url}/`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expectHardened(res);
  });
});
