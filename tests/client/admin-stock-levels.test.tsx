// Stok semua outlet under /admin: an admin reads every outlet's levels with
// their HPP value, sees stock below zero marked, narrows by outlet, producer,
// category and words, opens a product's history (who, when, why, document),
// sees what is in transit, and exports; a supervisor gets the tab too. Found
// by role and name, and the screen passes axe's checks at 390 px.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KasirDb } from '../../src/client/db/database.ts';
import { STOCK_ROUTES } from '../../src/protocol/routes.ts';
import { stockReportSchema, type StockReport } from '../../src/protocol/stock.ts';
import { ADMIN, answer, FakeManagementServer, SUPERVISOR } from './admin-fake.ts';
import { freshDb, renderApp } from './harness.tsx';

let db: KasirDb;
let server: FakeManagementServer;

const level = (p: Partial<StockReport['levels'][number]>): StockReport['levels'][number] => ({
  outletId: 'ntb-mall',
  outletName: 'NTB Mall',
  productId: 'p-kop-001',
  productName: 'Kopi Bubuk Sembalun Arabika 250 g',
  sku: 'KOP-001',
  category: 'Kopi',
  producerId: 'umkm-kopi-sembalun',
  producerName: 'UMKM Kopi Sembalun',
  level: 40,
  price: 65_000,
  cost: 40_000,
  ...p,
});

const REPORT: StockReport = {
  levels: [
    level({}),
    level({ outletId: 'booth-pameran', outletName: 'Booth Pameran', level: 14 }),
    level({ productId: 'p-mdu-002', productName: 'Madu Hutan Sumbawa 250 ml', sku: 'MDU-002', category: 'Madu', producerId: 'umkm-madu', producerName: 'UMKM Madu Sumbawa', level: -4, cost: null }),
  ],
  inTransit: [
    { id: 't-1', fromOutletId: 'ntb-mall', toOutletId: 'booth-pameran', state: 'sent', note: '', sentBy: 'u-budi', sentAt: Date.UTC(2026, 11, 5, 2, 0), lines: [{ productId: 'p-kop-001', qty: 20 }], received: null },
  ],
  history: [],
};

const HISTORY: StockReport['history'] = [
  { id: 'e-1', outletId: 'ntb-mall', productId: 'p-mdu-002', productName: 'Madu Hutan Sumbawa 250 ml', delta: -2, reason: 'adjust', why: 'rusak', note: 'botol pecah', byUser: 'u-budi', byName: 'Budi Supervisor', docKind: 'adjustment', docId: 'a-1', docRef: 'rusak', receivedAt: Date.UTC(2026, 11, 5, 3, 0) },
  { id: 'e-2', outletId: 'ntb-mall', productId: 'p-mdu-002', productName: 'Madu Hutan Sumbawa 250 ml', delta: -6, reason: 'sale', why: null, note: null, byUser: null, byName: 'Sari', docKind: 'sale', docId: 's-1', docRef: 'NTB-0042', receivedAt: Date.UTC(2026, 11, 5, 1, 0) },
];

beforeEach(async () => {
  db = await freshDb(false);
  server = new FakeManagementServer()
    .on('GET', STOCK_ROUTES.report, (req) => answer(stockReportSchema, req.query.get('productId') === 'p-mdu-002' ? { levels: [REPORT.levels[2]!], inTransit: [], history: HISTORY } : REPORT))
    .install();
});

afterEach(() => {
  expect(server.violations).toEqual([]);
  vi.restoreAllMocks();
  db.close();
  sessionStorage.clear();
});

describe('stock at every outlet', () => {
  it('an admin reads levels with their HPP value, below zero marked, narrows them, and opens a product’s history', async () => {
    server.signedIn(ADMIN);
    const user = userEvent.setup();
    renderApp({ db, sync: null }, '/admin/stok');
    const table = await screen.findByRole('grid', { name: 'Stok per outlet' });
    expect(screen.getByRole('link', { name: 'Stok' })).toBeInTheDocument();
    expect(screen.getByText('3 baris, 1 minus')).toBeInTheDocument();
    const kopi = within(table).getAllByRole('row').find((r) => r.textContent?.includes('NTB Mall') && r.textContent.includes('KOP-001')) as HTMLElement;
    expect(kopi).toHaveTextContent('Rp 1.600.000');
    const madu = within(table).getByRole('rowheader', { name: /Madu Hutan Sumbawa/ }).closest('[role="row"]') as HTMLElement;
    expect(madu).toHaveTextContent('-4 (minus)');
    expect(madu).toHaveTextContent('tanpa HPP');

    const producers = screen.getByRole('grid', { name: 'Stok per produsen' });
    expect(within(producers).getByRole('rowheader', { name: 'UMKM Kopi Sembalun' }).closest('[role="row"]')).toHaveTextContent('Rp 2.160.000');
    expect(screen.getByText(/NTB Mall → Booth Pameran: 20 barang/)).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Outlet'), 'Booth Pameran');
    expect(await screen.findByText('1 baris, 0 minus')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Outlet'), 'Semua');
    await user.selectOptions(screen.getByLabelText('Kategori'), 'Madu');
    expect(await screen.findByText('1 baris, 1 minus')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Kategori'), 'Semua');
    await user.type(screen.getByRole('searchbox', { name: 'Cari nama atau SKU' }), 'kop-001');
    expect(await screen.findByText('2 baris, 0 minus')).toBeInTheDocument();
    await user.clear(screen.getByRole('searchbox', { name: 'Cari nama atau SKU' }));

    await user.click(await screen.findByRole('button', { name: 'Riwayat Madu Hutan Sumbawa 250 ml di NTB Mall' }));
    const history = await screen.findByRole('grid', { name: 'Riwayat Madu Hutan Sumbawa 250 ml di NTB Mall' });
    await waitFor(() => expect(within(history).getAllByRole('row')).toHaveLength(3));
    expect(within(history).getAllByRole('row')[1]).toHaveTextContent('Penyesuaian (rusak) · botol pecah');
    expect(within(history).getAllByRole('row')[1]).toHaveTextContent('Budi Supervisor');
    expect(within(history).getAllByRole('row')[2]).toHaveTextContent('NTB-0042');
    const asked = server.calls('GET', STOCK_ROUTES.report).map((c) => c.query.get('productId'));
    expect(asked).toContain('p-mdu-002');
  });

  it('exports the levels as CSV; a supervisor has the tab, and at 390 px the screen passes axe', async () => {
    server.signedIn(SUPERVISOR);
    const saved: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      saved.push((b as Blob).type);
      return 'blob:x';
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    window.innerWidth = 390;
    const user = userEvent.setup();
    renderApp({ db, sync: null }, '/admin/stok');
    await screen.findByRole('grid', { name: 'Stok per outlet' });
    const r = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } });
    expect(r.violations.map((v) => v.id)).toEqual([]);
    await user.click(screen.getByRole('button', { name: /CSV.*Stok per outlet|Stok per outlet.*CSV/ }));
    expect(await screen.findByText(/stok-per-outlet\.csv/)).toBeInTheDocument();
    expect(saved[0]).toContain('text/csv');
  });
});
