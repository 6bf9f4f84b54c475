// Product names, store names and cashier names come from the server or from
// settings someone typed; whatever markup they hold must reach the screen and
// the receipt as text and never become an element.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Product } from '../../src/domain/catalog.ts';
import { applyPull } from '../../src/client/db/catalog-repo.ts';
import type { KasirDb } from '../../src/client/db/database.ts';
import { CASHIER, demoPull, freshDb, renderApp } from './harness.tsx';

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(1)</script>';
const SQL = "'); DROP TABLE sales;--";
const SVG = '<svg onload=alert(2)>';

function product(sku: string, name: string, price: number): Product {
  return { id: sku.toLowerCase(), sku, barcode: null, name, category: '<b>Uji</b>', producerId: 'lapas-lobar', price, unit: 'pcs', active: true };
}

const HOSTILE = [product('XSS-IMG', IMG, 10_000), product('XSS-SCRIPT', SCRIPT, 20_000), product('XSS-SQL', SQL, 30_000)];

/** Nothing the hostile strings describe exists as an element, and nothing ran. */
function expectInert(): void {
  expect(document.querySelector('img[src=x]')).toBeNull();
  // Product pictures are the only images, and they come from this server's /images/.
  for (const img of document.querySelectorAll('img')) expect(img.getAttribute('src')).toMatch(/^\/images\//);
  expect(document.querySelector('script')).toBeNull();
  expect(document.querySelector('svg[onload]')).toBeNull();
  expect(document.querySelector('b')).toBeNull();
  expect(document.querySelector('[onerror], [onload]')).toBeNull();
  expect(window.alert).not.toHaveBeenCalled();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

let db: KasirDb;
beforeEach(() => {
  vi.stubGlobal('alert', vi.fn());
});
afterEach(() => {
  db?.close();
});

describe('markup in names', () => {
  it('renders as text in the product grid, the cart and the receipt preview, and creates no element', async () => {
    db = await freshDb(false);
    const pull = demoPull();
    await applyPull(db, { ...pull, products: [...pull.products, ...HOSTILE], stock: [...pull.stock, ...HOSTILE.map((p) => ({ productId: p.id, outletId: 'ntb-mall', level: 9 }))] }, []);
    // The cashier's name comes from the signed-in user, as the pull brought it.
    await db.users.update(CASHIER.id, { name: SVG });
    await db.settings.put({ key: 'storeName', value: SCRIPT }); // as a supervisor set it
    const user = userEvent.setup();
    renderApp({ db, sync: null });

    await user.type(await screen.findByRole('searchbox', { name: 'Cari produk' }), 'xss');
    const grid = await screen.findByRole('list', { name: 'Hasil pencarian' });
    for (const p of HOSTILE) expect(await within(grid).findByText(p.name)).toBeVisible();
    expect(within(grid).getAllByText('<b>Uji</b>', { exact: false }).length).toBeGreaterThan(0);
    expectInert();

    for (const p of HOSTILE) {
      await user.click(within(grid).getByRole('button', { name: new RegExp(`^Tambah ${escape(p.name)} `) }));
      const cart = await screen.findByRole('list', { name: 'Keranjang' });
      expect(await within(cart).findByText(p.name)).toBeVisible();
      await user.type(screen.getByRole('searchbox', { name: 'Cari produk' }), 'xss');
    }
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 60.000'));
    expectInert();

    await user.click(screen.getByRole('button', { name: 'Bayar' }));
    await user.click(await screen.findByRole('button', { name: 'Uang Pas' }));
    await user.click(screen.getByRole('button', { name: 'Selesaikan Penjualan' }));
    const done = await screen.findByRole('status', { name: 'Penjualan tersimpan' });
    const preview = await waitFor(() => {
      const pre = done.querySelector('pre.receipt-preview');
      if (!pre) throw new Error('no receipt preview yet');
      return pre;
    });
    const text = preview.textContent ?? '';
    for (const s of [IMG, SCRIPT, SQL, SVG]) expect(text).toContain(s);
    // The preview is one text node: the markup never became children.
    expect(preview.children).toHaveLength(0);
    expect(preview).toBeVisible();
    expectInert();

    // The WhatsApp link carries the receipt encoded, behind wa.me, never as a scheme of its own.
    const wa = within(done).getByRole('link', { name: 'Kirim via WhatsApp' }).getAttribute('href') ?? '';
    expect(wa).toMatch(/^https:\/\/wa\.me\/\?text=/);
    expect(wa).not.toMatch(/[<>]/);
    expect(decodeURIComponent(wa)).toContain(IMG);

    // Stored as typed: the sale on the device holds the names unchanged.
    const [sale] = await db.sales.toArray();
    expect(sale?.lines.map((l) => l.name).sort()).toEqual(HOSTILE.map((p) => p.name).sort());
    expect(sale?.cashier).toBe(SVG);
  });
});
