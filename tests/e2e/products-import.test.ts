// A supervisor imports a product sheet from the back office in real Chromium:
// the dry run shows two row errors, the fixed file checks clean, apply writes
// it, and a tablet at the outlet finds the new products after its next pull.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/server/accounts/accounts.ts';
import { hashPassword } from '../../src/server/accounts/password.ts';
import { enrolAndSignIn, launch, newProfileDir, OUTLET, startApp, type TestServer } from './helpers.ts';

let server: TestServer;
let tablet: BrowserContext;
let device: Page;
let office: BrowserContext | null = null;
const SUPERVISOR = { username: 'spv-impor', password: 'kata-sandi-supervisor-impor', name: 'Baiq Impor' };

beforeAll(async () => {
  ({ server, context: tablet, page: device } = await startApp());
  const passwordHash = await hashPassword(SUPERVISOR.password);
  await server.store.db.tx((tx) => createUser(tx, { username: SUPERVISOR.username, name: SUPERVISOR.name, role: 'supervisor', outletId: OUTLET, pin: null, passwordHash }, { at: server.store.now(), actorId: null }));
});

afterAll(async () => {
  await office?.close();
  await tablet?.close();
  await server?.close();
});

// As Excel in Indonesia saves it: ";" separated, a BOM, Rp amounts, a story with a newline in quotes.
const header = 'SKU;Nama;Kategori;Produsen;Harga;Stok;Cerita';
const rows = (price: string, producer: string) => [
  header,
  `TNN-301;Kain Tenun Sukarara Merah;Tenun;Lapas Perempuan Kelas III Mataram;${price};4;"Ditenun di bengkel kerja;`,
  'dua bulan per lembar"',
  `TNN-302;Selendang Tenun Pringgasela;Tenun;${producer};Rp 275.000;6;`,
];
const csv = (lines: string[]) => Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');

describe('a supervisor imports products', () => {
  it('sees two row errors in the dry run, fixes the file, applies it, and a tablet finds the products after its pull', { timeout: 240_000 }, async () => {
    await enrolAndSignIn(device, server, server.users.cashier);

    office = await launch(newProfileDir());
    const page = office.pages()[0] ?? (await office.newPage());
    await page.goto(`${server.baseUrl}/admin`);
    const form = page.getByRole('form', { name: 'Masuk untuk pengelolaan' });
    await form.getByLabel('Nama pengguna').fill(SUPERVISOR.username);
    await form.getByLabel('Kata sandi').fill(SUPERVISOR.password);
    await form.getByRole('button', { name: 'Masuk' }).click();
    // A supervisor lands on Produk, the tab open to them.
    await page.getByRole('heading', { name: 'Produk', level: 2 }).waitFor({ timeout: 30_000 });
    await page.getByRole('navigation', { name: 'Menu pengelolaan' }).getByRole('link', { name: 'Impor' }).click();
    await page.getByRole('heading', { name: 'Impor dan ekspor produk' }).waitFor();

    const file = page.locator('input[type=file]');
    await file.setInputFiles({ name: 'produk-tenun.csv', mimeType: 'text/csv', buffer: csv(rows('Rp 850.000,50', 'Penenun Tak Dikenal')) });
    await page.getByRole('button', { name: 'Periksa (uji coba)' }).click();
    const errors = page.getByRole('grid', { name: 'Kesalahan per baris' });
    await errors.waitFor({ timeout: 30_000 });
    const cells = async () => (await errors.getByRole('row').all()).slice(1).map(async (r) => (await r.locator('[role=rowheader], [role=gridcell]').allTextContents()).slice(0, 2));
    // Rows as Excel numbers them: the story's line break stays inside row 2.
    expect(await Promise.all(await cells())).toEqual([
      ['2', 'Harga'],
      ['3', 'Produsen'],
    ]);
    await expect.poll(() => errors.textContent()).toContain('rupiah tidak memakai pecahan');
    expect(await page.getByRole('button', { name: 'Terapkan' }).isDisabled()).toBe(true);
    expect(await server.store.db.all("SELECT id FROM products WHERE sku LIKE 'TNN-3%'")).toEqual([]);

    await file.setInputFiles({ name: 'produk-tenun.csv', mimeType: 'text/csv', buffer: csv(rows('Rp 850.000', 'Lapas Perempuan Kelas III Mataram')) });
    await page.getByRole('button', { name: 'Periksa (uji coba)' }).click();
    await page.getByText('Tidak ada kesalahan. Tekan Terapkan untuk menyimpan.').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.getByText(/Diterapkan: 2 produk baru, 0 diubah/).waitFor({ timeout: 30_000 });
    const stored = await server.store.db.all("SELECT sku, price, story FROM products WHERE sku LIKE 'TNN-3%' ORDER BY sku");
    expect(stored.map((r) => [r.sku, Number(r.price)])).toEqual([
      ['TNN-301', 850_000],
      ['TNN-302', 275_000],
    ]);

    // The tablet gets them with its next pull and sells from them.
    const status = device.getByRole('status', { name: 'Status sinkronisasi' });
    await status.getByRole('button', { name: 'Sinkronkan Sekarang' }).click();
    await status.getByRole('button', { name: 'Sinkronkan Sekarang' }).and(device.locator(':enabled')).waitFor({ timeout: 30_000 });
    await device.getByRole('searchbox', { name: 'Cari produk' }).fill('tenun sukarara');
    const results = device.getByRole('list', { name: 'Hasil pencarian' });
    await results.getByRole('button', { name: /Kain Tenun Sukarara Merah/ }).waitFor({ timeout: 30_000 });
    // Its story is there to read on the counter.
    await results.getByText('Cerita Kain Tenun Sukarara Merah').click();
    await results.getByText(/Ditenun di bengkel kerja/).waitFor();
  });
});
