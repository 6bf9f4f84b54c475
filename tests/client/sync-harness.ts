// The real server rules (Store over SQLite, seeded with the demo catalog)
// behind a fake `fetch` that can misbehave the ways a shop's network does:
// lose the answer after the server committed, fail before reaching it, delay
// a request past the client's patience and deliver it later, send it twice,
// or answer 426. Devices are real KasirDb databases (fake-indexeddb) that sell
// through the real checkout() and sync through the real SyncEngine.
import { mkdtempSync, rmSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { computeTotals } from '../../src/domain/cart.ts';
import type { Product } from '../../src/domain/catalog.ts';
import { KasirDb } from '../../src/client/db/database.ts';
import { ensureDevice } from '../../src/client/db/device-repo.ts';
import { openShiftAsBefore } from './shift-fixture.ts';
import { searchProducts } from '../../src/client/db/catalog-repo.ts';
import { checkout } from '../../src/client/db/sales-repo.ts';
import type { CartRow, SaleRow } from '../../src/client/db/schema.ts';
import { enrolDevice } from '../../src/client/sync/enrol.ts';
import { SyncEngine, type SyncEngineOptions, type SyncEngineState } from '../../src/client/sync/engine.ts';
import { AUTH_ERROR_CODES, DEVICE_HEALTH_HEADER, DEVICE_TOKEN_PREFIX, deviceHealthSchema, enrolRequestSchema, type DeviceHealth, type EnrolResponse } from '../../src/protocol/auth.ts';
import { AUTH_ROUTES, ROUTES } from '../../src/protocol/routes.ts';
import { PROTOCOL_VERSION, pushRequestSchema, type DeviceUser, type ErrorResponse } from '../../src/protocol/schemas.ts';
import { demoCatalog } from '../../src/server/seed-data.ts';
import { num } from '../../src/server/store/db.ts';
import { openSqlite } from '../../src/server/store/sqlite.ts';
import { Store } from '../../src/server/store/store.ts';
import { seedIfEmpty } from '../../src/server/catalog/catalog.ts';
import { lastSeq, push } from '../../src/server/sync/push.ts';
import { newEpoch, pull } from '../../src/server/sync/pull.ts';

export const OUTLET = 'ntb-mall';

/**
 * What happens to one request.
 * - ok: answered normally.
 * - fail-before: a network error; the server never saw it.
 * - drop-reply: the server committed, the answer was lost (a lost acknowledgement).
 * - update-required: the server answers 426 without touching the store.
 * - duplicate: the request reaches the server twice; the client hears the second answer.
 * - park: the client gives up (a timeout); the request reaches the server later, on deliverParked().
 * - hang: the server commits, the client never hears back (the page was killed mid-push).
 * - hang-lost: neither the server nor the client hears anything again.
 * - hold: waits until the test releases it (see held()); a client abort fails it for the client,
 *   and a later release still delivers it to the server.
 */
export type Fate = 'ok' | 'fail-before' | 'drop-reply' | 'update-required' | 'duplicate' | 'park' | 'hang' | 'hang-lost' | 'hold';

export type Route = 'push' | 'pull';

export interface SeenRequest {
  route: Route;
  deviceId: string | null;
  seqs: number[];
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Held {
  request: SeenRequest;
  /** Delivers the request to the server and hands its answer to the client, if it is still listening. */
  release(): Promise<void>;
  /** The client sees a network error; the server never hears of it. */
  fail(): void;
}

class Deferred<T> {
  resolve!: (v: T) => void;
  readonly promise = new Promise<T>((r) => {
    this.resolve = r;
  });
}

function respond({ status, body, headers }: Answer): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function errorBody(code: string, message: string, field: string | null = null): ErrorResponse {
  return { error: { code, message, field } };
}

function networkError(why: string): TypeError {
  return new TypeError(`Failed to fetch (${why})`);
}

/** A registration an admin made: the one-time code and what it enrols into. */
interface Registration {
  outletId: string;
  label: string;
  expiresAt: number;
  used: boolean;
}

/** An enrolled device as the server knows it (the real server keeps a hash; a test may keep the token). */
interface EnrolledDevice {
  credential: string;
  revoked: boolean;
}

/** Codes as the admin's screen shows them; spaces, dashes and case do not matter (protocol/auth.ts). */
function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, '').toUpperCase();
}

export class FakeServer {
  /** The health report each request carried (fleet health), in order. */
  readonly healthReports: { path: string; report: DeviceHealth }[] = [];
  /** Every request the store handled, in order; a duplicate counts twice. */
  readonly handled: SeenRequest[] = [];
  /** The Authorization header of every request that reached the fake network, by path. */
  readonly authorizations: { path: string; authorization: string | null }[] = [];
  /** Push and pull refuse a request without a known, unrevoked device credential, as the real server does. */
  requireAuth = true;
  /** Users the pull carries on top of the store's (the store of this test may have none). */
  users: DeviceUser[] = [];
  /** Enrolment attempts allowed before answering 429, as the real rate limit would. */
  enrolLimit = 20;
  private enrolAttempts = 0;
  private readonly registrations = new Map<string, Registration>();
  private readonly devices = new Map<string, EnrolledDevice>();
  private secrets = 0;
  /** Requests the client gave up on that are still on their way. */
  readonly parked: (() => Promise<Answer>)[] = [];
  /** Bytes of the answers the client received, per route. */
  readonly bytesSent: Record<Route, number> = { push: 0, pull: 0 };
  /** How many client requests are open right now, and the most there ever were. */
  open = 0;
  maxOpen = 0;
  private readonly plans: Record<Route, Fate[]> = { push: [], pull: [] };
  private readonly inStore = new Set<Promise<unknown>>();
  private heldWaiters: Deferred<Held>[] = [];
  private heldQueue: Held[] = [];
  private arrivalWaiters: { route: Route; resolve: () => void }[] = [];

  private constructor(
    public store: Store,
    private readonly path: string | null,
    private readonly dir: string | null,
  ) {}

  /** A fresh, seeded server; `file` keeps it in a temp file so it can be backed up and restored. */
  static async create(opts: { file?: boolean } = {}): Promise<FakeServer> {
    const dir = opts.file ? mkdtempSync(join(tmpdir(), 'kasir-sync-')) : null;
    const path = dir ? join(dir, 'kasir.sqlite') : null;
    const store = new Store(openSqlite(path ?? ':memory:'));
    await store.migrate();
    await seedIfEmpty(store, demoCatalog());
    return new FakeServer(store, path, dir);
  }

  /** The next requests on `route` meet these fates, in order; after them, 'ok'. */
  plan(route: Route, ...fates: Fate[]): void {
    this.plans[route].push(...fates);
  }

  /** Forgets fates planned but not met (the requests they were meant for never came). */
  clearPlans(): void {
    this.plans.push.length = 0;
    this.plans.pull.length = 0;
  }

  /** Resolves when the next request on `route` arrives at the fake network. */
  nextArrival(route: Route): Promise<void> {
    const d = new Deferred<void>();
    this.arrivalWaiters.push({ route, resolve: () => d.resolve() });
    return d.promise;
  }

  /** Resolves with the next request that meets 'hold'. */
  held(): Promise<Held> {
    const ready = this.heldQueue.shift();
    if (ready) return Promise.resolve(ready);
    const d = new Deferred<Held>();
    this.heldWaiters.push(d);
    return d.promise;
  }

  /** Waits until every request already handed to the store has finished there. */
  async settle(): Promise<void> {
    while (this.inStore.size > 0) await Promise.allSettled([...this.inStore]);
  }

  /** Delivers one parked request (the oldest unless told), as the network finally does. */
  async deliverParked(index = 0): Promise<boolean> {
    const [call] = this.parked.splice(index, 1);
    if (!call) return false;
    await call();
    return true;
  }

  // ------------------------------------------------------------ accounts

  /** What an admin's "register device" gives: a one-time code. */
  issueCode(opts: { outletId?: string; label?: string; expiresAt?: number } = {}): string {
    const code = `K${String(this.registrations.size + 1).padStart(3, '0')}-TEST-${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
    this.registrations.set(normaliseCode(code), {
      outletId: opts.outletId ?? OUTLET,
      label: opts.label ?? 'Kasir uji',
      expiresAt: opts.expiresAt ?? Date.now() + 3_600_000,
      used: false,
    });
    return code;
  }

  /** The admin revokes a device: its next request is refused with 401 device-revoked. */
  revoke(deviceId: string): void {
    const d = this.devices.get(deviceId);
    if (d) d.revoked = true;
  }

  /** The server forgets a device (restored from a backup made before its enrolment). */
  forget(deviceId: string): void {
    this.devices.delete(deviceId);
  }

  credentialOf(deviceId: string): string | null {
    return this.devices.get(deviceId)?.credential ?? null;
  }

  private newCredential(deviceId: string): string {
    return `${DEVICE_TOKEN_PREFIX}${deviceId}.secret-${++this.secrets}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  }

  /** The device a bearer token belongs to, or the 401 the real server would answer. */
  private authenticate(authorization: string | null): { deviceId: string } | Answer {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? null;
    const deviceId = token?.startsWith(DEVICE_TOKEN_PREFIX) ? token.slice(DEVICE_TOKEN_PREFIX.length).split('.')[0] : undefined;
    const device = deviceId ? this.devices.get(deviceId) : undefined;
    if (!deviceId || !device || device.credential !== token) return { status: 401, body: errorBody(AUTH_ERROR_CODES.unauthenticated, 'this device is not enrolled, or its credential is not valid') };
    if (device.revoked) return { status: 401, body: errorBody(AUTH_ERROR_CODES.deviceRevoked, 'an admin revoked this device') };
    return { deviceId };
  }

  private async auth(path: string, body: string | null, authorization: string | null): Promise<Answer> {
    if (path === AUTH_ROUTES.enrol) {
      if (++this.enrolAttempts > this.enrolLimit) return { status: 429, body: errorBody(AUTH_ERROR_CODES.rateLimited, 'too many enrolment attempts'), headers: { 'retry-after': '600' } };
      const parsed = enrolRequestSchema.safeParse(body === null ? null : JSON.parse(body));
      if (!parsed.success) return { status: 400, body: errorBody('invalid-request', parsed.error.message) };
      const reg = this.registrations.get(normaliseCode(parsed.data.code));
      if (!reg) return { status: 400, body: errorBody(AUTH_ERROR_CODES.enrolmentCodeUnknown, 'no registration has this enrolment code') };
      if (reg.used) return { status: 409, body: errorBody(AUTH_ERROR_CODES.enrolmentCodeUsed, 'this enrolment code was already used') };
      if (reg.expiresAt < Date.now()) return { status: 410, body: errorBody(AUTH_ERROR_CODES.enrolmentCodeExpired, 'the enrolment code has expired') };
      const known = this.devices.get(parsed.data.deviceId);
      if (known && !known.revoked) return { status: 409, body: errorBody(AUTH_ERROR_CODES.deviceAlreadyEnrolled, 'this device is already enrolled') };
      reg.used = true;
      const credential = this.newCredential(parsed.data.deviceId);
      this.devices.set(parsed.data.deviceId, { credential, revoked: false });
      const outlet = (await pull(this.store, 0, reg.outletId, null)).outlets.find((o) => o.id === reg.outletId) ?? null;
      const answer: EnrolResponse = { deviceId: parsed.data.deviceId, outletId: reg.outletId, outlet, label: reg.label, credential };
      return { status: 200, body: answer };
    }
    if (path === AUTH_ROUTES.rotate) {
      const who = this.authenticate(authorization);
      if ('status' in who) return who;
      const credential = this.newCredential(who.deviceId);
      this.devices.set(who.deviceId, { credential, revoked: false });
      return { status: 200, body: { credential } };
    }
    return { status: 404, body: errorBody('not-found', `no API route ${path}`) };
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), 'http://kasir.test');
    const authorization = new Headers(init?.headers).get('authorization');
    this.authorizations.push({ path: url.pathname, authorization });
    const report = new Headers(init?.headers).get(DEVICE_HEALTH_HEADER);
    if (report !== null) this.healthReports.push({ path: url.pathname, report: deviceHealthSchema.parse(JSON.parse(report)) });
    if (url.pathname === AUTH_ROUTES.enrol || url.pathname === AUTH_ROUTES.rotate) {
      return respond(await this.auth(url.pathname, typeof init?.body === 'string' ? init.body : null, authorization));
    }
    const route: Route | null = url.pathname === ROUTES.push ? 'push' : url.pathname === ROUTES.pull ? 'pull' : null;
    if (!route) return respond({ status: 404, body: errorBody('not-found', `no API route ${url.pathname}`) });
    const bodyText = typeof init?.body === 'string' ? init.body : null;
    const seen = this.describe(route, bodyText);
    const call = (): Promise<Answer> => this.track(this.handle(route, url, bodyText, seen, authorization));
    const fate = this.plans[route].shift() ?? 'ok';
    const waiting = this.arrivalWaiters.filter((w) => w.route === route);
    this.arrivalWaiters = this.arrivalWaiters.filter((w) => w.route !== route);
    for (const w of waiting) w.resolve();
    this.open++;
    this.maxOpen = Math.max(this.maxOpen, this.open);
    try {
      switch (fate) {
        case 'ok':
          return this.count(route, respond(await call()));
        case 'fail-before':
          throw networkError('before the server');
        case 'drop-reply':
          await call();
          throw networkError('answer lost');
        case 'update-required':
          return respond({ status: 426, body: errorBody('update-required', 'this app is too old for the server: update the app', 'protocolVersion') });
        case 'duplicate':
          await call();
          return respond(await call());
        case 'park':
          this.parked.push(call);
          throw networkError('no answer; the request is still on its way');
        case 'hang':
          void call();
          return await new Promise<Response>(() => undefined);
        case 'hang-lost':
          return await new Promise<Response>(() => undefined);
        case 'hold':
          return await this.hold(seen, call, init?.signal ?? null);
      }
    } finally {
      this.open--;
    }
  };

  private hold(request: SeenRequest, call: () => Promise<Answer>, signal: AbortSignal | null): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      // The client may give up (abort) while the request is still on its way:
      // the server can get it later all the same; only the answer goes nowhere.
      let answered = false;
      let settled = false;
      const held: Held = {
        request,
        release: async () => {
          if (settled) return;
          settled = true;
          const answer = await call();
          if (!answered) {
            answered = true;
            resolve(respond(answer));
          }
        },
        fail: () => {
          if (settled) return;
          settled = true;
          if (!answered) {
            answered = true;
            reject(networkError('held request failed'));
          }
        },
      };
      signal?.addEventListener('abort', () => {
        if (answered) return;
        answered = true;
        reject(new DOMException('The operation was aborted.', 'AbortError'));
      });
      const waiter = this.heldWaiters.shift();
      if (waiter) waiter.resolve(held);
      else this.heldQueue.push(held);
    });
  }

  /** Adds the answer's body to the bytes sent on `route`. */
  private async count(route: Route, res: Response): Promise<Response> {
    const text = await res.clone().text();
    this.bytesSent[route] += new TextEncoder().encode(text).length;
    return res;
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inStore.add(p);
    void p.finally(() => this.inStore.delete(p)).catch(() => undefined);
    return p;
  }

  private describe(route: Route, body: string | null): SeenRequest {
    if (route === 'pull' || body === null) return { route, deviceId: null, seqs: [] };
    const parsed = pushRequestSchema.safeParse(JSON.parse(body));
    return parsed.success
      ? { route, deviceId: parsed.data.deviceId, seqs: parsed.data.mutations.map((m) => m.seq) }
      : { route, deviceId: null, seqs: [] };
  }

  /** What src/server/app.ts does for these routes, with the same schemas. */
  private async handle(route: Route, url: URL, body: string | null, seen: SeenRequest, authorization: string | null): Promise<Answer> {
    this.handled.push(seen);
    let deviceId: string | null = null;
    if (this.requireAuth) {
      const who = this.authenticate(authorization);
      if ('status' in who) return who;
      deviceId = who.deviceId;
    }
    if (route === 'pull') {
      const since = Number(url.searchParams.get('since') ?? '0');
      const epoch = url.searchParams.get('epoch');
      const limit = url.searchParams.get('limit');
      const cursor = url.searchParams.get('cursor');
      const changes = await pull(this.store, Number.isInteger(since) && since >= 0 ? since : 0, url.searchParams.get('outletId'), epoch === null ? null : Number(epoch), {
        ...(limit !== null ? { limit: Number(limit) } : {}),
        ...(cursor !== null ? { cursor } : {}),
      });
      return { status: 200, body: changes.first ? { ...changes, users: [...changes.users, ...this.users] } : changes };
    }
    const json: unknown = body === null ? null : JSON.parse(body);
    const claimed = typeof json === 'object' && json !== null && 'protocolVersion' in json ? json.protocolVersion : undefined;
    if (typeof claimed === 'number' && claimed !== PROTOCOL_VERSION) {
      return { status: 426, body: errorBody('update-required', `protocol ${claimed} vs ${PROTOCOL_VERSION}`, 'protocolVersion') };
    }
    const parsed = pushRequestSchema.safeParse(json);
    if (!parsed.success) return { status: 400, body: errorBody('invalid-request', parsed.error.message) };
    if (deviceId !== null && parsed.data.deviceId !== deviceId) return { status: 403, body: errorBody(AUTH_ERROR_CODES.wrongDevice, `this credential is for ${deviceId}, not ${parsed.data.deviceId}`) };
    return { status: 200, body: await push(this.store, parsed.data.deviceId, parsed.data.mutations) };
  }

  // ------------------------------------------------------------ backups

  /** A consistent copy of the server's database file, as a nightly backup would take. */
  backup(): string {
    if (!this.path || !this.dir) throw new Error('backup needs FakeServer.create({ file: true })');
    const dest = join(this.dir, `backup-${Date.now()}-${Math.random().toString(36).slice(2)}.sqlite`);
    const raw = new Database(this.path);
    try {
      raw.prepare('VACUUM INTO ?').run(dest);
    } finally {
      raw.close();
    }
    return dest;
  }

  /** The server is restored from `backupPath`: everything after it is gone. */
  async restore(backupPath: string): Promise<void> {
    if (!this.path) throw new Error('restore needs FakeServer.create({ file: true })');
    await this.settle();
    await this.store.close();
    for (const suffix of ['-wal', '-shm']) if (existsSync(this.path + suffix)) rmSync(this.path + suffix);
    copyFileSync(backupPath, this.path);
    this.store = new Store(openSqlite(this.path));
    await this.store.migrate();
    // As the real server does at every start (src/server/main.ts).
    await newEpoch(this.store);
  }

  // ------------------------------------------------------------ reading

  async saleIds(): Promise<string[]> {
    const rows = await this.store.db.all('SELECT id FROM sales ORDER BY id');
    return rows.map((r) => String(r.id));
  }

  async level(productId: string, outletId = OUTLET): Promise<number> {
    const [row] = await this.store.db.all('SELECT level FROM stock_levels WHERE outlet_id = ? AND product_id = ?', [outletId, productId]);
    return num(row?.level);
  }

  async lastSeq(deviceId: string): Promise<number> {
    return lastSeq(this.store, deviceId);
  }

  async close(): Promise<void> {
    await this.settle();
    await this.store.close();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Opening stock at the test outlet, from the same catalog the server was seeded with. */
export function openingLevel(productId: string, outletId = OUTLET): number {
  const row = demoCatalog().stock.find((s) => s.productId === productId && s.outletId === outletId);
  if (!row) throw new Error(`no opening stock for ${productId} at ${outletId}`);
  return row.level;
}

export function productBySku(sku: string): Product {
  const p = demoCatalog().products.find((x) => x.sku === sku);
  if (!p) throw new Error(`no demo product ${sku}`);
  return p;
}

// ------------------------------------------------------------ devices

let dbCounter = 0;

export interface Item {
  sku: string;
  qty: number;
}

/** A till: its own IndexedDB database and a sync engine on it, talking to `server`. */
export class TestDevice {
  engine: SyncEngine;
  /** Engines replaced by a reload; they may still be stuck in a request that never returns. */
  readonly abandoned: SyncEngine[] = [];

  private constructor(
    readonly db: KasirDb,
    readonly deviceId: string,
    private readonly server: FakeServer,
    private readonly engineOptions: SyncEngineOptions,
  ) {
    this.engine = this.newEngine();
  }

  /** A new device, enrolled with a code from the admin, that has pulled the catalog once, as after its first start online. */
  static async create(server: FakeServer, engineOptions: SyncEngineOptions = {}): Promise<TestDevice> {
    const db = new KasirDb(`sync-test-${++dbCounter}-${Date.now()}`);
    await db.open();
    const { deviceId } = await ensureDevice(db);
    await enrolDevice(db, server.issueCode(), { fetch: server.fetch });
    const device = new TestDevice(db, deviceId, server, engineOptions);
    const first = await device.engine.syncNow();
    if (!first.ok) throw new Error(`first sync failed: ${JSON.stringify(first.failure)}`);
    await openShiftAsBefore(db, { id: 'u-baiq', name: 'Baiq' });
    return device;
  }

  newEngine(extra: SyncEngineOptions = {}): SyncEngine {
    return new SyncEngine(this.db, { fetch: this.server.fetch, ...this.engineOptions, ...extra });
  }

  /** A reload: the page and its engine are gone (whatever it was awaiting never returns), a new one starts on the same database. */
  reload(extra: SyncEngineOptions = {}): SyncEngine {
    this.engine.stop();
    this.abandoned.push(this.engine);
    this.engine = this.newEngine(extra);
    return this.engine;
  }

  /** Fills the open cart from the device's catalog and pays in exact cash through checkout(). */
  async sell(items: readonly Item[]): Promise<SaleRow> {
    const qty = new Map<string, number>();
    for (const i of items) qty.set(i.sku, (qty.get(i.sku) ?? 0) + i.qty);
    const lines = [];
    for (const [sku, q] of qty) {
      const p = await this.db.products.where('sku').equals(sku).first();
      if (!p) throw new Error(`device has no product ${sku}; did it pull?`);
      lines.push({ id: `line-${lines.length}`, productId: p.id, producerId: p.producerId, name: p.name, sku: p.sku, unitPrice: p.price, qty: q, discount: null });
    }
    const cart: CartRow = { id: 'open', lines, orderDiscount: null, note: '', updatedAt: Date.now() };
    await this.db.carts.put(cart);
    const total = computeTotals(lines, null, 'none').total;
    return checkout(this.db, { cart, tenders: [{ method: 'cash', amount: total }], cashier: 'Baiq', taxMode: 'none', roundingStep: 0 });
  }

  /** Stock per product id as the checkout screen shows it. */
  async displayedStock(): Promise<Map<string, number | null>> {
    const hits = await searchProducts(this.db, '', OUTLET, { limit: 10_000 });
    return new Map(hits.map((h) => [h.id, h.stock]));
  }

  async outboxByStatus(): Promise<Record<string, number[]>> {
    const out: Record<string, number[]> = {};
    for (const r of await this.db.outbox.orderBy('seq').toArray()) (out[r.status] ??= []).push(r.seq);
    return out;
  }

  close(): void {
    this.engine.stop();
    this.db.close();
  }

  /** Closes and deletes the database, for tests that make many devices. */
  async destroy(): Promise<void> {
    this.engine.stop();
    await this.db.delete();
  }
}

/** navigator.locks for jsdom, which has none: exclusive, first come first served, per name. */
export class TestLockManager {
  private readonly tails = new Map<string, Promise<unknown>>();
  /** Callbacks currently holding each lock, to prove they never overlap. */
  readonly holders = new Map<string, number>();
  maxHolders = 0;
  waiting = 0;
  private waiters: (() => void)[] = [];

  request<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const before = this.tails.get(name) ?? Promise.resolve();
    this.waiting++;
    for (const w of this.waiters.splice(0)) w();
    const run = before.then(async () => {
      this.waiting--;
      const n = (this.holders.get(name) ?? 0) + 1;
      this.holders.set(name, n);
      this.maxHolders = Math.max(this.maxHolders, n);
      try {
        return await fn();
      } finally {
        this.holders.set(name, (this.holders.get(name) ?? 1) - 1);
      }
    });
    this.tails.set(
      name,
      run.catch(() => undefined),
    );
    return run;
  }

  /** Resolves once at least `n` requests are queued or running. */
  async untilRequested(n: number): Promise<void> {
    while (this.waiting + [...this.holders.values()].reduce((a, b) => a + b, 0) < n) {
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  /** Puts this manager on jsdom's navigator; returns the undo. */
  install(): () => void {
    Object.defineProperty(globalThis.navigator, 'locks', { value: this, configurable: true });
    return () => {
      delete (globalThis.navigator as { locks?: unknown }).locks;
    };
  }
}

/** Records an engine's states; `idle()` resolves at the next state that is not syncing. */
export function watchStates(): { states: SyncEngineState[]; onState: (s: SyncEngineState) => void; idle: () => Promise<SyncEngineState> } {
  const states: SyncEngineState[] = [];
  let waiters: ((s: SyncEngineState) => void)[] = [];
  return {
    states,
    onState: (s) => {
      states.push(s);
      if (s.syncing) return;
      const ws = waiters;
      waiters = [];
      for (const w of ws) w(s);
    },
    idle: () => new Promise<SyncEngineState>((r) => waiters.push(r)),
  };
}
