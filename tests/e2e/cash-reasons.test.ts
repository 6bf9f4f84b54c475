// Issue 15, cash reasons and the supervisor's shift screen in real Chromium
// against the real server: a tablet's Kas Keluar offers the server's built-in
// reasons; an admin adds "Beli es batu" and turns "Beli plastik" off; after
// its next pull the tablet offers the new reason and not the old one, and a
// Kas Keluar with it reaches the server unflagged; the supervisor's shift
// screen, 390 px wide, shows the shift with that movement and its reason.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { num, str } from '../../src/server/store/db.ts';
import { enrolAndSignIn, launch, newProfileDir, signIn, startServer, type TestServer } from './helpers.ts';

let server: TestServer;
let adminContext: BrowserContext;
let tabletContext: BrowserContext;
let admin: Page;
let tablet: Page;

beforeAll(async () => {
  server = await startServer();
  tabletContext = await launch(newProfileDir(), server);
  tablet = tabletContext.pages()[0] ?? (await tabletContext.newPage());
  adminContext = await launch(newProfileDir(), server);
  admin = adminContext.pages()[0] ?? (await adminContext.newPage());
});

afterAll(async () => {
  await tabletContext?.close();
  await adminContext?.close();
  await server?.close();
});

const optionTexts = async (page: Page): Promise<string[]> =>
  page.getByRole('form', { name: 'Kas Masuk / Kas Keluar' }).getByRole('combobox', { name: 'Alasan' }).locator('option').allTextContents();

describe('an admin adds a cash reason; the tablet uses it after a pull; the supervisor reads it on the shift', () => {
  it('the tablet offers the server’s built-in Kas Keluar reasons', async () => {
    await enrolAndSignIn(tablet, server, server.users.cashier);
    await tablet.getByRole('link', { name: 'Shift', exact: true }).click();
    await tablet.getByRole('form', { name: 'Kas Masuk / Kas Keluar' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => optionTexts(tablet)).toEqual(['Beli plastik', 'Lain-lain', 'Setoran ke bank']);
  });

  it('the admin adds "Beli es batu" and turns "Beli plastik" off', async () => {
    await admin.goto(`${server.baseUrl}/admin/alasan-kas`);
    const signInForm = admin.getByRole('form', { name: 'Masuk untuk pengelolaan' });
    await signInForm.getByLabel('Nama pengguna').fill(server.users.admin.username);
    await signInForm.getByLabel('Kata sandi').fill(server.users.admin.password ?? '');
    await signInForm.getByRole('button', { name: 'Masuk' }).click();
    const table = admin.getByRole('grid', { name: 'Daftar alasan kas' });
    await table.getByRole('rowheader', { name: /Setoran ke bank/ }).waitFor({ timeout: 30_000 });

    await admin.getByRole('button', { name: 'Tambah alasan' }).click();
    const form = admin.getByRole('form', { name: 'Alasan kas baru' });
    await form.getByRole('textbox', { name: 'Kode' }).fill('beli-es');
    await form.getByRole('textbox', { name: 'Nama alasan (Bahasa Indonesia)' }).fill('Beli es batu');
    await form.getByRole('textbox', { name: /Nama alasan \(bahasa Inggris\)/ }).fill('Ice');
    await form.getByRole('button', { name: 'Simpan alasan' }).click();
    await admin.getByText('Alasan "Beli es batu" tersimpan.', { exact: false }).waitFor();

    await table.getByRole('button', { name: 'Nonaktifkan Beli plastik' }).click();
    const dialog = admin.getByRole('alertdialog', { name: 'Nonaktifkan alasan "Beli plastik"?' });
    await dialog.getByRole('button', { name: 'Nonaktifkan' }).click();
    await table.getByRole('button', { name: 'Aktifkan Beli plastik' }).waitFor();

    const rows = await server.store.db.all("SELECT code, active FROM cash_reasons WHERE code IN ('beli-es', 'beli-plastik') ORDER BY code");
    expect(rows.map((r) => [str(r.code), num(r.active)])).toEqual([
      ['beli-es', 1],
      ['beli-plastik', 0],
    ]);
    const audited = await server.store.db.all("SELECT action FROM audit_log WHERE action LIKE 'cash-reason.%' ORDER BY id");
    expect(audited.map((r) => str(r.action))).toEqual(['cash-reason.create', 'cash-reason.update']);
  });

  it('after its next pull the tablet offers "Beli es batu" and not "Beli plastik"; its Kas Keluar lands unflagged', async () => {
    // The app pulls when it starts: a reload is the tablet's next sync round.
    await tablet.reload();
    await signIn(tablet, server.users.cashier);
    await tablet.getByRole('link', { name: 'Shift', exact: true }).click();
    await expect.poll(() => optionTexts(tablet), { timeout: 30_000 }).toEqual(['Lain-lain', 'Setoran ke bank', 'Beli es batu']);

    const form = tablet.getByRole('form', { name: 'Kas Masuk / Kas Keluar' });
    await form.getByRole('combobox', { name: 'Alasan' }).selectOption({ label: 'Beli es batu' });
    await form.getByRole('textbox', { name: /Jumlah/ }).fill('15.000');
    await form.getByRole('textbox', { name: 'Catatan' }).fill('es untuk kopi');
    await form.getByRole('button', { name: 'Simpan' }).click();
    await form.getByText('Kas Keluar Rp 15.000 tersimpan.').waitFor();

    await expect
      .poll(async () => (await server.store.db.all('SELECT reason, amount, flags FROM cash_movements')).map((r) => [str(r.reason), num(r.amount), str(r.flags)]), { timeout: 30_000 })
      .toEqual([['beli-es', 15_000, '[]']]);
  });

  it('the shift screen at 390 px shows the shift, and its detail the Kas Keluar with its reason', async () => {
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.getByRole('navigation', { name: 'Menu pengelolaan' }).getByRole('link', { name: 'Shift', exact: true }).click();
    const table = admin.getByRole('grid', { name: 'Daftar shift' });
    const open = table.getByRole('button', { name: new RegExp(`^Buka shift .* ${server.users.cashier.name}$`) });
    await open.waitFor({ timeout: 30_000 });
    expect(await table.getByRole('row').nth(1).textContent()).toContain('Terbuka');
    // The page itself never scrolls sideways at 390 px; a wide table scrolls inside its own box.
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The row names its outlet once the outlet list has come (it shows the id until then): the table is settled.
    await table.getByRole('row', { name: /NTB Mall/ }).waitFor();
    await open.click();
    const dialog = admin.getByRole('dialog', { name: new RegExp(`^Shift .*, ${server.users.cashier.name}$`) });
    await dialog.waitFor();
    const moves = dialog.getByRole('table', { name: 'Kas Masuk / Kas Keluar' });
    await expect.poll(() => moves.getByRole('row').nth(1).textContent()).toMatch(/Kas Keluar.*Rp 15\.000.*Beli es batu · es untuk kopi.*Lalu Kasir/);
    const figures = dialog.getByRole('table', { name: 'Laporan Z dan hitungan server' });
    // Still open: the server's own count of what the drawer should hold, Kas Awal 0 less the Kas Keluar.
    expect(await figures.getByRole('row', { name: /Tunai/ }).textContent()).toContain('-Rp 15.000');
    const box = await dialog.boundingBox();
    expect(box?.width ?? 999).toBeLessThanOrEqual(390);
    await dialog.getByRole('button', { name: 'Tutup' }).click();
    await dialog.waitFor({ state: 'detached' });
  });
});
