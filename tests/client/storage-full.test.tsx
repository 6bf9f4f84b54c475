// Sync rule 3: when the device's storage is full the checkout says so, shows
// no "saved", leaves no partial rows, and the same sale goes through once
// space is back.
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { freshDb, renderApp } from './harness.tsx';

let db: KasirDb;
afterEach(() => {
  vi.restoreAllMocks();
  db?.close();
});

describe('storage full at checkout', () => {
  it('is reported in words, writes nothing, and the sale saves once space is back', async () => {
    db = await freshDb();
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await user.type(await screen.findByRole('searchbox', { name: 'Cari produk' }), 'madu 250');
    await user.click(await screen.findByRole('button', { name: /^Tambah Madu Hutan Sumbawa 250 ml / }));
    await user.click(await screen.findByRole('button', { name: 'Bayar' }));
    await user.click(await screen.findByRole('button', { name: 'Uang Pas' }));

    // Chrome reports a full disk as an AbortError carrying a QuotaExceededError.
    const full = Object.assign(new Error('Transaction aborted'), { name: 'AbortError', inner: new DOMException('The quota has been exceeded.', 'QuotaExceededError') });
    const add = vi.spyOn(db.outbox, 'add').mockRejectedValueOnce(full);
    await user.click(screen.getByRole('button', { name: 'Selesaikan Penjualan' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Penjualan BELUM tersimpan: penyimpanan perangkat penuh');
    expect(screen.queryByRole('status', { name: 'Penjualan tersimpan' })).toBeNull();
    expect(await db.sales.count()).toBe(0);
    expect(await db.stockEvents.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect((await db.device.get('self'))?.nextSeq).toBe(1);
    expect((await db.carts.get('open'))?.lines).toHaveLength(1);

    add.mockRestore();
    await user.click(screen.getByRole('button', { name: 'Selesaikan Penjualan' }));
    expect(await screen.findByRole('status', { name: 'Penjualan tersimpan' })).toBeInTheDocument();
    expect(await db.sales.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
  });
});
