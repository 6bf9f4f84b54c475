// What a till on a slow link receives: the built files in brotli or gzip as
// it asks (precompressed by the build step), the API's big answers
// compressed on the fly, identity to a client that asks for nothing, the
// right Vary for caches in between, and no source map to anyone.
import { request } from 'node:http';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/protocol/routes.ts';
import { buildApp } from '../../src/server/http/app.ts';
import { precompressDir } from '../../src/server/http/precompress.ts';
import { acceptedEncodings } from '../../src/server/http/static.ts';
import type { Store } from '../../src/server/store/store.ts';
import { seedIfEmpty } from '../../src/server/catalog/catalog.ts';
import { demoCatalog } from '../../src/server/seed-data.ts';
import { adminSession, sqliteBackend, type TestDatabase } from './helpers.ts';

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes as they came over the wire, not decoded. */
  body: Buffer;
}

/** node:http, because fetch decodes the body and hides Content-Encoding's effect. */
function raw(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function decode(a: RawAnswer): string {
  const enc = a.headers['content-encoding'];
  if (enc === 'br') return brotliDecompressSync(a.body).toString('utf8');
  if (enc === 'gzip') return gunzipSync(a.body).toString('utf8');
  return a.body.toString('utf8');
}

function varyNames(a: RawAnswer): string[] {
  const v = a.headers.vary;
  return (Array.isArray(v) ? v.join(',') : (v ?? '')).split(',').map((s) => s.trim().toLowerCase());
}

// A bundle-like script: repetitive enough to compress, big enough to be worth it.
const SCRIPT = Array.from({ length: 400 }, (_, i) => `export function produk${i}(harga){return harga*${i}+"rupiah";}`).join('\n');
const PAGE = `<!doctype html><html lang="id"><title>Kasir Karya</title><script type="module" src="/assets/index-abc.js"></script>${'<!-- kasir -->'.repeat(80)}</html>`;

describe('compressed answers', () => {
  let database: TestDatabase;
  let store: Store;
  let app: FastifyInstance;
  let dir: string;
  let url: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kasir-dist-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), PAGE);
    await writeFile(join(dir, 'assets', 'index-abc.js'), SCRIPT);
    await writeFile(join(dir, 'assets', 'index-abc.js.map'), JSON.stringify({ version: 3, sources: ['src/client/main.tsx'], sourcesContent: ['secret source'] }));
    await writeFile(join(dir, 'assets', 'tiny-abc.js'), 'console.log(1);');
    await writeFile(join(dir, 'icon.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    await precompressDir(dir);
    database = await sqliteBackend.create();
    store = await database.open();
    await seedIfEmpty(store, demoCatalog());
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

  it('the build step writes a brotli and a gzip copy of text files, never of maps, images or tiny files', async () => {
    const assets = (await readdir(join(dir, 'assets'))).sort();
    expect(assets).toEqual(['index-abc.js', 'index-abc.js.br', 'index-abc.js.gz', 'index-abc.js.map', 'tiny-abc.js']);
    expect(await readdir(dir)).not.toContain('icon.png.gz');
    expect(await readdir(dir)).toContain('index.html.br');
  });

  it('a script goes in brotli to a browser that accepts it, the same bytes as the file, with its own type and length', async () => {
    const a = await raw(`${url}/assets/index-abc.js`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(a.status).toBe(200);
    expect(a.headers['content-encoding']).toBe('br');
    expect(a.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(Number(a.headers['content-length'])).toBe(a.body.length);
    expect(a.body.length).toBeLessThan(SCRIPT.length / 4);
    expect(decode(a)).toBe(SCRIPT);
    expect(varyNames(a)).toContain('accept-encoding');
    expect(a.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('gzip when brotli is not accepted, or weighted lower', async () => {
    for (const accept of ['gzip', 'gzip, deflate', 'br;q=0.5, gzip', 'br;q=0, *']) {
      const a = await raw(`${url}/assets/index-abc.js`, { 'accept-encoding': accept });
      expect(a.headers['content-encoding'], accept).toBe('gzip');
      expect(decode(a), accept).toBe(SCRIPT);
      expect(varyNames(a), accept).toContain('accept-encoding');
    }
  });

  it('identity, still with Vary, to a client that accepts no coding the server has', async () => {
    for (const headers of [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'deflate' }, { 'accept-encoding': 'gzip;q=0, br;q=0' }] as Record<string, string>[]) {
      const a = await raw(`${url}/assets/index-abc.js`, headers);
      expect(a.status).toBe(200);
      expect(a.headers['content-encoding'], JSON.stringify(headers)).toBeUndefined();
      expect(a.body.toString('utf8')).toBe(SCRIPT);
      expect(Number(a.headers['content-length'])).toBe(Buffer.byteLength(SCRIPT));
      expect(varyNames(a)).toContain('accept-encoding');
    }
  });

  it('index.html and a deep link come compressed as HTML, revalidated every time', async () => {
    for (const path of ['/', '/penjualan']) {
      const a = await raw(`${url}${path}`, { 'accept-encoding': 'br' });
      expect(a.headers['content-encoding'], path).toBe('br');
      expect(a.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(a.headers['cache-control']).toBe('no-cache');
      expect(decode(a)).toBe(PAGE);
    }
  });

  it('a HEAD answer names the coding and length a GET would get, with no body', async () => {
    const get = await raw(`${url}/assets/index-abc.js`, { 'accept-encoding': 'gzip' });
    const head = await raw(`${url}/assets/index-abc.js`, { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBe('gzip');
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.body.length).toBe(0);
  });

  it('a file without copies (tiny, or an image) goes as it is', async () => {
    const tiny = await raw(`${url}/assets/tiny-abc.js`, { 'accept-encoding': 'br, gzip' });
    expect(tiny.status).toBe(200);
    expect(decode(tiny)).toBe('console.log(1);');
    const png = await raw(`${url}/icon.png`, { 'accept-encoding': 'br, gzip' });
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers['content-type']).toBe('image/png');
  });

  it('a source map is not served, though it is on disk', async () => {
    for (const headers of [{}, { 'accept-encoding': 'br, gzip' }] as Record<string, string>[]) {
      const a = await raw(`${url}/assets/index-abc.js.map`, headers);
      expect(a.status).toBe(404);
      expect(a.body.toString('utf8')).not.toContain('secret source');
    }
  });

  it('a big API answer (the catalog pull) is compressed as asked, with Vary; it decodes to the same JSON', async () => {
    const token = await adminSession(store);
    const path = `${ROUTES.pull}?since=0`;
    const plain = await raw(`${url}${path}`, { authorization: `Bearer ${token}` });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.length).toBeGreaterThan(1024);
    for (const encoding of ['br', 'gzip']) {
      const a = await raw(`${url}${path}`, { authorization: `Bearer ${token}`, 'accept-encoding': encoding });
      expect(a.status).toBe(200);
      expect(a.headers['content-encoding']).toBe(encoding);
      expect(a.headers['content-type']).toMatch(/^application\/json/);
      expect(varyNames(a)).toContain('accept-encoding');
      expect(a.body.length).toBeLessThan(plain.body.length / 2);
      expect(JSON.parse(decode(a))).toEqual(JSON.parse(plain.body.toString('utf8')));
    }
  });

  it('a small API answer goes as it is: compressing it would only add bytes', async () => {
    const a = await raw(`${url}${ROUTES.health}`, { 'accept-encoding': 'br, gzip' });
    expect(a.status).toBe(200);
    expect(a.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(a.body.toString('utf8'))).toMatchObject({ ok: true });
  });
});

describe('acceptedEncodings', () => {
  it('reads q-values, wildcards and refusals', () => {
    const names = (h: string | undefined): string[] => acceptedEncodings(h).map((e) => e.name);
    expect(names(undefined)).toEqual([]);
    expect(names('')).toEqual([]);
    expect(names('gzip, deflate, br')).toEqual(['br', 'gzip']);
    expect(names('gzip;q=1.0, br;q=0.8')).toEqual(['gzip', 'br']);
    expect(names('BR')).toEqual(['br']);
    expect(names('*')).toEqual(['br', 'gzip']);
    expect(names('*;q=0')).toEqual([]);
    expect(names('x-gzip')).toEqual(['gzip']);
    expect(names('br;q=0, gzip;q=0.1')).toEqual(['gzip']);
    expect(names('br;q=abc')).toEqual([]);
  });
});
