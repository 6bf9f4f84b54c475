import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import {
  adminUserListSchema,
  adminUserSchema,
  AUTH_ERROR_CODES,
  createUserRequestSchema,
  updateUserRequestSchema,
  type AdminUser,
} from '../../src/protocol/auth.ts';
import { AUTH_ROUTES } from '../../src/protocol/routes.ts';
import { ADMIN, answer, bodyOf, errorAnswer, FakeManagementServer } from './admin-fake.ts';
import { adminOutletListSchema } from '../../src/protocol/catalog-admin.ts';
import { CATALOG_ADMIN_ROUTES } from '../../src/protocol/catalog-admin-routes.ts';
import { DEFAULT_OUTLET_SETTINGS } from '../../src/domain/outlet-settings.ts';
import { freshDb, renderApp } from './harness.tsx';

const T0 = Date.UTC(2026, 1, 14, 5, 5);

function adminUser(over: Partial<AdminUser> & Pick<AdminUser, 'id' | 'username' | 'name'>): AdminUser {
  return { role: 'cashier', outletId: 'ntb-mall', active: true, hasPin: true, hasPassword: false, createdAt: T0, updatedAt: T0, ...over };
}

let db: KasirDb;
let server: FakeManagementServer;
let users: AdminUser[];

beforeEach(async () => {
  db = await freshDb(false);
  users = [
    adminUser({ id: 'u-admin', username: 'ayu', name: 'Ayu Lestari', role: 'admin', outletId: null, hasPassword: true }),
    adminUser({ id: 'u-kasir', username: 'sari', name: 'Sari Kasir' }),
    adminUser({ id: 'u-old', username: 'lalu', name: 'Lalu Pensiun', active: false, hasPin: false }),
  ];
  server = new FakeManagementServer()
    .on('GET', AUTH_ROUTES.users, () => answer(adminUserListSchema, { users }))
    .on('GET', CATALOG_ADMIN_ROUTES.outlets, () =>
      answer(adminOutletListSchema, {
        outlets: [{ id: 'ntb-mall', name: 'NTB Mall', kind: 'store', address: '', active: true, startDate: null, endDate: null, homeOutletId: null, lapas: null, discountLimitBp: 1000, settings: DEFAULT_OUTLET_SETTINGS, version: 1 }],
      }),
    )
    .install();
  server.signedIn(ADMIN);
});

afterEach(() => {
  expect(server.violations).toEqual([]);
  db.close();
  sessionStorage.clear();
});

function rowOf(name: string): HTMLElement {
  const row = screen.getByRole('rowheader', { name }).closest('tr');
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

async function openCreateForm() {
  renderApp({ db, sync: null }, '/admin/pengguna');
  await screen.findByRole('rowheader', { name: 'Sari Kasir' });
  return screen.getByRole('form', { name: 'Tambah pengguna' });
}

describe('the users page', () => {
  it('lists people with role, outlet, active, and whether a PIN or password is set, never a hash', async () => {
    // Hashes are not in the contract; a server that leaked one still must not get it on screen.
    server.on('GET', AUTH_ROUTES.users, () => ({ status: 200, body: { users: users.map((u) => ({ ...u, pinHash: 'pbkdf2$SECRET-HASH', passwordHash: '$scrypt$SECRET-HASH' })) } }));
    renderApp({ db, sync: null }, '/admin/pengguna');
    await screen.findByRole('rowheader', { name: 'Ayu Lestari' });
    const admin = rowOf('Ayu Lestari');
    expect(within(admin).getByRole('cell', { name: 'ayu' })).toBeInTheDocument();
    expect(within(admin).getByRole('cell', { name: 'Admin' })).toBeInTheDocument();
    expect(within(admin).getByRole('cell', { name: 'Semua outlet' })).toBeInTheDocument();
    const retired = rowOf('Lalu Pensiun');
    // Named from the server's outlet list, not by id.
    expect(within(retired).getAllByRole('cell').map((c) => c.textContent)).toEqual(['lalu', 'Kasir', 'NTB Mall', 'Tidak', 'Belum', 'Belum', 'Ubah']);
    expect(document.body).not.toHaveTextContent('SECRET-HASH');
  });

  it('shows a server complaint next to the field it names', async () => {
    server.on('POST', AUTH_ROUTES.users, (req) => {
      bodyOf(createUserRequestSchema, req);
      return errorAnswer(409, AUTH_ERROR_CODES.usernameTaken, 'username "sari" is taken', 'username');
    });
    const form = await openCreateForm();
    const user = userEvent.setup();
    await user.type(within(form).getByRole('textbox', { name: 'Nama pengguna' }), 'sari');
    await user.type(within(form).getByRole('textbox', { name: 'Nama' }), 'Sari Dua');
    await user.type(within(form).getByLabelText('PIN (4-8 angka)'), '2580');
    await user.click(within(form).getByRole('button', { name: 'Tambah pengguna' }));

    const username = within(form).getByRole('textbox', { name: 'Nama pengguna' });
    await waitFor(() => expect(username).toHaveAccessibleDescription('Nama pengguna ini sudah dipakai.'));
    expect(username).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).getByRole('textbox', { name: 'Nama' })).not.toHaveAttribute('aria-invalid');
    expect(server.calls('POST', AUTH_ROUTES.users)[0]?.body).toEqual({ username: 'sari', name: 'Sari Dua', role: 'cashier', outletId: 'ntb-mall', pin: '2580' });
  });

  it('places a refusal the contract names at its field even when the server names no field', async () => {
    server.on('POST', AUTH_ROUTES.users, () => errorAnswer(400, AUTH_ERROR_CODES.weakPin, 'this PIN is on the list of common PINs', null));
    const form = await openCreateForm();
    const user = userEvent.setup();
    await user.type(within(form).getByRole('textbox', { name: 'Nama pengguna' }), 'dewi');
    await user.type(within(form).getByRole('textbox', { name: 'Nama' }), 'Dewi');
    await user.type(within(form).getByLabelText('PIN (4-8 angka)'), '2468{Enter}');
    await waitFor(() => expect(within(form).getByLabelText('PIN (4-8 angka)')).toHaveAccessibleDescription('PIN ini terlalu mudah ditebak orang lain. Pilih PIN lain.'));
  });

  it('says in words why a change that would leave no admin was refused', async () => {
    server.on('PATCH', AUTH_ROUTES.user, () => errorAnswer(409, AUTH_ERROR_CODES.lastAdmin, 'no active admin would remain', null));
    renderApp({ db, sync: null }, '/admin/pengguna');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Ubah Ayu Lestari' }));
    const form = screen.getByRole('form', { name: 'Ubah pengguna Ayu Lestari' });
    await user.click(within(form).getByRole('checkbox', { name: 'Aktif' }));
    await user.click(within(form).getByRole('button', { name: 'Simpan' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Perubahan ini akan meninggalkan tanpa admin aktif.');
    expect(server.calls('PATCH', AUTH_ROUTES.user.replace(':userId', 'u-admin')).map((r) => r.body)).toEqual([{ active: false }]);
  });

  it('marks the field the server blamed, in the screen\'s language rather than the server\'s English', async () => {
    server.on('POST', AUTH_ROUTES.users, () => errorAnswer(400, 'invalid-request', 'pin: must not be the year of birth on file', 'pin'));
    const form = await openCreateForm();
    const user = userEvent.setup();
    await user.type(within(form).getByRole('textbox', { name: 'Nama pengguna' }), 'dewi');
    await user.type(within(form).getByRole('textbox', { name: 'Nama' }), 'Dewi');
    await user.type(within(form).getByLabelText('PIN (4-8 angka)'), '2468{Enter}');
    await waitFor(() => expect(within(form).getByLabelText('PIN (4-8 angka)')).toHaveAccessibleDescription('Server menolak isian yang dikirim: periksa isian lalu coba lagi.'));
  });

  it('refuses a guessable PIN and a bad username before sending anything', async () => {
    const form = await openCreateForm();
    const user = userEvent.setup();
    await user.type(within(form).getByRole('textbox', { name: 'Nama pengguna' }), 'Sari Baru');
    await user.type(within(form).getByRole('textbox', { name: 'Nama' }), 'Sari Baru');
    await user.type(within(form).getByLabelText('PIN (4-8 angka)'), '1234');
    await user.type(within(form).getByLabelText(/^Kata sandi/), 'pendek');
    await user.click(within(form).getByRole('button', { name: 'Tambah pengguna' }));
    expect(within(form).getByRole('textbox', { name: 'Nama pengguna' })).toHaveAccessibleDescription(/huruf kecil/);
    expect(within(form).getByLabelText('PIN (4-8 angka)')).toHaveAccessibleDescription('PIN terlalu mudah ditebak (angka sama semua atau berurutan).');
    expect(within(form).getByLabelText(/^Kata sandi/)).toHaveAccessibleDescription('Kata sandi minimal 10 karakter.');
    expect(server.calls('POST', AUTH_ROUTES.users)).toHaveLength(0);
  });

  it('creates an admin for every outlet, with a password, and lists them', async () => {
    server.on('POST', AUTH_ROUTES.users, (req) => {
      const body = bodyOf(createUserRequestSchema, req);
      const created = adminUser({ id: 'u-new', username: body.username, name: body.name, role: body.role, outletId: body.outletId, hasPassword: body.password !== undefined });
      users.push(created);
      return answer(adminUserSchema, created, 201);
    });
    const form = await openCreateForm();
    const user = userEvent.setup();
    await user.type(within(form).getByRole('textbox', { name: 'Nama pengguna' }), 'gede');
    await user.type(within(form).getByRole('textbox', { name: 'Nama' }), 'Gede Admin');
    // "All outlets" is offered to admins only.
    expect(within(form).queryByRole('checkbox', { name: /Semua outlet/ })).not.toBeInTheDocument();
    await user.selectOptions(within(form).getByRole('combobox', { name: 'Peran' }), 'Admin');
    await user.click(within(form).getByRole('checkbox', { name: 'Semua outlet (hanya untuk admin)' }));
    expect(within(form).queryByRole('button', { name: /^Outlet|Outlet$/ })).not.toBeInTheDocument();
    // Said before saving: such an admin's PIN opens no counter.
    expect(within(form).getByText(/PIN-nya tidak dikirim ke perangkat kasir mana pun/)).toBeInTheDocument();
    await user.type(within(form).getByLabelText('PIN (4-8 angka)'), '7392');
    await user.type(within(form).getByLabelText(/^Kata sandi/), 'rinjani-3726-m{Enter}');

    expect(await screen.findByText('Pengguna gede dibuat.')).toBeInTheDocument();
    expect(server.calls('POST', AUTH_ROUTES.users)[0]?.body).toEqual({
      username: 'gede',
      name: 'Gede Admin',
      role: 'admin',
      outletId: null,
      pin: '7392',
      password: 'rinjani-3726-m',
    });
    const row = await waitFor(() => rowOf('Gede Admin'));
    expect(within(row).getByRole('cell', { name: 'Semua outlet' })).toBeInTheDocument();
    // The form is empty for the next person.
    expect(within(form).getByRole('textbox', { name: 'Nama pengguna' })).toHaveValue('');
  });

  it('edits a user, sending only what changed', async () => {
    server.on('PATCH', AUTH_ROUTES.user, (req) => {
      const changes = bodyOf(updateUserRequestSchema, req);
      const target = users.find((u) => u.id === req.params.userId);
      if (!target) return errorAnswer(404, 'not-found', 'no such user');
      const { pin, password, ...rest } = changes;
      Object.assign(target, rest, pin ? { hasPin: true } : {}, password ? { hasPassword: true } : {});
      return answer(adminUserSchema, target);
    });
    renderApp({ db, sync: null }, '/admin/pengguna');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Ubah Sari Kasir' }));
    const form = screen.getByRole('form', { name: 'Ubah pengguna Sari Kasir' });

    // Nothing touched: nothing sent.
    await user.click(within(form).getByRole('button', { name: 'Simpan' }));
    expect(within(form).getByRole('status')).toHaveTextContent('Tidak ada yang diubah.');
    expect(server.calls('PATCH', AUTH_ROUTES.user.replace(':userId', 'u-kasir'))).toHaveLength(0);

    await user.selectOptions(within(form).getByRole('combobox', { name: 'Peran' }), 'Supervisor');
    await user.click(within(form).getByRole('checkbox', { name: 'Aktif' }));
    await user.type(within(form).getByLabelText('PIN baru (4-8 angka)'), '5820');
    await user.click(within(form).getByRole('button', { name: 'Simpan' }));

    expect(await screen.findByText('Perubahan untuk sari tersimpan.')).toBeInTheDocument();
    expect(server.calls('PATCH', AUTH_ROUTES.user.replace(':userId', 'u-kasir')).map((r) => r.body)).toEqual([
      { role: 'supervisor', active: false, pin: '5820' },
    ]);
    await waitFor(() => expect(within(rowOf('Sari Kasir')).getByRole('cell', { name: 'Supervisor' })).toBeInTheDocument());
    expect(screen.queryByRole('form', { name: 'Ubah pengguna Sari Kasir' })).not.toBeInTheDocument();
  });
});
