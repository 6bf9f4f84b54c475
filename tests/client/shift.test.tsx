// A drawer's shift on the device, offline throughout: Mulai Shift with Kas
// Awal, sales and a refund counted in it, Kas Keluar, the X report, and Tutup
// Kasir counted by denomination, with a supervisor's PIN beyond the Selisih
// threshold; a closed Z is never reopened, and the next shift shows its count.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { addToCart, getOpenCart } from '../../src/client/db/cart-repo.ts';
import type { KasirDb } from '../../src/client/db/database.ts';
import { checkout, CheckoutError } from '../../src/client/db/sales-repo.ts';
import { closeShift, currentShift, moveCash, previousClose, ShiftError, shiftReport, startShift } from '../../src/client/db/shift-repo.ts';
import { recordSaleReturn } from '../../src/client/db/void-repo.ts';
import { computeTotals } from '../../src/domain/cart.ts';
import type { Approval } from '../../src/domain/approval.ts';
import { uuidv7 } from '../../src/domain/id.ts';
import { shiftClosePayloadSchema } from '../../src/protocol/schemas.ts';
import { approveAs, CASHIER, freshDb, renderApp, setOutletSettings, SUPERVISOR } from './harness.tsx';

// The whole Mulai Shift → Tutup Kasir walk renders many screens; the project timeout (30 s) only catches a hang.

let db: KasirDb | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

const by = { id: CASHIER.id, name: CASHIER.name };
const approval = (kind: Approval['kind']): Approval => ({ id: uuidv7(), kind, approverId: SUPERVISOR.id, requestedBy: CASHIER.id, at: Date.now(), lineId: null, detail: 'uji' });

/** Sells one Kopi (Rp 65.000) paid with a Rp 100.000 note, or split QRIS and cash. */
async function sell(d: KasirDb, split = false) {
  const p = await d.products.where('sku').equals('KOP-001').first();
  if (!p) throw new Error('no KOP-001');
  await addToCart(d, { productId: p.id, producerId: p.producerId, name: p.name, sku: p.sku, unitPrice: p.price }, 1);
  const cart = await getOpenCart(d);
  const total = computeTotals(cart.lines, null).total;
  const tenders = split ? [{ method: 'qris' as const, amount: 40_000 }, { method: 'cash' as const, amount: total - 40_000 }] : [{ method: 'cash' as const, amount: 100_000 }];
  return checkout(d, { cart, tenders, cashier: CASHIER.name, cashierId: CASHIER.id, taxMode: 'none', roundingStep: 0 });
}

describe('a shift on the device', () => {
  it('counts its sales, a refund and kas keluar once; closes into Z 1 that cannot be closed again; the next shift shows its count', async () => {
    db = await freshDb(true, { shift: false });
    await expect(sell(db)).rejects.toMatchObject({ code: 'no-shift' });
    expect(await db.sales.count()).toBe(0);
    // The refused sale's cart stays on screen; this test starts over.
    await db.carts.clear();

    const shift = await startShift(db, { by, openingFloat: 200_000, dayCutoffMinutes: 240 });
    const cashSale = await sell(db);
    const splitSale = await sell(db, true);
    expect([cashSale.shiftId, splitSale.shiftId]).toEqual([shift.id, shift.id]);
    const line = cashSale.lines[0]!;
    const ret = await recordSaleReturn(db, { saleId: cashSale.id, kind: 'refund', lines: [{ lineId: line.id, qty: 1 }], amount: 65_000, method: 'cash', reason: 'rusak', by, approval: approval('refund'), approverName: SUPERVISOR.name });
    expect(ret.shiftId).toBe(shift.id);
    await moveCash(db, { direction: 'out', amount: 20_000, reason: 'beli-plastik', note: 'kantong', by, approval: null, cashOutLimit: 500_000 });
    await expect(moveCash(db, { direction: 'out', amount: 600_000, reason: 'setoran-bank', note: '', by, approval: null, cashOutLimit: 500_000 })).rejects.toMatchObject({ code: 'needs-approval' });

    const x = await shiftReport(db, shift);
    // 200.000 + 100.000 + 25.000 (the split's cash) - 35.000 change - 65.000 refund - 20.000 kas keluar.
    expect(x.expected).toEqual({ cash: 205_000, qris: 40_000, card: 0, transfer: 0 });
    expect(x.salesCount).toBe(2);

    const z = await closeShift(db, { shiftId: shift.id, by, denominations: { n100000: 2, n5000: 1 }, nonCash: { qris: 40_000, card: 0, transfer: 0 }, note: '', approval: null, approverName: null, selisihThreshold: 10_000 });
    expect(z.state).toBe('closed');
    expect(z.close).toMatchObject({ zNo: 1, counted: { cash: 205_000, qris: 40_000 }, expected: x.expected });
    const queued = (await db.outbox.orderBy('seq').toArray()).map((r) => r.type);
    expect(queued).toEqual(['shift.open', 'sale.record', 'sale.record', 'sale.void', 'cash.move', 'shift.close']);
    const sent = shiftClosePayloadSchema.parse((await db.outbox.orderBy('seq').last())?.payload);
    expect(sent.totals.salesCount).toBe(2);

    await expect(closeShift(db, { shiftId: shift.id, by, denominations: {}, nonCash: { qris: 0, card: 0, transfer: 0 }, note: '', approval: null, approverName: null, selisihThreshold: 10_000 })).rejects.toBeInstanceOf(ShiftError);
    expect(await currentShift(db)).toBeNull();
    await expect(sell(db)).rejects.toBeInstanceOf(CheckoutError);

    expect((await previousClose(db))?.close?.counted.cash).toBe(205_000);
    const next = await startShift(db, { by, openingFloat: 205_000, dayCutoffMinutes: 240 });
    expect(next.previous).toEqual({ shiftId: shift.id, counted: 205_000 });
    const z2 = await closeShift(db, { shiftId: next.id, by, denominations: { n100000: 2, n5000: 1 }, nonCash: { qris: 0, card: 0, transfer: 0 }, note: '', approval: null, approverName: null, selisihThreshold: 10_000 });
    expect(z2.close?.zNo).toBe(2);
  });

  it('a close with a Selisih over the threshold is refused without a supervisor', async () => {
    db = await freshDb(true, { shift: false });
    const shift = await startShift(db, { by, openingFloat: 100_000, dayCutoffMinutes: 240 });
    await expect(closeShift(db, { shiftId: shift.id, by, denominations: { n50000: 1 }, nonCash: { qris: 0, card: 0, transfer: 0 }, note: '', approval: null, approverName: null, selisihThreshold: 10_000 })).rejects.toMatchObject({ code: 'needs-approval' });
    expect((await currentShift(db))?.state).toBe('open');
    const z = await closeShift(db, { shiftId: shift.id, by, denominations: { n50000: 1 }, nonCash: { qris: 0, card: 0, transfer: 0 }, note: 'kurang', approval: approval('shift-selisih'), approverName: SUPERVISOR.name, selisihThreshold: 10_000 });
    expect(z.close?.approval?.approverId).toBe(SUPERVISOR.id);
  });
});

describe('the Shift screen', () => {
  it('the counter offers Mulai Shift; the cashier opens with Kas Awal, counts at Tutup Kasir without the expected figure shown, and a supervisor approves the Selisih', async () => {
    db = await freshDb(true, { shift: false });
    await setOutletSettings(db, { selisihThreshold: 1_000 });
    const user = userEvent.setup();
    renderApp({ db, sync: null }, '/');
    const offer = await screen.findByText('Belum ada shift terbuka. Mulai Shift untuk berjualan.');
    // Bayar with no shift says why next to it (it once did nothing at all).
    await user.click(await screen.findByRole('button', { name: /^Tambah Dodol Rumput Laut/ }));
    await user.click(screen.getByRole('button', { name: 'Bayar' }));
    expect(await within(screen.getByRole('region', { name: /^Keranjang/ })).findByRole('alert')).toHaveTextContent('Belum ada shift terbuka. Mulai Shift untuk berjualan.');
    expect(screen.queryByRole('dialog', { name: 'Pembayaran' })).toBeNull();
    await user.click(within(offer.closest('div') as HTMLElement).getByRole('link', { name: 'Mulai Shift' }));

    const open = await screen.findByRole('form', { name: 'Mulai Shift' });
    expect(within(open).getByText('Ini shift pertama laci ini.')).toBeInTheDocument();
    await user.type(within(open).getByRole('textbox', { name: /Kas Awal/ }), 'dua ratus');
    await user.click(within(open).getByRole('button', { name: 'Mulai Shift' }));
    expect(await within(open).findByRole('alert')).toHaveTextContent('Isi Kas Awal dalam rupiah');
    await user.clear(within(open).getByRole('textbox', { name: /Kas Awal/ }));
    await user.type(within(open).getByRole('textbox', { name: /Kas Awal/ }), '150.000');
    await user.click(within(open).getByRole('button', { name: 'Mulai Shift' }));
    expect(await screen.findByText(/^Shift dibuka .* Kas Awal Rp 150\.000\.$/)).toBeInTheDocument();

    // X report: what the drawer should hold now.
    await user.click(await screen.findByRole('button', { name: 'Lihat Laporan X' }));
    expect((await screen.findByLabelText('Laporan X (shift masih berjalan)', { selector: 'pre' })).textContent).toMatch(/Tunai diharapkan\s+Rp 150\.000/);

    const close = screen.getByRole('region', { name: 'Tutup Kasir' });
    // The count starts empty and no expected figure is on screen before counting.
    const hundreds = within(close).getByRole('textbox', { name: 'Uang kertas Rp 100.000' });
    expect(hundreds).toHaveValue('');
    expect(within(close).queryByRole('table')).toBeNull();
    await user.type(hundreds, '1');
    await user.type(within(close).getByRole('textbox', { name: 'Uang kertas Rp 20.000' }), '2');
    expect(within(close).getByText('Tunai terhitung: Rp 140.000')).toBeInTheDocument();
    await user.click(within(close).getByRole('button', { name: 'Bandingkan' }));
    const table = await within(close).findByRole('table', { name: 'Diharapkan, terhitung dan selisih' });
    const cashRow = within(table).getByRole('rowheader', { name: 'Tunai' }).closest('tr') as HTMLElement;
    expect(cashRow).toHaveTextContent(/Rp 150\.000.*Rp 140\.000.*-Rp 10\.000/);
    await user.click(within(close).getByRole('button', { name: 'Tutup Kasir dan cetak Laporan Z' }));
    await approveAs(user, SUPERVISOR);

    expect(await screen.findByText('Shift ditutup. Laporan Z No. 1 tersimpan dan tidak bisa dibuka lagi.')).toBeInTheDocument();
    const z = screen.getByLabelText('Laporan Z No. 1', { selector: 'pre' }).textContent ?? '';
    expect(z).toMatch(/Selisih Tunai\s+-Rp 10\.000/);
    expect(z).toMatch(/Disetujui oleh\s+Lalu Ahmad/);
    expect(screen.getByRole('link', { name: 'Kirim via WhatsApp' }).getAttribute('href')).toMatch(/^https:\/\/wa\.me\/\?text=.*LAPORAN%20Z/);
    await waitFor(async () => expect((await db!.outbox.orderBy('seq').last())?.type).toBe('shift.close'));

    await user.click(screen.getByRole('button', { name: 'Mulai shift berikutnya' }));
    expect(await screen.findByText('Tutup Kasir terakhir laci ini menghitung Rp 140.000 tunai.')).toBeInTheDocument();
  });
});
