// Issue 14, outlets and producers in real Chromium against the real server:
// an admin creates a booth (dates, home outlet NTB Mall, its own QRIS and
// receipt) and a Lapas workshop with a levy rule, registers a tablet for the
// booth by picking it from the list; the tablet enrols, pulls the booth and
// shows and uses the booth's settings, read-only.
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/server/accounts/audit.ts';
import { str } from '../../src/server/store/db.ts';
import { launch, newProfileDir, openShift, signIn, startServer, type TestServer, type TestUser } from './helpers.ts';

const QRIS =
  '00020101021126620016ID.CO.CONTOH.WWW011893600000000001234502090000123450303UMI51440014ID.CO.QRIS.WWW0215ID10250000000010303UMI5204594753033605802ID5908NTB MALL6007MATARAM6105831256304DC72';

let server: TestServer;
let admin: BrowserContext;
let tablet: BrowserContext;
let page: Page;
let code = '';
const BOOTH_CASHIER: TestUser = { id: '', username: 'dewi-booth', name: 'Dewi Booth', role: 'cashier', pin: '6284', password: null };

beforeAll(async () => {
  server = await startServer();
  admin = await launch(newProfileDir(), server);
  page = admin.pages()[0] ?? (await admin.newPage());
});

afterAll(async () => {
  await tablet?.close();
  await admin?.close();
  await server?.close();
});

async function choose(scope: Locator, label: RegExp, option: string): Promise<void> {
  await scope.getByRole('button', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('an admin sets up a fair booth and a Lapas workshop; the booth tablet uses the booth settings', () => {
  it('the admin creates the booth with its dates, home outlet and QRIS', async () => {
    await page.goto(`${server.baseUrl}/admin/outlet`);
    const signInForm = page.getByRole('form', { name: 'Masuk untuk pengelolaan' });
    await signInForm.getByLabel('Nama pengguna').fill(server.users.admin.username);
    await signInForm.getByLabel('Kata sandi').fill(server.users.admin.password ?? '');
    await signInForm.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('grid', { name: 'Daftar outlet' }).getByRole('rowheader', { name: /NTB Mall/ }).waitFor({ timeout: 30_000 });

    await page.getByRole('button', { name: 'Tambah outlet' }).click();
    const form = page.getByRole('form', { name: 'Outlet baru' });
    await form.getByRole('textbox', { name: 'ID outlet' }).fill('booth-senggigi');
    await form.getByRole('textbox', { name: 'Nama outlet' }).fill('Booth Festival Senggigi');
    await choose(form, /Jenis outlet/, 'Booth');
    await form.getByRole('textbox', { name: 'Alamat' }).fill('Pantai Senggigi, Lombok Barat');
    await form.getByLabel('Tanggal mulai').fill('2026-12-10');
    await form.getByLabel('Tanggal selesai').fill('2026-12-14');
    await choose(form, /Outlet induk/, 'NTB Mall');
    await form.getByRole('textbox', { name: 'Nama di struk' }).fill('Kasir Karya Senggigi');
    await form.getByRole('textbox', { name: 'Catatan kaki struk' }).fill('Sampai jumpa di Festival Senggigi');
    await form.getByRole('textbox', { name: 'QRIS statis (teks dari bank)' }).fill(QRIS);
    await choose(form, /Pembulatan tunai/, 'Rp 500');
    await form.getByRole('button', { name: 'Simpan outlet' }).click();
    await page.getByText('Outlet Booth Festival Senggigi tersimpan.', { exact: false }).waitFor();
    await expect.poll(() => page.getByRole('row', { name: /Booth Festival Senggigi/ }).textContent()).toContain('2026-12-10 s.d. 2026-12-14, dari NTB Mall');

    // The fair runs a day longer: changed from the list.
    await page.getByRole('button', { name: 'Ubah Booth Festival Senggigi' }).click();
    const edit = page.getByRole('form', { name: 'Ubah outlet Booth Festival Senggigi' });
    await edit.getByLabel('Tanggal selesai').fill('2026-12-15');
    await edit.getByRole('button', { name: 'Simpan outlet' }).click();
    await expect.poll(() => page.getByRole('row', { name: /Booth Festival Senggigi/ }).textContent()).toContain('2026-12-10 s.d. 2026-12-15');

    const [row] = await server.store.db.all('SELECT kind, home_outlet_id, settings FROM outlets WHERE id = ?', ['booth-senggigi']);
    expect(row).toMatchObject({ kind: 'booth', home_outlet_id: 'ntb-mall' });
    expect(JSON.parse(str(row?.settings))).toMatchObject({ qrisStatic: QRIS, roundingStep: 500, receiptName: 'Kasir Karya Senggigi' });
  });

  it('the admin adds a Lapas workshop with its levy rule', async () => {
    await page.getByRole('navigation', { name: 'Menu pengelolaan' }).getByRole('link', { name: 'Produsen' }).click();
    await page.getByRole('button', { name: 'Tambah produsen' }).click();
    const form = page.getByRole('form', { name: 'Produsen baru' });
    await form.getByRole('textbox', { name: 'ID produsen' }).fill('lapas-mataram-tenun');
    await form.getByRole('textbox', { name: 'Nama produsen' }).fill('Bengkel Tenun Lapas Mataram');
    await form.getByRole('textbox', { name: 'Lapas' }).fill('Lapas Kelas IIA Mataram');
    await form.getByRole('textbox', { name: 'Telepon kontak' }).fill('0812-3456-7890');
    await form.getByRole('button', { name: 'Tambah aturan setoran' }).click();
    const rule = form.getByRole('group', { name: 'Aturan 1' });
    await rule.getByLabel('Berlaku mulai (aturan 1)').fill('2024-01-01');
    await rule.getByRole('textbox', { name: 'Dasar hukum / dokumen (aturan 1)' }).fill('Kepmen M.01-PP.02.01/1990');
    await form.getByRole('button', { name: 'Simpan produsen' }).click();
    await page.getByText('Produsen Bengkel Tenun Lapas Mataram tersimpan.').waitFor();
    await expect.poll(() => page.getByRole('row', { name: /Bengkel Tenun Lapas Mataram/ }).textContent()).toContain('50/15/35 dari Laba');
    const [r] = await server.store.db.all('SELECT premi_bp, pnbp_bp, modal_bp, base, valid_from FROM producer_levy_rules WHERE producer_id = ?', ['lapas-mataram-tenun']);
    expect(r).toMatchObject({ valid_from: '2024-01-01', base: 'profit' });
    const actions = (await server.store.db.tx((tx) => listAudit(tx, {}))).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['outlet.create', 'outlet.update', 'producer.create']));
  });

  it("the admin adds the booth's cashier, the outlet picked from the list", async () => {
    await page.getByRole('navigation', { name: 'Menu pengelolaan' }).getByRole('link', { name: 'Pengguna' }).click();
    const form = page.getByRole('form', { name: 'Tambah pengguna' });
    await form.getByRole('textbox', { name: 'Nama pengguna' }).fill('dewi-booth');
    await form.getByRole('textbox', { name: 'Nama', exact: true }).fill('Dewi Booth');
    await choose(form, /Outlet/, 'Booth Festival Senggigi');
    await form.getByLabel('PIN (4-8 angka)').fill(BOOTH_CASHIER.pin);
    await form.getByRole('button', { name: 'Tambah pengguna' }).click();
    await page.getByRole('rowheader', { name: 'Dewi Booth' }).waitFor();
    const [u] = await server.store.db.all('SELECT outlet_id FROM users WHERE username = ?', ['dewi-booth']);
    expect(u?.outlet_id).toBe('booth-senggigi');
  });

  it('the admin registers a tablet for the booth, picked from the list', async () => {
    await page.getByRole('navigation', { name: 'Menu pengelolaan' }).getByRole('link', { name: 'Perangkat' }).click();
    const form = page.getByRole('form', { name: 'Daftarkan perangkat baru' });
    await choose(form, /Outlet/, 'Booth Festival Senggigi');
    await form.getByRole('textbox', { name: 'Nama perangkat' }).fill('Tablet booth Senggigi');
    await form.getByRole('button', { name: 'Daftarkan perangkat' }).click();
    const shown = page.getByRole('region', { name: 'Kode pendaftaran untuk Tablet booth Senggigi' });
    code = (await shown.locator('.enrol-code-text').textContent()) ?? '';
    expect(code).toMatch(/\S{4}-\S{4}-\S{4}/);
  });

  it('the booth tablet enrols, pulls the booth and shows its settings read-only, and its receipt carries them', async () => {
    tablet = await launch(newProfileDir(), server);
    const t = tablet.pages()[0] ?? (await tablet.newPage());
    await t.goto(server.baseUrl);
    await t.getByRole('heading', { name: 'Daftarkan perangkat ini' }).waitFor();
    await t.getByRole('textbox', { name: 'Kode pendaftaran' }).fill(code);
    await t.getByRole('button', { name: 'Daftarkan', exact: true }).click();
    await signIn(t, BOOTH_CASHIER);
    await t.getByRole('searchbox', { name: 'Cari produk' }).waitFor();
    await openShift(t);

    await t.goto(`${server.baseUrl}/pengaturan`);
    const section = t.getByRole('region', { name: 'Kasir dan struk' });
    await section.getByTestId('outlet-settings-source').waitFor();
    expect(await section.getByTestId('outlet-settings-source').textContent()).toContain('Diatur oleh server (admin) untuk outlet Booth Festival Senggigi');
    expect(await section.textContent()).toContain('Kasir Karya Senggigi');
    expect(await section.textContent()).toContain('Pantai Senggigi, Lombok Barat');
    expect(await section.textContent()).toContain('NTB MALL');
    expect(await section.getByRole('textbox').count()).toBe(0);

    await t.goto(server.baseUrl);
    await t.getByRole('searchbox', { name: 'Cari produk' }).fill('madu 250');
    await t.getByRole('button', { name: /^Tambah Madu Hutan Sumbawa 250 ml/ }).click();
    await t.getByRole('button', { name: 'Bayar', exact: true }).click();
    const dialog = t.getByRole('dialog', { name: 'Pembayaran' });
    await dialog.getByRole('button', { name: 'Uang Pas' }).click();
    await dialog.getByRole('button', { name: 'Selesaikan Penjualan' }).click();
    const done = t.getByRole('status', { name: 'Penjualan tersimpan' });
    await done.waitFor();
    const receipt = ((await done.locator('pre.receipt-preview').textContent()) ?? '').replace(/\s+/g, ' ');
    expect(receipt).toContain('Kasir Karya Senggigi');
    expect(receipt).toContain('Sampai jumpa di Festival Senggigi');
  });
});
