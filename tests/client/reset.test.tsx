import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { resetDevice, UnsyncedDataError } from '../../src/client/db/device-repo.ts';
import { checkout } from '../../src/client/db/sales-repo.ts';
import { freshDb, renderApp, SUPERVISOR, wireUsers } from './harness.tsx';

// Wiping a device is a supervisor's act (issue 11 item 8; settings-roles.test.tsx has the cashier's side).
const asSupervisor = { signedIn: wireUsers([SUPERVISOR])[0] ?? null };

let db: KasirDb;
afterEach(() => db?.close());

async function sellOne(d: KasirDb) {
  const p = await d.products.where('sku').equals('KOP-002').first();
  if (!p) throw new Error('demo product missing');
  const cart = { id: 'open', lines: [{ id: 'line-1', productId: p.id, producerId: p.producerId, name: p.name, sku: p.sku, unitPrice: p.price, qty: 1, discount: null }], orderDiscount: null, note: '', updatedAt: 1 };
  await d.carts.put(cart);
  await checkout(d, { cart, tenders: [{ method: 'cash', amount: p.price }], cashier: 'Test', taxMode: 'none', roundingStep: 0 });
}

describe('clearing a device', () => {
  it('is refused while sales are unsynced, saying how many, and nothing is deleted', async () => {
    db = await freshDb(true, asSupervisor);
    await sellOne(db);
    await sellOne(db);
    await expect(resetDevice(db)).rejects.toEqual(new UnsyncedDataError(2));
    expect(await db.sales.count()).toBe(2);

    const user = userEvent.setup();
    renderApp({ db, sync: null }, '/pengaturan');
    await user.click(await screen.findByRole('button', { name: 'Hapus semua data perangkat ini' }));
    const group = screen.getByRole('group', { name: /akan dihapus/ });
    await user.click(within(group).getByRole('button', { name: 'Hapus semua data perangkat ini' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Ditolak: 2 penjualan belum ada di server');
    expect(await db.sales.count()).toBe(2);
  });

  it('is refused while a refused sale is kept for export', async () => {
    db = await freshDb(true, asSupervisor);
    await sellOne(db);
    await db.outbox.toCollection().modify({ status: 'rejected' });
    await expect(resetDevice(db)).rejects.toBeInstanceOf(UnsyncedDataError);
  });

  it('wipes the database once everything is acknowledged', async () => {
    db = await freshDb(true, asSupervisor);
    await sellOne(db);
    await db.outbox.toCollection().modify({ status: 'acked' });
    const name = db.name;
    const spy = vi.spyOn(db, 'delete');
    await resetDevice(db);
    expect(spy).toHaveBeenCalledOnce();
    expect((await indexedDB.databases()).some((d) => d.name === name)).toBe(false);
  });
});
