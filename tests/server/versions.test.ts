// Sync rule 12 under concurrent writers: a pull never answers a version that
// lets a client skip rows a slower transaction has yet to commit. On
// PostgreSQL two transactions really run at once; the counter row makes a
// later writer wait for an earlier one, so versions commit in order.
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../src/protocol/schemas.ts';
import {
  backends,
  demoProduct,
  listSales,
  OUTLET,
  pgBackend,
  pull,
  push,
  serverPerTest,
  startTestServer,
  stockLevel,
  TestDevice,
  type TestServer,
} from './helpers.ts';
import { upsertCatalog } from '../../src/server/catalog/catalog.ts';

const KOPI = demoProduct('KOP-001');
const MADU = demoProduct('MDU-001');

/** Waits until `n` sessions of this database wait on a lock (polls pg_stat_activity). */
async function lockWaiters(observer: pg.Client, n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { rows } = await observer.query<{ n: string }>(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    if (Number(rows[0]?.n) >= n) return;
    if (Date.now() > deadline) throw new Error(`expected ${n} sessions waiting on a lock, saw ${rows[0]?.n ?? '?'}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe.skipIf(!pgBackend)('versions under concurrent writers (postgres)', () => {
  let server: TestServer;
  let url: string;
  let blocker: pg.Client;
  let observer: pg.Client;

  beforeEach(async () => {
    if (!pgBackend) throw new Error('unreachable');
    server = await startTestServer(pgBackend);
    url = server.baseUrl;
    blocker = new pg.Client({ connectionString: server.database.url });
    observer = new pg.Client({ connectionString: server.database.url });
    await blocker.connect();
    await observer.connect();
  });
  afterEach(async () => {
    await blocker.end();
    await observer.end();
    await server.close();
  });

  it('a sale that started first and commits last is not skipped by a pull taken while it runs', async () => {
    const before = await pull(url, 0, OUTLET);
    const v0 = before.version;
    // Hold KOPI's stock row so T1 stops after it took its version and wrote its stock event.
    await blocker.query('BEGIN');
    await blocker.query('SELECT level FROM stock_levels WHERE outlet_id = $1 AND product_id = $2 FOR UPDATE', [OUTLET, KOPI.id]);
    const a = new TestDevice();
    const b = new TestDevice();
    const t1 = push(url, a.id, [a.sell([{ product: 'KOP-001', qty: 1 }])]);
    await lockWaiters(observer, 1);
    // T2 starts later and touches other rows only: it would be free to commit first.
    const t2 = push(url, b.id, [b.sell([{ product: 'MDU-001', qty: 1 }])]);
    await lockWaiters(observer, 2);

    const mid = await pull(url, v0, OUTLET);

    // Neither committed, so the pull answers the old version and no rows...
    expect(mid).toMatchObject({ version: v0, stock: [] });
    // ...and T2 is queued behind T1 rather than committed ahead of it.
    expect(await listSales(url, b.id)).toEqual([]);

    await blocker.query('ROLLBACK');
    const [r1, r2] = await Promise.all([t1, t2]);
    expect(r1.results[0]?.status).toBe('applied');
    expect(r2.results[0]?.status).toBe('applied');

    const after = await pull(url, mid.version, OUTLET);
    expect(after.version).toBe(v0 + 2);
    expect(stockLevel(after, KOPI.id, OUTLET)).toBe((stockLevel(before, KOPI.id, OUTLET) ?? 0) - 1);
    expect(stockLevel(after, MADU.id, OUTLET)).toBe((stockLevel(before, MADU.id, OUTLET) ?? 0) - 1);
  });

  it('a catalog change waits behind a sale in flight, so its version does not overtake the sale', async () => {
    const v0 = (await pull(url, 0)).version;
    await blocker.query('BEGIN');
    await blocker.query('SELECT level FROM stock_levels WHERE outlet_id = $1 AND product_id = $2 FOR UPDATE', [OUTLET, KOPI.id]);
    const device = new TestDevice();
    const sale = push(url, device.id, [device.sell([{ product: 'KOP-001', qty: 2 }])]);
    await lockWaiters(observer, 1);
    const change = upsertCatalog(server.store, { products: [{ ...MADU, price: MADU.price + 5_000 }] });
    await lockWaiters(observer, 2);

    expect((await pull(url, v0)).version).toBe(v0);

    await blocker.query('ROLLBACK');
    await Promise.all([sale, change]);
    const after = await pull(url, v0, OUTLET);
    expect(after.products.map((p) => [p.id, p.price])).toEqual([[MADU.id, MADU.price + 5_000]]);
    expect(stockLevel(after, KOPI.id, OUTLET)).toBe(38);
  });

  it('why: versions from a sequence commit out of order, and a pull in between would skip the first', async () => {
    // The scheme the counter row replaces, on plain tables: T1 takes 1, T2 takes 2 and commits first.
    await observer.query('CREATE TABLE seq_demo (id TEXT PRIMARY KEY, version BIGINT NOT NULL)');
    await observer.query('CREATE SEQUENCE seq_demo_version');
    await blocker.query('BEGIN');
    await blocker.query("INSERT INTO seq_demo VALUES ('t1', nextval('seq_demo_version'))");
    await observer.query("INSERT INTO seq_demo VALUES ('t2', nextval('seq_demo_version'))");
    const { rows } = await observer.query<{ v: string }>('SELECT max(version) AS v FROM seq_demo');
    const seen = Number(rows[0]?.v);
    await blocker.query('COMMIT');
    const later = await observer.query<{ id: string }>('SELECT id FROM seq_demo WHERE version > $1', [seen]);
    // A client that stored `seen` never asks for t1 again.
    expect(seen).toBe(2);
    expect(later.rows).toEqual([]);
  });
});

describe.each(backends)('versions and pullers ($name)', (backend) => {
  let server: TestServer;
  let url: string;

  serverPerTest(backend, (s) => {
    server = s;
    url = s.baseUrl;
  });

  /** A device's copy of the catalog and stock, kept only by pulls since its version. */
  class Replica {
    version = 0;
    readonly prices = new Map<string, number>();
    readonly stock = new Map<string, number>();

    apply(p: PullResponse): void {
      if (p.full) {
        this.prices.clear();
        this.stock.clear();
      }
      for (const x of p.products) this.prices.set(x.id, x.price);
      for (const s of p.stock) this.stock.set(`${s.outletId}/${s.productId}`, s.level);
      this.version = p.version;
    }
  }

  it('clients pulling while sales and price changes land concurrently end with exactly the server state', async () => {
    const products = ['KOP-001', 'KOP-002', 'MDU-001', 'MDU-002', 'TNN-002', 'PGN-002', 'CKL-001', 'BTK-004'].map(demoProduct);
    const devices = Array.from({ length: 4 }, () => new TestDevice());
    let writing = true;

    const writers = devices.map(async (d, i) => {
      for (let round = 0; round < 6; round++) {
        const batch = [0, 1, 2].map((k) => d.sell([{ product: products[(i + round + k) % products.length] ?? KOPI, qty: 1 }]));
        const res = await push(url, d.id, batch);
        expect(res.gap).toBeNull();
      }
    });
    const catalog = (async () => {
      for (let round = 0; round < 6; round++) {
        const p = products[round % products.length] ?? KOPI;
        await upsertCatalog(server.store, { products: [{ ...p, price: p.price + round + 1 }] });
      }
    })();
    const replicas = [new Replica(), new Replica(), new Replica()];
    const pullers = replicas.map(async (r) => {
      while (writing) r.apply(await pull(url, r.version));
    });

    await Promise.all([...writers, catalog]);
    writing = false;
    await Promise.all(pullers);

    const truth = new Replica();
    truth.apply(await pull(url, 0));
    for (const r of replicas) {
      r.apply(await pull(url, r.version));
      expect(r.version).toBe(truth.version);
      expect(r.prices).toEqual(truth.prices);
      expect(r.stock).toEqual(truth.stock);
    }
    // 4 devices x 6 rounds x 3 sales of one piece each.
    const sold = (await listSales(url)).length;
    expect(sold).toBe(72);
  });
});
