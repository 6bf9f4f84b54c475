// A booth with two tablets, each with its own drawer, in real Chromium with
// no network from Mulai Shift to the Z: each opens its shift offline and
// sells cash, QRIS "verify later" and a split tender; one refunds an earlier
// sale by scanning its receipt's code; both close, one with a Selisih that a
// supervisor's PIN approves. Back online, both sync, and the server's shift
// records (GET /api/shifts) equal each tablet's Z report figure by figure.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRupiah } from '../../src/domain/money.ts';
import { PAYMENT_METHODS } from '../../src/domain/payment.ts';
import { paymentMethodLabel } from '../../src/domain/receipt.ts';
import { SHIFTS_ROUTE } from '../../src/protocol/routes.ts';
import type { ShiftList, ShiftRow } from '../../src/protocol/shift.ts';
import { approveAs, getJson, launch, newProfileDir, openShift, OUTLET, registrationCode, setOutletSettings, signIn, startServer, type TestServer } from './helpers.ts';

const STATIC_QRIS =
  '00020101021126620016ID.CO.CONTOH.WWW011893600000000001234502090000123450303UMI51440014ID.CO.QRIS.WWW0215ID10250000000010303UMI5204594753033605802ID5908NTB MALL6007MATARAM6105831256304DC72';

const KOPI = 'Kopi Bubuk Sembalun Arabika 250 g'; // Rp 65.000
const ROBUSTA = 'Kopi Bubuk Sembalun Robusta 250 g'; // Rp 45.000
const MADU = 'Madu Hutan Sumbawa 250 ml'; // Rp 85.000

let server: TestServer;
const contexts: BrowserContext[] = [];
let a: Page;
let b: Page;

/** A new tablet: enrolled and signed in while the booth still had a signal, no shift yet. */
async function tablet(): Promise<Page> {
  const context = await launch(newProfileDir(), server);
  contexts.push(context);
  const page = context.pages()[0] ?? (await context.newPage());
  const ready = page.getByRole('region', { name: 'Aplikasi siap dipakai tanpa internet.' });
  await page.addLocatorHandler(ready, async () => {
    await ready.getByRole('button', { name: 'Tutup pesan' }).click();
  });
  await page.goto(server.baseUrl);
  await page.getByRole('heading', { name: 'Daftarkan perangkat ini' }).waitFor();
  await page.getByRole('textbox', { name: 'Kode pendaftaran' }).fill(await registrationCode(server));
  await page.getByRole('button', { name: 'Daftarkan', exact: true }).click();
  await signIn(page, server.users.cashier);
  await page.getByRole('link', { name: 'Mulai Shift' }).waitFor();
  // registerType 'prompt' does not claim the first page: once reloaded, every screen's chunk comes from the precache.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await signIn(page, server.users.cashier);
  await page.getByRole('link', { name: 'Mulai Shift' }).waitFor();
  return page;
}

beforeAll(async () => {
  server = await startServer();
  await setOutletSettings(server, OUTLET, { qrisStatic: STATIC_QRIS });
  a = await tablet();
  b = await tablet();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await server?.close();
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function addToCart(p: Page, name: string): Promise<void> {
  await p.getByRole('searchbox', { name: 'Cari produk' }).fill(name.toLowerCase());
  await p.getByRole('button', { name: new RegExp(`^Tambah ${escape(name)} `) }).click();
  await p.getByRole('list', { name: 'Keranjang' }).getByText(name).waitFor();
  await p.getByRole('button', { name: 'Bayar', exact: true }).click();
}

async function finish(p: Page): Promise<string> {
  await p.getByRole('button', { name: 'Selesaikan Penjualan' }).click();
  const done = p.getByRole('status', { name: 'Penjualan tersimpan' });
  await done.waitFor();
  const receiptNo = (await done.locator('strong').first().textContent()) ?? '';
  await p.getByRole('button', { name: 'Transaksi Baru' }).click();
  return receiptNo;
}

/** Cash, with a note handed over (`quick` is a quick-cash button) or the exact amount. */
async function sellCash(p: Page, name: string, quick = 'Uang Pas'): Promise<string> {
  await addToCart(p, name);
  await p.getByRole('button', { name: quick, exact: true }).click();
  return finish(p);
}

async function sellQrisLater(p: Page, name: string): Promise<string> {
  await addToCart(p, name);
  const dialog = p.getByRole('dialog', { name: 'Pembayaran' });
  await dialog.getByRole('radio', { name: 'QRIS' }).click();
  await dialog.getByRole('checkbox', { name: /Belum terlihat masuk/ }).check();
  return finish(p);
}

/** Part by card or transfer, the rest in cash. */
async function sellSplit(p: Page, name: string, method: 'Kartu' | 'Transfer', part: string): Promise<string> {
  await addToCart(p, name);
  const dialog = p.getByRole('dialog', { name: 'Pembayaran' });
  await dialog.getByRole('radio', { name: method }).click();
  await dialog.getByRole('textbox', { name: 'Jumlah', exact: true }).fill(part);
  await dialog.getByRole('button', { name: 'Tambahkan Pembayaran' }).click();
  await dialog.getByRole('radio', { name: 'Tunai' }).click();
  await dialog.getByRole('button', { name: 'Uang Pas' }).click();
  return finish(p);
}

/** A keyboard-wedge scanner's burst reading the receipt's Code 128 (the receipt number), 5 ms a key by the events' clock. */
async function scan(p: Page, code: string): Promise<void> {
  await p.evaluate((text) => {
    const target = document.activeElement ?? document.body;
    let t = performance.now();
    for (const key of [...text, 'Enter']) {
      const ev = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
      Object.defineProperty(ev, 'timeStamp', { value: (t += 5) });
      target.dispatchEvent(ev);
    }
  }, code);
}

/** Tutup Kasir: QRIS confirmed against the mutasi, notes counted, the other methods typed, compared and closed. */
async function closeDrawer(p: Page, opts: { qrisReceipt: string; notes: Record<string, string>; qris: string; card?: string; transfer?: string }): Promise<void> {
  await p.getByRole('link', { name: 'Shift', exact: true }).click();
  await p.getByRole('textbox', { name: `Referensi mutasi struk ${opts.qrisReceipt}` }).fill('BRI 7781203');
  await p.getByRole('button', { name: `Konfirmasi QRIS struk ${opts.qrisReceipt}` }).click();
  for (const [label, n] of Object.entries(opts.notes)) {
    const field = p.getByRole('textbox', { name: label, exact: true });
    // Never prefilled with what the drawer should hold.
    expect(await field.inputValue()).toBe('');
    await field.fill(n);
  }
  await p.getByRole('textbox', { name: 'QRIS menurut mutasi (Rp)' }).fill(opts.qris);
  if (opts.card) await p.getByRole('textbox', { name: 'Kartu menurut mesin EDC (Rp)' }).fill(opts.card);
  if (opts.transfer) await p.getByRole('textbox', { name: 'Transfer menurut mutasi bank (Rp)' }).fill(opts.transfer);
  await p.getByRole('button', { name: 'Bandingkan' }).click();
  await p.getByRole('table', { name: 'Diharapkan, terhitung dan selisih' }).waitFor();
}

const money = (n: number) => formatRupiah(n).replace(/\u00a0/g, ' ');

/** The figure a Z line shows after its label, e.g. "Tunai diharapkan      Rp 125.000". */
function figure(z: string, label: string): string {
  const m = new RegExp(`^${escape(label)}\\s+(\\S.*)$`, 'm').exec(z);
  if (!m) throw new Error(`no "${label}" line in the Z:\n${z}`);
  return m[1]!.trim();
}

/** The tablet's printed Z against the server's record of the shift, line by line. */
function expectZMatches(z: string, row: ShiftRow): void {
  const closed = row.closed;
  if (!closed) throw new Error(`shift ${row.id} is not closed on the server`);
  // What the device reported is what the server counts from the acts it holds.
  expect(closed.expected).toEqual(row.server.expected);
  expect(closed.totals).toEqual(row.server.totals);
  expect(figure(z, 'Penjualan')).toBe(String(row.server.totals.salesCount));
  expect(figure(z, 'Penjualan bersih')).toBe(money(row.server.totals.net));
  expect(figure(z, `Retur (${row.server.totals.refunds.count})`)).toBe(money(-row.server.totals.refunds.amount));
  expect(figure(z, 'Kas Awal')).toBe(money(row.openingFloat));
  for (const m of PAYMENT_METHODS) {
    const label = paymentMethodLabel(m, 'id');
    expect(figure(z, `${label} diharapkan`)).toBe(money(row.server.expected[m]));
    expect(figure(z, `${label} terhitung`)).toBe(money(closed.counted[m]));
    expect(figure(z, `Selisih ${label}`)).toBe(money(closed.counted[m] - row.server.expected[m]));
  }
  expect(/LAPORAN Z No\. (\d+)/.exec(z)?.[1]).toBe(String(closed.zNo));
}

describe('a booth with two tablets, offline from Mulai Shift to the Z', () => {
  it('both sell, one refunds a scanned receipt, both close (one with an approved Selisih), and the server agrees with each Z', async () => {
    for (const c of contexts) await c.setOffline(true);
    await openShift(a, '100.000');
    await openShift(b, '50.000');

    // Tablet A: cash with change, QRIS not yet seen, transfer + cash; then the cash sale comes back.
    const aCash = await sellCash(a, KOPI, '100.000');
    const aQris = await sellQrisLater(a, MADU);
    await sellSplit(a, ROBUSTA, 'Transfer', '20.000');
    await scan(a, aCash);
    const refund = a.getByRole('region', { name: `Retur dari struk ${aCash}` });
    await refund.waitFor();
    await refund.getByRole('textbox', { name: `Jumlah retur ${KOPI}` }).fill('1');
    await refund.getByRole('textbox', { name: 'Alasan' }).fill('kemasan sobek');
    await refund.getByRole('button', { name: 'Minta persetujuan dan retur' }).click();
    await approveAs(a, server.users.supervisor);
    await a.getByRole('status', { name: 'Retur tercatat' }).waitFor();

    // Tablet B: exact cash, QRIS not yet seen, card + cash.
    await sellCash(b, MADU);
    const bQris = await sellQrisLater(b, KOPI);
    await sellSplit(b, ROBUSTA, 'Kartu', '30.000');

    // A: 100.000 + 100.000 - 35.000 change + 25.000 - 65.000 refund = Rp 125.000, counted exactly.
    await closeDrawer(a, { qrisReceipt: aQris, notes: { 'Uang kertas Rp 100.000': '1', 'Uang kertas Rp 20.000': '1', 'Uang kertas Rp 5.000': '1' }, qris: '85.000', transfer: '20.000' });
    await a.getByRole('button', { name: 'Tutup Kasir dan cetak Laporan Z' }).click();
    await a.getByRole('status').filter({ hasText: 'Laporan Z No. 1' }).waitFor();
    // B: 50.000 + 85.000 + 15.000 = Rp 150.000 expected, Rp 130.000 in the drawer: a supervisor approves.
    await closeDrawer(b, { qrisReceipt: bQris, notes: { 'Uang kertas Rp 100.000': '1', 'Uang kertas Rp 20.000': '1', 'Uang kertas Rp 10.000': '1' }, qris: '65.000', card: '30.000' });
    await b.getByRole('alert').filter({ hasText: 'perlu PIN supervisor' }).waitFor();
    await b.getByRole('button', { name: 'Tutup Kasir dan cetak Laporan Z' }).click();
    await approveAs(b, server.users.supervisor);
    await b.getByRole('status').filter({ hasText: 'Laporan Z No. 1' }).waitFor();

    const zA = (await a.getByLabel('Laporan Z No. 1', { exact: true }).textContent()) ?? '';
    const zB = (await b.getByLabel('Laporan Z No. 1', { exact: true }).textContent()) ?? '';
    expect(figure(zA, 'Tunai diharapkan')).toBe('Rp 125.000');
    expect(figure(zB, 'Selisih Tunai')).toBe('-Rp 20.000');
    expect(figure(zB, 'Disetujui oleh')).toBe(server.users.supervisor.name);
    // Nothing has reached the server yet: the booth had no signal all along.
    expect(Number((await server.store.db.all('SELECT COUNT(*) AS n FROM shifts'))[0]?.n)).toBe(0);

    for (const c of contexts) await c.setOffline(false);
    for (const p of [a, b]) {
      await p.waitForFunction(() => document.querySelector('[data-testid="pending-count"]')?.getAttribute('data-count') === '0', undefined, { timeout: 60_000 });
    }

    const { shifts } = await getJson<ShiftList>(server, `${SHIFTS_ROUTE}?outletId=${OUTLET}`, server.users.supervisor);
    expect(shifts).toHaveLength(2);
    const byFloat = new Map(shifts.map((s) => [s.openingFloat, s]));
    const rowA = byFloat.get(100_000);
    const rowB = byFloat.get(50_000);
    if (!rowA || !rowB) throw new Error('a shift is missing on the server');
    expectZMatches(zA, rowA);
    expectZMatches(zB, rowB);
    expect(rowA.server.expected).toEqual({ cash: 125_000, qris: 85_000, card: 0, transfer: 20_000 });
    expect(rowB.server.expected).toEqual({ cash: 150_000, qris: 65_000, card: 30_000, transfer: 0 });
    expect(rowB.closed?.approverId).toBe(server.users.supervisor.id);
    // Each drawer numbers its own Z; nothing is flagged.
    expect([rowA.drawerId === rowB.drawerId, rowA.closed?.zNo, rowB.closed?.zNo]).toEqual([false, 1, 1]);
    expect([...rowA.flags, ...rowB.flags]).toEqual([]);
  });
});
