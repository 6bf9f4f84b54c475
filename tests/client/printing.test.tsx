import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { saveSetting } from '../../src/client/db/settings-repo.ts';
import { freshDb, renderApp } from './harness.tsx';

let db: KasirDb;
afterEach(() => db?.close());

async function sellKopi(user: ReturnType<typeof userEvent.setup>) {
  await user.type(await screen.findByRole('searchbox', { name: 'Cari produk' }), 'kopi robusta 250');
  await user.click(await screen.findByRole('button', { name: /^Tambah Kopi Bubuk Sembalun Robusta 250 g / }));
  await user.click(await screen.findByRole('button', { name: 'Bayar' }));
  await user.click(await screen.findByRole('button', { name: 'Uang Pas' }));
  await user.click(screen.getByRole('button', { name: 'Selesaikan Penjualan' }));
  return screen.findByRole('status', { name: 'Penjualan tersimpan' });
}

describe('printing a receipt', () => {
  it('uses the print dialog by default, with the receipt laid out for 58 mm', async () => {
    db = await freshDb();
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    const done = await sellKopi(user);
    const preview = await within(done).findByLabelText(/^Struk /);
    expect(preview.textContent?.split('\n').every((l) => l.length <= 32)).toBe(true);
    expect(preview).toHaveTextContent('Terima kasih');
    await user.click(await within(done).findByRole('button', { name: 'Cetak Struk' }));
    expect(print).toHaveBeenCalledOnce();
  });

  it('falls back to the print dialog with a message when the chosen USB printer is not available', async () => {
    db = await freshDb();
    await saveSetting(db, 'printer', 'usb');
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    const done = await sellKopi(user);
    await user.click(await within(done).findByRole('button', { name: 'Cetak Struk' }));
    expect(await within(done).findByRole('alert')).toHaveTextContent(/Printer gagal \(.+\); memakai dialog cetak\./);
    expect(print).toHaveBeenCalledOnce();
  });

  it('sends bytes starting with ESC @ to a paired USB printer', async () => {
    db = await freshDb();
    await saveSetting(db, 'printer', 'usb');
    const sent: Uint8Array[] = [];
    const device = {
      productName: 'POS58',
      opened: false,
      configuration: { interfaces: [{ interfaceNumber: 0, alternate: { endpoints: [{ direction: 'out', endpointNumber: 2 }] } }] },
      open: vi.fn(() => Promise.resolve()),
      selectConfiguration: vi.fn(() => Promise.resolve()),
      claimInterface: vi.fn(() => Promise.resolve()),
      transferOut: vi.fn((_ep: number, data: Uint8Array) => {
        sent.push(data);
        return Promise.resolve({});
      }),
      close: vi.fn(() => Promise.resolve()),
    };
    vi.stubGlobal('navigator', Object.assign(Object.create(navigator) as Navigator, { usb: { getDevices: () => Promise.resolve([device]), requestDevice: vi.fn() } }));
    const print = vi.fn();
    vi.stubGlobal('print', print);
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    const done = await sellKopi(user);
    await user.click(await within(done).findByRole('button', { name: 'Cetak Struk' }));
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect([...(sent[0] ?? []).slice(0, 2)]).toEqual([0x1b, 0x40]);
    expect(device.transferOut).toHaveBeenCalledWith(2, expect.any(Uint8Array));
    expect(print).not.toHaveBeenCalled();
  });
});
