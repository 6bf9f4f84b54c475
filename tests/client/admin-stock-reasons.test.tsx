// The admin's list of stock adjustment reasons: the built-in ones shown as
// such, a new one added with its code and name, a bad code refused before
// anything is sent; the screen passes axe's checks.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { STOCK_ROUTES } from '../../src/protocol/routes.ts';
import { adjustReasonInputSchema, adjustReasonListSchema, adjustReasonSchema, type AdjustReason } from '../../src/protocol/stock.ts';
import { ADMIN, answer, bodyOf, FakeManagementServer } from './admin-fake.ts';
import { freshDb, renderApp } from './harness.tsx';

let db: KasirDb;
let server: FakeManagementServer;
let reasons: AdjustReason[];

beforeEach(async () => {
  db = await freshDb(false);
  reasons = ['rusak', 'hilang', 'sampel', 'koreksi'].map((code) => ({ code, label: code[0]!.toUpperCase() + code.slice(1), builtin: true, active: true }));
  server = new FakeManagementServer()
    .on('GET', STOCK_ROUTES.reasons, () => answer(adjustReasonListSchema, { reasons }))
    .on('POST', STOCK_ROUTES.saveReason, (req) => {
      const input = bodyOf(adjustReasonInputSchema, req);
      const saved = { ...input, builtin: false };
      reasons = [...reasons.filter((r) => r.code !== input.code), saved];
      return answer(adjustReasonSchema, saved);
    })
    .install();
  server.signedIn(ADMIN);
});

afterEach(() => {
  expect(server.violations).toEqual([]);
  db.close();
  sessionStorage.clear();
});

describe('stock adjustment reasons', () => {
  it('lists the built-in reasons, adds one, and refuses a code with spaces before sending it', async () => {
    const user = userEvent.setup();
    renderApp({ db, sync: null }, '/admin/alasan-stok');
    const list = await screen.findByRole('list', { name: 'Daftar alasan' });
    expect(await within(list).findByRole('button', { name: 'Rusak (rusak)' })).toBeInTheDocument();
    expect(within(list).getAllByText('bawaan')).toHaveLength(4);
    const r = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
    expect(r.violations.map((v) => v.id)).toEqual([]);

    await user.type(screen.getByRole('textbox', { name: 'Kode (huruf kecil, tanpa spasi)' }), 'retur produsen');
    await user.click(screen.getByRole('button', { name: 'Simpan alasan' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Kode 2-40 huruf kecil');
    expect(server.calls('POST', STOCK_ROUTES.saveReason)).toHaveLength(0);

    const code = screen.getByRole('textbox', { name: 'Kode (huruf kecil, tanpa spasi)' });
    await user.clear(code);
    await user.type(code, 'kedaluwarsa');
    await user.type(screen.getByRole('textbox', { name: 'Nama' }), 'Kedaluwarsa');
    await user.click(screen.getByRole('button', { name: 'Simpan alasan' }));
    expect(await screen.findByText('Alasan kedaluwarsa tersimpan.')).toBeInTheDocument();
    expect(server.calls('POST', STOCK_ROUTES.saveReason)[0]?.body).toEqual({ code: 'kedaluwarsa', label: 'Kedaluwarsa', active: true });
    expect(await within(list).findByRole('button', { name: 'Kedaluwarsa (kedaluwarsa)' })).toBeInTheDocument();
  });
});
