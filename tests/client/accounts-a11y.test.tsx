// The new screens pass axe's checks (names, roles, labels; colour contrast
// needs a real browser and is left to the e2e run), and the keypad is
// usable by its names alone.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { freshDb, newDeviceDb, renderApp } from './harness.tsx';

let db: KasirDb | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

async function violations(): Promise<string[]> {
  const r = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('accessibility of the accounts screens', () => {
  it('the enrolment screen', async () => {
    db = await newDeviceDb();
    renderApp({ db, sync: null });
    await screen.findByRole('heading', { name: 'Daftarkan perangkat ini' });
    expect(await violations()).toEqual([]);
  });

  it('the sign-in screen with its keypad, every key named', async () => {
    db = await freshDb(true, { signedIn: null });
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await user.click(await screen.findByRole('radio', { name: /^Baiq Nuraini/ }));
    const pad = screen.getByRole('group', { name: 'PIN Baiq Nuraini' });
    const names = within(pad).getAllByRole('button').map((b) => b.getAttribute('aria-label') ?? b.textContent);
    expect(names).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', 'Hapus angka terakhir', '0', 'Masuk']);
    expect(within(pad).getByLabelText('PIN')).toHaveFocus();
    expect(await violations()).toEqual([]);
  });

  it('the approval dialog over the checkout', async () => {
    db = await freshDb();
    // Removing a line asks a supervisor only where the outlet says so (the default lets a cashier).
    await db.settings.put({ key: 'cartRemovalNeedsApproval', value: true });
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    await user.type(await screen.findByRole('searchbox', { name: 'Cari produk' }), 'madu 250');
    await user.click(await screen.findByRole('button', { name: /^Tambah Madu Hutan Sumbawa 250 ml / }));
    await user.click(await screen.findByRole('button', { name: 'Hapus Madu Hutan Sumbawa 250 ml' }));
    const dialog = await screen.findByRole('dialog', { name: 'Persetujuan supervisor' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    // Focus moved into the dialog, on the first person to pick.
    // The people list may show a moment before the signed-in user is read and focus moves.
    const first = await within(dialog).findByRole('radio', { name: /^Lalu Ahmad/ });
    await waitFor(() => expect(first).toHaveFocus());
    expect(await violations()).toEqual([]);
  });
});
