// /admin after a sign-in with a password the server printed: only the form
// that replaces it, with the server's refusals next to their fields; then
// the sections. Anyone signed in may replace their own password.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { adminDeviceListSchema, changePasswordRequestSchema, okResponseSchema } from '../../src/protocol/auth.ts';
import { AUTH_ROUTES } from '../../src/protocol/routes.ts';
import { ADMIN, answer, bodyOf, errorAnswer, FakeManagementServer, SUPERVISOR } from './admin-fake.ts';
import { freshDb, renderApp } from './harness.tsx';

let db: KasirDb;
let server: FakeManagementServer;

beforeEach(async () => {
  db = await freshDb(false, { enrolled: false, signedIn: null });
  server = new FakeManagementServer().on('GET', AUTH_ROUTES.devices, () => answer(adminDeviceListSchema, { devices: [] })).install();
});

afterEach(() => {
  expect(server.violations).toEqual([]);
  db.close();
  localStorage.clear();
});

async function signIn(password: string) {
  const user = userEvent.setup();
  const form = await screen.findByRole('form', { name: 'Masuk untuk pengelolaan' });
  await user.type(within(form).getByLabelText('Nama pengguna'), 'ayu');
  await user.type(within(form).getByLabelText('Kata sandi'), `${password}{Enter}`);
  return user;
}

describe('a password the server printed', () => {
  it('opens only its replacement: wrong current password said at its field, then the sections', async () => {
    server.on('POST', AUTH_ROUTES.login, () => server.login({ ...server.issue(ADMIN), passwordMustChange: true }));
    let tries = 0;
    server.on('POST', AUTH_ROUTES.password, (req) => {
      const body = bodyOf(changePasswordRequestSchema, req);
      tries++;
      if (body.currentPassword !== 'ABCD-EFGH-JKLM-NPQR') return errorAnswer(400, 'wrong-password', 'the current password is wrong', 'currentPassword');
      return answer(okResponseSchema, { ok: true });
    });
    renderApp({ db, sync: null }, '/admin');
    const user = await signIn('ABCD-EFGH-JKLM-NPQR');

    const form = await screen.findByRole('form', { name: 'Ganti kata sandi' });
    expect(within(form).getByRole('status')).toHaveTextContent('hanya untuk sekali masuk');
    expect(screen.queryByRole('navigation', { name: 'Menu pengelolaan' })).toBeNull();
    expect(server.calls('GET', AUTH_ROUTES.devices)).toHaveLength(0);

    // Said before any request: too short, and a repetition that differs.
    await user.type(within(form).getByLabelText('Kata sandi sekali pakai (dari server)'), 'salah-ketik-sekali');
    await user.type(within(form).getByLabelText('Kata sandi baru'), 'pendek');
    await user.type(within(form).getByLabelText('Ulangi kata sandi baru'), 'lain');
    await user.click(within(form).getByRole('button', { name: 'Simpan kata sandi' }));
    expect(within(form).getByLabelText('Kata sandi baru')).toHaveAccessibleDescription('Kata sandi baru minimal 10 karakter.');
    expect(within(form).getByLabelText('Ulangi kata sandi baru')).toHaveAccessibleDescription('Ulangan tidak sama dengan kata sandi baru.');
    expect(tries).toBe(0);

    await user.clear(within(form).getByLabelText('Kata sandi baru'));
    await user.type(within(form).getByLabelText('Kata sandi baru'), 'sandi baru yang panjang');
    await user.clear(within(form).getByLabelText('Ulangi kata sandi baru'));
    await user.type(within(form).getByLabelText('Ulangi kata sandi baru'), 'sandi baru yang panjang');
    await user.click(within(form).getByRole('button', { name: 'Simpan kata sandi' }));
    await waitFor(() => expect(within(form).getByLabelText('Kata sandi sekali pakai (dari server)')).toHaveAccessibleDescription('Kata sandi saat ini salah.'));

    const current = within(form).getByLabelText('Kata sandi sekali pakai (dari server)');
    await user.clear(current);
    await user.type(current, 'ABCD-EFGH-JKLM-NPQR');
    await user.click(within(form).getByRole('button', { name: 'Simpan kata sandi' }));
    expect(await screen.findByRole('navigation', { name: 'Menu pengelolaan' })).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Perangkat' })).toBeInTheDocument();
    expect(server.calls('POST', AUTH_ROUTES.password)[1]?.body).toEqual({
      currentPassword: 'ABCD-EFGH-JKLM-NPQR',
      newPassword: 'sandi baru yang panjang',
    });
  });

  it('a supervisor, who sees no admin sections, can still replace their own password', async () => {
    server.on('POST', AUTH_ROUTES.login, () => server.login(server.issue(SUPERVISOR)));
    server.on('POST', AUTH_ROUTES.password, () => answer(okResponseSchema, { ok: true }));
    renderApp({ db, sync: null }, '/admin');
    const user = await signIn('sandi-supervisor');
    await user.click(await screen.findByRole('button', { name: 'Ganti kata sandi' }));
    const form = screen.getByRole('form', { name: 'Ganti kata sandi' });
    await user.type(within(form).getByLabelText('Kata sandi saat ini'), 'sandi-supervisor');
    await user.type(within(form).getByLabelText('Kata sandi baru'), 'sandi-supervisor-baru');
    await user.type(within(form).getByLabelText('Ulangi kata sandi baru'), 'sandi-supervisor-baru');
    await user.click(within(form).getByRole('button', { name: 'Simpan kata sandi' }));
    expect(await within(form).findByText('Kata sandi sudah diganti.')).toBeInTheDocument();
  });
});
