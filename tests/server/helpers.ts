// Shared pieces for the server tests: a real database per test (SQLite in a
// fresh temp folder; PostgreSQL too when TEST_DATABASE_URL is set), a real
// Fastify server on 127.0.0.1:0, real fetch, and sales built the way the
// device builds them (computeTotals, uuidv7) so they pass saleInconsistency.
// Every route wants a credential: each test server gets an admin session, and
// a device enrols itself through the real routes the first time it pushes.
import type { TenderInput } from '../../src/domain/payment.ts';
import { afterEach, beforeEach } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { computeTotals, type Discount } from '../../src/domain/cart.ts';
import type { Product } from '../../src/domain/catalog.ts';
import { receiptNumber, uuidv7 } from '../../src/domain/id.ts';
import type { Role } from '../../src/domain/approval.ts';
import { hashPin, type PinHash } from '../../src/domain/pin.ts';
import { buildSaleFromLines, saleInconsistency, type Sale } from '../../src/domain/sale.ts';
import { enrolResponseSchema, loginResponseSchema, registerDeviceResponseSchema, type LoginResponse } from '../../src/protocol/auth.ts';
import { AUTH_ROUTES, REVIEW_ROUTE, ROUTES } from '../../src/protocol/routes.ts';
import {
  errorResponseSchema,
  PROTOCOL_VERSION,
  pullResponseSchema,
  pushResponseSchema,
  reviewResponseSchema,
  salesListResponseSchema,
  type ErrorResponse,
  type MutationEnvelope,
  type PullResponse,
  type PushResponse,
  type ReviewResponse,
  type SaleRecordPayload,
  type ServerSale,
  type StockEvent,
} from '../../src/protocol/schemas.ts';
import { buildApp, type AppOptions } from '../../src/server/http/app.ts';
import { hashPassword } from '../../src/server/accounts/password.ts';
import { createSession, createUser, userByUsername } from '../../src/server/accounts/accounts.ts';
import { DEMO_PRODUCTS, demoCatalog } from '../../src/server/seed-data.ts';
import { num } from '../../src/server/store/db.ts';
import { openPostgres } from '../../src/server/store/postgres.ts';
import { openSqlite } from '../../src/server/store/sqlite.ts';
import { Store } from '../../src/server/store/store.ts';
import { seedIfEmpty } from '../../src/server/catalog/catalog.ts';

// ---------------------------------------------------------------- backends

export interface StoreOptions {
  /** The server clock (receive time, expiries, rate limits); defaults to Date.now. */
  now?: () => number;
  /** Rate limits of the app (serveDatabase only). */
  limits?: AppOptions['limits'];
  /** Who parses push and import bodies (serveDatabase only); the shared pool when absent. */
  preparer?: AppOptions['preparer'];
  /** A scrape token for /metrics (serveDatabase only). */
  metricsToken?: string;
}

/** One test's database. `open` may be called again after the store is closed: that is a restart. */
export interface TestDatabase {
  /** The DATABASE_URL a server process would be started with. */
  readonly url: string;
  /** A migrated store over this database (not seeded). */
  open(options?: StoreOptions): Promise<Store>;
  /** A store over this database as it is, schema untouched (migration tests). */
  openUnmigrated(): Promise<Store>;
  /** Deletes the database; call once every store over it is closed. */
  destroy(): Promise<void>;
}

/** A database engine the suite runs against: `describe.each(backends)`. */
export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  /** A fresh, empty database for one test. */
  create(): Promise<TestDatabase>;
}

export const sqliteBackend: Backend = {
  name: 'sqlite',
  async create() {
    const dir = await mkdtemp(join(tmpdir(), 'kasir-karya-test-'));
    const path = join(dir, 'kasir.sqlite');
    return {
      url: `sqlite:${path}`,
      async open(options: StoreOptions = {}) {
        const store = new Store(openSqlite(path), options.now);
        await store.migrate();
        return store;
      },
      openUnmigrated: () => Promise.resolve(new Store(openSqlite(path))),
      destroy: () => rm(dir, { recursive: true, force: true }),
    };
  },
};

/**
 * PostgreSQL, when TEST_DATABASE_URL names a server (.ci/pg-test-cluster.sh
 * makes one). Each test gets a database of its own, created from that URL's
 * connection and dropped afterwards, so tests in parallel workers never see
 * each other's rows and a restart test can reopen the same database.
 */
export function postgresBackend(adminUrl: string): Backend {
  let admin: pg.Pool | null = null;
  const adminPool = (): pg.Pool => {
    if (!admin) {
      // allowExitOnIdle: an idle admin pool must not keep a test worker alive.
      admin = new pg.Pool({ connectionString: adminUrl, max: 2, allowExitOnIdle: true });
      admin.on('error', () => undefined);
    }
    return admin;
  };
  return {
    name: 'postgres',
    async create() {
      const name = `kasir_t_${randomBytes(6).toString('hex')}`;
      // template0: template1 may be in use by someone, which makes CREATE DATABASE fail.
      await adminPool().query(`CREATE DATABASE ${name} TEMPLATE template0`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return {
        url: url.toString(),
        async open(options: StoreOptions = {}) {
          const store = new Store(await openPostgres(url.toString()), options.now);
          await store.migrate();
          return store;
        },
        openUnmigrated: async () => new Store(await openPostgres(url.toString())),
        // FORCE: a test that failed halfway may have left a connection open.
        destroy: async () => {
          await adminPool().query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        },
      };
    },
  };
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? null;
export const pgBackend: Backend | null = TEST_DATABASE_URL ? postgresBackend(TEST_DATABASE_URL) : null;
export const backends: readonly Backend[] = pgBackend ? [sqliteBackend, pgBackend] : [sqliteBackend];

// ------------------------------------------------------------------ server

export interface TestServer {
  readonly baseUrl: string;
  /** The Fastify app, for routesOf(). */
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly database: TestDatabase;
  /** What seedIfEmpty answered when this server started. */
  readonly seeded: boolean;
  /** Stops the HTTP server and closes the store, keeping the database (for a restart). */
  stop(): Promise<void>;
  /** stop(), then delete the database. Safe to call more than once. */
  close(): Promise<void>;
}

/** Opens the store over `database`, seeds it if empty, and serves it on 127.0.0.1 at a free port. */
export async function serveDatabase(database: TestDatabase, options: StoreOptions = {}): Promise<TestServer> {
  const store = await database.open(options);
  const seeded = await seedIfEmpty(store, demoCatalog());
  const app = await buildApp({
    store,
    staticDir: null,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.preparer ? { preparer: options.preparer } : {}),
    ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> => (stopped ??= app.close().then(() => store.close()));
  const baseUrl = `http://127.0.0.1:${port}`;
  trackServer(baseUrl, database.url, () => adminSession(store));
  return {
    baseUrl,
    app,
    store,
    database,
    seeded,
    stop,
    close: () => stop().then(() => database.destroy()),
  };
}

/** A fresh server for every test of the enclosing describe, closed after it; `use` receives it. */
export function serverPerTest(backend: Backend, use: (server: TestServer) => void, options: StoreOptions = {}): void {
  let server: TestServer | null = null;
  beforeEach(async () => {
    server = await startTestServer(backend, options);
    use(server);
  });
  afterEach(async () => {
    await server?.close();
    server = null;
  });
}

export async function startTestServer(backend: Backend, options: StoreOptions = {}): Promise<TestServer> {
  return serveDatabase(await backend.create(), options);
}

// ------------------------------------------------------------- credentials
// Sessions and device credentials live in the database, so they are kept per
// database: a restarted server, or a second process over the same database,
// takes the ones issued before.

export const TEST_ADMIN = { username: 'test-admin', name: 'Admin Uji', password: 'kata-sandi-admin-uji' } as const;

const databaseOf = new Map<string, string>();
const adminMakers = new Map<string, () => Promise<string>>();
const adminTokens = new Map<string, Promise<string>>();
const deviceTokens = new Map<string, Promise<string>>();

/**
 * Says which database the server at `baseUrl` holds, and how to get an admin
 * session there if none was made for that database yet.
 */
export function trackServer(baseUrl: string, databaseKey: string, makeAdminSession: () => Promise<string>): void {
  databaseOf.set(baseUrl, databaseKey);
  adminMakers.set(baseUrl, makeAdminSession);
}

function databaseKeyOf(baseUrl: string): string {
  const key = databaseOf.get(baseUrl);
  if (key === undefined) throw new Error(`no test server is tracked at ${baseUrl}: call trackServer first`);
  return key;
}

/** Scrypt takes a quarter second: the test password is hashed once per test file. */
const hashes = new Map<string, Promise<string>>();
export function passwordHashOf(password: string): Promise<string> {
  let h = hashes.get(password);
  if (!h) {
    h = hashPassword(password);
    hashes.set(password, h);
  }
  return h;
}

export interface TestUser {
  username: string;
  name?: string;
  role: Role;
  /** Null: every outlet (admins only). Default: OUTLET, or null for an admin. */
  outletId?: string | null;
  password?: string;
  pin?: string;
}

/** Creates a user straight in the store (the route is tested on its own); answers its id. */
export async function createTestUser(store: Store, user: TestUser): Promise<string> {
  const passwordHash = user.password === undefined ? null : await passwordHashOf(user.password);
  const pin: PinHash | null = user.pin === undefined ? null : await hashPin(user.pin);
  const outletId = user.outletId === undefined ? (user.role === 'admin' ? null : OUTLET) : user.outletId;
  return store.db.tx(async (tx) => {
    const created = await createUser(
      tx,
      { username: user.username, name: user.name ?? user.username, role: user.role, outletId, pin, passwordHash },
      { at: store.now(), actorId: null },
    );
    return created.id;
  });
}

/** A session token for a user, made in the store as the sign-in route makes it. */
export async function sessionFor(store: Store, userId: string): Promise<string> {
  return store.db.tx(async (tx) => (await createSession(tx, userId, store.now())).token);
}

/** The test admin (created on first use) and a fresh session for it. */
export async function adminSession(store: Store): Promise<string> {
  const existing = await store.db.tx((tx) => userByUsername(tx, TEST_ADMIN.username));
  const id = existing?.id ?? (await createTestUser(store, { username: TEST_ADMIN.username, name: TEST_ADMIN.name, role: 'admin', password: TEST_ADMIN.password }));
  return sessionFor(store, id);
}

/** The admin session of the database behind `baseUrl`. */
export function adminToken(baseUrl: string): Promise<string> {
  const key = databaseKeyOf(baseUrl);
  let token = adminTokens.get(key);
  if (!token) {
    const make = adminMakers.get(baseUrl);
    if (!make) throw new Error(`no admin maker for ${baseUrl}`);
    token = make();
    adminTokens.set(key, token);
  }
  return token;
}

/** Registers a device as the admin and enrols it with the code, through the real routes; answers its credential. */
export async function enrolDevice(baseUrl: string, deviceId: string, outletId: string = OUTLET, admin?: string): Promise<string> {
  const reg = await post(baseUrl, AUTH_ROUTES.devices, { outletId, label: `Perangkat uji ${deviceId.slice(-4)}` }, jsonWith(admin ?? (await adminToken(baseUrl))));
  if (reg.status !== 200) throw new Error(`register answered ${reg.status}: ${JSON.stringify(reg.body)}`);
  const { code } = registerDeviceResponseSchema.parse(reg.body);
  const res = await post(baseUrl, AUTH_ROUTES.enrol, { code, deviceId });
  if (res.status !== 200) throw new Error(`enrol answered ${res.status}: ${JSON.stringify(res.body)}`);
  return enrolResponseSchema.parse(res.body).credential;
}

/** The credential of `deviceId` on the database behind `baseUrl`, enrolling it (at OUTLET) the first time. */
export function deviceToken(baseUrl: string, deviceId: string): Promise<string> {
  const key = `${databaseKeyOf(baseUrl)}\u0000${deviceId}`;
  let token = deviceTokens.get(key);
  if (!token) {
    token = enrolDevice(baseUrl, deviceId);
    deviceTokens.set(key, token);
  }
  return token;
}

/** Signs in through the route; expects 200. */
export async function login(baseUrl: string, username: string, password: string): Promise<LoginResponse> {
  const res = await post(baseUrl, AUTH_ROUTES.login, { username, password });
  if (res.status !== 200) throw new Error(`login answered ${res.status}: ${JSON.stringify(res.body)}`);
  return loginResponseSchema.parse(res.body);
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** JSON content type plus the credential. */
export function jsonWith(token: string): Record<string, string> {
  return { 'content-type': 'application/json', ...bearer(token) };
}

/** Headers for a JSON request as the admin of the server at `baseUrl`. */
export async function asAdmin(baseUrl: string): Promise<Record<string, string>> {
  return jsonWith(await adminToken(baseUrl));
}

/** Headers for a JSON request as device `deviceId` (enrolled on first use). */
export async function asDevice(baseUrl: string, deviceId: string): Promise<Record<string, string>> {
  return jsonWith(await deviceToken(baseUrl, deviceId));
}

// -------------------------------------------------------------------- HTTP

export interface HttpAnswer {
  status: number;
  body: unknown;
  contentType: string | null;
}

async function answer(res: Response): Promise<HttpAnswer> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? null : (JSON.parse(text) as unknown);
  } catch {
    // Not JSON: the test sees the raw text.
  }
  return { status: res.status, body, contentType: res.headers.get('content-type') };
}

/** POSTs a raw body (a string, sent as is) or a value (sent as JSON). */
export async function post(
  baseUrl: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<HttpAnswer> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return answer(res);
}

export async function get(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return answer(await fetch(`${baseUrl}${path}`, { headers }));
}

/** Any method, for the routes post() and get() do not cover (PATCH). */
export async function send(baseUrl: string, method: string, path: string, body: unknown, headers: Record<string, string>): Promise<HttpAnswer> {
  return answer(await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
}

export function pushBody(
  deviceId: string,
  mutations: readonly MutationEnvelope[],
  protocolVersion: number = PROTOCOL_VERSION,
): { deviceId: string; protocolVersion: number; mutations: readonly MutationEnvelope[] } {
  return { deviceId, protocolVersion, mutations };
}

/** Pushes as the device itself and expects 200; the answer is checked against the wire schema. */
export async function push(baseUrl: string, deviceId: string, mutations: readonly MutationEnvelope[]): Promise<PushResponse> {
  const res = await post(baseUrl, ROUTES.push, pushBody(deviceId, mutations), await asDevice(baseUrl, deviceId));
  if (res.status !== 200) throw new Error(`push answered ${res.status}: ${JSON.stringify(res.body)}`);
  return pushResponseSchema.parse(res.body);
}

/** Pulls as the admin (every outlet unless one is named; no users). */
export async function pull(baseUrl: string, since: number, outletId?: string): Promise<PullResponse> {
  const q = new URLSearchParams({ since: String(since) });
  if (outletId !== undefined) q.set('outletId', outletId);
  const res = await get(baseUrl, `${ROUTES.pull}?${q.toString()}`, bearer(await adminToken(baseUrl)));
  if (res.status !== 200) throw new Error(`pull answered ${res.status}: ${JSON.stringify(res.body)}`);
  return pullResponseSchema.parse(res.body);
}

/** Lists sales as the admin. */
export async function listSales(baseUrl: string, deviceId?: string): Promise<ServerSale[]> {
  const q = deviceId === undefined ? '' : `?${new URLSearchParams({ deviceId }).toString()}`;
  const res = await get(baseUrl, `${ROUTES.sales}${q}`, bearer(await adminToken(baseUrl)));
  if (res.status !== 200) throw new Error(`sales answered ${res.status}: ${JSON.stringify(res.body)}`);
  return salesListResponseSchema.parse(res.body).sales;
}

/** The review list as the admin. */
export async function review(baseUrl: string): Promise<ReviewResponse> {
  const res = await get(baseUrl, REVIEW_ROUTE, bearer(await adminToken(baseUrl)));
  if (res.status !== 200) throw new Error(`review answered ${res.status}: ${JSON.stringify(res.body)}`);
  return reviewResponseSchema.parse(res.body);
}

/** The error envelope every non-2xx answer carries. */
export function errorOf(res: HttpAnswer): ErrorResponse['error'] {
  return errorResponseSchema.parse(res.body).error;
}

/** The level in a pull answer, or null when the pull did not carry that row. */
export function stockLevel(p: PullResponse, productId: string, outletId: string): number | null {
  return p.stock.find((s) => s.productId === productId && s.outletId === outletId)?.level ?? null;
}

// --------------------------------------------------------------- database

export const TABLES = [
  'devices',
  'mutations',
  'sales',
  'sale_lines',
  'payments',
  'stock_events',
  'products',
  'stock_levels',
  'users',
  'user_role_history',
  'device_registrations',
  'sessions',
  'audit_log',
] as const;
export type Table = (typeof TABLES)[number];

export async function countRows(store: Store, table: Table): Promise<number> {
  const [row] = await store.db.all(`SELECT COUNT(*) AS n FROM ${table}`);
  return num(row?.n);
}

/** Row counts of every synced table, to show that a refused request wrote nothing. */
export async function snapshotCounts(store: Store): Promise<Record<Table, number>> {
  const out = {} as Record<Table, number>;
  for (const t of TABLES) out[t] = await countRows(store, t);
  return out;
}

/** Sum of every stock level, a cheap fingerprint of the stock table. */
export async function totalStock(store: Store): Promise<number> {
  const [row] = await store.db.all('SELECT COALESCE(SUM(level), 0) AS n FROM stock_levels');
  return num(row?.n);
}

// ------------------------------------------------------------------- sales

export const OUTLET = 'ntb-mall';

export function demoProduct(sku: string): Product {
  const p = DEMO_PRODUCTS.find((x) => x.sku === sku);
  if (!p) throw new Error(`no demo product ${sku}`);
  return p;
}

export interface SaleItem {
  /** A demo SKU, or any product (also one the server does not know). */
  product: string | Product;
  qty: number;
  /** Price the device sold at; defaults to the catalog price. */
  unitPrice?: number;
  discount?: Discount | null;
}

export interface SaleOptions {
  deviceId: string;
  items: readonly SaleItem[];
  outletId?: string;
  /** Receipt counter on the device. */
  counter?: number;
  /** Device clock. */
  createdAt?: number;
  orderDiscount?: Discount | null;
  /** How it was paid, from the total (default: exact cash). */
  tenders?: (total: number) => TenderInput[];
  /** The shift the device was in. */
  shiftId?: string;
}

/**
 * A `sale.record` payload as a device makes it: totals from computeTotals,
 * paid exactly in cash, one stock event (-qty) per line.
 */
export function makeSale(opts: SaleOptions): SaleRecordPayload {
  const createdAt = opts.createdAt ?? Date.now();
  const outletId = opts.outletId ?? OUTLET;
  const items = opts.items.map((i) => ({ ...i, product: typeof i.product === 'string' ? demoProduct(i.product) : i.product }));
  const lines = items.map((i) => ({
    productId: i.product.id,
    producerId: i.product.producerId,
    name: i.product.name,
    sku: i.product.sku,
    unitPrice: i.unitPrice ?? i.product.price,
    qty: i.qty,
    discount: i.discount ?? null,
  }));
  const total = computeTotals(lines, opts.orderDiscount ?? null).total;
  const sale: Sale = buildSaleFromLines({
    lines,
    orderDiscount: opts.orderDiscount ?? null,
    note: '',
    tenders: opts.tenders ? opts.tenders(total) : [{ method: 'cash', amount: total }],
    cashier: 'Baiq Test',
    taxMode: 'none',
    roundingStep: 0,
    now: createdAt,
    deviceId: opts.deviceId,
    outletId,
    receiptNo: receiptNumber(opts.deviceId, opts.counter ?? 1),
    ...(opts.shiftId !== undefined ? { shiftId: opts.shiftId } : {}),
  });
  const saleId = sale.id;
  const problem = saleInconsistency(sale);
  if (problem) throw new Error(`makeSale built an inconsistent sale: ${problem}`);
  const stockEvents: StockEvent[] = sale.lines.map((l) => ({
    id: uuidv7(createdAt),
    productId: l.productId,
    outletId,
    delta: -l.qty,
    reason: 'sale',
    saleId,
  }));
  return { sale, stockEvents };
}

export function mutation(seq: number, payload: unknown, opts: { type?: string; id?: string; deviceTime?: number } = {}): MutationEnvelope {
  return {
    seq,
    id: opts.id ?? uuidv7(),
    type: opts.type ?? 'sale.record',
    payload,
    deviceTime: opts.deviceTime ?? Date.now(),
  };
}

/** A device with its own id, seq counter and receipt counter, as the PWA keeps them. */
export class TestDevice {
  readonly id: string;
  private seq = 0;
  private counter = 0;

  constructor(id: string = uuidv7()) {
    this.id = id;
  }

  /** The next sale as a mutation; takes the next seq. */
  sell(items: readonly SaleItem[], opts: Partial<Omit<SaleOptions, 'deviceId' | 'items'>> = {}): MutationEnvelope {
    const payload = makeSale({ deviceId: this.id, items, counter: ++this.counter, ...opts });
    return this.next(payload);
  }

  /** Any payload as the next mutation. */
  next(payload: unknown, opts: { type?: string; id?: string; deviceTime?: number } = {}): MutationEnvelope {
    return mutation(++this.seq, payload, opts);
  }
}

/** The sale inside a sale.record mutation built by these helpers. */
export function saleOf(m: MutationEnvelope): Sale {
  return (m.payload as SaleRecordPayload).sale;
}

/** A deep copy, for building a tampered variant of a payload. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
