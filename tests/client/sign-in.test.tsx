// PIN sign-in at the counter, with no network: pick a name, type the PIN on
// the keypad (or the keyboard). Five wrong PINs lock that person on this
// device for a while, across reloads. After a switch of cashier the open
// cart is the new cashier's only if they take it over; else it is held under
// the previous cashier's name.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { CASHIER, CASHIER_2, freshDb, newDeviceDb, renderApp, SUPERVISOR, typePin } from './harness.tsx';

// Each case walks several screens with PIN checks; on a busy two-core CI that outgrows the default 5 s.
vi.setConfig({ testTimeout: 15_000 });

let db: KasirDb | null = null;
afterEach(() => {
  vi.restoreAllMocks();
  db?.close();
  db = null;
});

type User = ReturnType<typeof userEvent.setup>;

async function pick(user: User, name: string): Promise<HTMLElement> {
  await user.click(await screen.findByRole('radio', { name: new RegExp(`^${name}`) }));
  return screen.getByRole('group', { name: `PIN ${name}` });
}

async function signInAs(user: User, who: { name: string; pinText: string }, pin = who.pinText): Promise<void> {
  const pad = await pick(user, who.name);
  await typePin(user, pad, pin, 'Masuk');
}

describe('PIN sign-in', () => {
  it('the right PIN signs in, offline, and the top bar shows who and in what role', async () => {
    db = await freshDb(true, { signedIn: null });
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    expect(await screen.findByRole('heading', { name: 'Masuk kasir' })).toBeInTheDocument();
    // Nothing of the counter before sign-in.
    expect(screen.queryByRole('searchbox', { name: 'Cari produk' })).toBeNull();
    await signInAs(user, CASHIER);
    expect(await screen.findByRole('searchbox', { name: 'Cari produk' })).toBeInTheDocument();
    expect(screen.getByTestId('signed-in-user')).toHaveTextContent('Baiq Nuraini Kasir');
    expect(screen.getByRole('button', { name: 'Ganti Kasir' })).toBeInTheDocument();
    // The test's fetch refuses everything: nothing was asked of a network.
    expect(vi.mocked(fetch)).not.toHaveBeenCalled();
  });

  it('keyboard digits and Enter work as well as the keypad', async () => {
    db = await freshDb(true, { signedIn: null });
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    const pad = await pick(user, SUPERVISOR.name);
    await user.click(within(pad).getByLabelText('PIN'));
    await user.keyboard(`${SUPERVISOR.pinText}{Enter}`);
    expect(await screen.findByTestId('signed-in-user')).toHaveTextContent('Lalu Ahmad Supervisor');
  });

  it('a wrong PIN says how many tries are left and signs nobody in', async () => {
    db = await freshDb(true, { signedIn: null });
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await signInAs(user, CASHIER, '0000');
    expect(await screen.findByRole('alert')).toHaveTextContent('PIN salah. Sisa 4 kali percobaan sebelum terkunci.');
    expect(screen.queryByTestId('signed-in-user')).toBeNull();
  });

  it('five wrong PINs lock that user, with the time left, across a reload; others still sign in', async () => {
    db = await freshDb(true, { signedIn: null });
    const user = userEvent.setup();
    const first = renderApp({ db, sync: null });
    const pad = await pick(user, CASHIER.name);
    for (let i = 0; i < 5; i++) await typePin(user, pad, '0000', 'Masuk');
    expect(await screen.findByTestId('pin-locked')).toHaveTextContent('Baiq Nuraini terkunci karena 5 kali salah PIN. Coba lagi dalam 5 menit');
    first.unmount();

    renderApp({ db, sync: null });
    const again = await pick(user, CASHIER.name);
    expect(await screen.findByTestId('pin-locked')).toHaveTextContent('Coba lagi dalam 5 menit');
    // Even the right PIN is not checked while locked.
    expect(within(again).getByRole('button', { name: '1' })).toBeDisabled();
    expect((await db.lockouts.get(CASHIER.id))?.lockedUntil).toBeGreaterThan(Date.now());

    await signInAs(user, CASHIER_2);
    expect(await screen.findByTestId('signed-in-user')).toHaveTextContent('Wayan Sudarsa');
  });

  it('when the lockout has passed, the right PIN signs in and the count starts again', async () => {
    db = await freshDb(true, { signedIn: null });
    const realNow = Date.now();
    await db.lockouts.put({ userId: CASHIER.id, failures: 0, lockouts: 1, lockedUntil: realNow + 5 * 60_000 });
    vi.spyOn(Date, 'now').mockReturnValue(realNow + 5 * 60_000 + 1);
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await signInAs(user, CASHIER);
    expect(await screen.findByTestId('signed-in-user')).toHaveTextContent('Baiq Nuraini');
    expect(await db.lockouts.get(CASHIER.id)).toMatchObject({ failures: 0, lockouts: 0, lockedUntil: 0 });
  });

  it('with no users on the device yet, says what to do', async () => {
    db = await newDeviceDb();
    await db.device.update('self', { credential: 'kkd_x.test-secret-0123456789abcdef' });
    renderApp({ db, sync: null });
    expect(await screen.findByText(/Belum ada pengguna di perangkat ini\. Sambungkan ke jaringan/)).toBeInTheDocument();
  });
});

describe('cashier switch', () => {
  const MADU = 'Madu Hutan Sumbawa 250 ml';

  /** Baiq puts a jar in the cart and hands the counter over with "Ganti Kasir". */
  async function leaveCart(user: User): Promise<void> {
    await user.type(await screen.findByRole('searchbox', { name: 'Cari produk' }), 'madu 250');
    await user.click(await screen.findByRole('button', { name: new RegExp(`^Tambah ${MADU} `) }));
    await within(await screen.findByRole('list', { name: 'Keranjang' })).findByText(MADU);
    await user.click(screen.getByRole('button', { name: 'Ganti Kasir' }));
    expect(await screen.findByRole('heading', { name: 'Masuk kasir' })).toBeInTheDocument();
  }

  it("asks the next cashier first; taken over, the cart is theirs and the sale records them", async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await leaveCart(user);
    await signInAs(user, CASHIER_2);
    expect(await screen.findByTestId('signed-in-user')).toHaveTextContent('Wayan Sudarsa Kasir');
    const dialog = await screen.findByRole('dialog', { name: 'Lanjutkan keranjang Baiq Nuraini?' });
    expect(dialog).toHaveAccessibleDescription(/Baiq Nuraini keluar dengan keranjang berisi 1 barang, Rp 85\.000/);
    await user.click(within(dialog).getByRole('button', { name: 'Ambil alih' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await within(await screen.findByRole('list', { name: 'Keranjang' })).findByText(MADU)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Bayar' }));
    await user.click(await screen.findByRole('button', { name: 'Uang Pas' }));
    await user.click(screen.getByRole('button', { name: 'Selesaikan Penjualan' }));
    expect(await screen.findByRole('status', { name: 'Penjualan tersimpan' })).toBeInTheDocument();
    const [sale] = await db.sales.toArray();
    expect(sale).toMatchObject({ cashier: CASHIER_2.name, cashierId: CASHIER_2.id });
    expect(sale?.payments.map((p) => p.receivedBy)).toEqual([CASHIER_2.id]);
    await waitFor(() => expect(screen.getByRole('status', { name: 'Penjualan tersimpan' }).querySelector('pre')?.textContent).toMatch(/Kasir\s+Wayan Sudarsa/));
  });

  it("held instead, the cart waits under the previous cashier's name and the new one starts empty", async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await leaveCart(user);
    await signInAs(user, CASHIER_2);
    const dialog = await screen.findByRole('dialog', { name: 'Lanjutkan keranjang Baiq Nuraini?' });
    await user.click(within(dialog).getByRole('button', { name: 'Simpan atas nama Baiq Nuraini' }));
    expect(await screen.findByText('Keranjang kosong. Cari atau pindai produk untuk mulai.')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
    const held = await screen.findByRole('button', { name: 'Lanjutkan Baiq Nuraini' });
    expect((await db.carts.toArray()).map((c) => [c.label, c.lines.map((l) => l.name)])).toEqual([['Baiq Nuraini', [MADU]]]);
    // Nothing was voided: holding is not a removal.
    expect(await db.outbox.count()).toBe(0);

    // Baiq, back at the counter, picks it up again from the held list.
    await user.click(screen.getByRole('button', { name: 'Ganti Kasir' }));
    await signInAs(user, CASHIER);
    await screen.findByRole('searchbox', { name: 'Cari produk' });
    expect(screen.queryByRole('dialog')).toBeNull();
    await user.click(await screen.findByRole('button', { name: held.getAttribute('aria-label') ?? '' }));
    expect(await within(await screen.findByRole('list', { name: 'Keranjang' })).findByText(MADU)).toBeInTheDocument();
  });

  it('a scan while the question is open adds nothing to the cart left behind', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await leaveCart(user);
    await signInAs(user, CASHIER_2);
    await screen.findByRole('dialog', { name: 'Lanjutkan keranjang Baiq Nuraini?' });
    const kopi = await db.products.where('sku').equals('KOP-001').first();
    // A keyboard-wedge scanner: keys 5 ms apart, then Enter.
    let at = 1e13;
    for (const key of [...(kopi?.barcode ?? ''), 'Enter']) {
      const ev = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
      Object.defineProperty(ev, 'timeStamp', { value: (at += 5) });
      document.body.dispatchEvent(ev);
    }
    await user.click(screen.getByRole('button', { name: 'Ambil alih' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((await db.carts.get('open'))?.lines.map((l) => l.name)).toEqual([MADU]);
  });

  it('the same cashier signing back in gets their cart with no question', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await leaveCart(user);
    await signInAs(user, CASHIER);
    expect(await within(await screen.findByRole('list', { name: 'Keranjang' })).findByText(MADU)).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect((await db.carts.get('open'))?.leftBy).toBeUndefined();
  });

  it('sign-out leaves the sign-in screen and the cart where they were', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null }, '/pengaturan');
    await user.click(await screen.findByRole('button', { name: 'Keluar' }));
    expect(await screen.findByRole('heading', { name: 'Masuk kasir' })).toBeInTheDocument();
    await waitFor(async () => expect((await db?.settings.get('session')) ?? null).toBeNull());
  });
});
