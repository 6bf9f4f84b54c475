// Voiding a finished sale (the same business day) and refunding part of one,
// from Today's Sales: a reason, a supervisor's PIN, the goods back in stock,
// the money back by cash unless told, a slip, and a 'sale.void' queued.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addToCart, getOpenCart, setOrderDiscount } from '../../src/client/db/cart-repo.ts';
import { searchProducts } from '../../src/client/db/catalog-repo.ts';
import type { KasirDb } from '../../src/client/db/database.ts';
import { checkout } from '../../src/client/db/sales-repo.ts';
import type { SaleRow } from '../../src/client/db/schema.ts';
import { refundAmount } from '../../src/domain/approval.ts';
import { computeTotals } from '../../src/domain/cart.ts';
import { saleVoidPayloadSchema } from '../../src/protocol/schemas.ts';
import { approveAs, CASHIER, freshDb, renderApp, SUPERVISOR } from './harness.tsx';
import { dayCutoffOf, loadSettings } from '../../src/client/db/settings-repo.ts';

// Each case walks several screens with PIN checks; on a busy two-core CI that outgrows the default 5 s.
vi.setConfig({ testTimeout: 15_000 });

let db: KasirDb | null = null;
afterEach(() => {
  vi.restoreAllMocks();
  db?.close();
  db = null;
});

type User = ReturnType<typeof userEvent.setup>;

/** A sale by the demo cashier, paid in exact cash: 2 × Madu 500 ml and 1 × Kopi Arabika, 10% off the order. */
async function sellDemo(d: KasirDb): Promise<SaleRow> {
  for (const [sku, qty] of [['MDU-001', 2], ['KOP-001', 1]] as const) {
    const p = await d.products.where('sku').equals(sku).first();
    if (!p) throw new Error(`no ${sku}`);
    await addToCart(d, { productId: p.id, producerId: p.producerId, name: p.name, sku: p.sku, unitPrice: p.price }, qty);
  }
  await setOrderDiscount(d, { kind: 'percent', bp: 1_000 });
  const cart = await getOpenCart(d);
  const total = computeTotals(cart.lines, cart.orderDiscount).total;
  // The outlet's cutoff, as the counter gives it: between 00.00 and 04.00 WITA the sale belongs to the day before.
  const dayCutoffMinutes = dayCutoffOf(await loadSettings(d));
  return checkout(d, { cart, tenders: [{ method: 'cash', amount: total }], cashier: CASHIER.name, cashierId: CASHIER.id, taxMode: 'none', roundingStep: 0, dayCutoffMinutes });
}

async function stockOf(d: KasirDb, sku: string): Promise<number | null> {
  const hits = await searchProducts(d, '', 'ntb-mall', { limit: 10_000 });
  return hits.find((h) => h.sku === sku)?.stock ?? null;
}

async function openSale(user: User, receiptNo: string): Promise<HTMLElement> {
  await user.click(await screen.findByRole('button', { name: `Buka struk ${receiptNo}` }));
  return screen.getByRole('dialog', { name: `Struk ${receiptNo}` });
}

describe('voiding a whole sale', () => {
  it('records both people, queues sale.void with return stock events, puts the stock back and shows the slip', async () => {
    db = await freshDb();
    const before = { madu: await stockOf(db, 'MDU-001'), kopi: await stockOf(db, 'KOP-001') };
    const sale = await sellDemo(db);
    expect(await stockOf(db, 'MDU-001')).toBe((before.madu ?? 0) - 2);
    const user = userEvent.setup();
    renderApp({ db, sync: null }, '/penjualan');
    const detail = await openSale(user, sale.receiptNo);
    await user.click(within(detail).getByRole('button', { name: 'Batalkan penjualan' }));
    const submit = within(detail).getByRole('button', { name: 'Minta persetujuan dan batalkan' });
    expect(within(detail).getByText('Rp 328.500')).toBeInTheDocument();
    // A reason is required.
    expect(submit).toBeDisabled();
    await user.type(within(detail).getByRole('textbox', { name: 'Alasan' }), 'Pelanggan batal membeli');
    await user.click(submit);
    const dialog = await screen.findByRole('dialog', { name: 'Persetujuan supervisor' });
    expect(dialog).toHaveAccessibleDescription(
      `Batalkan penjualan ${sale.receiptNo}: 2 × Madu Hutan Sumbawa 500 ml, 1 × Kopi Bubuk Sembalun Arabika 250 g, kembalikan Rp 328.500 (Tunai). Alasan: Pelanggan batal membeli`,
    );
    await approveAs(user, SUPERVISOR);

    const done = await screen.findByRole('status', { name: 'Penjualan dibatalkan' });
    const slip = (await within(done).findByLabelText(`Bukti retur ${sale.receiptNo}`)).textContent ?? '';
    expect(slip).toMatch(/PEMBATALAN PENJUALAN/);
    expect(slip).toMatch(/DIKEMBALIKAN\s+Rp 328\.500/);
    expect(slip).toMatch(/Oleh\s+Baiq Nuraini/);
    expect(slip).toMatch(/Disetujui\s+Lalu Ahmad/);
    expect(within(done).getByRole('button', { name: 'Cetak Bukti Retur' })).toBeInTheDocument();

    const rows = await db.outbox.orderBy('seq').toArray();
    expect(rows.map((r) => r.type)).toEqual(['sale.record', 'sale.void']);
    expect(rows[1]).toMatchObject({ seq: 2, status: 'pending', saleId: null });
    const payload = saleVoidPayloadSchema.parse(rows[1]?.payload);
    expect(payload).toMatchObject({ saleId: sale.id, kind: 'void', amount: 328_500, method: 'cash', reason: 'Pelanggan batal membeli', by: CASHIER.id, outletId: 'ntb-mall' });
    expect(payload.approval).toMatchObject({ kind: 'void-sale', approverId: SUPERVISOR.id, requestedBy: CASHIER.id, lineId: null });
    expect(payload.lines).toEqual(sale.lines.map((l) => ({ lineId: l.id, qty: l.qty })));
    expect(payload.stockEvents.map((e) => [e.productId, e.delta, e.reason, e.saleId])).toEqual(sale.lines.map((l) => [l.productId, l.qty, 'return', sale.id]));

    // The screen's stock counts the goods back at once.
    expect(await stockOf(db, 'MDU-001')).toBe(before.madu);
    expect(await stockOf(db, 'KOP-001')).toBe(before.kopi);
    const stored = await db.sales.get(sale.id);
    expect(stored?.sync).toBe('pending');
    expect(stored?.returns).toEqual([expect.objectContaining({ kind: 'void', amount: 328_500, byName: CASHIER.name, approverName: SUPERVISOR.name, sync: 'pending' })]);

    await user.click(within(screen.getByRole('dialog', { name: `Struk ${sale.receiptNo}` })).getByRole('button', { name: 'Tutup' }));
    const row = screen.getByRole('rowheader', { name: sale.receiptNo }).closest('tr') as HTMLElement;
    expect(within(row).getByTestId('return-tag')).toHaveTextContent('Dibatalkan');
    expect(screen.getByTestId('returned-today')).toHaveTextContent('Rp 328.500');
    const again = await openSale(user, sale.receiptNo);
    expect(within(again).getByRole('button', { name: 'Batalkan penjualan' })).toBeDisabled();
    expect(within(again).getByRole('button', { name: 'Retur' })).toBeDisabled();
  });

  it('nothing is recorded when the supervisor does not approve', async () => {
    db = await freshDb();
    const sale = await sellDemo(db);
    const user = userEvent.setup();
    renderApp({ db, sync: null }, '/penjualan');
    const detail = await openSale(user, sale.receiptNo);
    await user.click(within(detail).getByRole('button', { name: 'Batalkan penjualan' }));
    await user.type(within(detail).getByRole('textbox', { name: 'Alasan' }), 'salah input');
    await user.click(within(detail).getByRole('button', { name: 'Minta persetujuan dan batalkan' }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Persetujuan supervisor' })).getByRole('button', { name: 'Batal' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Persetujuan supervisor' })).toBeNull());
    expect(await db.outbox.count()).toBe(1);
    expect((await db.sales.get(sale.id))?.returns ?? []).toEqual([]);
  });
});

describe('refunds', () => {
  it('one unit of one line gives back its share of what was paid, by cash, and only that goes back to stock', async () => {
    db = await freshDb();
    const sale = await sellDemo(db);
    const maduLine = sale.lines.find((l) => l.sku === 'MDU-001');
    if (!maduLine) throw new Error('no madu line');
    const expected = refundAmount(sale, [{ lineId: maduLine.id, qty: 1 }]);
    // 2 × 150.000 less its share of the 10% order discount (30.000), halved.
    expect(expected).toBe(135_000);
    const stockBefore = await stockOf(db, 'MDU-001');

    const user = userEvent.setup();
    renderApp({ db, sync: null }, '/penjualan');
    const detail = await openSale(user, sale.receiptNo);
    await user.click(within(detail).getByRole('button', { name: 'Retur' }));
    const qty = within(detail).getByRole('textbox', { name: 'Jumlah retur Madu Hutan Sumbawa 500 ml' });
    await user.clear(qty);
    await user.type(qty, '1');
    expect(within(detail).getByText('Rp 135.000')).toBeInTheDocument();
    // More than was sold is refused in words.
    await user.clear(qty);
    await user.type(qty, '3');
    expect(await within(detail).findByRole('alert')).toHaveTextContent('Madu Hutan Sumbawa 500 ml: tinggal 2 yang bisa dikembalikan');
    await user.clear(qty);
    await user.type(qty, '1');
    expect(within(detail).getByRole('combobox', { name: 'Dikembalikan dengan' })).toHaveValue('cash');
    await user.type(within(detail).getByRole('textbox', { name: 'Alasan' }), 'Botol retak');
    await user.click(within(detail).getByRole('button', { name: 'Minta persetujuan dan retur' }));
    await approveAs(user, SUPERVISOR);

    const done = await screen.findByRole('status', { name: 'Retur tercatat' });
    expect((await within(done).findByLabelText(`Bukti retur ${sale.receiptNo}`)).textContent).toMatch(/RETUR BARANG[\s\S]*Madu Hutan Sumbawa 500 ml\s+1 x 150\.000[\s\S]*DIKEMBALIKAN\s+Rp 135\.000/);
    const [, row] = await db.outbox.orderBy('seq').toArray();
    const payload = saleVoidPayloadSchema.parse(row?.payload);
    expect(payload).toMatchObject({ kind: 'refund', amount: expected, method: 'cash', lines: [{ lineId: maduLine.id, qty: 1 }], by: CASHIER.id });
    expect(payload.approval).toMatchObject({ kind: 'refund', approverId: SUPERVISOR.id, requestedBy: CASHIER.id });
    expect(payload.stockEvents).toEqual([expect.objectContaining({ productId: maduLine.productId, delta: 1, reason: 'return' })]);
    expect(await stockOf(db, 'MDU-001')).toBe((stockBefore ?? 0) + 1);

    await user.click(within(screen.getByRole('dialog', { name: `Struk ${sale.receiptNo}` })).getByRole('button', { name: 'Tutup' }));
    const tr = screen.getByRole('rowheader', { name: sale.receiptNo }).closest('tr') as HTMLElement;
    expect(within(tr).getByTestId('return-tag')).toHaveTextContent('Retur Rp 135.000');
    // A part came back: the rest can still be refunded, but the sale can no longer be voided whole.
    const again = await openSale(user, sale.receiptNo);
    expect(within(again).getByRole('button', { name: 'Batalkan penjualan' })).toBeDisabled();
    expect(within(again).getByRole('button', { name: 'Retur' })).toBeEnabled();
    await user.click(within(again).getByRole('button', { name: 'Retur' }));
    expect(within(again).getByRole('textbox', { name: 'Jumlah retur Madu Hutan Sumbawa 500 ml' })).toBeEnabled();
    expect(within(again).getByText('2 (bisa diretur 1)')).toBeInTheDocument();
  });
});
