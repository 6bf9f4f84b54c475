import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolAndSignIn, signIn, startApp, type TestServer } from './helpers.ts';
import { listSales } from '../../src/server/sync/review.ts';

/** A product card's accessible name starts "Tambah <name> " (then category, producer, price, stock). */
function addButton(name: string): RegExp {
  return new RegExp(`^Tambah ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `);
}

let server: TestServer;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  ({ server, context, page } = await startApp());
});

afterAll(async () => {
  await context?.close();
  await server?.close();
});

async function sellOne(p: Page, query: string, productName: string): Promise<string> {
  const search = p.getByRole('searchbox', { name: 'Cari produk' });
  await search.fill(query);
  await p.getByRole('button', { name: addButton(productName) }).click();
  await p.getByRole('list', { name: 'Keranjang' }).getByText(productName).waitFor();
  await p.getByRole('button', { name: 'Bayar', exact: true }).click();
  await p.getByRole('button', { name: 'Uang Pas' }).click();
  await p.getByRole('button', { name: 'Selesaikan Penjualan' }).click();
  const done = p.getByRole('status', { name: 'Penjualan tersimpan' });
  await done.waitFor();
  const receiptNo = (await done.locator('strong').first().textContent()) ?? '';
  await p.getByRole('button', { name: 'Transaksi Baru' }).click();
  return receiptNo;
}

async function pendingCount(p: Page): Promise<number> {
  return Number(await p.getByTestId('pending-count').getAttribute('data-count'));
}

describe('a sale made offline at the counter reaches the server', () => {
  it('loads, installs its service worker and the catalog', async () => {
    // A fresh profile opens on the enrolment screen: enrol with a code, sign in with a PIN.
    await enrolAndSignIn(page, server, server.users.cashier);
    await page.getByRole('button', { name: /^Tambah / }).first().waitFor();
    // registerType 'prompt' does not claim the first page: the next load is controlled.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    // The device stays enrolled and the PIN session survives the reload.
    await signIn(page, server.users.cashier);

    // Sync rule 4: persistence was asked for and the answer is shown.
    await page.getByRole('link', { name: 'Pengaturan' }).click();
    await expect.poll(() => page.getByTestId('persist-status').textContent()).not.toBe('Belum diketahui.');
    await page.getByRole('link', { name: 'Kasir' }).click();

    const manifest = (await (await fetch(`${server.baseUrl}/manifest.webmanifest`)).json()) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: 'Kasir Karya', short_name: 'Kasir Karya', start_url: '/', display: 'standalone' });
    const icons = manifest.icons as { sizes: string; purpose?: string }[];
    expect(icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(icons.some((i) => i.purpose === 'maskable')).toBe(true);
  });

  it('keeps selling with the network cut and syncs by itself when it returns', async () => {
    await context.setOffline(true);
    await page.reload();
    await page.getByText('Mode Offline').waitFor();
    await signIn(page, server.users.cashier);
    // The shell came from the service worker and the catalog from IndexedDB.
    await page.getByRole('searchbox', { name: 'Cari produk' }).waitFor();
    // Product pictures are precached too.
    await expect
      .poll(() => page.evaluate(() => [...document.querySelectorAll<HTMLImageElement>('img.product-tile')].slice(0, 6).every((i) => i.complete && i.naturalWidth > 0)))
      .toBe(true);

    const receipts = [
      await sellOne(page, 'batik gembok sasambo', 'Kain Batik Tulis Gembok Motif Sasambo'),
      await sellOne(page, 'kotak tisu cukli', 'Kotak Tisu Cukli Motif Sasak'),
      await sellOne(page, 'madu 250', 'Madu Hutan Sumbawa 250 ml'),
    ];
    expect(new Set(receipts).size).toBe(3);
    expect(await pendingCount(page)).toBe(3);
    await page.getByText('3 data belum tersinkron').waitFor();

    // Today's sales lists them while offline.
    await page.getByRole('link', { name: 'Penjualan Hari Ini' }).click();
    for (const r of receipts) await page.getByRole('rowheader', { name: r }).waitFor();
    expect((await listSales(server.store, {})).length).toBe(0);

    await context.setOffline(false);
    await page.waitForFunction(() => document.querySelector('[data-testid="pending-count"]')?.getAttribute('data-count') === '0', undefined, {
      timeout: 30_000,
    });
    await page.getByText('Semua tersinkron').waitFor();

    const onServer = await listSales(server.store, {});
    expect(onServer.map((s) => s.sale.receiptNo).sort()).toEqual([...receipts].sort());
    // Seq 1 is the shift's opening: every sale is made inside one.
    expect(onServer.map((s) => s.deviceSeq)).toEqual([2, 3, 4]);
    // Each sale records who took the money.
    expect(onServer.map((s) => s.sale.cashierId)).toEqual([server.users.cashier.id, server.users.cashier.id, server.users.cashier.id]);
    const lines = await server.store.db.all('SELECT COUNT(*) AS n FROM sale_lines');
    expect(Number(lines[0]?.n)).toBe(3);
  });
});
