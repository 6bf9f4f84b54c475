// Server ingest: sales per second pushed through the real HTTP server (device
// credentials, JSON, zod, replay bookkeeping, flags, stock, versions) against
// the same rows written with the bare driver, one transaction per batch, in
// the same run. SQLite (synchronous=FULL, as the server runs it); PostgreSQL
// when TEST_DATABASE_URL names a server (scripts/pg-test-cluster.sh).
//
//   npx tsx tests/bench/ingest.ts [--sales 5000] [--batch 100] [--rounds 3]
//   npm run bench -- --only ingest_sqlite     (the same, from the bench runner)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { computeTotals } from '../../src/domain/cart.ts';
import { receiptNumber, uuidv7 } from '../../src/domain/id.ts';
import { buildSaleFromLines } from '../../src/domain/sale.ts';
import { PROTOCOL_VERSION, type MutationEnvelope, type SaleRecordPayload } from '../../src/protocol/schemas.ts';
import { ROUTES } from '../../src/protocol/routes.ts';
import { buildApp } from '../../src/server/http/app.ts';
import { sharedPreparer } from '../../src/server/http/prepare-pool.ts';
import { demoCatalog, DEMO_PRODUCTS } from '../../src/server/seed-data.ts';
import { enrolDevice, registerDevice } from '../../src/server/accounts/accounts.ts';
import { openPostgres } from '../../src/server/store/postgres.ts';
import { openSqlite } from '../../src/server/store/sqlite.ts';
import { Store } from '../../src/server/store/store.ts';
import { figure, type Figure } from './stats.ts';
import { seedIfEmpty } from '../../src/server/catalog/catalog.ts';

const OUTLET = 'ntb-mall';
const CLIENT = fileURLToPath(new URL('./ingest-client.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEVICES = 5;

export interface IngestOptions {
  sales: number;
  batch: number;
  /** Server and bare driver take turns this many times; the best of each counts. */
  rounds: number;
  /** Whether to measure SQLite (`ingest_sqlite`). */
  sqlite: boolean;
  /** Admin URL of a PostgreSQL server to measure (`ingest_postgres`); null for none. */
  pgUrl: string | null;
}

interface Batch {
  deviceId: string;
  mutations: MutationEnvelope[];
  /** The request body, serialised before the clock starts: the client's work is not the server's. */
  body: string;
}

/** `n` sales of one to three lines, as devices make them, split into batches per device. */
function makeBatches(n: number, size: number, seed: number): Batch[] {
  const devices = Array.from({ length: DEVICES }, () => ({ id: uuidv7(), seq: 0 }));
  let rnd = seed;
  const next = (k: number): number => {
    rnd = (rnd * 1_103_515_245 + 12_345) % 2_147_483_648;
    return rnd % k;
  };
  const batches: Batch[] = [];
  for (let made = 0, d = 0; made < n; d = (d + 1) % DEVICES) {
    const device = devices[d];
    if (!device) throw new Error('no device');
    const mutations: MutationEnvelope[] = [];
    for (let k = 0; k < size && made < n; k++, made++) {
      const createdAt = Date.now();
      const picked = new Map<string, (typeof DEMO_PRODUCTS)[number]>();
      const lineCount = 1 + next(3);
      while (picked.size < lineCount) {
        const p = DEMO_PRODUCTS[next(DEMO_PRODUCTS.length)];
        if (p) picked.set(p.id, p);
      }
      const lines = [...picked.values()].map((p) => ({ productId: p.id, producerId: p.producerId, name: p.name, sku: p.sku, unitPrice: p.price, qty: 1 + next(2), discount: null }));
      device.seq++;
      const sale = buildSaleFromLines({
        lines,
        orderDiscount: null,
        note: '',
        tenders: [{ method: 'cash', amount: computeTotals(lines).total }],
        cashier: 'Bench',
        taxMode: 'none',
        roundingStep: 0,
        now: createdAt,
        deviceId: device.id,
        outletId: OUTLET,
        receiptNo: receiptNumber(device.id, device.seq),
      });
      const saleId = sale.id;
      const saleLines = sale.lines;
      const payload: SaleRecordPayload = {
        sale,
        stockEvents: saleLines.map((l) => ({ id: uuidv7(createdAt), productId: l.productId, outletId: OUTLET, delta: -l.qty, reason: 'sale', saleId })),
      };
      mutations.push({ seq: device.seq, id: uuidv7(createdAt), type: 'sale.record', payload, deviceTime: createdAt });
    }
    batches.push({ deviceId: device.id, mutations, body: JSON.stringify({ deviceId: device.id, protocolVersion: PROTOCOL_VERSION, mutations }) });
  }
  return batches;
}

/** The rows a sale is, in the order the bare writers insert them. */
function rowsOf(m: MutationEnvelope, deviceId: string, version: number): { sql: string; params: (string | number | null)[] }[] {
  const { sale, stockEvents } = m.payload as SaleRecordPayload;
  const now = Date.now();
  return [
    {
      sql: `INSERT INTO sales (id, device_id, device_seq, outlet_id, receipt_no, business_date, total, created_at, received_at, flags, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      params: [sale.id, deviceId, m.seq, sale.outletId, sale.receiptNo, sale.businessDate, sale.total, sale.createdAt, now, '[]', JSON.stringify(sale)],
    },
    ...sale.lines.map((l) => ({
      sql: 'INSERT INTO sale_lines (id, sale_id, product_id, producer_id, qty, unit_price, net, tax) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      params: [l.id, sale.id, l.productId, l.producerId, l.qty, l.unitPrice, l.net, l.tax],
    })),
    ...sale.payments.map((p) => ({
      sql: 'INSERT INTO payments (id, sale_id, method, amount, reference) VALUES (?, ?, ?, ?, ?)',
      params: [p.id, sale.id, p.method, p.amount, p.reference],
    })),
    ...stockEvents.map((e) => ({
      sql: 'INSERT INTO stock_events (id, product_id, outlet_id, device_id, delta, reason, sale_id, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      params: [e.id, e.productId, e.outletId, deviceId, e.delta, e.reason, e.saleId, now],
    })),
    ...stockEvents.map((e) => ({
      sql: 'UPDATE stock_levels SET level = level + ?, version = ? WHERE outlet_id = ? AND product_id = ?',
      params: [e.delta, version, e.outletId, e.productId],
    })),
  ];
}

/** A writer under test: takes the batches, answers sales per second. */
type Writer = (batches: readonly Batch[]) => Promise<number>;

function sales(batches: readonly Batch[]): number {
  return batches.reduce((n, b) => n + b.mutations.length, 0);
}

async function rate(batches: readonly Batch[], write: (b: Batch) => Promise<void> | void): Promise<number> {
  const start = performance.now();
  for (const b of batches) await write(b);
  return sales(batches) / ((performance.now() - start) / 1000);
}

/** Enrols each device (registration and one-time code, as an admin and the device would) and answers its credential. */
async function enrol(store: Store, deviceIds: Iterable<string>): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (const deviceId of deviceIds) {
    const at = store.now();
    const { code } = await store.db.tx((tx) => registerDevice(tx, { outletId: OUTLET, label: `Bench ${deviceId.slice(-4)}` }, { at, actorId: null }));
    tokens.set(deviceId, (await store.db.tx((tx) => enrolDevice(tx, { code, deviceId }, at))).credential);
  }
  return tokens;
}

/**
 * The real server on 127.0.0.1, in this process. bench/ingest-client.ts, in a
 * process of its own, posts the batches as a busy outlet's devices would:
 * each device its own batches in order, the five devices at the same time,
 * each with its own credential (enrolled before the clock starts).
 */
async function serverWriter(store: Store): Promise<{ write: Writer; close: () => Promise<void> }> {
  await seedIfEmpty(store, demoCatalog());
  const preparer = sharedPreparer();
  // As main.ts does: the threads are up before the first device pushes.
  await preparer.warm();
  const app = await buildApp({ store, staticDir: null, preparer });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}${ROUTES.push}`;
  const dir = mkdtempSync(join(tmpdir(), 'kasir-ingest-bodies-'));
  const write: Writer = async (batches) => {
    const tokens = await enrol(store, new Set(batches.map((b) => b.deviceId)));
    const file = join(dir, 'bodies.jsonl');
    writeFileSync(file, batches.map((b) => `${b.deviceId} ${tokens.get(b.deviceId) ?? ''} ${b.body}`).join('\n'));
    const child = spawn(process.execPath, ['--import', 'tsx', CLIENT, url, file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    if (code !== 0) throw new Error(`ingest client exited with ${code ?? 'a signal'}`);
    const { ms } = JSON.parse(out) as { ms: number };
    return sales(batches) / (ms / 1000);
  };
  return {
    write,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** better-sqlite3 alone with the server's pragmas, one transaction per batch, one statement per row. */
function bareSqliteWriter(path: string): { write: Writer; close: () => Promise<void> } {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const cache = new Map<string, Database.Statement>();
  const write = db.transaction((b: Batch) => {
    for (const m of b.mutations) {
      for (const r of rowsOf(m, b.deviceId, 1)) {
        let s = cache.get(r.sql);
        if (!s) cache.set(r.sql, (s = db.prepare(r.sql)));
        s.run(...r.params);
      }
    }
  });
  return { write: (batches) => rate(batches, (b) => void write(b)), close: () => Promise.resolve(void db.close()) };
}

/** node-postgres alone, one transaction per batch, one statement per row. */
async function barePostgresWriter(url: string): Promise<{ write: Writer; close: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const write = async (b: Batch): Promise<void> => {
    await client.query('BEGIN');
    for (const m of b.mutations) {
      for (const r of rowsOf(m, b.deviceId, 1)) {
        let i = 0;
        await client.query(r.sql.replace(/\?/g, () => `$${++i}`), r.params);
      }
    }
    await client.query('COMMIT');
  };
  return { write: (batches) => rate(batches, write), close: () => client.end() };
}

/**
 * Server and bare driver take turns, each round on new sales; the best round
 * of each counts. The first round pays for JIT and caches, and a machine
 * busy with something else slows a round, never speeds one up.
 */
async function bestOf(opts: IngestOptions, server: Writer, bare: Writer): Promise<{ server: number; bare: number }> {
  let best = { server: 0, bare: 0 };
  for (let round = 0; round < opts.rounds; round++) {
    const s = await server(makeBatches(opts.sales, opts.batch, 2 * round + 1));
    const b = await bare(makeBatches(opts.sales, opts.batch, 2 * round + 2));
    best = { server: Math.max(best.server, s), bare: Math.max(best.bare, b) };
  }
  return best;
}

async function ingestSqlite(opts: IngestOptions): Promise<Figure> {
  const dir = mkdtempSync(join(tmpdir(), 'kasir-ingest-'));
  try {
    const bareDb = join(dir, 'bare.sqlite');
    const bareStore = new Store(openSqlite(bareDb));
    await bareStore.migrate();
    await seedIfEmpty(bareStore, demoCatalog());
    await bareStore.close();
    const store = new Store(openSqlite(join(dir, 'server.sqlite')));
    await store.migrate();
    const server = await serverWriter(store);
    const bare = bareSqliteWriter(bareDb);
    try {
      const best = await bestOf(opts, server.write, bare.write);
      return figure('ingest_sqlite', best.server, 'sales/s', best.bare);
    } finally {
      await server.close();
      await store.close();
      await bare.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function ingestPostgres(adminUrl: string, opts: IngestOptions): Promise<Figure> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const [serverName, bareName] = ['kasir_bench_server', 'kasir_bench_bare'].map((n) => `${n}_${process.pid}`) as [string, string];
  const urlOf = (name: string): string => {
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    return u.toString();
  };
  try {
    for (const n of [serverName, bareName]) await admin.query(`CREATE DATABASE ${n} TEMPLATE template0`);
    const bareStore = new Store(await openPostgres(urlOf(bareName)));
    await bareStore.migrate();
    await seedIfEmpty(bareStore, demoCatalog());
    await bareStore.close();
    const store = new Store(await openPostgres(urlOf(serverName)));
    await store.migrate();
    const server = await serverWriter(store);
    const bare = await barePostgresWriter(urlOf(bareName));
    try {
      const best = await bestOf(opts, server.write, bare.write);
      return figure('ingest_postgres', best.server, 'sales/s', best.bare);
    } finally {
      await server.close();
      await store.close();
      await bare.close();
    }
  } finally {
    for (const n of [serverName, bareName]) await admin.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
    await admin.end();
  }
}

/** The bench scenario: `ingest_sqlite`, and `ingest_postgres` when a PostgreSQL URL is given. */
export async function ingestScenario(opts: IngestOptions): Promise<Figure[]> {
  const figures: Figure[] = [];
  if (opts.sqlite) figures.push(await ingestSqlite(opts));
  if (opts.pgUrl) figures.push(await ingestPostgres(opts.pgUrl, opts));
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: { sales: { type: 'string', default: '10000' }, batch: { type: 'string', default: '100' }, rounds: { type: 'string', default: '3' } },
  });
  const figures = await ingestScenario({
    sales: Number(values.sales),
    batch: Number(values.batch),
    rounds: Number(values.rounds),
    sqlite: true,
    pgUrl: process.env.TEST_DATABASE_URL ?? null,
  });
  console.table(figures);
}
