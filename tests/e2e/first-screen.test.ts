// Issue 12 item 5: the counter's first screen downloads only the counter, the
// page does not jump while it fills in (CLS under 0.1 on / and /admin, on a
// booth phone and a counter tablet, fresh or enrolled), and every page loaded
// on demand still opens with the network cut, from the precache.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_WORDS } from '../../src/client/i18n/server-words.ts';
import { initialChunks } from '../bench/initial-js.ts';
import { DIST, enrolAndSignIn, launch, newProfileDir, signIn, startApp, type TestServer } from './helpers.ts';

const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 1280, height: 800 },
] as const;

/** Chunks that only a page other than the counter, printing, the QR code, paying, the receipt, the sync details or English need. */
const ON_DEMAND = /\/assets\/(AdminPage|ReviewPage|SalesPage|SettingsPage|escpos|qr-drawing|LabelsPanel|label-escpos|PaymentPanel|SaleDone|SyncPanel|strings-en)-[^/]+\.js$/;

/**
 * Records layout shifts from the first paint, as Lighthouse counts them:
 * shifts within 500 ms of an input are the user's doing; CLS is the worst
 * session window (shifts less than 1 s apart, at most 5 s long).
 */
async function recordShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shifts: { value: number; startTime: number; sources: string[] }[] = [];
    (globalThis as unknown as { __shifts: typeof shifts }).__shifts = shifts;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[] })[]) {
        if (e.hadRecentInput) continue;
        const sources = (e.sources ?? []).map((s) => {
          const node = s.node instanceof Element ? `${s.node.tagName.toLowerCase()}.${s.node.className}` : String(s.node?.nodeName);
          return `${node} y ${Math.round(s.previousRect.y)}→${Math.round(s.currentRect.y)} x ${Math.round(s.previousRect.x)}→${Math.round(s.currentRect.x)}`;
        });
        shifts.push({ value: e.value, startTime: e.startTime, sources });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

/** For a fresh device, Lighthouse's mobile CPU (a quarter of this machine): later paints, so more of what arrives late lands on screen already drawn. */
async function slowCpu(ctx: BrowserContext, p: Page): Promise<void> {
  const cdp = await ctx.newCDPSession(p);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
}

async function cls(page: Page): Promise<{ value: number; shifts: string[] }> {
  // Two frames, so the observer has heard of the last paint.
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  const shifts = await page.evaluate(() => (globalThis as unknown as { __shifts: { value: number; startTime: number; sources: string[] }[] }).__shifts);
  let worst = 0;
  let current = 0;
  let start = 0;
  let last = -Infinity;
  for (const s of shifts) {
    if (s.startTime - last > 1000 || s.startTime - start > 5000) {
      current = 0;
      start = s.startTime;
    }
    current += s.value;
    last = s.startTime;
    worst = Math.max(worst, current);
  }
  return { value: worst, shifts: shifts.map((s) => `${s.value.toFixed(4)} at ${Math.round(s.startTime)} ms: ${s.sources.join(', ')}`) };
}

/** Until what the first load brings has arrived: the queue's count, and the screen's own content. */
async function settled(page: Page, path: string, fresh: boolean): Promise<void> {
  await page.getByTestId('pending-count').waitFor();
  if (path === '/admin') await page.getByRole('heading', { name: 'Pengelolaan', level: 1 }).waitFor();
  else if (fresh) await page.getByRole('heading', { name: 'Daftarkan perangkat ini' }).waitFor();
  else await page.getByRole('searchbox', { name: 'Cari produk' }).waitFor();
  // A fresh device: the service worker has installed and said so (the note that used to push the page down).
  if (fresh) await page.getByRole('region', { name: 'Aplikasi siap dipakai tanpa internet.' }).waitFor();
  else await page.getByRole('button', { name: 'Sinkronkan Sekarang' }).and(page.locator(':enabled')).waitFor();
}

let server: TestServer;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  ({ server, context, page } = await startApp());
  await enrolAndSignIn(page, server, server.users.supervisor);
  await page.getByRole('button', { name: /^Tambah / }).first().waitFor();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await recordShifts(page);
});

afterAll(async () => {
  await context?.close();
  await server?.close();
});

describe('the first download', () => {
  it('is the counter alone: no other page, the printer encoder or the QR encoder', () => {
    const chunks = initialChunks(DIST);
    expect(chunks.length).toBeGreaterThan(0);
    for (const c of chunks) expect(c.url).not.toMatch(ON_DEMAND);
    // bwip-js (the label barcodes, about 900 KB) rides only with the label screen.
    for (const c of chunks) expect(readFileSync(join(DIST, c.url), 'utf8').includes('bwipp_'), `${c.url} carries bwip-js`).toBe(false);
    // Nor zod: the counter's schemas load on first use (protocol/device-wire-loader.ts); `_zod` is on every zod schema.
    for (const c of chunks) expect(readFileSync(join(DIST, c.url), 'utf8').includes('_zod'), `${c.url} carries zod`).toBe(false);
    expect(readdirSync(join(DIST, 'assets')).some((f) => f.endsWith('.js') && readFileSync(join(DIST, 'assets', f), 'utf8').includes('_zod'))).toBe(true);
    expect(readdirSync(join(DIST, 'assets')).some((f) => /^LabelsPanel-.*\.js$/.test(f) && readFileSync(join(DIST, 'assets', f), 'utf8').includes('bwipp_'))).toBe(true);
    // Issue 12 asks 150 KB. Measured 208 KB before the back office merged, 227 KB after it (outlet settings
    // and their rules, the stock words the counter shows, the push-problem words), 236.6 KB after shifts,
    // receipt codes and QRIS confirmation, reports and settlement. Then cut to 214.8 KB: the device takes its
    // paths from protocol/route-paths.ts instead of the whole route table (its schemas and API text, 11 KB),
    // the back office's words load with its pages (5.5 KB), paying and the receipt are fetched after the
    // first screen (5.2 KB). English leaving the first download took about 8 KB more (209.3 KB on main).
    // Then 157.0 KB (2026-12-07): zod and the wire schemas load on first use (protocol/device-wire-loader.ts,
    // 33 KB), routing is shared/services/router.tsx instead of react-router (12 KB), the pull's stock
    // documents, an outlet's validation (the QRIS parser), the sync details panel, a revoked device's export
    // button and the photo cache left the first download (6 KB). Not met: what is left is react-dom (about
    // 67 KB), dexie (31), the words (about 12) and the counter itself; docs/benchmarks.md names the next cuts.
    // This keeps it from growing.
    const kb = chunks.reduce((sum, c) => sum + c.gzip, 0) / 1024;
    expect(kb).toBeLessThanOrEqual(158);
  });

  it('holds every word the counter’s own code asks for: none is left to a table that comes with a later page', async () => {
    // A table that registers itself (registerStrings) loads with the pages that import it. A key of one
    // written in the first download's code would show as the bare key on the counter until such a page
    // has opened. The server's refusal words are the exception: only the page that made the call shows them.
    const text = initialChunks(DIST).map((c) => readFileSync(join(DIST, c.url), 'utf8')).join('\n');
    const refusalWords = new Set<string>(Object.values(ERROR_WORDS));
    const dir = join(import.meta.dirname, '../../src/client/i18n');
    const late: string[] = [];
    for (const f of readdirSync(dir).filter((n) => n.endsWith('-strings.ts'))) {
      if (!readFileSync(join(dir, f), 'utf8').includes('registerStrings(')) continue;
      const mod = (await import(join(dir, f))) as Record<string, unknown>;
      for (const [name, table] of Object.entries(mod)) if (name.endsWith('Id') && typeof table === 'object' && table !== null) late.push(...Object.keys(table));
    }
    expect(late.length).toBeGreaterThan(500);
    const asked = late.filter((k) => !refusalWords.has(k) && new RegExp(`["'\`]${k}["'\`]`).test(text));
    expect(asked, 'keys the first download uses from tables it does not carry').toEqual([]);
  });

  it('precaches every chunk once, the on-demand ones included', () => {
    const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
    const urls = [...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(0);
    expect(urls.length, `listed twice: ${urls.filter((u, i) => urls.indexOf(u) !== i).join(', ')}`).toBe(new Set(urls).size);
    const assets = readdirSync(join(DIST, 'assets')).filter((f) => /\.(js|css)$/.test(f));
    for (const f of assets) expect(urls, f).toContain(`assets/${f}`);
    expect(assets.some((f) => ON_DEMAND.test(`/assets/${f}`))).toBe(true);
    // Neither the compressed copies nor the source maps are precached: the browser gets the coding over HTTP.
    expect(urls.filter((u) => /\.(gz|br|map)$/.test(u ?? ''))).toEqual([]);
  });
});

describe.each(SIZES)('at $width x $height ($name), the page does not jump while it loads', ({ width, height }) => {
  for (const path of ['/', '/admin']) {
    it(`${path} on a device never opened before`, async () => {
      const fresh = await launch(newProfileDir());
      try {
        const p = fresh.pages()[0] ?? (await fresh.newPage());
        await p.setViewportSize({ width, height });
        await slowCpu(fresh, p);
        await recordShifts(p);
        await p.goto(`${server.baseUrl}${path}`);
        await settled(p, path, true);
        // Only the counter's own chunks were fetched by the page.
        const scripts = await p.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
        expect(scripts.filter((u) => ON_DEMAND.test(new URL(u).pathname) && !(path === '/admin' && /AdminPage/.test(u)))).toEqual([]);
        const { value, shifts } = await cls(p);
        expect(value, shifts.join('\n')).toBeLessThan(0.1);
      } finally {
        await fresh.close();
      }
    });

    it(`${path} on an enrolled device with someone signed in`, async () => {
      await page.setViewportSize({ width, height });
      await page.goto(`${server.baseUrl}${path}`);
      await settled(page, path, false);
      const { value, shifts } = await cls(page);
      expect(value, shifts.join('\n')).toBeLessThan(0.1);
    });
  }
});

describe('with the network cut', () => {
  it('every page loaded on demand opens from the precache', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('searchbox', { name: 'Cari produk' }).waitFor();
    await context.setOffline(true);
    try {
      await page.reload();
      // The network is really cut (navigator.onLine is not what this is about).
      expect(await page.evaluate(() => fetch('/api/health').then(() => 'reached', () => 'cut'))).toBe('cut');
      await signIn(page, server.users.supervisor);
      const nav = page.getByRole('navigation', { name: 'Navigasi utama' });
      for (const [link, heading] of [
        ['Penjualan Hari Ini', 'Penjualan Hari Ini'],
        ['Tinjauan', 'Tinjauan supervisor'],
        ['Pengaturan', 'Pengaturan'],
        ['Admin', 'Pengelolaan'],
      ] as const) {
        await nav.getByRole('link', { name: link, exact: true }).click();
        await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      }
    } finally {
      await context.setOffline(false);
    }
  });
});

describe('English, chosen on this device', () => {
  it('stays chosen after a reload, and the counter opens in English without showing Indonesian first', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${server.baseUrl}/pengaturan`);
    await page.getByRole('combobox', { name: 'Bahasa' }).selectOption('en');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    try {
      // From the reload's first script on: did the page ever show the counter's own words in Indonesian
      // (the header's page links, account and sync strip)? Not the cart's or the catalog's words: the demo
      // products have Indonesian names ("Keranjang Ketak Bulat") in either language.
      await page.addInitScript(() => {
        const w = globalThis as unknown as { __sawIndonesian: boolean };
        w.__sawIndonesian = false;
        new MutationObserver(() => {
          if (/Sinkronkan|Antrean|Pengaturan|Penjualan Hari Ini|Ganti Kasir|Keluar/.test(document.body?.textContent ?? '')) w.__sawIndonesian = true;
        }).observe(document, { childList: true, subtree: true, characterData: true });
      });
      await page.goto(`${server.baseUrl}/`);
      await page.getByRole('searchbox', { name: 'Search products' }).waitFor();
      await page.getByRole('link', { name: 'Settings', exact: true }).waitFor();
      expect(await page.evaluate(() => (globalThis as unknown as { __sawIndonesian: boolean }).__sawIndonesian)).toBe(false);
    } finally {
      await page.goto(`${server.baseUrl}/pengaturan`);
      await page.getByRole('combobox', { name: 'Language' }).selectOption('id');
      await page.getByRole('heading', { name: 'Pengaturan', level: 1 }).waitFor();
    }
  });
});
