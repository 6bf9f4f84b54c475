// Enrolment to the first search result over the real server, HTTP and the
// built app (issue 12): catalog_ready_50k (target 6 s), catalog_ready_200k
// (30 s), catalog_ready_50k_3g (1.6 Mbit/s down, 150 ms latency: 20 s), the
// longest main-thread task during each (catalog_longtask_max: 200 ms), and the
// page's JS heap at its peak (catalog_heap_peak_200k_mb: 150 MB).
//
// The clock starts when "Daftarkan" is pressed and stops when a search for the
// catalog's LAST product shows it: the whole catalog is on the device by then,
// not just its first page. Between the two the script signs a cashier in with
// a PIN as fast as the keypad takes it, so the figure holds a few hundred ms
// of a person's part. The baseline is the same pull fetched bare by the page
// (every page, parsed, nothing written), on the same link.
// `npx tsx tests/bench/catalog-ready.ts [50k 200k 50k_3g]` runs it alone (dist/ must be built).
import type { CDPSession, Page } from 'playwright-core';
import { upsertCatalog } from '../../src/server/catalog/catalog.ts';
import { enrolAndSignIn, launch, newProfileDir, startServer } from '../e2e/helpers.ts';
import { bigCatalog } from './catalog.ts';
import { figure, type Figure } from './stats.ts';

export interface ReadyCase {
  products: number;
  /** Chromium's network emulation, or none. */
  link: { downKbit: number; upKbit: number; latencyMs: number } | null;
  name: string;
}

export const READY_CASES: readonly ReadyCase[] = [
  { products: 50_000, link: null, name: '50k' },
  { products: 200_000, link: null, name: '200k' },
  { products: 50_000, link: { downKbit: 1_600, upKbit: 750, latencyMs: 150 }, name: '50k_3g' },
];

/** Long tasks and a sampled heap, from the page's first script on. */
const OBSERVE = `
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
`;

async function throttle(cdp: CDPSession, link: ReadyCase['link']): Promise<void> {
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: link?.latencyMs ?? 0,
    downloadThroughput: link ? (link.downKbit * 1000) / 8 : -1,
    uploadThroughput: link ? (link.upKbit * 1000) / 8 : -1,
  });
}

/** The pull fetched page by page as the device asks for it, parsed and dropped: the link's and the server's part alone. */
async function barePull(page: Page, credential: string, outletId: string): Promise<number> {
  return page.evaluate(
    async ([auth, outlet]) => {
      const t0 = performance.now();
      let cursor: string | null = null;
      for (let i = 0; i < 10_000; i++) {
        const q = new URLSearchParams({ since: '0', outletId: outlet, limit: '1000' });
        if (cursor !== null) q.set('cursor', cursor);
        const res = await fetch(`/api/sync/pull?${q.toString()}`, { headers: { authorization: `Bearer ${auth}` } });
        if (!res.ok) throw new Error(`bare pull answered ${res.status}: ${await res.text()}`);
        const body = (await res.json()) as { more?: boolean; cursor?: string | null };
        cursor = body.more === true ? (body.cursor ?? null) : null;
        if (cursor === null) break;
      }
      return performance.now() - t0;
    },
    [credential, outletId] as const,
  );
}

export async function catalogReady(c: ReadyCase): Promise<Figure[]> {
  const server = await startServer();
  const context = await launch(newProfileDir(), server);
  try {
    const catalog = bigCatalog(c.products);
    await upsertCatalog(server.store, { products: catalog.products });
    const last = catalog.products.at(-1);
    if (!last) throw new Error('empty catalog');
    const page = context.pages()[0] ?? (await context.newPage());
    await page.addInitScript(OBSERVE);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    let heapPeak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        try {
          const { metrics } = await cdp.send('Performance.getMetrics');
          const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
          heapPeak = Math.max(heapPeak, used);
        } catch {
          // The page is between documents (a reload): the next sample reads the new one.
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    await page.goto(server.baseUrl);
    await page.getByRole('heading', { name: 'Daftarkan perangkat ini' }).waitFor({ timeout: 60_000 });
    await throttle(cdp, c.link);
    if (process.env.BENCH_PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const t0 = Date.now();
    await enrolAndSignIn(page, server, server.users.cashier);
    const search = page.getByRole('searchbox', { name: 'Cari produk' });
    // The last product arrives with the last page: until then the search finds nothing and is typed again.
    const deadline = t0 + 15 * 60_000;
    for (;;) {
      await search.fill(last.name);
      const found = await page
        .getByRole('button', { name: new RegExp(`^Tambah ${last.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) })
        .first()
        .waitFor({ timeout: 2_000 })
        .then(() => true, () => false);
      if (found) break;
      if (Date.now() > deadline) throw new Error(`${c.name}: the last product never became searchable`);
    }
    const readyMs = Date.now() - t0;
    if (process.env.BENCH_PROFILE) {
      const { profile } = await cdp.send('Profiler.stop');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(process.env.BENCH_PROFILE, JSON.stringify(profile));
    }
    sampling = false;
    await sampler;
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    // The device's credential, from the app's own IndexedDB row (src/client/db/schema.ts DeviceRow).
    const device = await page.evaluate(async () => {
      const open = indexedDB.open('kasir-karya');
      const db = await new Promise<IDBDatabase>((res, rej) => {
        open.onsuccess = () => res(open.result);
        open.onerror = () => rej(open.error ?? new Error('indexedDB.open failed'));
      });
      const row = await new Promise<{ credential?: string | null; outletId?: string } | undefined>((res, rej) => {
        const r = db.transaction('device').objectStore('device').get('self');
        r.onsuccess = () => res(r.result as { credential?: string | null; outletId?: string } | undefined);
        r.onerror = () => rej(r.error ?? new Error('get failed'));
      });
      db.close();
      return { credential: row?.credential ?? null, outletId: row?.outletId ?? '' };
    });
    const bareMs = device.credential ? await barePull(page, device.credential, device.outletId) : undefined;
    return [
      figure(`catalog_ready_${c.name}`, readyMs / 1000, 's', bareMs === undefined ? undefined : bareMs / 1000),
      figure(`catalog_longtask_max_${c.name}`, longTasks.length > 0 ? Math.max(...longTasks) : 0, 'ms'),
      figure(`catalog_heap_peak_${c.name}_mb`, heapPeak / 1024 / 1024, 'MB'),
    ];
  } finally {
    await context.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const names = process.argv.slice(2);
  const cases = names.length > 0 ? READY_CASES.filter((c) => names.includes(c.name)) : READY_CASES;
  const figures: Figure[] = [];
  for (const c of cases) figures.push(...(await catalogReady(c)));
  console.table(figures);
}
