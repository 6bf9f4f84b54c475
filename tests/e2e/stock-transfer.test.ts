// Issue 14's stock walk, in real Chromium against the real server: a
// supervisor at NTB Mall sends 20 items to the fair booth; the booth tablet,
// offline once it has pulled the transfer, receives them by scanning, sells
// 3, counts the shelf, and its supervisor approves the one variance; after
// the booth syncs, the server's stock at both outlets is right.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPin } from '../../src/domain/pin.ts';
import { createUser, registerDevice } from '../../src/server/accounts/accounts.ts';
import { demoCatalog } from '../../src/server/seed-data.ts';
import { approveAs, enrolAndSignIn, launch, newProfileDir, openShift, signIn, startApp, type TestServer, type TestUser } from './helpers.ts';

const BOOTH = 'booth-pameran';
const KOPI = demoCatalog().products.find((p) => p.sku === 'KOP-001')!;
const opening = (outletId: string) => demoCatalog().stock.find((s) => s.outletId === outletId && s.productId === KOPI.id)?.level ?? 0;

let server: TestServer;
let storeContext: BrowserContext;
let store: Page;
let boothContext: BrowserContext;
let booth: Page;
let wayan: TestUser;

beforeAll(async () => {
  ({ server, context: storeContext, page: store } = await startApp());
  const pin = '5937';
  const created = await server.store.db.tx(async (tx) =>
    createUser(tx, { username: 'spv-booth', name: 'Wayan Booth', role: 'supervisor', outletId: BOOTH, pin: await hashPin(pin), passwordHash: null }, { at: server.store.now(), actorId: null }),
  );
  wayan = { id: created.id, username: 'spv-booth', name: 'Wayan Booth', role: 'supervisor', pin, password: null };
  boothContext = await launch(newProfileDir(), server);
  booth = boothContext.pages()[0] ?? (await boothContext.newPage());
});

afterAll(async () => {
  await boothContext?.close();
  await storeContext?.close();
  await server?.close();
});

async function serverLevel(outletId: string): Promise<number> {
  const [row] = await server.store.db.all('SELECT level FROM stock_levels WHERE outlet_id = ? AND product_id = ?', [outletId, KOPI.id]);
  return Number(row?.level);
}

async function scan(p: Page, code: string): Promise<void> {
  // A keyboard-wedge scanner: a fast burst of keys, then Enter.
  await p.keyboard.type(code, { delay: 5 });
  await p.keyboard.press('Enter');
}

describe('stock from the store to a booth and back to the books', () => {
  it('the store sends 20 items to the booth; they leave its stock as in transit', async () => {
    await enrolAndSignIn(store, server, server.users.supervisor);
    await store.getByRole('link', { name: 'Stok' }).click();
    await store.getByRole('tab', { name: 'Transfer', exact: true }).click();
    await store.getByRole('button', { name: /Tujuan/ }).click();
    await store.getByRole('option', { name: 'Booth Pameran UMKM' }).click();
    await store.getByRole('textbox', { name: 'Cari produk' }).fill('arabika sembalun');
    await store.getByRole('button', { name: `Tambah ${KOPI.name}` }).click();
    const qty = store.getByRole('textbox', { name: `Jumlah ${KOPI.name}` });
    await qty.fill('20');
    await qty.press('Tab');
    await store.getByRole('button', { name: 'Kirim transfer' }).click();
    await store.getByText(/Transfer 20 barang ke Booth Pameran UMKM tersimpan/).waitFor();
    await expect.poll(() => serverLevel('ntb-mall'), { timeout: 30_000 }).toBe(opening('ntb-mall') - 20);
  });

  it('the booth tablet pulls the transfer, then offline receives it by scanning, sells 3, counts the shelf; the variance is approved by PIN', async () => {
    const code = (await server.store.db.tx((tx) => registerDevice(tx, { outletId: BOOTH, label: 'Tablet booth' }, { at: server.store.now(), actorId: server.users.admin.id }))).code;
    await booth.goto(server.baseUrl);
    await booth.getByRole('heading', { name: 'Daftarkan perangkat ini' }).waitFor();
    await booth.getByRole('textbox', { name: 'Kode pendaftaran' }).fill(code);
    await booth.getByRole('button', { name: 'Daftarkan', exact: true }).click();
    await signIn(booth, wayan);
    await booth.getByRole('searchbox', { name: 'Cari produk' }).waitFor();
    // A sale is made inside a shift: the booth's cashier opens one as the day starts.
    await openShift(booth);
    // Opened once online, so the Stok page's chunk is on the tablet before the signal goes.
    await booth.getByRole('link', { name: 'Stok' }).click();
    await booth.getByRole('tab', { name: 'Transfer', exact: true }).click();
    await booth.getByRole('button', { name: 'Terima', exact: true }).click();
    const incoming = booth.getByRole('button', { name: 'Dari NTB Mall: 20 barang' });
    await incoming.waitFor({ timeout: 30_000 });

    await boothContext.setOffline(true);
    await incoming.click();
    for (let i = 0; i < 20; i++) await scan(booth, KOPI.barcode ?? '');
    await expect.poll(() => booth.getByRole('textbox', { name: `Diterima ${KOPI.name}` }).inputValue()).toBe('20');
    await booth.getByRole('row', { name: new RegExp(KOPI.name) }).getByText('sesuai').waitFor();
    await booth.getByRole('button', { name: 'Selesai menerima' }).click();
    await booth.getByText('Transfer dari NTB Mall diterima.', { exact: false }).waitFor();

    // Three sold at the counter, still offline.
    await booth.getByRole('link', { name: 'Kasir' }).click();
    await booth.getByRole('searchbox', { name: 'Cari produk' }).fill('arabika sembalun');
    const card = booth.getByRole('button', { name: new RegExp(`^Tambah ${KOPI.name}`) });
    for (let i = 0; i < 3; i++) await card.click();
    await booth.getByRole('button', { name: 'Bayar', exact: true }).click();
    await booth.getByRole('button', { name: 'Uang Pas' }).click();
    await booth.getByRole('button', { name: 'Selesaikan Penjualan' }).click();
    await booth.getByRole('status', { name: 'Penjualan tersimpan' }).waitFor();
    await booth.getByRole('button', { name: 'Transaksi Baru' }).click();

    // The shelf holds one fewer than the books say.
    const books = opening(BOOTH) + 20 - 3;
    await booth.getByRole('link', { name: 'Stok' }).click();
    await booth.getByRole('tab', { name: 'Stok opname' }).click();
    await booth.getByRole('button', { name: 'Mulai hitung' }).click();
    await scan(booth, KOPI.barcode ?? '');
    const counted = booth.getByRole('textbox', { name: `Hitungan ${KOPI.name}` });
    await expect.poll(() => counted.inputValue()).toBe('1');
    await counted.fill(String(books - 1));
    await counted.press('Tab');
    await booth.getByRole('button', { name: 'Tinjau selisih' }).click();
    await booth.getByRole('table', { name: /Selisih hitungan/ }).getByRole('row', { name: new RegExp(KOPI.name) }).getByText('-1').waitFor();
    await booth.getByRole('button', { name: 'Setujui selisih' }).click();
    await approveAs(booth, wayan);
    await booth.getByText('Stok opname disetujui: 1 produk disesuaikan.').waitFor();
    // Nothing reached the server while offline.
    expect(await serverLevel(BOOTH)).toBe(opening(BOOTH));
  });

  it('back online, the booth syncs and the server holds the right stock at both outlets', async () => {
    await boothContext.setOffline(false);
    await booth.waitForFunction(() => document.querySelector('[data-testid="pending-count"]')?.getAttribute('data-count') === '0', undefined, { timeout: 60_000 });
    await expect.poll(() => serverLevel(BOOTH), { timeout: 30_000 }).toBe(opening(BOOTH) + 20 - 3 - 1);
    expect(await serverLevel('ntb-mall')).toBe(opening('ntb-mall') - 20);
    const [receipt] = await server.store.db.all('SELECT differs FROM transfer_receipts');
    expect(Number(receipt?.differs)).toBe(0);
    const [count] = await server.store.db.all('SELECT approver_id, flags FROM stock_counts');
    expect(count).toMatchObject({ approver_id: wayan.id, flags: '[]' });
  });
});
