// SQLite checkpoints run on a thread of their own (store/checkpointer.ts):
// the server's connection never copies the WAL into the database file while
// that thread lives, yet the file does get the pages, nothing is lost, and
// closing leaves no WAL behind.
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoCatalog } from '../../src/server/seed-data.ts';
import { openSqlite } from '../../src/server/store/sqlite.ts';
import { Store } from '../../src/server/store/store.ts';
import { TestDevice } from './helpers.ts';
import { seedIfEmpty } from '../../src/server/catalog/catalog.ts';
import { push } from '../../src/server/sync/push.ts';
import { buildApp } from '../../src/server/http/app.ts';
import { ROUTES } from '../../src/protocol/routes.ts';
import { pushBody } from './helpers.ts';

async function seeded(path: string): Promise<void> {
  const store = new Store(openSqlite(path));
  await store.migrate();
  await seedIfEmpty(store, demoCatalog());
  await store.close();
}

async function salesOf(store: Store, deviceId: string): Promise<number> {
  const [row] = await store.db.all('SELECT count(*) AS n FROM sales WHERE device_id = ?', [deviceId]);
  return Number(row?.n);
}

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = '';
});

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function autocheckpoint(store: Store): Promise<number> {
  const [row] = await store.db.all('PRAGMA wal_autocheckpoint');
  return Number(row?.wal_autocheckpoint);
}

// Threads and fsyncs on a busy machine: generous limits, never a figure.
describe('SQLite checkpoints on their own thread', { timeout: 60_000 }, () => {
  it('the server connection leaves checkpoints to the thread, the database file gets the pages, and every sale is kept', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kasir-checkpoint-'));
    const path = join(dir, 'kasir.sqlite');
    let store = new Store(openSqlite(path));
    await store.migrate();
    await seedIfEmpty(store, demoCatalog());
    await until('the checkpoint thread', async () => (await autocheckpoint(store)) === 0);

    const sizeBefore = statSync(path).size;
    const device = new TestDevice();
    for (let batch = 0; batch < 20; batch++) {
      const sales = Array.from({ length: 100 }, () => device.sell([{ product: 'KOP-001', qty: 1 }, { product: 'BTK-004', qty: 1 }]));
      const res = await push(store, device.id, sales);
      expect(res.results.every((r) => r.status === 'applied' || r.status === 'flagged')).toBe(true);
    }
    // Only the thread copies pages into the file now; it does so while the
    // WAL is still being written, so the file grows well past its seed size.
    await until('the thread to copy the WAL into the database file', () => statSync(path).size > sizeBefore + 1024 * 1024);
    expect(await autocheckpoint(store)).toBe(0);

    await store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    store = new Store(openSqlite(path));
    try {
      const [row] = await store.db.all('SELECT count(*) AS n FROM sales WHERE device_id = ?', [device.id]);
      expect(Number(row?.n)).toBe(2000);
    } finally {
      await store.close();
    }
  });

  it('a WAL that grows past its bound during a burst is rewound between two pushes, and nothing is lost', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kasir-checkpoint-'));
    const path = join(dir, 'kasir.sqlite');
    const store = new Store(openSqlite(path, { checkpoints: { restartAbovePages: 256 } }));
    try {
      await store.migrate();
      await seedIfEmpty(store, demoCatalog());
      await until('the checkpoint thread', async () => (await autocheckpoint(store)) === 0);
      const device = new TestDevice();
      // Pushes back to back: about 0.6 MB of WAL each, 18 MB in all.
      for (let batch = 0; batch < 30; batch++) {
        await push(store, device.id, Array.from({ length: 100 }, () => device.sell([{ product: 'KOP-001', qty: 1 }, { product: 'BTK-004', qty: 1 }])));
      }
      expect(statSync(`${path}-wal`).size).toBeLessThan(8 * 1024 * 1024);
      const [row] = await store.db.all('SELECT count(*) AS n FROM sales WHERE device_id = ?', [device.id]);
      expect(Number(row?.n)).toBe(3000);
    } finally {
      await store.close();
    }
  });

  it('an in-memory database has no thread and checkpoints as SQLite does by itself', async () => {
    const store = new Store(openSqlite(':memory:'));
    try {
      await store.migrate();
      expect(await autocheckpoint(store)).toBe(1000);
    } finally {
      await store.close();
    }
  });

  it("a checkpoint's disk error stops the store with 503 storage-failed, keeps the WAL, and a restart has every acknowledged sale", async () => {
    dir = await mkdtemp(join(tmpdir(), 'kasir-checkpoint-'));
    const path = join(dir, 'kasir.sqlite');
    await seeded(path);
    const store = new Store(openSqlite(path, { checkpoints: { failWith: 'SQLITE_IOERR_FSYNC' } }));
    const device = new TestDevice();
    let acknowledged = 0;
    let refusal: unknown = null;
    // Pushes go on until the thread's first checkpoint fails; each one answered is on disk.
    await until('the store to stop', async () => {
      try {
        await push(store, device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])]);
        acknowledged++;
        return false;
      } catch (e) {
        refusal = e;
        return true;
      }
    });
    expect(String(refusal)).toMatch(/disk error \(SQLITE_IOERR_FSYNC.*restart the server/i);
    expect(acknowledged).toBeGreaterThanOrEqual(0);
    // Reads are refused too, and no later checkpoint on commit sneaks in.
    await expect(store.db.all('SELECT 1')).rejects.toThrow(/nothing more is accepted/);
    expect(await autocheckpoint(store).catch(() => 0)).toBe(0);
    const app = await buildApp({ store, staticDir: null });
    try {
      const res = await app.inject({ method: 'POST', url: ROUTES.push, headers: { 'content-type': 'application/json', authorization: `Bearer kkd_${device.id}.${'s'.repeat(43)}` }, payload: pushBody(device.id, []) });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ error: { code: 'storage-failed' } });
    } finally {
      await app.close();
    }
    await store.close();
    // Closed without the last connection's checkpoint: the WAL the restart copies from is still there.
    expect(existsSync(`${path}-wal`)).toBe(true);
    const again = new Store(openSqlite(path));
    try {
      expect(await salesOf(again, device.id)).toBeGreaterThanOrEqual(acknowledged);
      // And it takes sales again.
      const next = new TestDevice();
      await push(again, next.id, [next.sell([{ product: 'KOP-001', qty: 1 }])]);
      expect(await salesOf(again, next.id)).toBe(1);
    } finally {
      await again.close();
    }
  });

  it('a checkpoint that is only busy is retried, and the store goes on', async () => {
    dir = await mkdtemp(join(tmpdir(), 'kasir-checkpoint-'));
    const path = join(dir, 'kasir.sqlite');
    await seeded(path);
    const store = new Store(openSqlite(path, { checkpoints: { failWith: 'SQLITE_BUSY' } }));
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      await until('the checkpoint thread', async () => (await autocheckpoint(store)) === 0);
      const device = new TestDevice();
      for (let i = 0; i < 3; i++) {
        await push(store, device.id, [device.sell([{ product: 'KOP-001', qty: 1 }])]);
        await until('a checkpoint attempt', () => warnings.length > i);
      }
      expect(warnings.some((w) => /checkpoint failed/.test(w))).toBe(true);
      expect(await salesOf(store, device.id)).toBe(3);
    } finally {
      process.off('warning', onWarning);
      await store.close();
    }
  });
});
