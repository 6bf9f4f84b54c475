// Sync rule 12 in pages: a pull asked with a `limit` comes in bounded pages
// by (version, key) with a cursor, and a cursor asked again (a cut
// connection) gives the same page, so a device resumes where it stopped.
import { describe, expect, it } from 'vitest';
import { PULL_PAGE_MAX, pullResponseSchema, type PullResponse } from '../../src/protocol/schemas.ts';
import { ROUTES } from '../../src/protocol/routes.ts';
import { DEMO_OUTLETS, DEMO_PRODUCTS } from '../../src/server/seed-data.ts';
import { upsertCatalog } from '../../src/server/catalog/catalog.ts';
import { newEpoch, pull as pullService } from '../../src/server/sync/pull.ts';
import { asAdmin, backends, demoProduct, errorOf, get, OUTLET, push, serverPerTest, TestDevice, type TestServer } from './helpers.ts';

async function pageOver(url: string, q: Record<string, string>): Promise<PullResponse> {
  const res = await get(url, `${ROUTES.pull}?${new URLSearchParams(q).toString()}`, await asAdmin(url));
  if (res.status !== 200) throw new Error(`pull answered ${res.status}: ${JSON.stringify(res.body)}`);
  return pullResponseSchema.parse(res.body);
}

/** Every page of one pull, from the first, as a device asks for them. */
async function allPages(server: TestServer, limit: number, outletId: string | null, since = 0, epoch: number | null = null): Promise<PullResponse[]> {
  const pages: PullResponse[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 10_000; i++) {
    const page = await pullService(server.store, since, outletId, epoch, { users: false, limit, ...(cursor !== undefined ? { cursor } : {}) });
    pages.push(page);
    if (!page.more) return pages;
    cursor = page.cursor ?? undefined;
  }
  throw new Error('the pull never ended');
}

const productIds = (pages: readonly PullResponse[]): string[] => pages.flatMap((p) => p.products.map((x) => x.id));
const stockKeys = (pages: readonly PullResponse[]): string[] => pages.flatMap((p) => p.stock.map((s) => `${s.outletId}/${s.productId}`));

describe.each(backends)('a paged pull ($name)', (backend) => {
  let server: TestServer;
  let url: string;
  serverPerTest(backend, (s) => {
    server = s;
    url = s.baseUrl;
  });

  it('comes over HTTP in pages of at most `limit` rows that add up to the whole catalog, the first carrying the total', async () => {
    const whole = await pageOver(url, { since: '0', outletId: OUTLET });
    // Without a limit, one answer as before paging: the first page and the last.
    expect(whole).toMatchObject({ first: true, more: false, cursor: null, total: DEMO_PRODUCTS.length });

    const pages: PullResponse[] = [];
    let q: Record<string, string> = { since: '0', outletId: OUTLET, limit: '7' };
    for (;;) {
      const page = await pageOver(url, q);
      pages.push(page);
      if (!page.more) break;
      expect(page.cursor).toEqual(expect.any(String));
      q = { since: '0', outletId: OUTLET, limit: '7', cursor: page.cursor ?? '' };
    }
    for (const p of pages) expect(p.products.length + p.stock.length).toBeLessThanOrEqual(7);
    expect(pages.length).toBeGreaterThanOrEqual(Math.ceil((DEMO_PRODUCTS.length * 2) / 7));
    expect(pages.map((p) => p.first)).toEqual([true, ...pages.slice(1).map(() => false)]);
    expect(pages[0]?.total).toBe(DEMO_PRODUCTS.length);
    expect(pages[0]?.outlets).toHaveLength(DEMO_OUTLETS.length);
    expect(new Set(pages.map((p) => p.version))).toEqual(new Set([whole.version]));
    expect(pages.every((p) => p.full)).toBe(true);
    expect(pages.at(-1)).toMatchObject({ more: false, cursor: null });
    // Each row once, and every row of the one-answer pull.
    expect(productIds(pages).sort()).toEqual(whole.products.map((p) => p.id).sort());
    expect(stockKeys(pages).sort()).toEqual(stockKeys([whole]).sort());
    expect(new Set(productIds(pages)).size).toBe(productIds(pages).length);
  });

  it('gives the same page again for the same cursor, so a cut connection resumes from the next page', async () => {
    const first = await pullService(server.store, 0, OUTLET, null, { limit: 10 });
    const second = await pullService(server.store, 0, OUTLET, null, { limit: 10, cursor: first.cursor ?? '' });
    const third = await pullService(server.store, 0, OUTLET, null, { limit: 10, cursor: second.cursor ?? '' });
    const thirdAgain = await pullService(server.store, 0, OUTLET, null, { limit: 10, cursor: second.cursor ?? '' });
    expect(thirdAgain).toEqual(third);
    expect(third.first).toBe(false);
    const straight = await allPages(server, 10, OUTLET);
    expect(straight[2]).toEqual(third);
  });

  it('covers stock of every outlet for a session without outlet, each level once', async () => {
    const pages = await allPages(server, 13, null);
    expect(stockKeys(pages)).toHaveLength(DEMO_PRODUCTS.length * DEMO_OUTLETS.length);
    expect(new Set(stockKeys(pages)).size).toBe(DEMO_PRODUCTS.length * DEMO_OUTLETS.length);
  });

  it('still brings a product and a level changed while its pages were being fetched', async () => {
    const kopi = demoProduct('KOP-001');
    const first = await pullService(server.store, 0, OUTLET, null, { limit: 5 });
    expect(first.products.length).toBe(5);
    // A price change and a sale land between pages: both take a new version, ahead of the cursor.
    await upsertCatalog(server.store, { products: [{ ...kopi, price: 71_000 }] });
    const device = new TestDevice();
    await push(url, device.id, [device.sell([{ product: kopi, qty: 2, unitPrice: 71_000 }])]);
    const rest: PullResponse[] = [];
    let cursor = first.cursor;
    while (cursor !== null) {
      const page = await pullService(server.store, 0, OUTLET, null, { limit: 5, cursor });
      rest.push(page);
      cursor = page.cursor;
    }
    const products = [...first.products, ...rest.flatMap((p) => p.products)].filter((p) => p.id === kopi.id);
    expect(products.at(-1)?.price).toBe(71_000);
    const levels = [...first.stock, ...rest.flatMap((p) => p.stock)].filter((s) => s.productId === kopi.id);
    // The level after the sale, as a pull now says, is the last one this pull brought.
    const current = (await pullService(server.store, 0, OUTLET, null, {})).stock.find((s) => s.productId === kopi.id)?.level;
    expect(levels.at(-1)?.level).toBe(current);
    expect(new Set(rest.map((p) => p.version))).toEqual(new Set([first.version]));
  });

  it('an incremental paged pull brings only what changed, and nothing more than one empty page when nothing did', async () => {
    const all = await allPages(server, 50, OUTLET);
    const version = all[0]?.version ?? 0;
    const epoch = all[0]?.epoch ?? 0;
    const nothing = await allPages(server, 50, OUTLET, version, epoch);
    expect(nothing).toHaveLength(1);
    expect(nothing[0]).toMatchObject({ first: true, more: false, full: false, total: 0, products: [], stock: [] });
    await upsertCatalog(server.store, { products: [{ ...demoProduct('MDU-001'), price: 151_000 }] });
    const changed = await allPages(server, 50, OUTLET, version, epoch);
    expect(productIds(changed)).toEqual([demoProduct('MDU-001').id]);
    expect(changed[0]?.total).toBe(1);
  });

  it('starts over in full when the database was restored between pages (a new epoch)', async () => {
    const first = await pullService(server.store, 0, OUTLET, null, { limit: 10 });
    await newEpoch(server.store);
    const next = await pullService(server.store, 0, OUTLET, null, { limit: 10, cursor: first.cursor ?? '' });
    expect(next).toMatchObject({ first: true, full: true, total: DEMO_PRODUCTS.length });
    expect(next.epoch).not.toBe(first.epoch);
  });

  it('starts over in full and moves the epoch when a cursor names a version the database never reached (restored without a new epoch)', async () => {
    await newEpoch(server.store);
    const first = await pullService(server.store, 0, OUTLET, null, { limit: 10 });
    // The database goes back in time under the same epoch: its counter is below what the device saw.
    await server.store.db.run("UPDATE counters SET value = value - 5 WHERE name = 'catalog'");
    const next = await pullService(server.store, 0, OUTLET, null, { limit: 10, cursor: first.cursor ?? '' });
    expect(next).toMatchObject({ first: true, full: true });
    expect(next.epoch).not.toBe(first.epoch);
  });

  it('refuses a cursor it did not make, naming the field and what to do, and a limit above the page maximum', async () => {
    const bad = await get(url, `${ROUTES.pull}?since=0&limit=10&cursor=not-a-cursor`, await asAdmin(url));
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toMatchObject({ field: 'cursor', message: expect.stringContaining('without cursor') });
    const big = await get(url, `${ROUTES.pull}?since=0&limit=${PULL_PAGE_MAX + 1}`, await asAdmin(url));
    expect(big.status).toBe(400);
  });
});
