// The Laporan tab as a supervisor reads it: the summary with the HPP
// coverage, the breakdown, each chart's figures as a table, CSV and XLSX
// exports of a table, and a refused parameter named in the reader's words.
// Every element found by its role and name.
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { useLanguage } from '../../src/client/i18n/use-t.ts';
import { CATALOG_ADMIN_ROUTES } from '../../src/protocol/catalog-admin-routes.ts';
import { salesReportSchema, slowProductsReportSchema, stockValueReportSchema, type ReportBreakdown, type ReportRow, type SalesReport } from '../../src/protocol/reports.ts';
import { REPORT_ROUTES } from '../../src/protocol/routes.ts';
import { answer, errorAnswer, FakeManagementServer, SUPERVISOR } from './admin-fake.ts';
import { freshDb, renderApp } from './harness.tsx';

const figures = (over: Partial<ReportRow> = {}): ReportRow => ({
  key: '',
  label: '',
  transactions: 4,
  qty: 6,
  gross: 400_000,
  discount: 10_000,
  tax: 0,
  total: 390_000,
  rounding: -500,
  refunds: 0,
  refundAmount: 0,
  voids: 0,
  voidAmount: 0,
  returnedQty: 0,
  net: 389_500,
  cost: 200_000,
  grossProfit: 90_000,
  marginBp: 3103,
  uncostedLines: 0,
  uncostedSales: 0,
  ...over,
});

const ROWS: Record<ReportBreakdown, ReportRow[]> = {
  day: [figures({ key: '2026-12-01', label: '2026-12-01' }), figures({ key: '2026-12-02', label: '2026-12-02', net: 120_000 })],
  hour: [figures({ key: '9', label: '09.00' }), figures({ key: '14', label: '14.00', net: 50_000 })],
  product: [
    figures({ key: 'p-tas', label: 'Tas Ketak Bulat', total: 300_000, rounding: 0, net: 300_000 }),
    figures({ key: 'p-kopi', label: 'Kopi Sembalun 250 g', net: 89_500, cost: 0, grossProfit: null, marginBp: null, uncostedLines: 2, uncostedSales: 89_500 }),
  ],
  category: [figures({ key: 'Anyaman', label: 'Anyaman' })],
  producer: [figures({ key: 'lapas-lobar', label: 'Lapas Kelas IIA Lombok Barat', net: 300_000 }), figures({ key: 'umkm-kopi', label: 'UMKM Kopi Sembalun', net: 89_500 })],
  lapas: [figures({ key: '', label: '' })],
  outlet: [figures({ key: 'ntb-mall', label: 'NTB Mall' })],
  cashier: [figures({ key: 'u-sari', label: 'Sari Kasir' })],
  method: [figures({ key: 'cash', label: 'cash', net: 189_500 }), figures({ key: 'qris', label: 'qris', net: 200_000 })],
};

function reportFor(by: ReportBreakdown, from: string, to: string): SalesReport {
  return {
    from,
    to,
    by,
    outlets: [{ id: 'ntb-mall', name: 'NTB Mall' }],
    summary: figures({ uncostedLines: 2, uncostedSales: 89_500, refunds: 1, refundAmount: 25_000, net: 364_500 }),
    methods: ROWS.method,
    rows: ROWS[by],
  };
}

let db: KasirDb;
let server: FakeManagementServer;
beforeEach(async () => {
  db = await freshDb(false);
  server = new FakeManagementServer()
    .on('GET', REPORT_ROUTES.sales, (req) => answer(salesReportSchema, reportFor((req.query.get('by') ?? 'day') as ReportBreakdown, req.query.get('from') ?? '', req.query.get('to') ?? '')))
    .on('GET', REPORT_ROUTES.stock, () =>
      answer(stockValueReportSchema, {
        outlets: [{ id: 'ntb-mall', name: 'NTB Mall' }],
        rows: [{ outletId: 'ntb-mall', outletName: 'NTB Mall', producerId: 'lapas-lobar', producerName: 'Lapas Kelas IIA Lombok Barat', products: 3, units: 40, costValue: 2_000_000, retailValue: 3_500_000, uncostedProducts: 1, uncostedUnits: 5 }],
      }),
    )
    .on('GET', REPORT_ROUTES.slow, (req) =>
      answer(slowProductsReportSchema, {
        from: req.query.get('from') ?? '',
        to: req.query.get('to') ?? '',
        outlets: [{ id: 'ntb-mall', name: 'NTB Mall' }],
        rows: [
          { productId: 'p-sbk', name: 'Songket Benang Emas', sold: 0, net: 0, stock: 6, stockCostValue: null, stockRetailValue: 4_800_000 },
          { productId: 'p-kop', name: 'Kopi Sembalun 250 g', sold: 1, net: 45_000, stock: 12, stockCostValue: 360_000, stockRetailValue: 540_000 },
        ],
      }),
    )
    // The outlet list is not the supervisor's to read here: the page falls back to the device's catalog.
    .on('GET', CATALOG_ADMIN_ROUTES.outlets, () => errorAnswer(403, 'forbidden', 'admins only'))
    .install();
  server.signedIn(SUPERVISOR);
});
afterEach(() => {
  db.close();
  vi.restoreAllMocks();
  act(() => useLanguage.getState().setLang('id'));
});

function captureDownloads(): { blobs: Blob[]; names: string[] } {
  const blobs: Blob[] = [];
  const names: string[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
    blobs.push(b as Blob);
    return 'blob:kasir-test';
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    names.push(this.download);
  });
  return { blobs, names };
}

describe('the Laporan tab', { timeout: 120_000 }, () => {
  it('shows the summary with what has no HPP, the breakdown and each chart’s figures, for the supervisor’s own outlet', async () => {
    renderApp({ db, sync: null }, '/admin/laporan');
    const breakdown = await screen.findByRole('grid', { name: 'Rincian: Produk' });
    expect(within(breakdown).getByRole('rowheader', { name: 'Tas Ketak Bulat' })).toBeInTheDocument();
    const kopi = within(breakdown).getByRole('row', { name: /Kopi Sembalun 250 g/ });
    expect(within(kopi).getByText('HPP belum diisi')).toBeInTheDocument();
    const summary = screen.getByRole('heading', { name: 'Ringkasan' }).closest('section') as HTMLElement;
    expect(within(summary).getByText('Penjualan bersih').nextSibling).toHaveTextContent('Rp 364.500');
    expect(within(summary).getByText(/HPP belum diisi untuk 2 baris penjualan/)).toBeInTheDocument();
    const perHour = screen.getByRole('grid', { name: 'Angka grafik: Penjualan bersih per jam' });
    expect(within(perHour).getByRole('rowheader', { name: 'Pukul 09' })).toBeInTheDocument();
    const methods = screen.getByRole('grid', { name: 'Per metode pembayaran' });
    expect(within(methods).getByRole('rowheader', { name: 'Tunai' })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'Bagian tiap produsen' })).toBeInTheDocument();
    // Stock that never sold is among the slowest, with what is held and its value.
    const slow = screen.getByRole('grid', { name: 'Produk paling lambat' });
    const songket = within(slow).getByRole('row', { name: /Songket Benang Emas/ });
    expect(songket).toHaveTextContent(/Tidak terjual.*6.*HPP belum diisi.*Rp 4\.800\.000/);
    expect(server.calls('GET', REPORT_ROUTES.slow).map((r) => r.query.get('outlet'))).toEqual(['ntb-mall']);
    // A supervisor asks for their own outlet (the server refuses another).
    const asked = server.calls('GET', REPORT_ROUTES.sales);
    expect(asked.map((r) => r.query.get('by')).sort()).toEqual(['day', 'hour', 'producer', 'product']);
    expect(asked.map((r) => r.query.get('outlet'))).toEqual(['ntb-mall', 'ntb-mall', 'ntb-mall', 'ntb-mall']);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /Rincian menurut/ }));
    await user.click(await screen.findByRole('option', { name: 'Kasir' }));
    const byCashier = await screen.findByRole('grid', { name: 'Rincian: Kasir' });
    expect(within(byCashier).getByRole('rowheader', { name: 'Sari Kasir' })).toBeInTheDocument();
  });

  it('a table exports as CSV (;, BOM, whole rupiah) and as XLSX', async () => {
    const { blobs, names } = captureDownloads();
    renderApp({ db, sync: null }, '/admin/laporan');
    await screen.findByRole('grid', { name: 'Rincian: Produk' });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Ekspor CSV: Rincian: Produk' }));
    await waitFor(() => expect(names).toEqual(['laporan-product.csv']));
    const bytes = new Uint8Array(await blobs[0]!.arrayBuffer());
    // The BOM Excel needs to read UTF-8 (text() would drop it).
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trimEnd().split('\r\n');
    expect(lines[0]).toBe('Produk;Transaksi;Qty;Penjualan setelah diskon;Kembali;Penjualan bersih;HPP;Laba kotor;Margin;HPP belum diisi');
    expect(lines[1]).toBe('Tas Ketak Bulat;4;6;300000;0;300000;200000;90000;31,0 %;0');
    expect(lines[2]?.split(';')[7]).toBe('');
    expect(await screen.findByText('Terunduh: laporan-product.csv')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Ekspor XLSX: Stok dan nilainya' }));
    await waitFor(() => expect(names).toContain('stok-nilai.xlsx'));
    const xlsx = new Uint8Array(await blobs[1]!.arrayBuffer());
    // An XLSX is a ZIP.
    expect([xlsx[0], xlsx[1]]).toEqual([0x50, 0x4b]);
  });

  it('a period that ends before it starts is refused on the page; a parameter the server refuses is named', async () => {
    renderApp({ db, sync: null }, '/admin/laporan');
    await screen.findByRole('grid', { name: 'Rincian: Produk' });
    const user = userEvent.setup();
    const before = server.calls('GET', REPORT_ROUTES.sales).length;
    const to = screen.getByLabelText('Sampai tanggal');
    await user.clear(to);
    await user.type(to, '2020-01-01');
    await user.click(screen.getByRole('button', { name: 'Tampilkan' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Tanggal akhir sebelum tanggal mulai');
    expect(server.calls('GET', REPORT_ROUTES.sales)).toHaveLength(before);

    server.on('GET', REPORT_ROUTES.sales, () => errorAnswer(400, 'invalid-request', 'to: a report covers at most 7320 days', 'to'));
    await user.click(screen.getByRole('button', { name: 'Tahun ini' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(/^Tanggal akhir tidak dapat dipakai/);
    act(() => useLanguage.getState().setLang('en'));
    expect(await screen.findByRole('alert')).toHaveTextContent(/^End date cannot be used/);
  });
});
