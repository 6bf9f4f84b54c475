// Browser killed at the k-th write, for every k (docs/sync-rules.md, what the tests must show):
// a checkout's IndexedDB writes are counted, the page freezes synchronously
// just before the k-th (so its transaction can never commit), Chromium is
// killed with SIGKILL, and a relaunch on the same profile must find the sale,
// its stock events and its outbox row all there or all absent, and the app
// working. Then the other side: a sale the screen called saved survives a kill.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolAndSignIn, launch, newProfileDir, signIn, startServer, type TestServer } from './helpers.ts';
import { listSales } from '../../src/server/sync/review.ts';

interface Probe {
  armed: boolean;
  /** Freeze before issuing this write (1-based); 0 for never. */
  freezeBefore: number;
  /** Freeze right after issuing this write; 0 for never. */
  freezeAfter: number;
  writes: number;
}

declare global {
  interface Window {
    __kk?: Probe;
  }
}

/**
 * Runs in the page before the app. Counts write requests made inside the
 * checkout transaction (the only one spanning both `sales` and `carts`) and
 * freezes the main thread at the chosen one: a busy loop never yields, so
 * IndexedDB never sees the transaction finish and cannot commit it.
 */
function installProbe(): void {
  const probe: Probe = { armed: false, freezeBefore: 0, freezeAfter: 0, writes: 0 };
  window.__kk = probe;
  const freeze = (label: string): void => {
    console.log(label);
    for (;;) {
      // Frozen until the browser is killed.
    }
  };
  for (const method of ['add', 'put', 'delete', 'clear'] as const) {
    const original = IDBObjectStore.prototype[method] as (...args: unknown[]) => IDBRequest;
    Object.defineProperty(IDBObjectStore.prototype, method, {
      configurable: true,
      writable: true,
      value: function (this: IDBObjectStore, ...args: unknown[]): IDBRequest {
        const names = this.transaction.objectStoreNames;
        const counted = probe.armed && names.contains('sales') && names.contains('carts');
        if (counted) {
          probe.writes++;
          if (probe.writes === probe.freezeBefore) freeze(`FROZEN before write ${probe.writes}`);
        }
        const request = original.apply(this, args);
        if (counted && probe.writes === probe.freezeAfter) freeze(`FROZEN after write ${probe.writes}`);
        return request;
      },
    });
  }
}

interface Snapshot {
  sales: number;
  stockEvents: number;
  outbox: number;
  nextSeq: number;
  cartLines: number;
  /** Every way the stored rows disagree with each other; empty when consistent. */
  problems: string[];
}

/** Reads IndexedDB directly (not through the app) and checks every sale against its events and outbox row. */
function readSnapshot(): Promise<Snapshot> {
  const all = <T>(db: IDBDatabase, store: string): Promise<T[]> =>
    new Promise((resolve, reject) => {
      const r = db.transaction(store, 'readonly').objectStore(store).getAll();
      r.onsuccess = () => resolve(r.result as T[]);
      r.onerror = () => reject(r.error);
    });
  return new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open('kasir-karya');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  }).then(async (db) => {
    type Sale = { id: string; lines: unknown[] };
    type Ev = { saleId: string | null };
    type Out = { seq: number; saleId: string | null };
    const [sales, events, outbox, device, carts] = await Promise.all([
      all<Sale>(db, 'sales'),
      all<Ev>(db, 'stockEvents'),
      all<Out>(db, 'outbox'),
      all<{ nextSeq: number }>(db, 'device'),
      all<{ id: string; lines: unknown[] }>(db, 'carts'),
    ]);
    db.close();
    const problems: string[] = [];
    for (const s of sales) {
      const n = events.filter((e) => e.saleId === s.id).length;
      if (n !== s.lines.length) problems.push(`sale ${s.id} has ${n} stock events for ${s.lines.length} lines`);
      if (outbox.filter((o) => o.saleId === s.id).length !== 1) problems.push(`sale ${s.id} has no single outbox row`);
    }
    for (const e of events) if (!sales.some((s) => s.id === e.saleId)) problems.push(`stock event of missing sale ${String(e.saleId)}`);
    // Rows naming no sale are other acts (the shift's opening).
    for (const o of outbox) if (o.saleId !== null && !sales.some((s) => s.id === o.saleId)) problems.push(`outbox row ${o.seq} of missing sale`);
    const nextSeq = device[0]?.nextSeq ?? 0;
    const maxSeq = Math.max(0, ...outbox.map((o) => o.seq));
    if (nextSeq !== maxSeq + 1) problems.push(`device nextSeq ${nextSeq} after outbox seq ${maxSeq}`);
    const open = carts.find((c) => c.id === 'open');
    return { sales: sales.length, stockEvents: events.length, outbox: outbox.length, nextSeq, cartLines: open?.lines.length ?? 0, problems };
  });
}

/** Chromium's main process for this profile and everything under it, by pid. */
function browserProcessTree(profileDir: string): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .flatMap((m) => (m ? [{ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] ?? '' }] : []));
  const main = rows.find((r) => r.ppid === process.pid && r.args.includes(`--user-data-dir=${profileDir}`));
  if (!main) throw new Error(`no Chromium started by this test for ${profileDir}`);
  const tree = [main.pid];
  for (let i = 0; i < tree.length; i++) for (const r of rows) if (r.ppid === tree[i]) tree.push(r.pid);
  return tree;
}

/** SIGKILL, no shutdown: what a power cut or the OS killing the browser does to IndexedDB. */
async function killHard(context: BrowserContext, profileDir: string): Promise<void> {
  const pids = browserProcessTree(profileDir);
  const closed = new Promise<void>((resolve) => context.once('close', () => resolve()));
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone with its parent.
    }
  }
  await closed;
}

const KOPI = 'Kopi Bubuk Sembalun Arabika 250 g';
const MADU = 'Madu Hutan Sumbawa 500 ml';

function addButton(name: string): RegExp {
  return new RegExp(`^Tambah ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `);
}

let server: TestServer;
let profileDir: string;
let context: BrowserContext | null = null;
let page: Page;

/**
 * Starts Chromium on the profile, with the probe, and waits until the checkout
 * screen works. The first start enrols the fresh profile and signs the cashier
 * in; after a kill the device is still enrolled (and the PIN session kept).
 */
async function open(first = false): Promise<void> {
  context = await launch(profileDir);
  await context.addInitScript(installProbe);
  page = context.pages()[0] ?? (await context.newPage());
  if (first) {
    await enrolAndSignIn(page, server, server.users.cashier);
  } else {
    await page.goto(server.baseUrl);
    await signIn(page, server.users.cashier);
  }
  await page.getByRole('button', { name: addButton(KOPI) }).waitFor();
}

async function fillCart(): Promise<void> {
  const cart = page.getByRole('list', { name: 'Keranjang' });
  for (const [query, name] of [
    ['kopi arabika 250', KOPI],
    ['madu 500', MADU],
  ] as const) {
    if ((await cart.getByText(name).count()) > 0) continue;
    await page.getByRole('searchbox', { name: 'Cari produk' }).fill(query);
    await page.getByRole('button', { name: addButton(name) }).click();
    await cart.getByText(name).waitFor();
  }
}

/** Pays the cart in exact cash with the probe armed; resolves when "Selesaikan Penjualan" was clicked. */
async function pay(probe: Partial<Probe>): Promise<void> {
  await page.getByRole('button', { name: 'Bayar', exact: true }).click();
  await page.getByRole('button', { name: 'Uang Pas' }).click();
  await page.evaluate((p) => Object.assign(window.__kk ?? {}, { writes: 0, freezeBefore: 0, freezeAfter: 0 }, p, { armed: true }), probe);
  // The click itself returns before the checkout writes begin.
  await page.getByRole('button', { name: 'Selesaikan Penjualan' }).click({ noWaitAfter: true });
}

beforeAll(async () => {
  server = await startServer();
  profileDir = newProfileDir();
  await open(true);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await server?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
});

describe('a browser killed in the middle of a checkout', () => {
  let writes = 0;

  it('counts the write requests one checkout makes', async () => {
    await fillCart();
    await pay({});
    await page.getByRole('status', { name: 'Penjualan tersimpan' }).waitFor();
    writes = await page.evaluate(() => window.__kk?.writes ?? 0);
    await page.evaluate(() => Object.assign(window.__kk ?? {}, { armed: false }));
    await page.getByRole('button', { name: 'Transaksi Baru' }).click();
    // device, sale, one stock event per line, outbox row, cart delete: at least 6 for two lines.
    expect(writes).toBeGreaterThanOrEqual(6);
    const s = await page.evaluate(readSnapshot);
    // The shift's opening is the first row of the queue: a sale is made only inside a shift.
    expect(s).toMatchObject({ sales: 1, stockEvents: 2, outbox: 2, nextSeq: 3, problems: [] });
  });

  it('finds the sale, its stock events and its outbox row all there or all absent, for every k', async () => {
    const outcomes: string[] = [];
    const points = [
      ...Array.from({ length: writes }, (_, i) => ({ freezeBefore: i + 1, label: `before write ${i + 1}` })),
      { freezeAfter: writes, label: `after write ${writes}` },
    ];
    for (const { label, ...probe } of points) {
      await fillCart();
      const before = await page.evaluate(readSnapshot);
      const frozen = page.waitForEvent('console', { predicate: (m) => m.text().startsWith('FROZEN'), timeout: 15_000 });
      await pay(probe);
      expect((await frozen).text()).toBe(`FROZEN ${label}`);
      await killHard(context as BrowserContext, profileDir);

      await open();
      const after = await page.evaluate(readSnapshot);
      expect(after.problems, label).toEqual([]);
      const added = { sales: after.sales - before.sales, stockEvents: after.stockEvents - before.stockEvents, outbox: after.outbox - before.outbox, seq: after.nextSeq - before.nextSeq };
      const none = { sales: 0, stockEvents: 0, outbox: 0, seq: 0 };
      const whole = { sales: 1, stockEvents: 2, outbox: 1, seq: 1 };
      expect([none, whole], label).toContainEqual(added);
      // The cart goes in the same transaction: still there exactly when the sale is not.
      expect(after.cartLines, label).toBe(added.sales === 0 ? 2 : 0);
      outcomes.push(`${label}: ${added.sales === 0 ? 'absent' : 'present'}`);
    }
    // Frozen before commit, nothing may survive; recorded for the report when it fails.
    expect(outcomes.filter((o) => o.endsWith('present'))).toEqual([]);
  });

  it('keeps a sale the screen called saved, and the app sells again after the kill', async () => {
    await fillCart();
    const before = await page.evaluate(readSnapshot);
    await pay({});
    await page.getByRole('status', { name: 'Penjualan tersimpan' }).waitFor();
    await killHard(context as BrowserContext, profileDir);

    await open();
    const after = await page.evaluate(readSnapshot);
    expect(after.problems).toEqual([]);
    expect(after.sales - before.sales).toBe(1);
    expect(after.cartLines).toBe(0);

    await fillCart();
    await pay({});
    await page.getByRole('status', { name: 'Penjualan tersimpan' }).waitFor();
    // Everything sold in this file reaches the server once the app runs normally.
    await page.waitForFunction(() => document.querySelector('[data-testid="pending-count"]')?.getAttribute('data-count') === '0', undefined, { timeout: 30_000 });
    expect((await listSales(server.store, {})).length).toBe(after.sales + 1);
  });
});
