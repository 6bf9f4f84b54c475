// The outlet's settings (receipt name, address, NPWP, PPN, rounding, QRIS,
// cart policy, limits, footer, business-day cutoff) belong to the server: a
// device shows them read-only to everyone, and uses the server's as soon as
// they arrive; values a supervisor set on the device before are used only
// until then. Wiping the device stays a supervisor's or admin's; printer,
// scanner and language stay anyone's.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { loadSettings, NotAllowedError, wipeDevice } from '../../src/client/db/settings-repo.ts';
import { ADMIN, CASHIER, freshDb, renderApp, setOutletSettings, SUPERVISOR, wireUsers } from './harness.tsx';

let db: KasirDb;
afterEach(() => db?.close());

const as = (u: typeof CASHIER) => ({ signedIn: wireUsers([u])[0] ?? null });
const QRIS =
  '00020101021126620016ID.CO.CONTOH.WWW011893600000000001234502090000123450303UMI51440014ID.CO.QRIS.WWW0215ID10250000000010303UMI5204594753033605802ID5908NTB MALL6007MATARAM6105831256304DC72';

const valueOf = (list: HTMLElement, term: string): string => {
  const dt = within(list).getByText(term, { selector: 'dt' });
  return dt.nextElementSibling?.textContent ?? '';
};

describe('outlet settings on a device', () => {
  it.each([
    ['cashier', CASHIER],
    ['supervisor', SUPERVISOR],
    ['admin', ADMIN],
  ] as const)('a %s sees them read-only, no field to type in; printer and scanner stay editable', async (_role, who) => {
    db = await freshDb(true, as(who));
    await setOutletSettings(db, { receiptName: 'NTB Mall Lantai 2', npwp: '01.234.567.8-912.000', roundingStep: 500, qrisStatic: QRIS, dayCutoff: '03:30' });
    const user = userEvent.setup();
    renderApp({ db, sync: null }, '/pengaturan');
    const section = await screen.findByRole('region', { name: 'Kasir dan struk' });
    expect(within(section).getByTestId('outlet-settings-source')).toHaveTextContent('Diatur oleh server (admin) untuk outlet NTB Mall');
    expect(within(section).queryByRole('textbox')).toBeNull();
    expect(within(section).queryByRole('combobox')).toBeNull();
    expect(within(section).queryByRole('checkbox')).toBeNull();
    expect(valueOf(section, 'Nama toko')).toBe('NTB Mall Lantai 2');
    expect(valueOf(section, 'NPWP (jika PKP)')).toBe('01.234.567.8-912.000');
    expect(valueOf(section, 'Pembulatan tunai')).toBe('Rp 500');
    expect(valueOf(section, 'Pergantian hari bisnis (WITA)')).toBe('03:30 WITA');
    expect(valueOf(section, 'QRIS statis outlet (teks dari bank)')).toMatch(/NTB MALL/);
    await user.selectOptions(screen.getByRole('combobox', { name: /Lebar kertas/ }), '80');
    await waitFor(async () => expect((await loadSettings(db)).paperWidth).toBe(80));
    expect(screen.queryByRole('button', { name: 'Hapus semua data perangkat ini' }) !== null).toBe(who.role !== 'cashier');
  });

  it("values a supervisor set on the device are used until the server's arrive, then the server's win", async () => {
    db = await freshDb(true, as(SUPERVISOR));
    // As a supervisor set them on this device before the server owned them.
    await db.settings.bulkPut([
      { key: 'storeName', value: 'Toko Lama' },
      { key: 'qrisStatic', value: QRIS },
      { key: 'roundingStep', value: 1000 },
    ]);
    renderApp({ db, sync: null }, '/pengaturan');
    const section = await screen.findByRole('region', { name: 'Kasir dan struk' });
    expect(within(section).getByTestId('outlet-settings-source')).toHaveTextContent(/belum diatur di server/);
    expect(valueOf(section, 'Nama toko')).toBe('Toko Lama');
    expect(await loadSettings(db)).toMatchObject({ storeName: 'Toko Lama', roundingStep: 1000, qrisStatic: QRIS, dayCutoff: '04:00' });

    // The next pull brings the outlet as an admin saved it.
    await setOutletSettings(db, { receiptName: '', roundingStep: 0, qrisStatic: '', cartRemovalNeedsApproval: true, receiptFooter: 'Barang titipan Lapas' });
    await waitFor(() => expect(valueOf(section, 'Nama toko')).toBe('NTB Mall'));
    expect(within(section).getByTestId('outlet-settings-source')).toHaveTextContent(/Diatur oleh server/);
    expect(await loadSettings(db)).toMatchObject({ storeName: 'NTB Mall', roundingStep: 0, qrisStatic: '', cartRemovalNeedsApproval: true, receiptFooter: 'Barang titipan Lapas' });
    // The device's own old values stay stored but no longer count.
    expect((await db.settings.get('storeName'))?.value).toBe('Toko Lama');
  });

  it('wiping the device is refused to a cashier even without the screen', async () => {
    db = await freshDb(true, as(CASHIER));
    await expect(wipeDevice(db)).rejects.toBeInstanceOf(NotAllowedError);
    expect(await db.products.count()).toBeGreaterThan(0);
  });
});
