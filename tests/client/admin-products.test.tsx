// The Produk and Impor tabs as a supervisor uses them: the list from the
// server, the form with its checks and the server's refusals beside the
// fields, "Buat kode", deactivation after a confirmation, and an import
// checked, corrected and applied. Every element found by its role and name.
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { useLanguage } from '../../src/client/i18n/use-t.ts';
import {
  barcodeResponseSchema,
  importResponseSchema,
  productCreateSchema,
  productListSchema,
  productPatchSchema,
  productSavedSchema,
  type AdminProduct,
  type ImportResponse,
  type ProductList,
} from '../../src/protocol/products.ts';
import { PRODUCT_ROUTES } from '../../src/protocol/routes.ts';
import { answer, bodyOf, errorAnswer, FakeManagementServer, SUPERVISOR, type FakeRequest } from './admin-fake.ts';
import { freshDb, renderApp } from './harness.tsx';

const product = (i: number, over: Partial<AdminProduct> = {}): AdminProduct => ({
  id: `p-${i}`,
  sku: `KTK-${String(i).padStart(3, '0')}`,
  barcode: null,
  name: `Tas Ketak ${i}`,
  category: 'Anyaman',
  producerId: 'lapas-lobar',
  price: 100_000 + i,
  unit: 'pcs',
  active: true,
  imageUrl: null,
  cost: null,
  tax: 'ppn',
  consigned: true,
  story: null,
  storyOnReceipt: false,
  producerName: 'Lapas Kelas IIA Lombok Barat',
  stock: 3,
  updatedAt: null,
  ...over,
});

const ALL = Array.from({ length: 120 }, (_, i) => product(i + 1));

function listOf(req: FakeRequest): ProductList {
  const q = req.query;
  const words = (q.get('q') ?? '').toLowerCase();
  const hits = ALL.filter((p) => words === '' || p.name.toLowerCase().includes(words));
  const offset = Number(q.get('offset') ?? 0);
  const limit = Number(q.get('limit') ?? 50);
  return {
    products: hits.slice(offset, offset + limit),
    total: hits.length,
    categories: ['Anyaman', 'Cukli'],
    producers: [
      { id: 'lapas-lobar', name: 'Lapas Kelas IIA Lombok Barat', consignment: true },
      { id: 'umkm-kopi-sembalun', name: 'UMKM Kopi Sembalun Rinjani', consignment: false },
    ],
    outlets: [{ id: 'ntb-mall', name: 'NTB Mall' }],
  };
}

let db: KasirDb;
let server: FakeManagementServer;
beforeEach(async () => {
  db = await freshDb(false);
  server = new FakeManagementServer().on('GET', PRODUCT_ROUTES.list, (req) => answer(productListSchema, listOf(req))).install();
  server.signedIn(SUPERVISOR);
});
afterEach(() => {
  db.close();
  act(() => useLanguage.getState().setLang('id'));
});

async function violations(): Promise<string[]> {
  const r = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
  return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function openProducts() {
  renderApp({ db, sync: null }, '/admin');
  return screen.findByRole('grid', { name: 'Daftar produk' });
}

// A table of 25 rows of react-aria cells is slow to render in jsdom on a busy machine.
describe('the Produk tab', { timeout: 120_000 }, () => {
  it('a supervisor lands on it; the list searches and pages on the server', async () => {
    const table = await openProducts();
    expect(within(table).getAllByRole('row')).toHaveLength(26);
    expect(within(table).getByRole('rowheader', { name: 'Tas Ketak 1' })).toBeInTheDocument();
    expect(screen.getByText('1–25 dari 120 produk')).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Berikutnya' }));
    expect(await screen.findByText('26–50 dari 120 produk')).toBeInTheDocument();
    expect(server.calls('GET', PRODUCT_ROUTES.list).at(-1)?.query.get('offset')).toBe('25');
    await user.type(screen.getByRole('searchbox', { name: 'Cari produk (nama, SKU, barcode)' }), '11');
    expect(await screen.findByText('1–11 dari 11 produk')).toBeInTheDocument();
    // Stock is the supervisor's own outlet's.
    expect(server.calls('GET', PRODUCT_ROUTES.list).at(-1)?.query.get('outletId')).toBe('ntb-mall');
    expect(await violations()).toEqual([]);
  });

  it('the form checks the barcode before sending, "Buat kode" fills one, and the saved product is sent as the contract says', async () => {
    let created: unknown = null;
    server
      .on('POST', PRODUCT_ROUTES.nextBarcode, () => answer(barcodeResponseSchema, { barcode: '2000000000015' }))
      .on('POST', PRODUCT_ROUTES.list, (req) => {
        created = bodyOf(productCreateSchema, req);
        return answer(productSavedSchema, { product: product(500, { name: 'Tas Ketak Bulat', barcode: '2000000000015' }), priceChanged: [] });
      });
    await openProducts();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Tambah produk' }));
    const dialog = await screen.findByRole('dialog', { name: 'Produk baru' });
    expect(await violations()).toEqual([]);
    await user.type(within(dialog).getByRole('textbox', { name: 'Nama produk' }), 'Tas Ketak Bulat');
    await user.type(within(dialog).getByRole('textbox', { name: 'SKU' }), 'KTK-500');
    const barcode = within(dialog).getByRole('textbox', { name: 'Barcode' });
    await user.type(barcode, '8991234567890');
    await user.type(within(dialog).getByRole('combobox', { name: 'Kategori' }), 'Anyaman');
    // Leaving the field closes its suggestions.
    await user.tab();
    await user.click(within(dialog).getByRole('button', { name: /Produsen/ }));
    await user.click(await screen.findByRole('option', { name: 'Lapas Kelas IIA Lombok Barat' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Harga jual (Rp)' }), '165000');
    await user.click(within(dialog).getByRole('button', { name: 'Simpan produk' }));
    expect(barcode).toHaveAccessibleDescription(expect.stringContaining('Digit pemeriksa salah: angka terakhir seharusnya 1.'));
    expect(server.calls('POST', PRODUCT_ROUTES.list)).toHaveLength(0);

    await user.click(within(dialog).getByRole('button', { name: 'Buat kode' }));
    await waitFor(() => expect(barcode).toHaveValue('2000000000015'));
    await user.click(within(dialog).getByRole('button', { name: 'Simpan produk' }));
    expect(await screen.findByText(/Tas Ketak Bulat tersimpan/)).toBeInTheDocument();
    expect(created).toMatchObject({ name: 'Tas Ketak Bulat', sku: 'KTK-500', barcode: '2000000000015', category: 'Anyaman', producerId: 'lapas-lobar', price: 165_000, consigned: true, active: true, tax: 'ppn' });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('each product row opens its photo dialog', async () => {
    const table = await openProducts();
    const user = userEvent.setup();
    await user.click(within(table).getByRole('button', { name: 'Foto Tas Ketak 2' }));
    expect(await screen.findByRole('dialog')).toBeInTheDocument();
  });

  it("the server's refusal lands beside its field, naming the other product", async () => {
    server.on('PATCH', PRODUCT_ROUTES.one, () => ({ ...errorAnswer(409, 'barcode-taken', 'taken', 'barcode'), body: { error: { code: 'barcode-taken', message: 'taken', field: 'barcode', params: { name: 'Kopi Sembalun', barcode: '2100000010004' } } } }));
    const table = await openProducts();
    const user = userEvent.setup();
    await user.click(within(table).getByRole('button', { name: 'Ubah Tas Ketak 2' }));
    const dialog = await screen.findByRole('dialog', { name: 'Ubah produk' });
    const barcode = within(dialog).getByRole('textbox', { name: 'Barcode' });
    await user.type(barcode, '2100000010004');
    await user.click(within(dialog).getByRole('button', { name: 'Simpan produk' }));
    await waitFor(() => expect(barcode).toHaveAccessibleDescription(expect.stringContaining('Barcode ini sudah dipakai produk "Kopi Sembalun".')));
    expect(bodyOf(productPatchSchema, server.calls('PATCH', '/api/admin/products/p-2')[0]!)).toMatchObject({ barcode: '2100000010004', name: 'Tas Ketak 2' });
  });

  it('deactivates only after a confirmation that says the product is kept', async () => {
    server.on('PATCH', PRODUCT_ROUTES.one, (req) => answer(productSavedSchema, { product: product(3, { active: bodyOf(productPatchSchema, req).active ?? true }), priceChanged: [] }));
    const table = await openProducts();
    const user = userEvent.setup();
    await user.click(within(table).getByRole('button', { name: 'Nonaktifkan Tas Ketak 3' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Nonaktifkan Tas Ketak 3?' });
    expect(confirm).toHaveTextContent('Produk tidak dihapus');
    await user.click(within(confirm).getByRole('button', { name: 'Batal' }));
    expect(server.calls('PATCH', '/api/admin/products/p-3')).toHaveLength(0);
    await user.click(within(table).getByRole('button', { name: 'Nonaktifkan Tas Ketak 3' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Nonaktifkan' }));
    expect(await screen.findByText('Tas Ketak 3 dinonaktifkan.')).toBeInTheDocument();
    expect(server.calls('PATCH', '/api/admin/products/p-3')[0]).toMatchObject({ params: { productId: 'p-3' }, body: { active: false } });
  });
});

describe('the Impor tab', { timeout: 120_000 }, () => {
  const WITH_ERRORS: ImportResponse = {
    rows: 3,
    created: 2,
    updated: 1,
    unchanged: 0,
    errors: [
      { row: 2, column: 'Harga', message: 'rupiah tidak memakai pecahan', code: 'fraction' },
      { row: 4, column: 'Produsen', message: 'produsen "Hantu" tidak dikenal', code: 'unknown-producer' },
    ],
    notes: ['kolom yang diabaikan: Warna'],
    applied: false,
    priceChanged: [],
  };

  it('a dry run shows the errors by row and column; Terapkan waits for a clean check, then applies', async () => {
    const answers = [WITH_ERRORS, { ...WITH_ERRORS, errors: [], notes: [] }, { ...WITH_ERRORS, errors: [], notes: [], applied: true }];
    server.on('POST', PRODUCT_ROUTES.import, () => answer(importResponseSchema, answers.shift() ?? WITH_ERRORS));
    renderApp({ db, sync: null }, '/admin/impor');
    await screen.findByRole('heading', { name: 'Impor dan ekspor produk' });
    const user = userEvent.setup();
    const check = screen.getByRole('button', { name: 'Periksa (uji coba)' });
    expect(check).toBeDisabled();
    const input = document.querySelector<HTMLInputElement>('input[type=file]');
    await user.upload(input!, new File(['SKU;Nama;Harga\nKTK-1;Tas;32,5\n'], 'produk.csv', { type: 'text/csv' }));
    expect(screen.getByText('Berkas: produk.csv')).toBeInTheDocument();
    await user.click(check);
    const errors = await screen.findByRole('grid', { name: 'Kesalahan per baris' });
    expect(within(errors).getAllByRole('row').slice(1).map((r) => [...r.querySelectorAll('[role=rowheader], [role=gridcell]')].map((c) => c.textContent))).toEqual([
      ['2', 'Harga', 'rupiah tidak memakai pecahan'],
      ['4', 'Produsen', 'produsen "Hantu" tidak dikenal'],
    ]);
    expect(screen.getByText('2 kesalahan: perbaiki berkasnya lalu periksa lagi.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Terapkan' })).toBeDisabled();
    expect(await violations()).toEqual([]);
    const sent = server.calls('POST', PRODUCT_ROUTES.import)[0]!;
    expect(sent.query.get('dryRun')).toBe('true');
    expect(sent.headers.get('content-type')).toBe('text/csv');
    expect(sent.headers.get('accept-language')).toBe('id');
    expect(await (sent.raw as Blob).text()).toContain('KTK-1;Tas;32,5');

    await user.click(check);
    expect(await screen.findByText('Tidak ada kesalahan. Tekan Terapkan untuk menyimpan.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Terapkan' }));
    expect(await screen.findByText(/Diterapkan: 2 produk baru, 1 diubah/)).toBeInTheDocument();
    expect(server.calls('POST', PRODUCT_ROUTES.import)[2]?.query.get('dryRun')).toBe('false');
  });
});
