// Issue 11 item 8: the outlet's settings (receipt name, address, NPWP, PPN,
// rounding, QRIS) and wiping the device are a supervisor's or admin's; a
// cashier sees them read-only and is told who may change them. Printer,
// scanner and language stay anyone's.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { loadSettings, NotAllowedError, saveStoreSetting, wipeDevice } from '../../src/client/db/settings-repo.ts';
import { ADMIN, CASHIER, freshDb, renderApp, SUPERVISOR, wireUsers } from './harness.tsx';

let db: KasirDb;
afterEach(() => db?.close());

const as = (u: typeof CASHIER) => ({ signedIn: wireUsers([u])[0] ?? null });
const NOTE = /hanya dapat diubah oleh supervisor atau admin/;

describe('store settings on a device', () => {
  it('a cashier sees them read-only, with who may change them, and no wipe button; printer and scanner stay editable', async () => {
    db = await freshDb(true, as(CASHIER));
    const user = userEvent.setup();
    renderApp({ db, sync: null }, '/pengaturan');
    const name = await screen.findByRole('textbox', { name: 'Nama toko' });
    expect(screen.getByText(NOTE)).toBeInTheDocument();
    expect(name).toHaveAttribute('readonly');
    expect(name).toHaveAccessibleDescription(NOTE);
    await user.type(name, ' Palsu');
    await user.tab();
    expect((await loadSettings(db)).storeName).toBe('NTB Mall');
    expect(screen.getByRole('combobox', { name: 'Pajak (PPN)' })).toBeDisabled();
    expect(screen.getByRole('combobox', { name: 'Pembulatan tunai' })).toBeDisabled();
    expect(screen.getByRole('textbox', { name: 'QRIS statis outlet (teks dari bank)' })).toHaveAttribute('readonly');
    expect(screen.queryByRole('button', { name: 'Hapus semua data perangkat ini' })).toBeNull();
    // The device's own: paper width is anyone's.
    await user.selectOptions(screen.getByRole('combobox', { name: /Lebar kertas/ }), '80');
    await waitFor(async () => expect((await loadSettings(db)).paperWidth).toBe(80));
  });

  it('the repository refuses a cashier even without the screen', async () => {
    db = await freshDb(true, as(CASHIER));
    await expect(saveStoreSetting(db, 'npwp', '01.234.567.8-912.000')).rejects.toBeInstanceOf(NotAllowedError);
    await expect(wipeDevice(db)).rejects.toBeInstanceOf(NotAllowedError);
    expect((await loadSettings(db)).npwp).toBe('');
    expect(await db.products.count()).toBeGreaterThan(0);
  });

  it.each([
    ['supervisor', SUPERVISOR],
    ['admin', ADMIN],
  ] as const)('a %s changes them', async (_role, who) => {
    db = await freshDb(true, as(who));
    const user = userEvent.setup();
    renderApp({ db, sync: null }, '/pengaturan');
    const name = await screen.findByRole('textbox', { name: 'Nama toko' });
    expect(screen.queryByText(NOTE)).toBeNull();
    await user.clear(name);
    await user.type(name, 'NTB Mall Cabang Senggigi');
    await user.tab();
    await waitFor(async () => expect((await loadSettings(db)).storeName).toBe('NTB Mall Cabang Senggigi'));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Pembulatan tunai' }), '500');
    await waitFor(async () => expect((await loadSettings(db)).roundingStep).toBe(500));
    expect(screen.getByRole('button', { name: 'Hapus semua data perangkat ini' })).toBeInTheDocument();
  });
});
