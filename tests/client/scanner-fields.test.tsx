// A keyboard-wedge scan wherever the cursor is (the search box, a quantity
// box), scans with a hiccup or back to back, and what a bad quantity says.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { useLanguage } from '../../src/client/i18n/use-t.ts';
import { freshDb, renderApp } from './harness.tsx';

// Each test renders the whole counter: on a busy shared machine that is slow, not wrong.
vi.setConfig({ testTimeout: 30_000 });

let db: KasirDb;
afterEach(() => db?.close());

const MADU_500 = 'Madu Hutan Sumbawa 500 ml'; // Rp 150.000
const MADU_250 = 'Madu Hutan Sumbawa 250 ml'; // Rp 85.000

async function barcodeOf(sku: string): Promise<string> {
  const code = (await db.products.where('sku').equals(sku).first())?.barcode;
  if (!code) throw new Error(`no barcode for ${sku}`);
  return code;
}

interface Burst {
  /** Scanner time of the first key, ms. */
  at: number;
  gapMs?: number;
  /** One pause of `pauseMs` after this many keys (a radio hiccup, a busy browser). */
  pauseAfter?: number;
  pauseMs?: number;
  /** More pauses: after so many keys, so many ms (a tablet busy writing a catalog page). */
  pauses?: readonly (readonly [number, number])[];
}

/**
 * A keyboard-wedge scanner: keydowns stamped with the scanner's time, the
 * characters landing in whatever input has focus unless the keydown was
 * stopped. Returns the time of its Enter.
 */
function scan(code: string, { at, gapMs = 5, pauseAfter, pauseMs = 0, pauses = [] }: Burst): number {
  let t = at;
  const keys = [...code, 'Enter'];
  keys.forEach((ch, i) => {
    const target = document.activeElement ?? document.body;
    const ev = new KeyboardEvent('keydown', { key: ch, bubbles: true, cancelable: true });
    Object.defineProperty(ev, 'timeStamp', { value: t });
    const allowed = target.dispatchEvent(ev);
    if (allowed && ch !== 'Enter' && target instanceof HTMLInputElement) {
      fireEvent.change(target, { target: { value: target.value + ch } });
    }
    if (i < keys.length - 1) t += gapMs + (i + 1 === pauseAfter ? pauseMs : 0) + pauses.filter(([after]) => after === i + 1).reduce((sum, [, ms]) => sum + ms, 0);
  });
  return t;
}

async function cartList() {
  return screen.findByRole('list', { name: /^(Keranjang|Cart)$/ });
}

/** Puts a product in the cart the quick way, with the scanner. */
async function addByScan(sku: string, name: string, at: number) {
  (await screen.findByRole('searchbox')).focus();
  scan(await barcodeOf(sku), { at });
  await within(await cartList()).findByText(name);
}

async function openLines() {
  return (await db.carts.get('open'))?.lines.map((l) => [l.name, l.qty]) ?? [];
}

describe('a scan while the cursor is in a quantity box', () => {
  it('adds the scanned product and leaves the quantity as it was', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await addByScan('MDU-001', MADU_500, 1e11);
    const qty = screen.getByRole('textbox', { name: `Jumlah ${MADU_500}` });
    await user.click(qty);
    scan(await barcodeOf('MDU-002'), { at: 1e12 });
    expect(await within(await cartList()).findByText(MADU_250)).toBeInTheDocument();
    expect(qty).toHaveValue('1');
    fireEvent.blur(qty);
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 235.000'));
    expect(await openLines()).toEqual([
      [MADU_500, 1],
      [MADU_250, 1],
    ]);
  });

  it('of the same product: the box shows the line’s new count and leaving it asks nothing', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await addByScan('MDU-001', MADU_500, 1e11);
    const qty = screen.getByRole('textbox', { name: `Jumlah ${MADU_500}` });
    await user.click(qty);
    scan(await barcodeOf('MDU-001'), { at: 1e12 });
    await waitFor(() => expect(qty).toHaveValue('2'));
    fireEvent.blur(qty);
    expect(screen.queryByRole('dialog', { name: 'Persetujuan supervisor' })).toBeNull();
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 300.000'));
    expect(await openLines()).toEqual([[MADU_500, 2]]);
  });
});

describe('a scan while the cursor is in a price or discount box', () => {
  it('adds the scanned product and leaves the typed price as it was, even with a pause in the burst', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await addByScan('MDU-001', MADU_500, 1e11);
    await user.click(screen.getByRole('button', { name: `Ubah harga ${MADU_500}` }));
    const price = screen.getByRole('textbox', { name: `Harga ${MADU_500}` });
    await waitFor(() => expect(price).toHaveFocus());
    scan(await barcodeOf('MDU-002'), { at: 1e12, pauseAfter: 5, pauseMs: 150 });
    expect(await within(await cartList()).findByText(MADU_250)).toBeInTheDocument();
    expect(price).toHaveValue('150000');
    expect(screen.queryByRole('dialog', { name: 'Persetujuan supervisor' })).toBeNull();
  });

  it('leaves the discount box as it was', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await addByScan('MDU-001', MADU_500, 1e11);
    await user.click(screen.getByRole('button', { name: `Diskon ${MADU_500}` }));
    const discount = screen.getByRole('textbox', { name: `Diskon ${MADU_500}` });
    await waitFor(() => expect(discount).toHaveFocus());
    scan(await barcodeOf('MDU-002'), { at: 1e12, pauseAfter: 3, pauseMs: 150 });
    expect(await within(await cartList()).findByText(MADU_250)).toBeInTheDocument();
    expect(discount).toHaveValue('');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('scans with a hiccup, and back to back', () => {
  it('a scan with one pause in it adds the product and gives the search box back what the cashier typed', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    const search = await screen.findByRole('searchbox', { name: 'Cari produk' });
    await user.type(search, 'kopi');
    scan(await barcodeOf('MDU-001'), { at: 1e12, pauseAfter: 6, pauseMs: 150 });
    expect(await within(await cartList()).findByText(MADU_500)).toBeInTheDocument();
    await waitFor(() => expect(search).toHaveValue('kopi'));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('after an unknown code the search box holds none of its digits, and a scan 0.7 s later is read whole', async () => {
    db = await freshDb();
    renderApp({ db, sync: null });
    const search = await screen.findByRole('searchbox', { name: 'Cari produk' });
    search.focus();
    const end = scan('2999999999991', { at: 1e12, pauseAfter: 6, pauseMs: 120 });
    expect(await screen.findByRole('alert')).toHaveTextContent('Kode 2999999999991 tidak dikenal.');
    await waitFor(() => expect(search).toHaveValue(''));
    scan(await barcodeOf('MDU-001'), { at: end + 700, pauseAfter: 2, pauseMs: 100 });
    expect(await within(await cartList()).findByText(MADU_500)).toBeInTheDocument();
    await waitFor(() => expect(search).toHaveValue(''));
    expect(screen.queryByText(/tidak dikenal/)).toBeNull();
  });

  it('a scan with two pauses near its start (a busy tablet) is read whole and leaves none of its digits in the search box', async () => {
    db = await freshDb();
    renderApp({ db, sync: null });
    const search = await screen.findByRole('searchbox', { name: 'Cari produk' });
    search.focus();
    // Seen on a loaded tablet: 49 ms after the first digit, 40 ms after the second; once "2" stayed in the box.
    scan(await barcodeOf('MDU-001'), { at: 1e12, pauses: [[1, 44], [2, 35]] });
    expect(await within(await cartList()).findByText(MADU_500)).toBeInTheDocument();
    await waitFor(() => expect(search).toHaveValue(''));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('two scans back to back, the second with a pause in it, both reach the cart', async () => {
    db = await freshDb();
    renderApp({ db, sync: null });
    await screen.findByRole('searchbox', { name: 'Cari produk' });
    // Focus on no input, as after tapping the cart: only the scan path can add them.
    (document.activeElement as HTMLElement | null)?.blur();
    // The second scan starts while the first is still being looked up and added.
    const end = scan(await barcodeOf('MDU-001'), { at: 1e12, gapMs: 4 });
    scan(await barcodeOf('MDU-002'), { at: end + 4, gapMs: 4, pauseAfter: 12, pauseMs: 90 });
    const cart = await cartList();
    expect(await within(cart).findByText(MADU_500)).toBeInTheDocument();
    expect(await within(cart).findByText(MADU_250)).toBeInTheDocument();
    await waitFor(async () =>
      expect(await openLines()).toEqual([
        [MADU_500, 1],
        [MADU_250, 1],
      ]),
    );
  });
});

describe('a bad quantity', () => {
  it('says what is wrong next to the box and keeps the last good quantity', async () => {
    db = await freshDb();
    // A person's keys, slower than a scanner's: the box gets them, not the scan path.
    const user = userEvent.setup({ delay: 50 });
    renderApp({ db, sync: null });
    await addByScan('MDU-001', MADU_500, 1e11);
    const qty = screen.getByRole('textbox', { name: `Jumlah ${MADU_500}` });
    const cases: [string, string][] = [
      ['-2', 'Jumlah paling sedikit 1; untuk membuang barang pakai tombol ✕. Jumlah tetap 1.'],
      ['1,5', 'Jumlah harus bilangan bulat, misalnya 2, bukan pecahan. Jumlah tetap 1.'],
      ['10000', 'Jumlah paling banyak 9.999 per baris. Jumlah tetap 1.'],
      ['89970', 'Jumlah paling banyak 9.999 per baris. Jumlah tetap 1.'],
    ];
    for (const [typed, message] of cases) {
      await user.clear(qty);
      await user.type(qty, `${typed}{Enter}`);
      expect(await screen.findByRole('alert')).toHaveTextContent(message);
      expect(qty).toHaveValue('1');
      expect(qty).toHaveAccessibleDescription(message);
      expect(await openLines()).toEqual([[MADU_500, 1]]);
    }
    // A good one goes in (9.999 of this one would pass Rp 1.000.000.000, a total refused on its own).
    await user.clear(qty);
    await user.type(qty, '250{Enter}');
    await waitFor(async () => expect(await openLines()).toEqual([[MADU_500, 250]]));
    expect(qty).toHaveValue('250');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('is no longer spoken of once the line changes', async () => {
    db = await freshDb();
    const user = userEvent.setup({ delay: 50 });
    renderApp({ db, sync: null });
    await addByScan('MDU-001', MADU_500, 1e11);
    const qty = screen.getByRole('textbox', { name: `Jumlah ${MADU_500}` });
    await user.clear(qty);
    await user.type(qty, '0{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Jumlah tetap 1.');
    await user.click(screen.getByRole('button', { name: `Tambah jumlah ${MADU_500}` }));
    await waitFor(() => expect(qty).toHaveValue('2'));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says it in English too', async () => {
    db = await freshDb();
    useLanguage.getState().setLang('en');
    // A person's keys, slower than a scanner's: the box gets them, not the scan path.
    const user = userEvent.setup({ delay: 50 });
    renderApp({ db, sync: null });
    await screen.findByRole('searchbox', { name: 'Search products' });
    await addByScan('MDU-001', MADU_500, 1e11);
    const qty = await screen.findByRole('textbox', { name: `Quantity ${MADU_500}` });
    await user.clear(qty);
    await user.type(qty, '12000{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('At most 9.999 per line. The quantity stays 1.');
  });
});

describe('a Rp 0 sale', () => {
  it('says next to "Selesaikan Penjualan" why it cannot be finished', async () => {
    db = await freshDb();
    const product = await db.products.where('sku').equals('MDU-001').first();
    if (!product) throw new Error('no MDU-001');
    await db.carts.put({
      id: 'open',
      lines: [{ id: 'line-1', productId: product.id, producerId: product.producerId, name: 'Sampel Madu', sku: product.sku, unitPrice: 0, qty: 1, discount: null }],
      orderDiscount: null,
      note: '',
      label: null,
      updatedAt: Date.now(),
    });
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await user.click(await screen.findByRole('button', { name: 'Bayar' }));
    const dialog = screen.getByRole('dialog', { name: 'Pembayaran' });
    const finish = within(dialog).getByRole('button', { name: 'Selesaikan Penjualan' });
    expect(finish).toBeDisabled();
    expect(finish).toHaveAccessibleDescription(
      'Totalnya Rp 0, jadi tidak ada pembayaran untuk diselesaikan. Kembalikan harga atau diskonnya, atau batalkan penjualan.',
    );
  });
});

describe('a barcode typed by hand', () => {
  it('with a wrong check digit says which digit is wrong instead of finding nothing', async () => {
    db = await freshDb();
    const user = userEvent.setup({ delay: 50 });
    renderApp({ db, sync: null });
    const search = await screen.findByRole('searchbox', { name: 'Cari produk' });
    // 2999999999991 is a valid in-store code; its last digit typed as 5.
    await user.type(search, '2999999999995{Enter}');
    const message = 'Kode 2999999999995 salah ketik: angka terakhirnya seharusnya 1. Periksa lagi angkanya.';
    expect(await screen.findByRole('alert')).toHaveTextContent(message);
    expect(search).toHaveAccessibleDescription(message);
    expect(await openLines()).toEqual([]);
  });
});
