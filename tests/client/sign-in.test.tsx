// PIN sign-in at the counter, with no network: pick a name, type the PIN on
// the keypad (or the keyboard). Five wrong PINs lock that person on this
// device for a while, across reloads. Switching cashier keeps the open cart,
// and the next sale is the new cashier's.
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
  it('keeps the open cart on the device, and the next sale records the new cashier', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await user.type(await screen.findByRole('searchbox', { name: 'Cari produk' }), 'madu 250');
    await user.click(await screen.findByRole('button', { name: /^Tambah Madu Hutan Sumbawa 250 ml / }));
    await within(await screen.findByRole('list', { name: 'Keranjang' })).findByText('Madu Hutan Sumbawa 250 ml');

    await user.click(screen.getByRole('button', { name: 'Ganti Kasir' }));
    expect(await screen.findByRole('heading', { name: 'Masuk kasir' })).toBeInTheDocument();
    await signInAs(user, CASHIER_2);
    expect(await screen.findByTestId('signed-in-user')).toHaveTextContent('Wayan Sudarsa Kasir');
    expect(await within(await screen.findByRole('list', { name: 'Keranjang' })).findByText('Madu Hutan Sumbawa 250 ml')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Bayar' }));
    await user.click(screen.getByRole('button', { name: 'Uang Pas' }));
    await user.click(screen.getByRole('button', { name: 'Selesaikan Penjualan' }));
    expect(await screen.findByRole('status', { name: 'Penjualan tersimpan' })).toBeInTheDocument();
    const [sale] = await db.sales.toArray();
    expect(sale).toMatchObject({ cashier: CASHIER_2.name, cashierId: CASHIER_2.id });
    expect(sale?.payments.map((p) => p.receivedBy)).toEqual([CASHIER_2.id]);
    await waitFor(() => expect(screen.getByRole('status', { name: 'Penjualan tersimpan' }).querySelector('pre')?.textContent).toMatch(/Kasir\s+Wayan Sudarsa/));
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
