// What an operator of the server relies on: its files are its own, and a
// failure leaves a line in the log that names the request, never a secret.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/protocol/routes.ts';
import { buildApp } from '../../src/server/http/app.ts';
import { openSqlite } from '../../src/server/store/sqlite.ts';
import { Store } from '../../src/server/store/store.ts';
import { seedIfEmpty } from '../../src/server/catalog/catalog.ts';
import { demoCatalog } from '../../src/server/seed-data.ts';
import type { SaleRecordPayload } from '../../src/protocol/schemas.ts';
import { adminSession, bearer, createTestUser, enrolDevice, get, OUTLET, post, pushBody, TestDevice } from './helpers.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('the SQLite files', () => {
  it('are created readable by the server only: folder 0700, database, WAL and shared memory 0600', async () => {
    const root = await mkdtemp(join(tmpdir(), 'kasir-perm-'));
    dirs.push(root);
    const path = join(root, 'data', 'kasir.sqlite');
    const store = new Store(openSqlite(path));
    await store.migrate();
    await store.db.run("INSERT INTO counters (name, value) VALUES ('perm-test', 1)");
    expect((await stat(join(root, 'data'))).mode & 0o777).toBe(0o700);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect((await stat(file)).mode & 0o777, file).toBe(0o600);
    await store.close();
  });

  it('a data folder several levels deep is made private at every level it creates', async () => {
    const root = await mkdtemp(join(tmpdir(), 'kasir-perm-'));
    dirs.push(root);
    const path = join(root, 'srv', 'kasir', 'data', 'kasir.sqlite');
    const store = new Store(openSqlite(path));
    await store.migrate();
    for (const d of ['srv', 'srv/kasir', 'srv/kasir/data']) expect((await stat(join(root, d))).mode & 0o777, d).toBe(0o700);
    await store.close();
  });

  it('an existing database left readable by others is narrowed to 0600 when opened', async () => {
    const root = await mkdtemp(join(tmpdir(), 'kasir-perm-'));
    dirs.push(root);
    const path = join(root, 'kasir.sqlite');
    const first = new Store(openSqlite(path));
    await first.migrate();
    await first.close();
    const { chmod } = await import('node:fs/promises');
    await chmod(path, 0o644);
    const again = new Store(openSqlite(path));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await again.close();
  });
});

describe('server errors', () => {
  it('are logged as JSON lines with the request id and route, without the credential', async () => {
    const root = await mkdtemp(join(tmpdir(), 'kasir-log-'));
    dirs.push(root);
    const store = new Store(openSqlite(join(root, 'kasir.sqlite')));
    await store.migrate();
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
        done();
      },
    });
    const app = await buildApp({ store, staticDir: null, logger: { level: 'info', stream } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = app.server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const token = await adminSession(store);
      // A store that fails under the route: the connection is gone.
      await store.db.close();
      const res = await fetch(`${url}${ROUTES.sales}`, { headers: bearer(token) });
      expect(res.status).toBe(500);
      const failures = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request failed');
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ level: 50, status: 500, method: 'GET', route: ROUTES.sales, reqId: expect.any(String) });
      expect(failures[0]?.err).toMatchObject({ message: expect.any(String), stack: expect.any(String) });
      expect(lines.join('\n')).not.toContain(token);
      expect(lines.join('\n')).not.toContain('authorization');
    } finally {
      await app.close();
    }
  });
});

describe('the log at its most talkative', () => {
  it('holds no PIN hash, no credential and no payload, whether requests succeed or fail', async () => {
    const root = await mkdtemp(join(tmpdir(), 'kasir-log-'));
    dirs.push(root);
    const store = new Store(openSqlite(join(root, 'kasir.sqlite')));
    await store.migrate();
    await seedIfEmpty(store, demoCatalog());
    await createTestUser(store, { username: 'sari', name: 'Sari Kasir', role: 'cashier', pin: '4826' });
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
        done();
      },
    });
    const app = await buildApp({ store, staticDir: null, logger: { level: 'debug', stream } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const address = app.server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const admin = await adminSession(store);
      const device = new TestDevice();
      const credential = await enrolDevice(url, device.id, OUTLET, admin);
      // A sale whose note a customer dictated: payload text that must stay out of the log.
      const sale = device.sell([{ product: 'KOP-001', qty: 1 }]);
      (sale.payload as SaleRecordPayload).sale.note = 'CATATAN-PELANGGAN-7Q2X';
      expect((await post(url, ROUTES.push, pushBody(device.id, [sale]), { ...bearer(credential), 'content-type': 'application/json' })).status).toBe(200);
      // The pull carries the outlet's PIN hashes to the device.
      const pulled = await get(url, `${ROUTES.pull}?since=0&outletId=${OUTLET}`, bearer(credential));
      expect(pulled.status).toBe(200);
      const hashes = (await store.db.all('SELECT pin_hash, pin_salt FROM users WHERE pin_hash IS NOT NULL')).map((r) => ({ hash: String(r.pin_hash), salt: String(r.pin_salt) }));
      expect(hashes.length).toBeGreaterThan(0);
      expect(JSON.stringify(pulled.body)).toContain(hashes[0]?.hash ?? 'none');
      // And a push the store fails under: the error's line too.
      await store.db.close();
      const failed = await post(url, ROUTES.push, pushBody(device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])]), { ...bearer(credential), 'content-type': 'application/json' });
      expect(failed.status).toBeGreaterThanOrEqual(500);
      const log = lines.join('\n');
      // Requests that succeed leave no line; the failed push leaves one, which names it and holds nothing of it.
      expect(lines.filter((l) => l.includes('"route":"/api/sync/push"') && l.includes('"status":500'))).toHaveLength(1);
      expect(log).not.toContain('CATATAN-PELANGGAN-7Q2X');
      for (const h of hashes) {
        expect(log).not.toContain(h.hash);
        expect(log).not.toContain(h.salt);
      }
      expect(log).not.toContain(credential);
      expect(log).not.toContain(admin);
    } finally {
      await app.close();
    }
  });
});
