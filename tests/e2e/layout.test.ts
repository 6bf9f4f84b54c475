// Issue 11 item 13: a phone at a fair booth (390x844) and a counter tablet
// (1280x800) see every screen without sideways scrolling, and on the phone
// the cart's total and "Bayar" stay one tap away however long the catalog is.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueLabels } from '../../src/server/catalog/labels.ts';
import { DEMO_PRODUCTS } from '../../src/server/seed-data.ts';
import { enrolAndSignIn, signIn, startApp, type TestServer } from './helpers.ts';

const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 1280, height: 800 },
] as const;

const SHOTS = process.env.LAYOUT_SHOTS;
const ADMIN_NAV = 'Menu pengelolaan';

let server: TestServer;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  ({ server, context, page } = await startApp());
  // The label screen with its list, so its tables are measured too.
  await server.store.db.tx((tx) => queueLabels(tx, DEMO_PRODUCTS.slice(0, 4).map((p) => p.id), 'price-changed', server.store.now()));
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(server.baseUrl);
  await page.getByRole('heading', { name: 'Daftarkan perangkat ini' }).waitFor();
  await expectNoSidewaysScroll(page, 'enrol', 'phone');
  await enrolAndSignIn(page, server, server.users.supervisor);
  await page.getByRole('button', { name: /^Tambah / }).first().waitFor();
});

afterAll(async () => {
  await context?.close();
  await server?.close();
});

/** What is wider than the window, for a message that says where to look. */
async function overflow(p: Page): Promise<{ scrollWidth: number; innerWidth: number; culprits: string[] }> {
  return p.evaluate(() => {
    const innerWidth = window.innerWidth;
    const culprits: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const r = el.getBoundingClientRect();
      if (r.right > innerWidth + 0.5 && r.width > 0) {
        // Inside an element that scrolls by itself, wide content is fine.
        // A fixed box escapes the scrolling boxes around it: what it pushes out is lost.
        let scroller: Element | null = getComputedStyle(el).position === 'fixed' ? null : el.parentElement;
        let contained = false;
        while (scroller && scroller !== document.body) {
          const s = getComputedStyle(scroller);
          if (s.position === 'fixed') break;
          if (/(auto|scroll|hidden|clip)/.test(s.overflowX) && scroller.getBoundingClientRect().right <= innerWidth + 0.5) {
            contained = true;
            break;
          }
          scroller = scroller.parentElement;
        }
        if (!contained) culprits.push(`${el.tagName.toLowerCase()}.${el.className || ''} right=${Math.round(r.right)}`);
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth, culprits: culprits.slice(0, 8) };
  });
}

async function expectNoSidewaysScroll(p: Page, screen: string, size: string) {
  if (SHOTS) await p.screenshot({ path: `${SHOTS}/${size}-${screen}.png` });
  const o = await overflow(p);
  expect(o.scrollWidth, `${screen} at ${size} (${o.innerWidth} px) scrolls sideways: ${o.culprits.join('; ')}`).toBeLessThanOrEqual(o.innerWidth);
  // A fixed bar wider than the screen adds no scroll width, but its right end is out of reach all the same.
  expect(o.culprits, `${screen} at ${size}: cut off at the right`).toEqual([]);
}

async function addProducts(n: number) {
  const cards = page.getByRole('main').getByRole('button', { name: /^Tambah / });
  for (let i = 0; i < n; i++) await cards.nth(i).click();
}

/** The element is inside the window: a thumb reaches it without scrolling. */
async function inView(p: Page, name: string) {
  const box = await p.getByRole('button', { name, exact: true }).boundingBox();
  const vp = p.viewportSize();
  expect(box, `${name} is not on screen`).not.toBeNull();
  if (!box || !vp) return;
  expect(box.y, `${name} starts below the window`).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height, `${name} ends below the window`).toBeLessThanOrEqual(vp.height);
  expect(box.x + box.width).toBeLessThanOrEqual(vp.width);
}

describe.each(SIZES)('at $width x $height ($name)', ({ name, width, height }) => {
  beforeAll(async () => {
    await page.setViewportSize({ width, height });
  });

  it('the counter, empty and with a long cart; Bayar stays in reach (and on a phone the total with it)', async () => {
    await page.goto(server.baseUrl);
    await page.getByRole('searchbox', { name: 'Cari produk' }).waitFor();
    await expectNoSidewaysScroll(page, 'counter-empty', name);
    await addProducts(8);
    await expectNoSidewaysScroll(page, 'counter-cart', name);
    // Before any scrolling too: on a 1280x800 tablet the long cart once pushed Bayar below the window.
    await page.evaluate(() => window.scrollTo(0, 0));
    await inView(page, 'Bayar');
    if (name === 'phone') {
      // Down at the end of the catalog, where the last product was tapped.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await inView(page, 'Bayar');
      const bar = await page.locator('.cart-actions').evaluate((el) => getComputedStyle(el, '::before').content);
      expect(bar).toMatch(/Total Rp [\d.]+/);
    }
    await page.getByRole('button', { name: 'Bayar', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Pembayaran' });
    await dialog.getByRole('button', { name: 'Uang Pas' }).click();
    await expectNoSidewaysScroll(page, 'payment', name);
    await dialog.getByRole('button', { name: 'Selesaikan Penjualan' }).click();
    await page.getByRole('status', { name: 'Penjualan tersimpan' }).waitFor();
    await expectNoSidewaysScroll(page, 'sale-done', name);
  });

  it('the PIN sign-in screen', async () => {
    await page.goto(server.baseUrl);
    await page.getByRole('button', { name: 'Keluar', exact: true }).first().click();
    await page.getByRole('heading', { name: 'Masuk kasir' }).waitFor();
    await expectNoSidewaysScroll(page, 'sign-in', name);
    await signIn(page, server.users.supervisor);
  });

  it('the sales list, review and settings', async () => {
    for (const [path, screen] of [
      ['/penjualan', 'sales'],
      ['/tinjauan', 'review'],
      ['/pengaturan', 'settings'],
      ['/shift', 'shift'],
    ] as const) {
      await page.goto(`${server.baseUrl}${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await expectNoSidewaysScroll(page, screen, name);
    }
  });

  it('the Stok area, each section', async () => {
    await page.goto(`${server.baseUrl}/stok`);
    await page.getByRole('heading', { name: 'Stok', level: 1 }).waitFor();
    for (const [tab, screen] of [
      ['Terima barang', 'stock-receive'],
      ['Transfer', 'stock-transfer'],
      ['Penyesuaian', 'stock-adjust'],
      ['Stok opname', 'stock-count'],
      ['Riwayat', 'stock-history'],
    ] as const) {
      await page.getByRole('tab', { name: tab, exact: true }).click();
      await page.getByRole('tabpanel').getByRole('heading', { level: 2, name: tab }).waitFor();
      await expectNoSidewaysScroll(page, screen, name);
    }
  });

  it('the admin pages, signed in', async () => {
    await page.goto(`${server.baseUrl}/admin`);
    const form = page.getByRole('form', { name: 'Masuk untuk pengelolaan' });
    await form.or(page.getByRole('navigation', { name: ADMIN_NAV })).first().waitFor();
    if (await form.isVisible()) {
      await expectNoSidewaysScroll(page, 'admin-sign-in', name);
      await form.getByRole('textbox', { name: 'Nama pengguna' }).fill(server.users.admin.username);
      await form.getByLabel('Kata sandi').fill(server.users.admin.password ?? '');
      await form.getByRole('button', { name: 'Masuk' }).click();
    }
    for (const [path, screen] of [
      ['/admin/perangkat', 'admin-devices'],
      ['/admin/pengguna', 'admin-users'],
      ['/admin/audit', 'admin-audit'],
      ['/admin/outlet', 'admin-outlets'],
      ['/admin/produsen', 'admin-producers'],
      ['/admin/penyelesaian', 'admin-settlement'],
      ['/admin/shift', 'admin-shifts'],
      ['/admin/alasan-stok', 'admin-stock-reasons'],
    ] as const) {
      // Within the page, so this does not depend on the session outliving a reload.
      await page.evaluate((to) => {
        history.pushState({}, '', to);
        window.dispatchEvent(new PopStateEvent('popstate'));
      }, path);
      await page.getByRole('table').first().or(page.getByRole('list').first()).or(page.getByRole('grid').first()).waitFor();
      await expectNoSidewaysScroll(page, screen, name);
    }
    // Product administration: its list (a grid of react-aria rows), the form dialog, the import.
    for (const [path, screen, ready] of [
      ['/admin/produk', 'admin-products', 'Daftar produk'],
      ['/admin/impor', 'admin-import', 'Impor dan ekspor produk'],
      // Wide tables scroll inside their own box; the page itself never sideways.
      ['/admin/laporan', 'admin-reports', 'Rincian: Produk'],
    ] as const) {
      await page.evaluate((to) => {
        history.pushState({}, '', to);
        window.dispatchEvent(new PopStateEvent('popstate'));
      }, path);
      await page.getByRole('grid', { name: ready }).or(page.getByRole('heading', { name: ready })).first().waitFor({ timeout: 30_000 });
      await expectNoSidewaysScroll(page, screen, name);
      if (screen === 'admin-products') {
        await page.getByRole('button', { name: 'Tambah produk' }).click();
        await page.getByRole('dialog', { name: 'Produk baru' }).waitFor();
        await expectNoSidewaysScroll(page, 'admin-product-form', name);
        await page.getByRole('button', { name: 'Batal' }).click();
      }
    }
    // The longest back-office form: an outlet with every counter setting.
    await page.evaluate(() => {
      history.pushState({}, '', '/admin/outlet');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    await page.getByRole('button', { name: 'Tambah outlet' }).click();
    const outletForm = page.getByRole('form', { name: 'Outlet baru' });
    await outletForm.getByRole('button', { name: /Jenis outlet/ }).click();
    await page.getByRole('option', { name: 'Booth', exact: true }).click();
    await outletForm.getByLabel('Tanggal mulai').waitFor();
    await expectNoSidewaysScroll(page, 'admin-outlet-form', name);
    await outletForm.getByRole('button', { name: 'Batal' }).click();
    await page.evaluate(() => {
      history.pushState({}, '', '/admin/label');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    await page.getByRole('grid', { name: 'Label perlu dicetak' }).waitFor();
    await expectNoSidewaysScroll(page, 'admin-labels', name);
    const useAll = page.getByRole('button', { name: 'Masukkan semua ke cetakan' });
    await useAll.click();
    await page.getByRole('grid', { name: 'Cetakan' }).waitFor();
    await page.getByRole('region', { name: /^Pratinjau lembar 1/ }).waitFor();
    await expectNoSidewaysScroll(page, 'admin-labels-run', name);
    // The stock screens are for phones too: a row's Riwayat opens its history with one press. In a
    // last column, off screen at 390 px, react-aria scrolled the row back first and the press missed.
    await page.evaluate(() => {
      history.pushState({}, '', '/admin/stok');
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
    await page.getByRole('button', { name: /^Riwayat / }).first().click();
    await page.getByRole('region', { name: /^Riwayat .+ di / }).waitFor();
    await expectNoSidewaysScroll(page, 'admin-stock-history', name);
  });
});
