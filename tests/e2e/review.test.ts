// Issue 11 item 12 in a real browser against the real server: a supervisor
// signed in by PIN on an enrolled tablet opens Tinjauan without a password,
// counts a product whose stock went below zero, and sees the count reach the
// server and the flag listed as resolved.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/domain/id.ts';
import { DEMO_PRODUCTS } from '../../src/server/seed-data.ts';
import { num } from '../../src/server/store/db.ts';
import { bumpVersion } from '../../src/server/store/sql.ts';
import { enrolAndSignIn, OUTLET, startApp, type TestServer } from './helpers.ts';

const BATIK = DEMO_PRODUCTS.find((p) => p.sku === 'BTK-004')!; // 3 in stock at the store

let server: TestServer;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  ({ server, context, page } = await startApp());
  await enrolAndSignIn(page, server, server.users.supervisor);
  // Another booth sold 5 offline: the level is -2, as its push left it.
  await server.store.db.tx(async (tx) => {
    await tx.run('INSERT INTO stock_events (id, product_id, outlet_id, device_id, delta, reason, sale_id, received_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)', [
      uuidv7(),
      BATIK.id,
      OUTLET,
      'booth-lain',
      -5,
      'sale',
      Date.now(),
    ]);
    const version = await bumpVersion(tx);
    await tx.run('UPDATE stock_levels SET level = level - 5, version = ? WHERE outlet_id = ? AND product_id = ?', [version, OUTLET, BATIK.id]);
  });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
});

describe('Tinjauan for a supervisor signed in by PIN', () => {
  it('counts stock without a password; the server holds the count and the flag shows as resolved', async () => {
    // A phone at a fair booth: the form opens inside the table and nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.baseUrl}/tinjauan`);
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: BATIK.name }) });
    await row.waitFor();
    expect(await page.getByRole('form', { name: 'Masuk untuk pengelolaan' }).count()).toBe(0);
    expect(await row.getByRole('cell', { name: '-2' }).count()).toBe(1);

    await row.getByRole('button', { name: 'Selesaikan' }).click();
    const form = row.getByRole('form', { name: `Selesaikan tanda untuk ${BATIK.name}` });
    await form.waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await form.getByLabel('Jumlah dihitung di rak').fill('4');
    await form.getByLabel('Catatan').fill('dihitung ulang sore');
    await form.getByRole('button', { name: 'Simpan penyelesaian' }).click();

    // Off the open list at once (queued on the device), then sent with the sync that follows.
    await page.getByRole('heading', { name: 'Stok minus (0)' }).waitFor();
    const level = async () => num((await server.store.db.all('SELECT level FROM stock_levels WHERE outlet_id = ? AND product_id = ?', [OUTLET, BATIK.id]))[0]?.level);
    await expect.poll(level, { timeout: 60_000 }).toBe(4);

    await page.getByRole('tab', { name: 'Selesai' }).click();
    // The server's entry, once the page has read the list again after the sync.
    const entry = page.getByRole('list', { name: 'Selesai' }).getByRole('listitem').filter({ hasText: `oleh ${server.users.supervisor.name}` });
    await entry.waitFor();
    const text = await entry.textContent();
    expect(text).toContain(BATIK.name);
    expect(text).toContain(`oleh ${server.users.supervisor.name}`);
    expect(text).toContain('dihitung 4; stok bergeser +6');
    expect(text).toContain('dihitung ulang sore');
  });
});
