import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { freshDb, renderApp } from './harness.tsx';

let db: KasirDb;
afterEach(async () => {
  db?.close();
});

async function addProduct(user: ReturnType<typeof userEvent.setup>, query: string, name: RegExp) {
  const search = await screen.findByRole('searchbox', { name: 'Cari produk' });
  await user.clear(search);
  await user.type(search, query);
  await user.click(await screen.findByRole('button', { name: name }));
}

/** One Keripik Pisang paid in cash, to the "saved" screen. */
async function sellKeripik(user: ReturnType<typeof userEvent.setup>) {
    await addProduct(user, 'keripik pisang', /Tambah Keripik Pisang/);
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 18.000'));
    await user.click(screen.getByRole('button', { name: 'Bayar' }));
    const dialog = await screen.findByRole('dialog', { name: 'Pembayaran' });
    await user.type(within(dialog).getByLabelText('Uang Diterima'), '20.000');
    await user.click(within(dialog).getByRole('button', { name: 'Selesaikan Penjualan' }));
}

function cart() {
  return screen.findByRole('list', { name: 'Keranjang' });
}

describe('checkout at the counter', () => {
  it('finds a product by word prefixes and adds it to the cart', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await addProduct(user, 'batik gem sasam', /Tambah Kain Batik Tulis Gembok Motif Sasambo/);
    expect(await within(await cart()).findByText('Kain Batik Tulis Gembok Motif Sasambo')).toBeInTheDocument();
    expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 850.000');
  });

  it('pays cash, shows the change, and lists the sale in today\'s sales', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await addProduct(user, 'kopi arabika 250', /Tambah Kopi Bubuk Sembalun Arabika 250 g/);
    await addProduct(user, 'madu 500', /Tambah Madu Hutan Sumbawa 500 ml/);
    await user.click(await screen.findByRole('button', { name: 'Tambah jumlah Madu Hutan Sumbawa 500 ml' }));
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 365.000'));

    await user.click(screen.getByRole('button', { name: 'Bayar' }));
    const dialog = await screen.findByRole('dialog', { name: 'Pembayaran' });
    const finish = within(dialog).getByRole('button', { name: 'Selesaikan Penjualan' });
    await user.type(within(dialog).getByLabelText('Uang Diterima'), '300000');
    expect(finish).toBeDisabled();
    expect(within(dialog).getByText('Kurang')).toBeInTheDocument();
    await user.clear(within(dialog).getByLabelText('Uang Diterima'));
    await user.type(within(dialog).getByLabelText('Uang Diterima'), '400.000');
    expect(within(dialog).getByText('Rp 35.000')).toBeInTheDocument();
    await user.click(finish);

    const done = await screen.findByRole('status', { name: 'Penjualan tersimpan' });
    expect(within(done).getByText('Rp 35.000')).toBeInTheDocument();
    const receiptNo = within(done).getByText(/^[0-9A-F]{4}-000001$/).textContent;

    // Committed for real: the sale, its stock events and its outbox row.
    expect(await db.sales.count()).toBe(1);
    expect(await db.stockEvents.count()).toBe(2);
    expect(await db.outbox.where('status').equals('pending').count()).toBe(1);
    expect((await db.carts.toArray()).length).toBe(0);

    await user.click(screen.getByRole('link', { name: 'Penjualan Hari Ini' }));
    const row = (await screen.findByRole('rowheader', { name: receiptNo ?? '' })).closest('tr');
    expect(row).not.toBeNull();
    expect(within(row as HTMLElement).getByText('Rp 365.000')).toBeInTheDocument();
    expect(within(row as HTMLElement).getByText('Belum tersinkron')).toBeInTheDocument();
    // The indicator is a live query: it follows the commit a moment later.
    await waitFor(() => expect(screen.getByTestId('pending-count')).toHaveTextContent('1 data belum tersinkron'));
  });

  it('keeps the last receipt on screen after a reload, until the next sale starts', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    const first = renderApp({ db, sync: null });
    await sellKeripik(user);
    const receiptNo = within(await screen.findByRole('status', { name: 'Penjualan tersimpan' })).getByText(/^[0-9A-F]{4}-000001$/).textContent ?? '';
    first.unmount();

    const second = renderApp({ db, sync: null });
    const again = await screen.findByRole('status', { name: 'Penjualan tersimpan' });
    expect(within(again).getByText(receiptNo)).toBeInTheDocument();
    // The next sale starts with its first item: the old receipt goes, for good.
    await addProduct(user, 'keripik pisang', /Tambah Keripik Pisang/);
    await waitFor(() => expect(screen.queryByRole('status', { name: 'Penjualan tersimpan' })).toBeNull());
    await waitFor(async () => expect(await db.settings.get('lastReceiptSaleId')).toMatchObject({ value: null }));
    second.unmount();
    renderApp({ db, sync: null });
    expect(await within(await cart()).findByText(/Keripik Pisang/)).toBeInTheDocument();
    expect(screen.queryByRole('status', { name: 'Penjualan tersimpan' })).toBeNull();
  });

  it('"Transaksi Baru" closes the receipt, and a reload does not bring it back', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    const first = renderApp({ db, sync: null });
    await sellKeripik(user);
    await user.click(await screen.findByRole('button', { name: 'Transaksi Baru' }));
    await waitFor(() => expect(screen.queryByRole('status', { name: 'Penjualan tersimpan' })).toBeNull());
    first.unmount();
    renderApp({ db, sync: null });
    await screen.findByRole('searchbox', { name: 'Cari produk' });
    expect(screen.queryByRole('status', { name: 'Penjualan tersimpan' })).toBeNull();
  });

  it('keeps the cart when the app is closed and opened again', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    const first = renderApp({ db, sync: null });
    await addProduct(user, 'keripik pisang', /Tambah Keripik Pisang/);
    await user.click(await screen.findByRole('button', { name: /Tambah jumlah Keripik Pisang/ }));
    await waitFor(async () => expect((await db.carts.get('open'))?.lines[0]?.qty).toBe(2));
    first.unmount();

    renderApp({ db, sync: null });
    expect(await within(await cart()).findByText(/Keripik Pisang/)).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /Jumlah Keripik Pisang/ })).toHaveValue('2');
    expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 36.000');
  });

  it('adds a product when its barcode is typed and Enter pressed', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    const product = await db.products.where('sku').equals('MDU-002').first();
    await user.type(await screen.findByRole('searchbox', { name: 'Cari produk' }), `${product?.barcode ?? ''}{Enter}`);
    expect(await within(await cart()).findByText('Madu Hutan Sumbawa 250 ml')).toBeInTheDocument();
    expect(screen.getByRole('searchbox', { name: 'Cari produk' })).toHaveValue('');
  });

  it('does not say saved when the database refuses the write, and keeps the cart', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await addProduct(user, 'dodol', /Tambah Dodol Rumput Laut/);
    await user.click(screen.getByRole('button', { name: 'Bayar' }));
    await user.click(await screen.findByRole('button', { name: 'Uang Pas' }));
    db.close();
    await user.click(screen.getByRole('button', { name: 'Selesaikan Penjualan' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/BELUM tersimpan: basis data tertutup/);
    expect(screen.queryByRole('status', { name: 'Penjualan tersimpan' })).toBeNull();
    await db.open();
    expect(await db.sales.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.carts.get('open'))?.lines).toHaveLength(1);
  });

  it('switches the interface to English', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null }, '/pengaturan');
    await user.selectOptions(await screen.findByLabelText('Bahasa'), 'en');
    expect(await screen.findByRole('link', { name: 'Checkout' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Settings' })).toBeInTheDocument();
  });
});
