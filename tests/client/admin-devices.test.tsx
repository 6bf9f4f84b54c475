import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { formatWita } from '../../src/domain/time.ts';
import {
  adminDeviceListSchema,
  adminDeviceSchema,
  AUTH_ERROR_CODES,
  registerDeviceRequestSchema,
  registerDeviceResponseSchema,
  type AdminDevice,
} from '../../src/protocol/auth.ts';
import { AUTH_ROUTES } from '../../src/protocol/routes.ts';
import { ADMIN, answer, bodyOf, errorAnswer, FakeManagementServer, HOUR } from './admin-fake.ts';
import { freshDb, renderApp } from './harness.tsx';
import { adminOutletListSchema, type AdminOutlet } from '../../src/protocol/catalog-admin.ts';
import { CATALOG_ADMIN_ROUTES } from '../../src/protocol/catalog-admin-routes.ts';
import { DEFAULT_OUTLET_SETTINGS } from '../../src/domain/outlet-settings.ts';

const outletOf = (id: string, name: string, over: Partial<AdminOutlet> = {}): AdminOutlet => ({
  id, name, kind: 'store', address: '', active: true, startDate: null, endDate: null, homeOutletId: null, lapas: null, discountLimitBp: 1000, settings: DEFAULT_OUTLET_SETTINGS, version: 1, ...over,
});
const SERVER_OUTLETS: AdminOutlet[] = [
  outletOf('booth-senggigi', 'Booth Festival Senggigi', { kind: 'booth', startDate: '2026-12-10', endDate: '2026-12-14', homeOutletId: 'ntb-mall' }),
  outletOf('lapas-lama', 'Showroom ditutup', { active: false }),
  outletOf('ntb-mall', 'NTB Mall'),
];

const T0 = Date.UTC(2026, 1, 14, 5, 5); // 14/02/2026 13.05 WITA
/** Within the day: a device seen then needs no look. */
const RECENT = Date.now() - HOUR;
const DAY = 24 * HOUR;

function device(over: Partial<AdminDevice> & Pick<AdminDevice, 'registrationId' | 'label'>): AdminDevice {
  return {
    deviceId: null,
    outletId: 'ntb-mall',
    status: 'awaiting-enrolment',
    createdAt: T0 - 48 * HOUR,
    enrolledAt: null,
    rotatedAt: null,
    revokedAt: null,
    lastSeenAt: null,
    lastSeq: 0,
    health: null,
    ...over,
  };
}

let db: KasirDb;
let server: FakeManagementServer;
let devices: AdminDevice[];

beforeEach(() => {
  devices = [
    device({ registrationId: 'reg-1', label: 'Kasir 1 NTB Mall', deviceId: 'dev-1', status: 'active', enrolledAt: T0 - 24 * HOUR, lastSeenAt: RECENT, lastSeq: 42 }),
    device({ registrationId: 'reg-2', label: 'Tablet booth Senggigi', outletId: 'booth-senggigi', status: 'code-expired' }),
    device({ registrationId: 'reg-3', label: 'Showroom Lapas lama', outletId: 'lapas-mataram', deviceId: 'dev-3', status: 'revoked', revokedAt: T0 }),
  ];
  server = new FakeManagementServer()
    .on('GET', AUTH_ROUTES.devices, () => answer(adminDeviceListSchema, { devices }))
    .on('GET', CATALOG_ADMIN_ROUTES.outlets, () => answer(adminOutletListSchema, { outlets: SERVER_OUTLETS }))
    .install();
  server.signedIn(ADMIN);
});

afterEach(() => {
  expect(server.violations).toEqual([]);
  db.close();
  sessionStorage.clear();
});

function rowOf(label: string): HTMLElement {
  const row = screen.getByRole('rowheader', { name: label }).closest('tr');
  if (!row) throw new Error(`no row for ${label}`);
  return row;
}

describe('the devices page', () => {
  it('lists each device with its outlet, status in words, last seen and last seq', async () => {
    db = await freshDb(true);
    renderApp({ db, sync: null }, '/admin');
    await screen.findByRole('rowheader', { name: 'Kasir 1 NTB Mall' });
    const active = rowOf('Kasir 1 NTB Mall');
    // The outlet's name comes from the catalog already on this device.
    expect(await within(active).findByRole('cell', { name: 'NTB Mall' })).toBeInTheDocument();
    expect(within(active).getByRole('cell', { name: 'Aktif' })).toBeInTheDocument();
    expect(within(active).getByRole('cell', { name: formatWita(RECENT) })).toBeInTheDocument();
    expect(within(active).getByRole('cell', { name: '42' })).toBeInTheDocument();
    expect(within(rowOf('Tablet booth Senggigi')).getByRole('cell', { name: 'Kode kedaluwarsa' })).toBeInTheDocument();
    expect(within(rowOf('Tablet booth Senggigi')).getByRole('cell', { name: 'Belum pernah' })).toBeInTheDocument();
    const revoked = rowOf('Showroom Lapas lama');
    expect(within(revoked).getByRole('cell', { name: 'Dicabut' })).toBeInTheDocument();
    // Nothing left to revoke on a revoked device.
    expect(within(revoked).queryByRole('button')).not.toBeInTheDocument();
    expect(server.calls('GET', AUTH_ROUTES.devices)[0]?.token).toMatch(/^kks_/);
  });

  it('shows what each device reports, and puts the ones silent or holding old unsynced sales first, marked', async () => {
    const now = Date.now();
    const report = { appVersion: '0.1.0', persisted: true, storageUsed: 12_000_000, storageQuota: 2_000_000_000, reportedAt: now - HOUR, lastPushAt: now - HOUR };
    devices = [
      device({ registrationId: 'r-ok', label: 'Kasir 1 NTB Mall', deviceId: 'd-ok', status: 'active', lastSeenAt: now - HOUR, health: { ...report, pending: 0, oldestUnsyncedAt: null } }),
      device({ registrationId: 'r-silent', label: 'Tablet booth Sumbawa', deviceId: 'd-silent', status: 'active', lastSeenAt: now - 3 * DAY, health: { ...report, pending: 0, oldestUnsyncedAt: null, reportedAt: now - 3 * DAY, lastPushAt: now - 3 * DAY } }),
      device({ registrationId: 'r-old', label: 'Showroom Lapas Lombok Barat', deviceId: 'd-old', status: 'active', lastSeenAt: now - 2 * HOUR, health: { ...report, pending: 7, oldestUnsyncedAt: now - 2 * DAY, persisted: false } }),
      device({ registrationId: 'r-gone', label: 'Tablet lama', deviceId: 'd-gone', status: 'revoked', lastSeenAt: now - 90 * DAY }),
    ];
    db = await freshDb(true);
    renderApp({ db, sync: null }, '/admin/perangkat');
    await screen.findByRole('rowheader', { name: 'Kasir 1 NTB Mall' });
    const order = screen.getAllByRole('rowheader').map((h) => h.textContent);
    expect(order).toEqual(['Showroom Lapas Lombok Barat', 'Tablet booth Sumbawa', 'Kasir 1 NTB Mall', 'Tablet lama']);
    expect(screen.getByTestId('fleet-attention')).toHaveTextContent('2 perangkat perlu diperiksa');
    const old = rowOf('Showroom Lapas Lombok Barat');
    expect(within(old).getByText('Ada penjualan lebih dari 1 hari belum tersinkron')).toBeInTheDocument();
    expect(within(old).getByRole('cell', { name: `7, tertua ${formatWita(now - 2 * DAY)}` })).toBeInTheDocument();
    expect(within(old).getByRole('cell', { name: '12 MB dari 2000 MB, bisa dihapus browser' })).toBeInTheDocument();
    expect(within(rowOf('Tablet booth Sumbawa')).getByText('Tidak terdengar lebih dari 1 hari')).toBeInTheDocument();
    const ok = rowOf('Kasir 1 NTB Mall');
    expect(within(ok).getByRole('cell', { name: 'Aktif' })).toBeInTheDocument();
    expect(within(ok).getByRole('cell', { name: '0.1.0' })).toBeInTheDocument();
    // Last seen and last push, an hour ago both.
    expect(within(ok).getAllByRole('cell', { name: formatWita(now - HOUR) })).toHaveLength(2);
    // A revoked tablet is history, not a worry; one that never reported says so.
    expect(within(rowOf('Tablet lama')).queryByText(/lebih dari 1 hari/)).toBeNull();
    expect(within(rowOf('Tablet lama')).getAllByRole('cell', { name: 'Belum ada laporan' })).toHaveLength(4);
  });

  it('registers this fresh PC and shows its one-time code as text and QR, with its expiry, once', async () => {
    // Not enrolled, no catalog, nobody signed in with a PIN: the admin's first visit on a new PC.
    db = await freshDb(false, { enrolled: false, signedIn: null });
    const expiresAt = Date.now() + HOUR;
    server.on('POST', AUTH_ROUTES.devices, (req) => {
      const body = bodyOf(registerDeviceRequestSchema, req);
      devices.push(device({ registrationId: 'reg-4', label: body.label, outletId: body.outletId }));
      return answer(registerDeviceResponseSchema, { registrationId: 'reg-4', outletId: body.outletId, label: body.label, code: 'K7QH-2M9X-PA4D', expiresAt }, 201);
    });
    renderApp({ db, sync: null }, '/admin/perangkat');
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Daftarkan perangkat baru' });
    // No catalog on a fresh PC: the outlets come from the server's list, the store chosen first.
    expect(await within(form).findByRole('button', { name: /Outlet/ })).toHaveTextContent('NTB Mall');
    await user.type(within(form).getByRole('textbox', { name: 'Nama perangkat' }), 'Kasir 2 NTB Mall');
    await user.click(within(form).getByRole('button', { name: 'Daftarkan perangkat' }));

    const shown = await screen.findByRole('region', { name: 'Kode pendaftaran untuk Kasir 2 NTB Mall' });
    expect(within(shown).getByText('K7QH-2M9X-PA4D')).toBeInTheDocument();
    expect(within(shown).getByRole('img', { name: 'QR kode pendaftaran Kasir 2 NTB Mall' })).toBeInTheDocument();
    expect(shown).toHaveTextContent(`Berlaku sampai ${formatWita(expiresAt)}.`);
    expect(shown).toHaveTextContent('Kode ini hanya ditampilkan sekali.');
    expect(server.calls('POST', AUTH_ROUTES.devices)[0]?.body).toEqual({ outletId: 'ntb-mall', label: 'Kasir 2 NTB Mall' });
    // The list is fetched again and shows the new registration waiting.
    expect(within(await screen.findByRole('row', { name: /Kasir 2 NTB Mall/ })).getByRole('cell', { name: 'Menunggu pendaftaran' })).toBeInTheDocument();

    await user.click(within(shown).getByRole('button', { name: 'Selesai' }));
    expect(screen.queryByText('K7QH-2M9X-PA4D')).not.toBeInTheDocument();
    expect(within(form).getByRole('textbox', { name: 'Nama perangkat' })).toHaveValue('');
  });

  it('puts a server complaint about the outlet next to the outlet field, in words', async () => {
    db = await freshDb(false);
    server.on('POST', AUTH_ROUTES.devices, () => errorAnswer(400, AUTH_ERROR_CODES.unknownOutlet, 'no outlet "ntb-mal"', 'outletId'));
    renderApp({ db, sync: null }, '/admin/perangkat');
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Daftarkan perangkat baru' });
    const outlet = within(form).getByRole('button', { name: /Outlet/ });
    await user.click(outlet);
    await user.click(await screen.findByRole('option', { name: 'Booth Festival Senggigi' }));
    expect(outlet).toHaveTextContent('Booth Festival Senggigi');
    await user.type(within(form).getByRole('textbox', { name: 'Nama perangkat' }), 'Kasir 3{Enter}');
    await waitFor(() => expect(within(form).getByText('Server tidak mengenal outlet ini. Periksa ID outlet.')).toBeInTheDocument());
    expect(server.calls('POST', AUTH_ROUTES.devices)[0]?.body).toEqual({ outletId: 'booth-senggigi', label: 'Kasir 3' });
    expect(screen.queryByRole('region', { name: /Kode pendaftaran/ })).not.toBeInTheDocument();
  });

  it('asks before revoking, naming the device; cancelling sends nothing', async () => {
    db = await freshDb(false);
    renderApp({ db, sync: null }, '/admin/perangkat');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Cabut Kasir 1 NTB Mall' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Cabut perangkat "Kasir 1 NTB Mall"?' });
    expect(dialog).toHaveAccessibleDescription(/Penjualan yang belum tersinkron tetap tersimpan/);
    expect(within(dialog).getByRole('button', { name: 'Batal' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Batal' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('revokes on confirmation through the revoke route and shows the new status', async () => {
    db = await freshDb(false);
    server.on('POST', AUTH_ROUTES.revokeDevice, (req) => {
      const target = devices.find((d) => d.registrationId === req.params.registrationId);
      if (!target) return errorAnswer(404, 'not-found', 'no such registration');
      target.status = 'revoked';
      target.revokedAt = Date.now();
      return answer(adminDeviceSchema, target);
    });
    renderApp({ db, sync: null }, '/admin/perangkat');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Cabut Kasir 1 NTB Mall' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Ya, cabut' }));

    expect(await screen.findByText('Perangkat "Kasir 1 NTB Mall" sudah dicabut.')).toBeInTheDocument();
    const calls = server.calls('POST', AUTH_ROUTES.revokeDevice.replace(':registrationId', 'reg-1'));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.token).toMatch(/^kks_/);
    await waitFor(() => expect(within(rowOf('Kasir 1 NTB Mall')).getByRole('cell', { name: 'Dicabut' })).toBeInTheDocument());
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });
});
