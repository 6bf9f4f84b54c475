// A booth whose two tablets share one drawer, in real Chromium with the
// network cut: each sells, one ends its shift with a close slip, the lead
// takes the slip's code (as a 2D hand scanner types it), refuses it a second
// time, counts the drawer once and closes one Z. Back online, both sync and
// the server's records agree with the lead's Z, with nothing flagged.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShiftMergePayload } from '../../src/protocol/schemas.ts';
import { enrolAndSignIn, launch, newProfileDir, OUTLET, setOutletSettings, startServer, type TestServer } from './helpers.ts';

let server: TestServer;
const contexts: BrowserContext[] = [];
let lead: Page;
let other: Page;

async function tablet(): Promise<Page> {
  const context = await launch(newProfileDir(), server);
  contexts.push(context);
  const page = context.pages()[0] ?? (await context.newPage());
  const ready = page.getByRole('region', { name: 'Aplikasi siap dipakai tanpa internet.' });
  await page.addLocatorHandler(ready, async () => {
    await ready.getByRole('button', { name: 'Tutup pesan' }).click();
  });
  await enrolAndSignIn(page, server, server.users.cashier);
  return page;
}

beforeAll(async () => {
  server = await startServer();
  await setOutletSettings(server, OUTLET, { drawerMode: 'shared' });
  lead = await tablet();
  other = await tablet();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await server?.close();
});

async function sellExact(p: Page, query: string, name: string): Promise<void> {
  await p.getByRole('searchbox', { name: 'Cari produk' }).fill(query);
  await p.getByRole('button', { name: new RegExp(`^Tambah ${name} `) }).click();
  await p.getByRole('button', { name: 'Bayar', exact: true }).click();
  await p.getByRole('button', { name: 'Uang Pas' }).click();
  await p.getByRole('button', { name: 'Selesaikan Penjualan' }).click();
  await p.getByRole('status', { name: 'Penjualan tersimpan' }).waitFor();
  await p.getByRole('button', { name: 'Transaksi Baru' }).click();
}

const pendingZero = (p: Page) => p.waitForFunction(() => document.querySelector('[data-testid="pending-count"]')?.getAttribute('data-count') === '0', undefined, { timeout: 60_000 });

describe('a shared drawer at a booth', () => {
  it('merges a tablet’s slip into the lead’s one count offline, and the server agrees once both sync', async () => {
    for (const c of contexts) await c.setOffline(true);
    await sellExact(lead, 'kopi arabika 250', 'Kopi Bubuk Sembalun Arabika 250 g');
    await sellExact(other, 'madu 250', 'Madu Hutan Sumbawa 250 ml');

    // The other tablet ends its shift with a slip: a QR, and the same text as a code.
    await other.getByRole('link', { name: 'Shift', exact: true }).click();
    // React Aria's radio input is visually hidden under its label: the label is what a finger presses.
    await other.getByText('Buat slip untuk tablet utama', { exact: true }).click();
    expect(await other.getByRole('radio', { name: 'Buat slip untuk tablet utama' }).isChecked()).toBe(true);
    await other.getByRole('button', { name: 'Akhiri shift dengan slip' }).click();
    await other.getByRole('img', { name: 'QR slip shift' }).waitFor();
    const code = (await other.getByLabel('Kode slip', { exact: true }).textContent()) ?? '';
    expect(code).toMatch(/^SLIP-/);

    // The lead takes it as a 2D scanner types it, and refuses it a second time.
    await lead.getByRole('link', { name: 'Shift', exact: true }).click();
    await lead.getByText('Tablet utama: gabungkan slip dan hitung laci', { exact: true }).click();
    const slipField = lead.getByRole('textbox', { name: 'Kode slip' });
    await slipField.fill(code);
    await slipField.press('Enter');
    await lead.getByRole('status').filter({ hasText: 'ditambahkan: tunai diharapkan Rp 85.000' }).waitFor();
    await slipField.fill(code.toLowerCase());
    await lead.getByRole('button', { name: 'Tambah slip' }).click();
    await lead.getByRole('alert').filter({ hasText: 'Slip ini sudah dipindai' }).waitFor();
    await slipField.fill(code.slice(0, -2) + (code.endsWith('00') ? '11' : '00'));
    await lead.getByRole('button', { name: 'Tambah slip' }).click();
    await lead.getByRole('alert').filter({ hasText: /salah ketik|tidak terbaca/ }).waitFor();

    // One count for the drawer: Rp 65.000 + Rp 85.000, never prefilled.
    const notes = lead.getByRole('textbox', { name: 'Uang kertas Rp 100.000' });
    expect(await notes.inputValue()).toBe('');
    await notes.fill('1');
    await lead.getByRole('textbox', { name: 'Uang kertas Rp 50.000' }).fill('1');
    await lead.getByRole('button', { name: 'Bandingkan' }).click();
    const table = lead.getByRole('table', { name: 'Diharapkan, terhitung dan selisih' });
    await expect.poll(() => table.getByRole('row', { name: /^Tunai/ }).textContent()).toContain('Rp 150.000');
    await lead.getByRole('button', { name: 'Tutup Kasir dan cetak Laporan Z' }).click();
    await lead.getByRole('status').filter({ hasText: 'Laporan Z No. 1' }).waitFor();
    const zText = (await lead.getByLabel('Laporan Z No. 1').textContent()) ?? '';
    expect(zText).toContain('bersama ntb-mall');
    expect(zText).toMatch(/Penjualan\s+2/);

    for (const c of contexts) await c.setOffline(false);
    await pendingZero(other);
    await pendingZero(lead);

    const statuses = await server.store.db.all("SELECT type, status FROM mutations WHERE type IN ('shift.open', 'shift.slip', 'shift.merge') ORDER BY type");
    expect(statuses.map((r) => [r.type, r.status])).toEqual([
      ['shift.merge', 'applied'],
      ['shift.open', 'applied'],
      ['shift.open', 'applied'],
      ['shift.slip', 'applied'],
    ]);
    const [z] = await server.store.db.all('SELECT drawer_id, z_no, flags, body FROM shift_closes');
    expect([z?.drawer_id, Number(z?.z_no), z?.flags]).toEqual([OUTLET, 1, '[]']);
    const body = JSON.parse(String(z?.body)) as ShiftMergePayload;
    expect(body.expected).toEqual({ cash: 150_000, qris: 0, card: 0, transfer: 0 });
    expect(body.counted.cash).toBe(150_000);
    expect(body.slips).toHaveLength(2);
    const [slip] = await server.store.db.all('SELECT flags FROM shift_slips');
    expect(slip?.flags).toBe('[]');
  });
});
