// Issue 12's browser test: a booth tablet on a slow link enrols against a
// server holding 5,000 more products; the link drops mid-pull and comes
// back; the pull goes on from the page it reached (fewer bytes than a full
// pull) and the catalog ends complete.
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertCatalog } from '../../src/server/catalog/catalog.ts';
import { pull as pullService } from '../../src/server/sync/pull.ts';
import { bigCatalog } from '../bench/catalog.ts';
import { OUTLET, registrationCode, startApp, type TestServer } from './helpers.ts';

let server: TestServer;
let context: BrowserContext;
let page: Page;
let cdp: CDPSession;

// About 1.6 Mbit/s down with 150 ms latency, as a booth's 3G link.
const SLOW = { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 100_000 };

beforeAll(async () => {
  ({ server, context, page } = await startApp());
  const big = bigCatalog(5_000);
  await upsertCatalog(server.store, { products: big.products, stock: big.stock.filter((s) => s.outletId === OUTLET) });
  cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW);
});

afterAll(async () => {
  await context?.close();
  await server?.close();
});

interface DeviceCatalog {
  products: number;
  pullVersion: number;
  progress: { done: number; cursor: string } | null;
}

/** Reads the device's IndexedDB directly. */
function deviceCatalog(): Promise<DeviceCatalog> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('kasir-karya');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const ask = <T,>(req: IDBRequest<T>) => new Promise<T>((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const tx = db.transaction(['products', 'settings']);
    const products = await ask(tx.objectStore('products').count());
    const version = (await ask(tx.objectStore('settings').get('pullVersion'))) as { value: number } | undefined;
    const progress = (await ask(tx.objectStore('settings').get('pullProgress'))) as { value: { done: number; cursor: string } } | undefined;
    db.close();
    return { products, pullVersion: version?.value ?? 0, progress: progress?.value ?? null };
  });
}

describe('a catalog pull over a slow link that drops', () => {
  it('resumes from the page it reached, fetches less than a full pull again, and ends with the whole catalog', async () => {
    const total = (await pullService(server.store, 0, OUTLET, null, {})).products.length;
    const fullBytes = Buffer.byteLength(JSON.stringify(await pullService(server.store, 0, OUTLET, null, { users: false })));
    const pulls: { url: URL; bytes: number; at: 'before' | 'after'; sent: number }[] = [];
    let phase: 'before' | 'after' = 'before';
    // A request belongs to the phase it was sent in: one sent before the cut that a slow link finishes after it is not "the first after".
    const sentIn = new WeakMap<object, { at: 'before' | 'after'; sent: number }>();
    let sent = 0;
    page.on('request', (req) => sentIn.set(req, { at: phase, sent: sent++ }));
    page.on('requestfinished', (req) => {
      const url = new URL(req.url());
      if (!url.pathname.endsWith('/api/sync/pull')) return;
      const { at, sent: order } = sentIn.get(req) ?? { at: phase, sent: sent++ };
      // Sizes answer out of order: each keeps the order its request was sent in.
      void req.sizes().then((s) => pulls.push({ url, bytes: s.responseBodySize, at, sent: order }));
    });

    await page.goto(server.baseUrl);
    await page.getByRole('heading', { name: 'Daftarkan perangkat ini' }).waitFor();
    await page.getByRole('textbox', { name: 'Kode pendaftaran' }).fill(await registrationCode(server));
    await page.getByRole('button', { name: 'Daftarkan', exact: true }).click();
    // The people came with the first page; the rest of the catalog is on its way.
    await page.getByTestId('catalog-progress').filter({ hasText: /^Katalog 2\.000 \// }).waitFor({ timeout: 90_000 });

    await cdp.send('Network.emulateNetworkConditions', { ...SLOW, offline: true });
    const cut = await deviceCatalog();
    expect(cut.progress?.done).toBeGreaterThanOrEqual(2_000);
    // Not complete, and the device knows it.
    expect(cut.pullVersion).toBe(0);
    await expect.poll(() => page.getByTestId('catalog-progress').textContent()).toMatch(/^Katalog \d\.000 \//);

    phase = 'after';
    await cdp.send('Network.emulateNetworkConditions', SLOW);
    await expect.poll(async () => (await deviceCatalog()).pullVersion, { timeout: 90_000, interval: 500 }).toBeGreaterThan(0);
    const done = await deviceCatalog();
    expect(done.products).toBe(total);
    expect(done.progress).toBeNull();

    const after = pulls.filter((p) => p.at === 'after').sort((a, b) => a.sent - b.sent);
    expect(after.length).toBeGreaterThan(0);
    // The first request after the link came back went on from a saved cursor, not from the start.
    expect(after[0]?.url.searchParams.get('cursor')).not.toBeNull();
    const afterBytes = after.reduce((a, p) => a + p.bytes, 0);
    expect(afterBytes).toBeLessThan(fullBytes);
    await page.getByTestId('catalog-progress').waitFor({ state: 'detached' });
  });
});
