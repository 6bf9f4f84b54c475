// Runs inside headless Chromium. Each scenario times the app's own code next
// to a raw IndexedDB baseline doing the same work, in the same page and run.
import { createRoot } from 'react-dom/client';
import { MemoryRouter } from 'react-router';
import { App } from '../../../src/client/app/App.tsx';
import { applyPull, applyPullPage, searchProducts, warmSearchIndex, type PullProgress } from '../../../src/client/db/catalog-repo.ts';
import { KasirDb } from '../../../src/client/db/database.ts';
import { signIn } from '../../../src/client/db/auth-repo.ts';
import { ensureDevice } from '../../../src/client/db/device-repo.ts';
import { enrolDevice } from '../../../src/client/sync/enrol.ts';
import { buildSale, checkout } from '../../../src/client/db/sales-repo.ts';
import { startShift } from '../../../src/client/db/shift-repo.ts';
import { SyncEngine } from '../../../src/client/sync/engine.ts';
import { uuidv7 } from '../../../src/domain/id.ts';
import { hashPin } from '../../../src/domain/pin.ts';
import { pullResponseSchema, saleRecordPayloadSchema } from '../../../src/protocol/schemas.ts';
import type { CartRow, OutboxRow, SaleRow, StockEventRow } from '../../../src/client/db/schema.ts';
import type { PullAnswer, PullResponse } from '../../../src/protocol/schemas.ts';
import { ServicesProvider } from '../../../src/client/shared/services/services.tsx';
import { openRaw, openRawCatalog, rawCheckout, rawPrefixSearch } from './raw-idb.ts';

declare global {
  interface Window {
    bench: typeof bench & typeof catalogBench & typeof drainBench;
  }
}

function cartOf(pull: PullAnswer, i: number): CartRow {
  const products = pull.products;
  const a = products[i % products.length]!;
  const b = products[(i * 7 + 3) % products.length]!;
  return {
    id: 'open',
    lines: [a, b].map((p, k) => ({ id: `line-${i}-${k}`, productId: p.id, producerId: p.producerId, name: p.name, sku: p.sku, unitPrice: p.price, qty: 1 + (i % 3), discount: null })),
    orderDiscount: null,
    note: '',
    updatedAt: Date.now(),
  };
}

/** A full pull of `catalog` cut into pages as the server sends them (products, then stock), without the network. */
function pagesOf(catalog: PullAnswer, size: number): PullResponse[] {
  const whole = pullResponseSchema.parse(catalog);
  const rows: ({ product: PullResponse['products'][number] } | { stock: PullResponse['stock'][number] })[] = [
    ...whole.products.map((product) => ({ product })),
    ...whole.stock.map((stock) => ({ stock })),
  ];
  const pages: PullResponse[] = [];
  for (let i = 0; i < rows.length || i === 0; i += size) {
    const chunk = rows.slice(i, i + size);
    const first = i === 0;
    const more = i + size < rows.length;
    pages.push({
      ...whole,
      full: true,
      first,
      more,
      cursor: more ? `bench-${i + size}` : null,
      total: first ? whole.products.length : null,
      outlets: first ? whole.outlets : [],
      producers: first ? whole.producers : [],
      users: first ? whole.users : [],
      products: chunk.flatMap((r) => ('product' in r ? [r.product] : [])),
      stock: chunk.flatMap((r) => ('stock' in r ? [r.stock] : [])),
    });
  }
  return pages;
}

/** A sale needs an open shift (issue 15): the checkout figures failed with no-shift without one. */
async function openBenchShift(db: KasirDb): Promise<void> {
  await startShift(db, { by: { id: 'bench', name: 'Bench' }, openingFloat: 0, dayCutoffMinutes: 0 });
}

const bench = {
  /**
   * Checkouts while a full re-pull of `big` is being written page by page,
   * as the engine writes it: what a sale costs when the catalog is coming.
   */
  async checkoutDuringPull(demo: PullAnswer, big: PullAnswer, iterations: number): Promise<{ app: number[]; pullMs: number }> {
    const db = new KasirDb(`bench-pull-${Date.now()}`);
    await db.open();
    await ensureDevice(db);
    await applyPull(db, demo, []);
    await openBenchShift(db);
    const pages = pagesOf(big, 1000);
    let pulling = true;
    const t0 = performance.now();
    let pullMs = 0;
    const pull = (async () => {
      let progress: PullProgress | null = null;
      for (const page of pages) progress = await applyPullPage(db, page, progress, { ackedEventIds: [], startedNow: true });
      pullMs = performance.now() - t0;
      pulling = false;
    })();
    const times: number[] = [];
    for (let i = 0; pulling && times.length < iterations; i++) {
      const cart = cartOf(demo, i);
      await db.carts.put(cart);
      const total = cart.lines.reduce((a, l) => a + l.unitPrice * l.qty, 0);
      const c0 = performance.now();
      await checkout(db, { cart, tenders: [{ method: 'cash', amount: total }], cashier: 'bench', taxMode: 'none', roundingStep: 0 });
      times.push(performance.now() - c0);
    }
    await pull;
    db.close();
    return { app: times, pullMs };
  },

  /** Times `iterations` checkouts through the app's transaction and the raw baseline, interleaved. */
  async checkout(pull: PullAnswer, iterations: number, warmup: number): Promise<{ app: number[]; raw: number[] }> {
    const name = `bench-${Date.now()}`;
    const db = new KasirDb(name);
    await db.open();
    await ensureDevice(db);
    await applyPull(db, pull, []);
    await openBenchShift(db);
    const raw = await openRaw(`${name}-raw`);
    const appTimes: number[] = [];
    const rawTimes: number[] = [];
    for (let i = 0; i < warmup + iterations; i++) {
      const cart = cartOf(pull, i);
      await db.carts.put(cart);
      const total = cart.lines.reduce((a, l) => a + l.unitPrice * l.qty, 0);
      const t0 = performance.now();
      await checkout(db, { cart, tenders: [{ method: 'cash', amount: total }], cashier: 'bench', taxMode: 'none', roundingStep: 0 });
      const t1 = performance.now();
      await rawCheckout(raw, cart, i);
      const t2 = performance.now();
      if (i >= warmup) {
        appTimes.push(t1 - t0);
        rawTimes.push(t2 - t1);
      }
    }
    db.close();
    raw.close();
    return { app: appTimes, raw: rawTimes };
  },
};

let catalogDb: KasirDb | null = null;

const catalogBench = {
  /** Loads a big catalog into the app's database and a raw copy with the same word index. */
  async loadCatalog(pull: PullAnswer): Promise<{ loadMs: number; indexMs: number }> {
    const t0 = performance.now();
    const db = new KasirDb(`catalog-${Date.now()}`);
    await db.open();
    await ensureDevice(db);
    await applyPull(db, pull, []);
    const t1 = performance.now();
    // The app builds this in the background at first search; timed alone here.
    await warmSearchIndex(db);
    const t2 = performance.now();
    catalogDb = db;
    await openRawCatalog(pull);
    return { loadMs: t1 - t0, indexMs: t2 - t1 };
  },

  /** One search per keystroke of each query, through the app's search and the raw index. */
  async search(queries: string[], rounds: number): Promise<{ app: number[]; raw: number[] }> {
    const db = catalogDb;
    if (!db) throw new Error('loadCatalog first');
    const app: number[] = [];
    const raw: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const q of queries) {
        for (let k = 1; k <= q.length; k++) {
          const typed = q.slice(0, k);
          const t0 = performance.now();
          await searchProducts(db, typed, 'ntb-mall');
          const t1 = performance.now();
          await rawPrefixSearch(typed, 60);
          const t2 = performance.now();
          app.push(t1 - t0);
          raw.push(t2 - t1);
        }
      }
    }
    return { app, raw };
  },

  /**
   * A keyboard-wedge scan through the real screen: keys 4 ms apart, then the
   * time from Enter until the line shows in the cart; null if it never does
   * (counted, so one lost scan is a figure, not a crashed run). Each key
   * carries the time the scanner sent it, as Chromium stamps a real key with
   * the time it arrived: a key stamped when a late timer got to it turned
   * the page's own pauses (a garbage collection over the 50k catalog) into
   * gaps a scanner never made.
   */
  async scan(code: string, name: string): Promise<number | null> {
    const cart = () => document.querySelector('ul[aria-label="Keranjang"]');
    const has = () => [...(cart()?.querySelectorAll('.cart-line-name') ?? [])].some((el) => el.textContent === name);
    const sentAt = performance.now();
    const press = (key: string, i: number) => {
      const ev = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
      Object.defineProperty(ev, 'timeStamp', { value: sentAt + i * 4 });
      window.dispatchEvent(ev);
    };
    let i = 0;
    for (const ch of code) {
      press(ch, i++);
      await new Promise((r) => setTimeout(r, 4));
    }
    const t0 = performance.now();
    press('Enter', i);
    const reached = await new Promise<boolean>((resolve) => {
      const deadline = t0 + 5000;
      const check = () => {
        if (has()) resolve(true);
        else if (performance.now() > deadline) {
          console.error(`scan of ${code} never reached the cart: ${document.querySelector('.main-col')?.textContent?.slice(0, 300) ?? ''}`);
          resolve(false);
        } else requestAnimationFrame(check);
      };
      check();
    });
    return reached ? performance.now() - t0 : null;
  },

  /** Mounts the real checkout screen over the big catalog, for typing and scanning through the UI. */
  async mountApp(): Promise<void> {
    const db = catalogDb;
    if (!db) throw new Error('loadCatalog first');
    // The counter opens only on an enrolled device with someone signed in.
    // No sync runs here, so the credential is never sent anywhere.
    const now = Date.now();
    await ensureDevice(db);
    await db.device.update('self', { credential: 'kkd_bench.not-sent', enrolledAt: now, credentialIssuedAt: now, revoked: false });
    await db.users.put({ id: 'bench-cashier', name: 'Kasir Bench', role: 'cashier', outletId: 'ntb-mall', pin: await hashPin('4829', 1_000), active: true });
    await signIn(db, 'bench-cashier');
    const root = document.createElement('div');
    document.body.append(root);
    createRoot(root).render(
      <ServicesProvider services={{ db, sync: null }}>
        <MemoryRouter>
          <App />
        </MemoryRouter>
      </ServicesProvider>,
    );
  },
};

const drainBench = {
  /**
   * Queues `n` sales on a fresh device (written in bulk, as n checkouts
   * would leave them) and times one sync that drains them to the real server.
   */
  async drain(n: number, code: string): Promise<{ queueMs: number; drainMs: number; netMs: number; left: number }> {
    const db = new KasirDb(`drain-${Date.now()}`);
    await db.open();
    const device = await ensureDevice(db);
    const { credential } = await enrolDevice(db, code);
    const pull = pullResponseSchema.parse(await (await fetch('/api/sync/pull?since=0', { headers: { authorization: `Bearer ${credential}` } })).json());
    await applyPull(db, pull, []);
    const t0 = performance.now();
    for (let start = 0; start < n; start += 1000) {
      const sales: SaleRow[] = [];
      const events: StockEventRow[] = [];
      const outbox: OutboxRow[] = [];
      for (let i = start; i < Math.min(n, start + 1000); i++) {
        const cart = cartOf(pull, i);
        const total = cart.lines.reduce((a, l) => a + l.unitPrice * l.qty, 0);
        const sale = buildSale({ cart, tenders: [{ method: 'cash', amount: total }], cashier: 'bench', taxMode: 'none', roundingStep: 0 }, device.deviceId, 'ntb-mall', i + 1);
        const stockEvents = sale.lines.map((l) => ({ id: uuidv7(), productId: l.productId, outletId: 'ntb-mall', delta: -l.qty, reason: 'sale' as const, saleId: sale.id }));
        const payload = saleRecordPayloadSchema.parse({ sale, stockEvents });
        sales.push({ ...sale, sync: 'pending' as const, syncNote: null });
        events.push(...stockEvents.map((e) => ({ ...e, state: 'pending' as const, createdAt: sale.createdAt })));
        outbox.push({ seq: i + 1, id: uuidv7(), type: 'sale.record' as const, payload, deviceTime: sale.createdAt, status: 'pending' as const, attempts: 0, result: null, resultStatus: null, saleId: sale.id });
      }
      await db.transaction('rw', [db.sales, db.stockEvents, db.outbox], async () => {
        await db.sales.bulkAdd(sales);
        await db.stockEvents.bulkAdd(events);
        await db.outbox.bulkAdd(outbox);
      });
    }
    await db.device.update('self', { nextSeq: n + 1, nextReceipt: n + 1 });
    const t1 = performance.now();
    let netMs = 0;
    const timedFetch: typeof fetch = async (...args) => {
      const a = performance.now();
      try {
        return await fetch(...args);
      } finally {
        netMs += performance.now() - a;
      }
    };
    const engine = new SyncEngine(db, { fetch: timedFetch });
    const outcome = await engine.syncNow();
    const t2 = performance.now();
    engine.stop();
    if (!outcome.ok) throw new Error(`drain failed: ${JSON.stringify(outcome.failure)}`);
    const left = await db.outbox.where('[status+seq]').between(['pending', -Infinity], ['pending', Infinity]).count();
    db.close();
    return { queueMs: t1 - t0, drainMs: t2 - t1, netMs, left };
  },
};

window.bench = { ...bench, ...catalogBench, ...drainBench };
document.getElementById('state')!.textContent = 'ready';
