// The admin's Outlet and Produsen tabs against a fake server held to the
// contract: the list, a booth created through the form (dates, home outlet,
// QRIS), problems found by the domain rules shown next to their fields before
// anything is sent, a server refusal placed at its field in Indonesian, a
// producer with a levy rule; and axe on both screens.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { DEFAULT_OUTLET_SETTINGS } from '../../src/domain/outlet-settings.ts';
import {
  adminOutletListSchema,
  adminOutletSchema,
  adminProducerListSchema,
  adminProducerSchema,
  createOutletRequestSchema,
  createProducerRequestSchema,
  type AdminOutlet,
  type AdminProducer,
} from '../../src/protocol/catalog-admin.ts';
import { CATALOG_ADMIN_ROUTES } from '../../src/protocol/catalog-admin-routes.ts';
import { ADMIN, answer, bodyOf, errorAnswer, FakeManagementServer } from './admin-fake.ts';
import { freshDb, renderApp } from './harness.tsx';

const QRIS =
  '00020101021126620016ID.CO.CONTOH.WWW011893600000000001234502090000123450303UMI51440014ID.CO.QRIS.WWW0215ID10250000000010303UMI5204594753033605802ID5908NTB MALL6007MATARAM6105831256304DC72';

const mall: AdminOutlet = {
  id: 'ntb-mall',
  name: 'NTB Mall',
  kind: 'store',
  address: 'Jl. Udayana No. 2, Mataram',
  active: true,
  startDate: null,
  endDate: null,
  homeOutletId: null,
  lapas: null,
  discountLimitBp: 1000,
  settings: { ...DEFAULT_OUTLET_SETTINGS, receiptName: 'NTB Mall' },
  version: 3,
};

let db: KasirDb;
let server: FakeManagementServer;
let outlets: AdminOutlet[];
let producers: AdminProducer[];

beforeEach(async () => {
  db = await freshDb(false);
  outlets = [mall];
  producers = [];
  server = new FakeManagementServer()
    .on('GET', CATALOG_ADMIN_ROUTES.outlets, () => answer(adminOutletListSchema, { outlets }))
    .on('GET', CATALOG_ADMIN_ROUTES.producers, () => answer(adminProducerListSchema, { producers }))
    .install();
  server.signedIn(ADMIN);
});

afterEach(() => {
  expect(server.violations).toEqual([]);
  db.close();
  sessionStorage.clear();
});

async function violations(): Promise<string[]> {
  const r = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function choose(user: ReturnType<typeof userEvent.setup>, scope: HTMLElement, label: RegExp, option: string) {
  await user.click(within(scope).getByRole('button', { name: label }));
  await user.click(await screen.findByRole('option', { name: option }));
}

describe('the Outlet tab', () => {
  it('lists outlets; an admin creates a booth with dates, a home outlet and its QRIS; the list shows it', async () => {
    server.on('POST', CATALOG_ADMIN_ROUTES.outlets, (req) => {
      const body = bodyOf(createOutletRequestSchema, req);
      const created = adminOutletSchema.parse({ ...body, version: 4 });
      outlets = [outlets[0] as AdminOutlet, created];
      return answer(adminOutletSchema, created);
    });
    renderApp({ db, sync: null }, '/admin/outlet');
    const user = userEvent.setup();
    const table = await screen.findByRole('grid', { name: 'Daftar outlet' });
    expect(await within(table).findByRole('rowheader', { name: /NTB Mall/ })).toBeInTheDocument();
    expect(await violations()).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Tambah outlet' }));
    const form = screen.getByRole('form', { name: 'Outlet baru' });
    await user.type(within(form).getByRole('textbox', { name: 'ID outlet' }), 'booth-senggigi');
    await user.type(within(form).getByRole('textbox', { name: 'Nama outlet' }), 'Booth Festival Senggigi');
    await choose(user, form, /Jenis outlet/, 'Booth');
    // The domain's rules, before anything is sent: a booth needs its dates and its home.
    await user.click(within(form).getByRole('button', { name: 'Simpan outlet' }));
    expect(await within(form).findByText('Pilih outlet induk: dari sana stok booth datang dan ke sana kembali.')).toBeInTheDocument();
    expect(within(form).getAllByText('Booth perlu tanggal mulai dan tanggal selesai.')).toHaveLength(2);
    expect(server.calls('POST', CATALOG_ADMIN_ROUTES.outlets)).toHaveLength(0);

    await user.type(within(form).getByLabelText('Tanggal mulai'), '2026-12-10');
    await user.type(within(form).getByLabelText('Tanggal selesai'), '2026-12-09');
    await choose(user, form, /Outlet induk/, 'NTB Mall');
    await user.click(within(form).getByRole('textbox', { name: 'QRIS statis (teks dari bank)' }));
    await user.paste(`${QRIS.slice(0, -1)}0`);
    await user.click(within(form).getByRole('button', { name: 'Simpan outlet' }));
    expect(await within(form).findByText('Tanggal selesai tidak boleh sebelum tanggal mulai.')).toBeInTheDocument();
    expect(within(form).getByText(/Teks QRIS tidak sah/)).toBeInTheDocument();
    expect(within(form).getByRole('textbox', { name: 'QRIS statis (teks dari bank)' })).toHaveAttribute('aria-invalid', 'true');

    await user.clear(within(form).getByLabelText('Tanggal selesai'));
    await user.type(within(form).getByLabelText('Tanggal selesai'), '2026-12-14');
    await user.clear(within(form).getByRole('textbox', { name: 'QRIS statis (teks dari bank)' }));
    await user.click(within(form).getByRole('textbox', { name: 'QRIS statis (teks dari bank)' }));
    await user.paste(QRIS);
    await choose(user, form, /Pembulatan tunai/, 'Rp 500');
    await user.click(within(form).getByRole('checkbox', { name: 'Menghapus barang dari keranjang perlu persetujuan supervisor' }));
    expect(await violations()).toEqual([]);
    await user.click(within(form).getByRole('button', { name: 'Simpan outlet' }));

    expect(await screen.findByText(/^Outlet Booth Festival Senggigi tersimpan\./)).toHaveAttribute('role', 'status');
    const sent = createOutletRequestSchema.parse(server.calls('POST', CATALOG_ADMIN_ROUTES.outlets)[0]?.body);
    expect(sent).toMatchObject({
      id: 'booth-senggigi',
      kind: 'booth',
      startDate: '2026-12-10',
      endDate: '2026-12-14',
      homeOutletId: 'ntb-mall',
      settings: { qrisStatic: QRIS, roundingStep: 500, cartRemovalNeedsApproval: true, dayCutoff: '04:00' },
    });
    const row = (await screen.findByRole('rowheader', { name: /Booth Festival Senggigi/ })).closest('[role="row"]') as HTMLElement;
    expect(row).toHaveTextContent('2026-12-10 s.d. 2026-12-14, dari NTB Mall');
  });

  it("a server refusal lands next to its field, in Indonesian", async () => {
    server.on('PATCH', CATALOG_ADMIN_ROUTES.outlet, () => ({ ...errorAnswer(400, 'npwp-invalid', 'npwp-invalid (npwp)', 'npwp') }));
    renderApp({ db, sync: null }, '/admin/outlet');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Ubah NTB Mall' }));
    const form = screen.getByRole('form', { name: 'Ubah outlet NTB Mall' });
    expect(within(form).queryByRole('textbox', { name: 'ID outlet' })).toBeNull();
    await user.type(within(form).getByRole('textbox', { name: /^NPWP/ }), '01.234.567.8-912.000');
    await user.click(within(form).getByRole('button', { name: 'Simpan outlet' }));
    await waitFor(() => expect(within(form).getByRole('textbox', { name: /^NPWP/ })).toHaveAccessibleDescription(/NPWP harus 15 atau 16 digit\./));
  });
});

describe('the Produsen tab', () => {
  it('an admin creates a Lapas workshop with a levy rule; shares not making 100 % are refused first', async () => {
    server.on('POST', CATALOG_ADMIN_ROUTES.producers, (req) => {
      const created = adminProducerSchema.parse({ ...bodyOf(createProducerRequestSchema, req), version: 5, productCount: 0 });
      producers = [created];
      return answer(adminProducerSchema, created);
    });
    renderApp({ db, sync: null }, '/admin/produsen');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Tambah produsen' }));
    const form = screen.getByRole('form', { name: 'Produsen baru' });
    await user.type(within(form).getByRole('textbox', { name: 'ID produsen' }), 'lapas-mataram-tenun');
    await user.type(within(form).getByRole('textbox', { name: 'Nama produsen' }), 'Bengkel Tenun Lapas Mataram');
    await user.type(within(form).getByRole('textbox', { name: 'Lapas' }), 'Lapas Kelas IIA Mataram');
    await choose(user, form, /Dibayar ke/, 'Rekening bank');
    await user.type(within(form).getByRole('textbox', { name: 'Nama bank' }), 'BRI');
    await user.type(within(form).getByRole('textbox', { name: 'Nomor rekening / akun' }), '012301000123301');
    await user.type(within(form).getByRole('textbox', { name: 'Atas nama' }), 'Koperasi Lapas Mataram');
    await user.click(within(form).getByRole('button', { name: 'Tambah aturan setoran' }));
    const rule = within(form).getByRole('group', { name: 'Aturan 1' });
    await user.clear(within(rule).getByLabelText('Berlaku mulai (aturan 1)'));
    await user.type(within(rule).getByLabelText('Berlaku mulai (aturan 1)'), '2024-01-01');
    await user.type(within(rule).getByRole('textbox', { name: 'Dasar hukum / dokumen (aturan 1)' }), 'Kepmen M.01-PP.02.01/1990');
    const modal = within(rule).getByRole('textbox', { name: 'Modal % (aturan 1)' });
    await user.clear(modal);
    await user.type(modal, '30');
    await user.tab();
    await user.click(within(form).getByRole('button', { name: 'Simpan produsen' }));
    expect(await within(form).findByText('Premi, PNBP dan modal berjumlah 95 %, harus tepat 100 %.')).toBeInTheDocument();
    expect(server.calls('POST', CATALOG_ADMIN_ROUTES.producers)).toHaveLength(0);
    expect(await violations()).toEqual([]);

    await user.clear(modal);
    await user.type(modal, '35');
    await user.tab();
    await user.click(within(form).getByRole('button', { name: 'Simpan produsen' }));
    expect(await screen.findByText('Produsen Bengkel Tenun Lapas Mataram tersimpan.')).toHaveAttribute('role', 'status');
    expect(createProducerRequestSchema.parse(server.calls('POST', CATALOG_ADMIN_ROUTES.producers)[0]?.body)).toMatchObject({
      kind: 'lapas',
      payout: { kind: 'bank', bank: 'BRI', number: '012301000123301', holder: 'Koperasi Lapas Mataram' },
      levyRules: [{ validFrom: '2024-01-01', premiBp: 5000, pnbpBp: 1500, modalBp: 3500, base: 'profit', source: 'Kepmen M.01-PP.02.01/1990' }],
    });
    const row = (await screen.findByRole('rowheader', { name: /Bengkel Tenun/ })).closest('[role="row"]') as HTMLElement;
    expect(row).toHaveTextContent('50/15/35 dari Laba');
  });
});
