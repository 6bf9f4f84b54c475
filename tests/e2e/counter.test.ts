import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolAndSignIn, launch, newProfileDir, setOutletSettings, signIn, startServer, type TestServer } from './helpers.ts';
import { listSales } from '../../src/server/sync/review.ts';

/** A product card's accessible name starts "Tambah <name> " (then category, producer, price, stock). */
function addButton(name: string): RegExp {
  return new RegExp(`^Tambah ${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `);
}

const STATIC_QRIS =
  '00020101021126620016ID.CO.CONTOH.WWW011893600000000001234502090000123450303UMI51440014ID.CO.QRIS.WWW0215ID10250000000010303UMI5204594753033605802ID5908NTB MALL6007MATARAM6105831256304DC72';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let server: TestServer;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  // The outlet's QRIS, as an admin set it on the server; the device gets it with its first pull.
  await setOutletSettings(server, 'ntb-mall', { qrisStatic: STATIC_QRIS });
  context = await launch(newProfileDir(), server);
  // The print dialog cannot be driven headless; count the calls instead.
  await context.addInitScript(() => {
    const w = window as unknown as { __prints: number };
    w.__prints = 0;
    window.print = () => {
      w.__prints++;
    };
  });
  page = context.pages()[0] ?? (await context.newPage());
  await enrolAndSignIn(page, server, server.users.cashier);
  await page.getByRole('button', { name: /^Tambah / }).first().waitFor();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await signIn(page, server.users.cashier);
});

afterAll(async () => {
  await context?.close();
  await server?.close();
});

async function prints(): Promise<number> {
  return page.evaluate(() => (window as unknown as { __prints: number }).__prints);
}

async function addProduct(query: string, name: string) {
  await page.getByRole('searchbox', { name: 'Cari produk' }).fill(query);
  await page.getByRole('button', { name: addButton(name) }).click();
  await page.getByRole('list', { name: 'Keranjang' }).getByText(name).waitFor();
}

async function seriousViolations(): Promise<string[]> {
  // Evaluated through the devtools protocol: the app's CSP forbids injected script tags, rightly.
  await page.evaluate(readFileSync(AXE, 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const r = await axe.run(document);
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => JSON.stringify(n.target)).slice(0, 3) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.targets.join(' ')}`);
}

describe('the counter, offline', () => {
  it('has the outlet QRIS from the server, shown in settings', async () => {
    // The outlet's QRIS comes from the server; Pengaturan shows it, read-only, and the cashier sells with it.
    await page.getByRole('link', { name: 'Pengaturan' }).click();
    await page.getByText('QRIS valid: NTB MALL, MATARAM').waitFor();
    await page.getByRole('link', { name: 'Kasir' }).click();
  });

  it('the checkout screen has no serious accessibility violations', async () => {
    await addProduct('kopi arabika 250', 'Kopi Bubuk Sembalun Arabika 250 g');
    expect(await seriousViolations()).toEqual([]);
    await page.getByRole('button', { name: 'Bayar', exact: true }).click();
    expect(await seriousViolations()).toEqual([]);
    await page.getByRole('button', { name: 'Kembali' }).click();
    await page.getByRole('button', { name: 'Batalkan Transaksi' }).click();
    await page.getByRole('group', { name: 'Kosongkan keranjang?' }).getByRole('button', { name: 'Batalkan Transaksi' }).click();
    // Clearing the open cart is the cashier's by the outlet's default policy (recorded as a cart.void).
    await page.getByText('Keranjang kosong.').waitFor();
  });

  it('sells two lines with an order discount, paid QRIS + Tunai, offline; reprints; syncs once back online', async () => {
    await context.setOffline(true);
    await page.reload();
    await page.getByText('Mode Offline').waitFor();
    await signIn(page, server.users.cashier);

    await addProduct('batik kangkung', 'Kain Batik Tulis Gembok Motif Kangkung'); // 780.000
    await addProduct('cukli tisu', 'Kotak Tisu Cukli Motif Sasak'); // 185.000
    await page.getByRole('button', { name: 'Diskon transaksi' }).click();
    await page.getByRole('textbox', { name: 'Diskon transaksi' }).fill('10');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe('Rp 868.500');

    await page.getByRole('button', { name: 'Bayar', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Pembayaran' });
    await dialog.getByRole('radio', { name: 'QRIS' }).click();
    await dialog.getByRole('textbox', { name: 'Jumlah' }).fill('500000');
    await dialog.getByRole('img', { name: 'Kode QRIS untuk Rp 500.000' }).waitFor();
    await dialog.getByRole('textbox', { name: 'No. referensi (opsional)' }).fill('QR-20261127-01');
    await dialog.getByRole('checkbox', { name: /Dana QRIS sudah masuk/ }).check();
    await dialog.getByRole('button', { name: 'Tambahkan Pembayaran' }).click();
    await dialog.getByRole('radio', { name: 'Tunai' }).click();
    await dialog.getByRole('textbox', { name: 'Uang Diterima' }).fill('400.000');
    await expect.poll(() => dialog.locator('.change .money').textContent()).toBe('Rp 31.500');
    await dialog.getByRole('button', { name: 'Selesaikan Penjualan' }).click();

    const done = page.getByRole('status', { name: 'Penjualan tersimpan' });
    await done.waitFor();
    const receiptNo = (await done.locator('strong').first().textContent()) ?? '';
    const receipt = (await done.locator('pre.receipt-preview').textContent()) ?? '';
    expect(receipt).toContain(receiptNo);
    expect(receipt.replace(/\s+/g, ' ')).toContain('Karya warga binaan Lapas Kelas IIA Lombok Barat');
    expect(receipt).toMatch(/QRIS\s+500\.000/);
    expect(receipt).toContain('QR-20261127-01');
    expect(receipt).toMatch(/Kembalian\s+31\.500/);
    expect(receipt.split('\n').every((l) => l.length <= 32)).toBe(true);
    await done.getByRole('button', { name: 'Cetak Struk' }).click();
    expect(await prints()).toBe(1);
    const wa = await done.getByRole('link', { name: 'Kirim via WhatsApp' }).getAttribute('href');
    expect(wa).toMatch(/^https:\/\/wa\.me\/\?text=/);
    await done.getByRole('textbox', { name: 'Nomor WhatsApp pelanggan (opsional)' }).fill('0812-3456-7890');
    expect(await done.getByRole('link', { name: 'Kirim via WhatsApp' }).getAttribute('href')).toMatch(/^https:\/\/wa\.me\/6281234567890\?text=/);

    // Reprint from today's sales, still offline.
    await page.getByRole('link', { name: 'Penjualan Hari Ini' }).click();
    await page.getByRole('button', { name: `Buka struk ${receiptNo}` }).click();
    await page.getByRole('dialog', { name: `Struk ${receiptNo}` }).getByRole('button', { name: 'Cetak Ulang' }).click();
    expect(await prints()).toBe(2);
    expect((await listSales(server.store, {})).length).toBe(0);

    await context.setOffline(false);
    await page.waitForFunction(() => document.querySelector('[data-testid="pending-count"]')?.getAttribute('data-count') === '0', undefined, { timeout: 30_000 });
    const [stored] = await listSales(server.store, {});
    expect(stored?.sale.receiptNo).toBe(receiptNo);
    expect(stored?.flags).toEqual([]);
    expect(stored?.sale.payments.map((p) => [p.method, p.amount, p.reference])).toEqual([
      ['qris', 500_000, 'QR-20261127-01'],
      ['cash', 400_000, null],
    ]);
    expect(stored?.sale).toMatchObject({ total: 868_500, orderDiscountAmount: 96_500, change: 31_500 });
  });
});
