// Runs inside headless Chromium. Each scenario times the app's own code next
// to a raw IndexedDB baseline doing the same work, in the same page and run.
import { applyPull } from '../../src/client/db/catalog-repo.ts';
import { KasirDb } from '../../src/client/db/database.ts';
import { ensureDevice } from '../../src/client/db/device-repo.ts';
import { checkout } from '../../src/client/db/sales-repo.ts';
import type { CartRow } from '../../src/client/db/schema.ts';
import type { PullResponse } from '../../src/protocol/schemas.ts';
import { rawCheckout, openRaw } from './raw-idb.ts';

declare global {
  interface Window {
    bench: typeof bench;
  }
}

function cartOf(pull: PullResponse, i: number): CartRow {
  const products = pull.products;
  const a = products[i % products.length]!;
  const b = products[(i * 7 + 3) % products.length]!;
  return {
    id: 'open',
    lines: [a, b].map((p) => ({ productId: p.id, producerId: p.producerId, name: p.name, sku: p.sku, unitPrice: p.price, qty: 1 + (i % 3), discount: null })),
    orderDiscount: null,
    note: '',
    updatedAt: Date.now(),
  };
}

const bench = {
  /** Times `iterations` checkouts through the app's transaction and the raw baseline, interleaved. */
  async checkout(pull: PullResponse, iterations: number, warmup: number): Promise<{ app: number[]; raw: number[] }> {
    const name = `bench-${Date.now()}`;
    const db = new KasirDb(name);
    await db.open();
    await ensureDevice(db);
    await applyPull(db, pull, []);
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

window.bench = bench;
document.getElementById('state')!.textContent = 'ready';
