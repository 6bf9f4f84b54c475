import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { freshDb, renderApp } from './harness.tsx';

/** A product card's accessible name starts "Tambah <name> " (then category, producer, price, stock). */
function addButton(name: string): RegExp {
  return new RegExp(`^Tambah ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `);
}

const STATIC_QRIS =
  '00020101021126620016ID.CO.CONTOH.WWW011893600000000001234502090000123450303UMI51440014ID.CO.QRIS.WWW0215ID10250000000010303UMI5204594753033605802ID5908NTB MALL6007MATARAM6105831256304DC72';

let db: KasirDb;
afterEach(() => db?.close());

type User = ReturnType<typeof userEvent.setup>;

async function add(user: User, query: string, name: string) {
  const search = await screen.findByRole('searchbox', { name: 'Cari produk' });
  await user.clear(search);
  await user.type(search, query);
  await user.click(await screen.findByRole('button', { name: addButton(name) }));
  await within(await screen.findByRole('list', { name: 'Keranjang' })).findByText(name);
}

/** A keyboard-wedge scanner: keydowns a few ms apart, with the characters landing in the focused input. */
function scan(code: string, gapMs: number, startAt: number) {
  const target = document.activeElement ?? document.body;
  let t = startAt;
  for (const ch of [...code, 'Enter']) {
    const ev = new KeyboardEvent('keydown', { key: ch, bubbles: true, cancelable: true });
    Object.defineProperty(ev, 'timeStamp', { value: t });
    const allowed = target.dispatchEvent(ev);
    if (allowed && ch !== 'Enter' && target instanceof HTMLInputElement) {
      fireEvent.change(target, { target: { value: target.value + ch } });
    }
    t += gapMs;
  }
}

describe('scanner and typing', () => {
  it('a scan adds the product without typing into the search box', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    const search = await screen.findByRole('searchbox', { name: 'Cari produk' });
    await user.type(search, 'kopi');
    const madu = await db.products.where('sku').equals('MDU-001').first();
    scan(madu?.barcode ?? '', 8, 1e13);
    expect(await within(await screen.findByRole('list', { name: 'Keranjang' })).findByText('Madu Hutan Sumbawa 500 ml')).toBeInTheDocument();
    await waitFor(() => expect(search).toHaveValue('kopi'));
    expect(await screen.findByRole('status', { name: '' })).toBeDefined();
  });

  it('the same digits typed slowly by a person stay in the search box and add nothing', async () => {
    db = await freshDb();
    renderApp({ db, sync: null });
    const search = await screen.findByRole('searchbox', { name: 'Cari produk' });
    search.focus();
    const madu = await db.products.where('sku').equals('MDU-001').first();
    const code = madu?.barcode ?? '';
    scan(code.slice(0, 6), 150, 200_000);
    expect(search).toHaveValue(code.slice(0, 6));
    expect((await db.carts.get('open'))?.lines ?? []).toHaveLength(0);
  });

  it('a misread code (wrong check digit) says the check digit is wrong, not that the code is unknown', async () => {
    db = await freshDb();
    renderApp({ db, sync: null });
    (await screen.findByRole('searchbox', { name: 'Cari produk' })).focus();
    // 2999999999991 is a valid in-store code; its last digit misread as 5.
    scan('2999999999995', 5, 300_000);
    expect(await screen.findByRole('alert')).toHaveTextContent('Kode 2999999999995 salah terbaca: angka terakhirnya seharusnya 1. Pindai ulang barangnya.');
  });

  it('an unknown scanned code says so and offers to search for it', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    (await screen.findByRole('searchbox', { name: 'Cari produk' })).focus();
    scan('2999999999991', 5, 300_000);
    expect(await screen.findByRole('alert')).toHaveTextContent('Kode 2999999999991 tidak dikenal.');
    await user.click(screen.getByRole('button', { name: 'Cari "2999999999991"' }));
    expect(await screen.findByRole('searchbox', { name: 'Cari produk' })).toHaveValue('2999999999991');
  });
});

describe('cart', () => {
  it('applies a line discount in percent and an order discount in rupiah, exactly', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'kopi robusta 250', 'Kopi Bubuk Sembalun Robusta 250 g'); // 45.000
    await add(user, 'madu 250', 'Madu Hutan Sumbawa 250 ml'); // 85.000
    await user.click(screen.getByRole('button', { name: 'Diskon Madu Hutan Sumbawa 250 ml' }));
    await user.type(screen.getByRole('textbox', { name: 'Diskon Madu Hutan Sumbawa 250 ml' }), '10{Enter}');
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 121.500'));
    await user.click(screen.getByRole('button', { name: 'Diskon transaksi' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Jenis diskon' }), 'amount');
    await user.type(screen.getByRole('textbox', { name: 'Diskon transaksi' }), '1.500');
    await user.click(screen.getByRole('button', { name: 'Terapkan' }));
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 120.000'));
    expect(screen.getByTestId('cart-discount')).toHaveTextContent('-Rp 10.000');
  });

  it('holds a cart, starts another, and resumes the first; both survive', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'dodol', 'Dodol Rumput Laut Lombok');
    await user.click(screen.getByRole('button', { name: 'Tahan Transaksi' }));
    await user.type(screen.getByRole('textbox', { name: 'Penanda pelanggan (opsional)' }), 'Ibu Baiq');
    await user.click(within(screen.getByRole('group', { name: 'Tahan Transaksi' })).getByRole('button', { name: 'Tahan Transaksi' }));
    expect(await screen.findByText('Keranjang kosong. Cari atau pindai produk untuk mulai.')).toBeInTheDocument();

    await add(user, 'keripik singkong', 'Keripik Singkong Pedas 200 g');
    await user.click(await screen.findByRole('button', { name: 'Lanjutkan Ibu Baiq' }));
    const cart = await screen.findByRole('list', { name: 'Keranjang' });
    expect(await within(cart).findByText('Dodol Rumput Laut Lombok')).toBeInTheDocument();
    expect(within(cart).queryByText('Keripik Singkong Pedas 200 g')).toBeNull();
    // The cart that was open is parked rather than lost.
    expect(await screen.findByRole('button', { name: /Lanjutkan 1 barang, Rp 15\.000/ })).toBeInTheDocument();
    expect(await db.carts.count()).toBe(2);
  });
});

describe('payment', () => {
  it('splits Tunai and QRIS: the QR carries the amount, the sale records both with the reference', async () => {
    db = await freshDb();
    await db.settings.put({ key: 'qrisStatic', value: STATIC_QRIS }); // as a supervisor set it
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'batik sasambo', 'Kain Batik Tulis Gembok Motif Sasambo'); // 850.000
    await user.click(screen.getByRole('button', { name: 'Bayar' }));
    const dialog = await screen.findByRole('dialog', { name: 'Pembayaran' });
    await user.click(within(dialog).getByRole('radio', { name: 'QRIS' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Jumlah' }), '500000');
    expect(within(dialog).getByRole('img', { name: 'Kode QRIS untuk Rp 500.000' })).toBeInTheDocument();
    // Not counted until the cashier confirms the money arrived.
    expect(within(dialog).getByRole('button', { name: 'Tambahkan Pembayaran' })).toBeDisabled();
    await user.type(within(dialog).getByRole('textbox', { name: 'No. referensi (opsional)' }), 'QR-778812');
    await user.click(within(dialog).getByRole('checkbox', { name: /Dana QRIS sudah masuk/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Tambahkan Pembayaran' }));

    await user.click(within(dialog).getByRole('radio', { name: 'Tunai' }));
    expect(within(dialog).getByRole('button', { name: 'Selesaikan Penjualan' })).toBeDisabled();
    await user.click(within(dialog).getByRole('button', { name: 'Uang Pas' }));
    await user.click(within(dialog).getByRole('button', { name: 'Selesaikan Penjualan' }));
    await screen.findByRole('status', { name: 'Penjualan tersimpan' });

    const [sale] = await db.sales.toArray();
    expect(sale?.payments.map((p) => [p.method, p.amount, p.reference])).toEqual([
      ['qris', 500_000, 'QR-778812'],
      ['cash', 350_000, null],
    ]);
    expect(sale?.change).toBe(0);
  });

  it('refuses QRIS above Rp 10.000.000 with a clear message', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'meja lesehan', 'Meja Lesehan Cukli'); // 2.450.000
    const line = await screen.findByRole('textbox', { name: 'Jumlah Meja Lesehan Cukli' });
    await user.clear(line);
    // The box keeps what is typed until Enter (or leaving it): a scanner burst there never reaches the line.
    await user.type(line, '5{Enter}');
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 12.250.000'));
    await user.click(screen.getByRole('button', { name: 'Bayar' }));
    const dialog = await screen.findByRole('dialog', { name: 'Pembayaran' });
    await user.click(within(dialog).getByRole('radio', { name: 'QRIS' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('QRIS maksimal Rp 10.000.000 per transaksi');
    expect(within(dialog).getByRole('button', { name: 'Selesaikan Penjualan' })).toBeDisabled();
  });

  it('cannot finish while underpaid; change only from cash; cash rounding is shown', async () => {
    db = await freshDb();
    await db.settings.put({ key: 'roundingStep', value: 500 }); // as a supervisor set it
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await add(user, 'kerupuk kulit', 'Kerupuk Kulit Ikan 150 g'); // 22.000
    await add(user, 'sayur kangkung', 'Sayur Kangkung Hidroponik'); // 8.000
    await user.click(screen.getByRole('button', { name: 'Diskon transaksi' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Jenis diskon' }), 'amount');
    await user.type(screen.getByRole('textbox', { name: 'Diskon transaksi' }), '300{Enter}');
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 29.700'));
    await user.click(screen.getByRole('button', { name: 'Bayar' }));
    const dialog = await screen.findByRole('dialog', { name: 'Pembayaran' });
    // 29.700 rounds to 29.500 for cash (nearest Rp 500).
    expect(within(dialog).getByTestId('amount-due')).toHaveTextContent('Rp 29.500');
    await user.type(within(dialog).getByLabelText('Uang Diterima'), '20000');
    expect(within(dialog).getByRole('button', { name: 'Selesaikan Penjualan' })).toBeDisabled();
    await user.click(within(dialog).getByRole('radio', { name: 'Kartu' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Jumlah' }), '40000');
    expect(within(dialog).getByRole('alert')).toHaveTextContent('non-tunai melebihi total');
    expect(within(dialog).getByRole('button', { name: 'Selesaikan Penjualan' })).toBeDisabled();
    await user.click(within(dialog).getByRole('radio', { name: 'Tunai' }));
    await user.type(within(dialog).getByLabelText('Uang Diterima'), '50000');
    await user.click(within(dialog).getByRole('button', { name: 'Selesaikan Penjualan' }));
    await screen.findByRole('status', { name: 'Penjualan tersimpan' });
    const [sale] = await db.sales.toArray();
    expect(sale).toMatchObject({ total: 29_700, rounding: -200, change: 20_500 });
  });
});

describe('the keyboard list', () => {
  it('moves through results with the arrow keys and adds the highlighted one with Enter', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await user.click(await screen.findByRole('radio', { name: 'Daftar' }));
    const search = screen.getByRole('searchbox', { name: 'Cari produk' });
    await user.type(search, 'kopi');
    const list = await screen.findByRole('listbox', { name: 'Hasil pencarian' });
    await waitFor(() => expect(within(list).getAllByRole('option').length).toBe(4));
    await user.keyboard('{ArrowDown}{ArrowDown}');
    const active = within(list).getByRole('option', { selected: true });
    expect(search).toHaveAttribute('aria-activedescendant', active.id);
    const name = active.querySelector('.product-name')?.textContent ?? '';
    await user.keyboard('{Enter}');
    expect(await within(await screen.findByRole('list', { name: 'Keranjang' })).findByText(name)).toBeInTheDocument();
  });

  it('renders only a window of a long result list', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await user.click(await screen.findByRole('radio', { name: 'Daftar' }));
    await user.type(screen.getByRole('searchbox', { name: 'Cari produk' }), 'k');
    const list = await screen.findByRole('listbox', { name: 'Hasil pencarian' });
    await waitFor(() => expect(within(list).getAllByRole('option')[0]).toHaveAttribute('aria-setsize'));
    const setsize = Number(within(list).getAllByRole('option')[0]?.getAttribute('aria-setsize'));
    expect(setsize).toBeGreaterThan(20);
    expect(within(list).getAllByRole('option').length).toBeLessThan(setsize);
  });
});
