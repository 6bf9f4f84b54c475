// A QRIS the cashier could not see arrive, and the customer back with the
// receipt, in real Chromium: the sale is saved "menunggu konfirmasi", its
// receipt goes to a serial printer as ESC/POS (the bytes carry the printer's
// Code 128 of the receipt number), the code scanned at the counter opens the
// sale for a refund, the QRIS is confirmed with the mutasi's reference, and
// the server ends with the sale, the refund and the confirmation.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSales, review } from '../../src/server/sync/review.ts';
import { approveAs, enrolAndSignIn, launch, newProfileDir, OUTLET, setOutletSettings, startServer, type TestServer } from './helpers.ts';

const STATIC_QRIS =
  '00020101021126620016ID.CO.CONTOH.WWW011893600000000001234502090000123450303UMI51440014ID.CO.QRIS.WWW0215ID10250000000010303UMI5204594753033605802ID5908NTB MALL6007MATARAM6105831256304DC72';

let server: TestServer;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  await setOutletSettings(server, OUTLET, { qrisStatic: STATIC_QRIS });
  context = await launch(newProfileDir(), server);
  // A serial receipt printer that keeps what it is sent, as a paired one would print it.
  await context.addInitScript(() => {
    const w = window as unknown as { __escpos: number[] };
    w.__escpos = [];
    const port = {
      getInfo: () => ({}),
      open: async () => undefined,
      close: async () => undefined,
      writable: new WritableStream<Uint8Array>({
        write(chunk) {
          w.__escpos.push(...chunk);
        },
      }),
    };
    Object.defineProperty(Navigator.prototype, 'serial', { configurable: true, get: () => ({ getPorts: async () => [port], requestPort: async () => port }) });
  });
  page = context.pages()[0] ?? (await context.newPage());
  // "Ready offline" appears whenever the service worker finishes installing, over the foot of the page: put it away.
  const ready = page.getByRole('region', { name: 'Aplikasi siap dipakai tanpa internet.' });
  await page.addLocatorHandler(ready, async () => {
    await ready.getByRole('button', { name: 'Tutup pesan' }).click();
  });
  await enrolAndSignIn(page, server, server.users.cashier);
});

afterAll(async () => {
  await context?.close();
  await server?.close();
});

/**
 * A keyboard-wedge scanner's burst, 5 ms a key by the events' own clock, so
 * a busy machine cannot stretch it into typing (what the scanner hook reads).
 */
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

/** The text a Code 128 command (GS k 73 n, code set B) carries in ESC/POS bytes, as the printer draws it. */
function code128In(bytes: readonly number[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] !== 0x1d || bytes[i + 1] !== 0x6b || bytes[i + 2] !== 73) continue;
    const n = bytes[i + 3] ?? 0;
    const data = String.fromCharCode(...bytes.slice(i + 4, i + 4 + n));
    out.push(data.startsWith('{B') ? data.slice(2) : data);
  }
  return out;
}

describe('a receipt brought back, and QRIS verified later', () => {
  it('sells with QRIS awaiting confirmation, prints, scans the printed code, refunds, confirms the QRIS, and syncs it all', async () => {
    await page.getByRole('link', { name: 'Pengaturan' }).click();
    await page.getByLabel('Printer struk').selectOption('serial');
    await page.getByRole('link', { name: 'Kasir' }).click();

    await page.getByRole('searchbox', { name: 'Cari produk' }).fill('kopi arabika 250');
    await page.getByRole('button', { name: /^Tambah Kopi Bubuk Sembalun Arabika 250 g / }).click();
    await page.getByRole('button', { name: 'Bayar', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Pembayaran' });
    await dialog.getByRole('radio', { name: 'QRIS' }).click();
    await dialog.getByRole('checkbox', { name: /Belum terlihat masuk/ }).check();
    await dialog.getByRole('button', { name: 'Selesaikan Penjualan' }).click();
    const done = page.getByRole('status', { name: 'Penjualan tersimpan' });
    await done.waitFor();
    const receiptNo = (await done.locator('strong').first().textContent()) ?? '';
    await done.getByRole('button', { name: 'Cetak Struk' }).click();
    await expect.poll(async () => code128In(await page.evaluate(() => (window as unknown as { __escpos: number[] }).__escpos))).toEqual([receiptNo]);

    // The customer comes back: the cashier scans the code the printer drew, at the counter.
    await page.getByRole('button', { name: 'Transaksi Baru' }).click();
    const [scanned] = code128In(await page.evaluate(() => (window as unknown as { __escpos: number[] }).__escpos));
    await scan(page, scanned ?? '');
    const refund = page.getByRole('region', { name: `Retur dari struk ${receiptNo}` });
    await refund.waitFor();
    await refund.getByRole('textbox', { name: 'Jumlah retur Kopi Bubuk Sembalun Arabika 250 g' }).fill('1');
    await refund.getByRole('textbox', { name: 'Alasan' }).fill('kemasan sobek');
    await refund.getByRole('button', { name: 'Minta persetujuan dan retur' }).click();
    await approveAs(page, server.users.supervisor);
    await page.getByRole('status', { name: 'Retur tercatat' }).waitFor();

    // At the end of the shift: the mutasi shows the money; confirmed with its reference.
    await page.getByRole('textbox', { name: `Referensi mutasi struk ${receiptNo}` }).fill('BRI 7781203');
    await page.getByRole('button', { name: `Konfirmasi QRIS struk ${receiptNo}` }).click();
    await page.getByRole('region', { name: 'QRIS menunggu konfirmasi (0)' }).waitFor();

    const status = page.getByRole('status', { name: 'Status sinkronisasi' });
    const syncNow = status.getByRole('button', { name: 'Sinkronkan Sekarang' });
    if (!(await syncNow.isVisible())) await status.getByRole('button', { name: 'Detail sinkronisasi' }).click();
    await syncNow.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="pending-count"]')?.getAttribute('data-count') === '0', undefined, { timeout: 30_000 });
    await expect
      .poll(async () => Number((await server.store.db.all("SELECT COUNT(*) AS n FROM payment_confirmations WHERE outcome = 'confirmed' AND reference = 'BRI 7781203'"))[0]?.n), { timeout: 30_000 })
      .toBe(1);
    const [stored] = await listSales(server.store, {});
    expect(stored?.sale.receiptNo).toBe(receiptNo);
    expect(stored?.sale.payments.map((p) => [p.method, p.awaitingConfirmation])).toEqual([['qris', true]]);
    const returns = await server.store.db.all('SELECT sale_id, kind FROM sale_returns');
    expect(returns.map((r) => [r.sale_id, r.kind])).toEqual([[stored?.sale.id, 'refund']]);
    expect((await review(server.store, 100, OUTLET)).qrisPayments).toEqual([]);
  });
});
