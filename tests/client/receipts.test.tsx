// A customer back with a receipt: its code scanned at the counter or its
// number typed on Penjualan opens the sale for a refund, offline among this
// device's sales, online from the server for another device's (refunded and
// synced from here). QRIS payments the cashier could not see arrive are
// saved "menunggu konfirmasi", then confirmed or disputed offline and synced.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signIn as pinSignIn } from '../../src/client/db/auth-repo.ts';
import { addToCart, getOpenCart } from '../../src/client/db/cart-repo.ts';
import type { KasirDb } from '../../src/client/db/database.ts';
import { awaitingQrisPayments } from '../../src/client/db/payment-repo.ts';
import { checkout } from '../../src/client/db/sales-repo.ts';
import type { SaleRow } from '../../src/client/db/schema.ts';
import { dayCutoffOf, loadSettings } from '../../src/client/db/settings-repo.ts';
import { computeTotals } from '../../src/domain/cart.ts';
import { paymentConfirmPayloadSchema } from '../../src/protocol/mutations/index.ts';
import { saleByReceiptPath } from '../../src/protocol/routes.ts';
import { salesByReceipt } from '../../src/server/sync/receipts.ts';
import { review } from '../../src/server/sync/review.ts';
import { approveAs, CASHIER, freshDb, renderApp, SUPERVISOR, wireUsers } from './harness.tsx';
import { FakeServer, OUTLET, TestDevice } from './sync-harness.ts';

const STATIC_QRIS =
  '00020101021126620016ID.CO.CONTOH.WWW011893600000000001234502090000123450303UMI51440014ID.CO.QRIS.WWW0215ID10250000000010303UMI5204594753033605802ID5908NTB MALL6007MATARAM6105831256304DC72';

let db: KasirDb | null = null;
let server: FakeServer | null = null;
const devices: TestDevice[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) await d.destroy();
  await server?.close();
  server = null;
  db?.close();
  db = null;
});

/** Two units of honey paid in exact cash at `now`, as the counter sells (the outlet's day cutoff applied). */
async function sellHoney(d: KasirDb, opts: { now?: number; qris?: 'awaiting' } = {}): Promise<SaleRow> {
  const p = await d.products.where('sku').equals('MDU-001').first();
  if (!p) throw new Error('no MDU-001');
  await addToCart(d, { productId: p.id, producerId: p.producerId, name: p.name, sku: p.sku, unitPrice: p.price }, 2);
  const cart = await getOpenCart(d);
  const total = computeTotals(cart.lines, null).total;
  const tenders = opts.qris ? [{ method: 'qris' as const, amount: total, awaitingConfirmation: true }] : [{ method: 'cash' as const, amount: total }];
  return checkout(d, { cart, tenders, cashier: CASHIER.name, cashierId: CASHIER.id, taxMode: 'none', roundingStep: 0, dayCutoffMinutes: dayCutoffOf(await loadSettings(d)), ...(opts.now ? { now: opts.now } : {}) });
}

/** A keyboard-wedge scanner: keydowns 5 ms apart, the characters landing in the focused input. */
function scan(code: string) {
  const target = document.activeElement ?? document.body;
  let t = performance.now() + 10_000;
  for (const ch of [...code, 'Enter']) {
    const ev = new KeyboardEvent('keydown', { key: ch, bubbles: true, cancelable: true });
    Object.defineProperty(ev, 'timeStamp', { value: (t += 5) });
    const allowed = target.dispatchEvent(ev);
    if (allowed && ch !== 'Enter' && target instanceof HTMLInputElement) fireEvent.change(target, { target: { value: target.value + ch } });
  }
}

const offline = () => vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));

describe('a receipt brought back', () => {
  it('scanning its code at the counter opens the sale for a refund, not "unknown product", with no network', async () => {
    db = await freshDb();
    const sale = await sellHoney(db);
    offline();
    renderApp({ db, sync: null }, '/');
    await screen.findByRole('searchbox', { name: 'Cari produk' });
    // The counter still shows the last receipt, which takes the focus as it appears: the customer comes back after it has.
    // (A focus moving in the middle of a burst is a person changing fields, and the scanner drops the burst.)
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Transaksi Baru' })));
    scan(sale.receiptNo);
    expect(await screen.findByRole('heading', { name: `Retur dari struk ${sale.receiptNo}` })).toBeInTheDocument();
    expect(screen.queryByText(/tidak dikenal|tidak ada di katalog/)).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Jumlah retur Madu Hutan Sumbawa 500 ml' })).toBeEnabled();
  });

  it('a number typed on Penjualan finds a sale of an earlier day on this device offline; a wrong one is said', async () => {
    db = await freshDb();
    const sale = await sellHoney(db, { now: Date.now() - 3 * 86_400_000 });
    offline();
    const user = userEvent.setup();
    renderApp({ db, sync: null }, '/penjualan');
    const form = await screen.findByRole('form', { name: 'Cari struk' });
    await user.type(within(form).getByRole('textbox', { name: 'Nomor struk' }), 'ab12');
    await user.click(within(form).getByRole('button', { name: 'Cari' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Nomor struk berbentuk AB12-000123');
    // Typed as a person types (userEvent's instant keys would read as a scanner's burst).
    fireEvent.change(within(form).getByRole('textbox', { name: 'Nomor struk' }), { target: { value: ` ${sale.receiptNo.toLowerCase()} ` } });
    await user.click(within(form).getByRole('button', { name: 'Cari' }));
    expect(await screen.findByRole('heading', { name: `Retur dari struk ${sale.receiptNo}` })).toBeInTheDocument();
    // Not on this device and no network: the cashier is told to connect, not that it does not exist.
    fireEvent.change(within(form).getByRole('textbox', { name: 'Nomor struk' }), { target: { value: 'FFFF-000777' } });
    await user.click(within(form).getByRole('button', { name: 'Cari' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Struk FFFF-000777 tidak ada di perangkat ini dan server tidak terjangkau');
  });

  it("another device's sale is found on the server, refunded here, and the refund lands on its sale when synced", async () => {
    server = await FakeServer.create();
    server.users = wireUsers([CASHIER, SUPERVISOR]);
    const seller = await TestDevice.create(server);
    const here = await TestDevice.create(server);
    devices.push(seller, here);
    const sale = await seller.sell([{ sku: 'MDU-001', qty: 2 }]);
    expect((await seller.engine.syncNow()).ok).toBe(true);
    await pinSignIn(here.db, CASHIER.id);
    const fake = server;
    const asked: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = new URL(String(input), 'http://kasir.test');
        if (url.pathname !== saleByReceiptPath(sale.receiptNo)) return fake.fetch(input, init);
        asked.push(new Headers(init?.headers).get('authorization') ?? '');
        return new Response(JSON.stringify(await salesByReceipt(fake.store, sale.receiptNo, OUTLET)), { status: 200, headers: { 'content-type': 'application/json' } });
      }),
    );
    const user = userEvent.setup();
    renderApp({ db: here.db, sync: null }, `/penjualan?struk=${sale.receiptNo}`);
    expect(await screen.findByRole('heading', { name: `Retur dari struk ${sale.receiptNo}` })).toBeInTheDocument();
    expect(screen.getByText(/Penjualan perangkat lain, diambil dari server/)).toBeInTheDocument();
    // Asked with this device's own credential.
    expect(asked).toEqual([`Bearer ${(await here.db.device.get('self'))?.credential ?? ''}`]);
    // It is not this device's sale: the day's list leaves it out.
    expect(screen.getByText('0 transaksi, total Rp 0')).toBeInTheDocument();

    await user.clear(screen.getByRole('textbox', { name: 'Jumlah retur Madu Hutan Sumbawa 500 ml' }));
    await user.type(screen.getByRole('textbox', { name: 'Jumlah retur Madu Hutan Sumbawa 500 ml' }), '1');
    await user.type(screen.getByRole('textbox', { name: 'Alasan' }), 'tutup bocor');
    await user.click(screen.getByRole('button', { name: 'Minta persetujuan dan retur' }));
    await approveAs(user, SUPERVISOR);
    expect(await screen.findByRole('status', { name: 'Retur tercatat' })).toBeInTheDocument();

    expect((await here.engine.syncNow()).ok).toBe(true);
    const rows = await fake.store.db.all('SELECT sale_id, device_id, amount, flags FROM sale_returns');
    expect(rows.map((r) => [r.sale_id, r.device_id, Number(r.amount)])).toEqual([[sale.id, here.deviceId, sale.lines[0]!.net / 2]]);
    // The server held the sale: the refund was checked against it.
    expect(String(rows[0]?.flags)).not.toContain('return-sale-unknown');
    // Answered (flagged only for the test's people, who are not users on this server).
    const stored = await here.db.sales.get(sale.id);
    expect(stored?.returns).toHaveLength(1);
    expect(stored?.returns?.[0]?.sync).not.toBe('pending');
  });
});

describe('QRIS verify later', () => {
  it('a QRIS the cashier could not see arrive is saved as awaiting, with the payment flagged on the sale', async () => {
    db = await freshDb();
    await db.settings.put({ key: 'qrisStatic', value: STATIC_QRIS });
    const user = userEvent.setup();
    renderApp({ db, sync: null });
    const search = await screen.findByRole('searchbox', { name: 'Cari produk' });
    await user.type(search, 'madu hutan');
    await user.click(await screen.findByRole('button', { name: /^Tambah Madu Hutan Sumbawa 500 ml / }));
    await user.click(await screen.findByRole('button', { name: 'Bayar' }));
    const dialog = await screen.findByRole('dialog', { name: 'Pembayaran' });
    await user.click(within(dialog).getByRole('radio', { name: 'QRIS' }));
    expect(within(dialog).getByRole('button', { name: 'Selesaikan Penjualan' })).toBeDisabled();
    await user.click(within(dialog).getByRole('checkbox', { name: /Belum terlihat masuk/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Selesaikan Penjualan' }));
    await screen.findByRole('status', { name: 'Penjualan tersimpan' });
    const [sale] = await db.sales.toArray();
    expect(sale?.payments.map((p) => [p.method, p.awaitingConfirmation])).toEqual([['qris', true]]);
    expect((await awaitingQrisPayments(db)).map((x) => x.sale.id)).toEqual([sale?.id]);
  });

  it('confirmed with the reference and disputed offline on Penjualan, each queued once, then synced: the dispute flags its sale', async () => {
    server = await FakeServer.create();
    server.users = wireUsers([CASHIER, SUPERVISOR]);
    const device = await TestDevice.create(server);
    devices.push(device);
    await pinSignIn(device.db, CASHIER.id);
    const first = await sellHoney(device.db, { qris: 'awaiting' });
    const second = await sellHoney(device.db, { qris: 'awaiting' });
    offline();
    const user = userEvent.setup();
    renderApp({ db: device.db, sync: null }, '/penjualan');
    const list = await screen.findByRole('region', { name: 'QRIS menunggu konfirmasi (2)' });
    // Confirming needs the reference from the mutasi.
    await user.click(within(list).getByRole('button', { name: `Konfirmasi QRIS struk ${first.receiptNo}` }));
    expect(await within(list).findByRole('alert')).toHaveTextContent('Isi referensi dari mutasi bank');
    await user.type(within(list).getByRole('textbox', { name: `Referensi mutasi struk ${first.receiptNo}` }), 'BRI 551203');
    await user.click(within(list).getByRole('button', { name: `Konfirmasi QRIS struk ${first.receiptNo}` }));
    expect(await screen.findByRole('region', { name: 'QRIS menunggu konfirmasi (1)' })).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: `Catatan bantahan struk ${second.receiptNo}` }), 'tidak ada di mutasi');
    await user.click(screen.getByRole('button', { name: `Bantah QRIS struk ${second.receiptNo}` }));
    const done = await screen.findByRole('region', { name: 'QRIS menunggu konfirmasi (0)' });
    expect(within(done).getByRole('list', { name: 'Sudah dijawab di perangkat ini' })).toHaveTextContent('Dikonfirmasi, referensi BRI 551203');

    const queued = (await device.db.outbox.toArray()).filter((r) => r.type === 'payment.confirm').map((r) => paymentConfirmPayloadSchema.parse(r.payload));
    expect(queued.map((p) => [p.saleId, p.outcome, p.reference])).toEqual([
      [first.id, 'confirmed', 'BRI 551203'],
      [second.id, 'disputed', null],
    ]);

    vi.unstubAllGlobals();
    expect((await device.engine.syncNow()).ok).toBe(true);
    const r = await review(server.store, 100, OUTLET);
    expect(r.qrisPayments.map((q) => [q.saleId, q.state])).toEqual([[second.id, 'disputed']]);
    expect(r.flaggedSales.map((s) => s.sale.id)).toContain(second.id);
    await waitFor(async () => expect((await device.db.sales.get(second.id))?.qrisChecks?.map((c) => c.sync)).toEqual(['flagged']));
  });
});
