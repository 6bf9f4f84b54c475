// Issue 12's browser test: a booth tablet on a slow link enrols against a
// server holding 5,000 more products; the link drops mid-pull and comes
// back; the pull goes on from the page it reached (fewer bytes than a full
// pull) and the catalog ends complete; a sale finished while the rest of the
// catalog is still coming is saved without waiting for it.
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertCatalog } from '../../src/server/catalog/catalog.ts';
import { pull as pullService } from '../../src/server/sync/pull.ts';
import { bigCatalog } from '../bench/catalog.ts';
import { OUTLET, openShift, registrationCode, signIn, startApp, type TestServer } from './helpers.ts';

let server: TestServer;
let context: BrowserContext;
let page: Page;
let cdp: CDPSession;

// About 1.6 Mbit/s down with 150 ms latency, as a booth's 3G link: the app's first load and its precache.
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

/** The catalog's progress on screen as a number, caught on any frame: with the next page fetched while one is written, a state can last less than a polling interval. */
function waitForProgress(atLeast: number): Promise<unknown> {
  return page.waitForFunction(
    (n) => {
      const m = /^Katalog ([\d.]+) \//.exec(document.querySelector('[data-testid="catalog-progress"]')?.textContent ?? '');
      return m !== null && Number(m[1]?.replaceAll('.', '')) >= n;
    },
    atLeast,
    { polling: 'raf', timeout: 90_000 },
  );
}

/** What the server answered to a pull request it logged, asked again in-process: the catalog does not change during the test. */
async function answerTo(url: string): Promise<{ products: number; bytes: number; cursor: string | null; next: string | null }> {
  const q = new URL(url, 'http://server.invalid').searchParams;
  const epoch = q.get('epoch');
  const limit = q.get('limit');
  const answer = await pullService(server.store, Number(q.get('since') ?? 0), q.get('outletId'), epoch === null ? null : Number(epoch), {
    ...(q.get('cursor') === null ? {} : { cursor: q.get('cursor') ?? undefined }),
    ...(limit === null ? {} : { limit: Number(limit) }),
  });
  return { products: answer.products.length, bytes: Buffer.byteLength(JSON.stringify(answer)), cursor: q.get('cursor'), next: answer.more ? answer.cursor : null };
}

/** A whole pull from nothing, page by page as the device asks for it (its page size is 1,000). */
async function wholePagedPullBytes(): Promise<number> {
  const first = `/api/sync/pull?since=0&outletId=${OUTLET}&limit=1000`;
  let bytes = 0;
  for (let url: string | null = first; url !== null; ) {
    const answer = await answerTo(url);
    bytes += answer.bytes;
    url = answer.next === null ? null : `${first}&cursor=${encodeURIComponent(answer.next)}`;
  }
  return bytes;
}

describe('a catalog pull over a slow link that drops', () => {
  it('resumes from the page it reached, fetches less than a full pull again, ends with the whole catalog, and a sale made during it does not wait', async () => {
    const total = (await pullService(server.store, 0, OUTLET, null, {})).products.length;

    await page.goto(server.baseUrl);
    await page.getByRole('heading', { name: 'Daftarkan perangkat ini' }).waitFor();
    // The app is stored before the link drops, as on a tablet opened once with signal: the pages opened
    // offline below come from the precache. (Offline before that, a page says it is not stored yet:
    // tests/client/chunk-boundary.test.tsx.)
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 90_000 });
    // Each page of the catalog waits on the server too: the emulated link no longer slows what a page under a service worker fetches.
    server.delayPulls(300);
    await page.getByRole('textbox', { name: 'Kode pendaftaran' }).fill(await registrationCode(server));
    await page.getByRole('button', { name: 'Daftarkan', exact: true }).click();
    // The people came with the first page; the rest of the catalog is on its way.
    await waitForProgress(2_000);

    await context.setOffline(true);
    const cut = await deviceCatalog();
    const cutDone = cut.progress?.done ?? 0;
    expect(cutDone).toBeGreaterThanOrEqual(2_000);
    // Not complete, and the device knows it.
    expect(cut.pullVersion).toBe(0);
    await expect.poll(() => page.getByTestId('catalog-progress').textContent()).toMatch(/^Katalog \d\.000 \//);

    // Offline, with part of the catalog: the cashier signs in, opens the drawer and rings up a sale up to its last press.
    await signIn(page, server.users.cashier);
    await openShift(page);
    await page.getByRole('button', { name: /^Tambah / }).first().click();
    await page.getByRole('button', { name: 'Bayar', exact: true }).click();
    await page.getByRole('button', { name: 'Uang Pas' }).click();

    // The link comes back slower still: once a page has come, the next is seconds away when the sale is finished.
    server.delayPulls(5_000);
    const restoredAt = Date.now();
    await context.setOffline(false);
    await expect.poll(async () => (await deviceCatalog()).progress?.done ?? 0, { timeout: 90_000, interval: 100 }).toBeGreaterThan(cutDone);
    await page.getByRole('button', { name: 'Selesaikan Penjualan' }).click();
    await page.getByRole('status', { name: 'Penjualan tersimpan' }).waitFor();
    // Saved while the catalog was still coming: the sale did not wait for the pull (its time is the bench's checkout_during_pull_p95).
    expect((await deviceCatalog()).pullVersion).toBe(0);

    server.delayPulls(0);
    await expect.poll(async () => (await deviceCatalog()).pullVersion, { timeout: 90_000, interval: 500 }).toBeGreaterThan(0);
    const done = await deviceCatalog();
    expect(done.products).toBe(total);
    expect(done.progress).toBeNull();
    // The sale goes up with the next round.
    await expect.poll(async () => Number(await page.getByTestId('pending-count').getAttribute('data-count')), { timeout: 60_000 }).toBe(0);

    const after = await Promise.all(server.pullRequests.filter((r) => r.at >= restoredAt).map((r) => answerTo(r.url)));
    expect(after.length).toBeGreaterThan(0);
    // The first request after the link came back went on from a saved cursor, not from the start.
    expect(after[0]?.cursor).not.toBeNull();
    // Less than a full pull came down again: no more products than the cut had left, and fewer bytes than a whole paged pull.
    const afterProducts = after.reduce((a, p) => a + p.products, 0);
    expect(afterProducts).toBeGreaterThan(0);
    expect(afterProducts).toBeLessThanOrEqual(total - cutDone);
    expect(after.reduce((a, p) => a + p.bytes, 0)).toBeLessThan(await wholePagedPullBytes());
  });
});
