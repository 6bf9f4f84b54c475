// Issue 5's browser test, on one fresh profile: enrol with a one-time code,
// sign in with a PIN (offline too), sell offline, sync, and find the sale on
// the server once, with the cashier who took the money. Then a whole sale
// voided with a supervisor's PIN reaches the server with both people; and
// five wrong PINs lock a user on this device, offline, across a reload.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/protocol/auth.ts';
import type { ServerSale } from '../../src/protocol/schemas.ts';
import { num, str } from '../../src/server/store/db.ts';
import { approveAs, enrolAndSignIn, enterPin, getJson, launch, newProfileDir, OUTLET, signIn, startServer, userTile, type TestServer } from './helpers.ts';
import { listSales } from '../../src/server/sync/review.ts';

const MADU = 'Madu Hutan Sumbawa 250 ml';

let server: TestServer;
let context: BrowserContext;
let page: Page;
/** The sale made offline in the first test; voided in the second. */
let receiptNo = '';

beforeAll(async () => {
  server = await startServer();
  context = await launch(newProfileDir(), server);
  page = context.pages()[0] ?? (await context.newPage());
});

afterAll(async () => {
  await context?.close();
  await server?.close();
});

async function pendingCount(): Promise<number> {
  return Number(await page.getByTestId('pending-count').getAttribute('data-count'));
}

async function waitSynced(): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid="pending-count"]')?.getAttribute('data-count') === '0', undefined, { timeout: 30_000 });
}

async function stockLevel(productId: string): Promise<number> {
  const [r] = await server.store.db.all('SELECT level FROM stock_levels WHERE outlet_id = ? AND product_id = ?', [OUTLET, productId]);
  return num(r?.level);
}

/** Reads IndexedDB directly: the sync state of the sale's returns and of the 'sale.void' outbox rows. */
function voidStateOnDevice(receipt: string): Promise<{ returns: string[]; outbox: string[] }> {
  const all = <T>(db: IDBDatabase, store: string): Promise<T[]> =>
    new Promise((resolve, reject) => {
      const r = db.transaction(store, 'readonly').objectStore(store).getAll();
      r.onsuccess = () => resolve(r.result as T[]);
      r.onerror = () => reject(r.error);
    });
  return new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open('kasir-karya');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  }).then(async (db) => {
    const sales = await all<{ receiptNo: string; returns?: { sync: string }[] }>(db, 'sales');
    const outbox = await all<{ type: string; status: string }>(db, 'outbox');
    db.close();
    return {
      returns: (sales.find((s) => s.receiptNo === receipt)?.returns ?? []).map((r) => r.sync),
      outbox: outbox.filter((o) => o.type === 'sale.void').map((o) => o.status),
    };
  });
}

describe('a fresh device: enrolled with a code, PIN sign-in, a sale offline, synced', () => {
  it('enrols with a one-time code and signs the cashier in with a PIN', async () => {
    await enrolAndSignIn(page, server, server.users.cashier);
    await expect.poll(() => page.getByTestId('signed-in-user').textContent()).toContain('Lalu Kasir');
    // The shell comes from the service worker from the next load on, so the app opens offline.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    // The device stays enrolled and the PIN session survives the reload.
    await page.getByTestId('signed-in-user').waitFor();
    expect(await page.getByRole('heading', { name: 'Daftarkan perangkat ini' }).count()).toBe(0);
    // The registration is used up and bound to this device.
    const [reg] = await server.store.db.all('SELECT device_id, enrolled_at FROM device_registrations ORDER BY created_at DESC LIMIT 1');
    expect(reg?.device_id).not.toBeNull();
    expect(reg?.enrolled_at).not.toBeNull();
  });

  it('signs in again with the network cut, sells for cash offline, and the sale reaches the server once with its cashier', async () => {
    await context.setOffline(true);
    await page.reload();
    await page.getByText('Mode Offline').waitFor();
    // Offline PIN sign-in: the PIN hashes came down with the pull.
    await page.getByRole('button', { name: 'Keluar', exact: true }).click();
    await page.getByRole('heading', { name: 'Masuk kasir' }).waitFor();
    await signIn(page, server.users.cashier);

    await page.getByRole('searchbox', { name: 'Cari produk' }).fill('madu 250');
    await page.getByRole('button', { name: new RegExp(`^Tambah ${MADU} `) }).click();
    await page.getByRole('list', { name: 'Keranjang' }).getByText(MADU).waitFor();
    await page.getByRole('button', { name: 'Bayar', exact: true }).click();
    await page.getByRole('button', { name: 'Uang Pas' }).click();
    await page.getByRole('button', { name: 'Selesaikan Penjualan' }).click();
    const done = page.getByRole('status', { name: 'Penjualan tersimpan' });
    await done.waitFor();
    receiptNo = (await done.locator('strong').first().textContent()) ?? '';
    expect(receiptNo).not.toBe('');
    expect(await done.locator('pre.receipt-preview').textContent()).toContain('Lalu Kasir');
    await page.getByRole('button', { name: 'Transaksi Baru' }).click();

    expect(await pendingCount()).toBe(1);
    await page.getByText('1 data belum tersinkron').waitFor();
    await page.getByRole('link', { name: 'Penjualan Hari Ini' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: receiptNo }) });
    await row.getByText('Belum tersinkron').waitFor();
    expect(await listSales(server.store, {})).toHaveLength(0);

    await context.setOffline(false);
    await waitSynced();
    await row.getByText('Tersinkron', { exact: true }).waitFor();

    const onServer = await listSales(server.store, {});
    expect(onServer).toHaveLength(1);
    const [stored] = onServer;
    expect(stored?.sale.receiptNo).toBe(receiptNo);
    expect(stored?.sale.cashierId).toBe(server.users.cashier.id);
    expect(stored?.sale.cashier).toBe('Lalu Kasir');
    expect(stored?.flags).toEqual([]);

    // Another round changes nothing: the sale is there exactly once.
    const status = page.getByRole('status', { name: 'Status sinkronisasi' });
    await status.getByRole('button', { name: 'Sinkronkan Sekarang' }).click();
    await status.getByRole('button', { name: 'Sinkronkan Sekarang' }).and(page.locator(':enabled')).waitFor();
    const counted = await server.store.db.all('SELECT COUNT(*) AS n FROM sales WHERE receipt_no = ?', [receiptNo]);
    expect(num(counted[0]?.n)).toBe(1);
    const mutations = await server.store.db.all("SELECT status FROM mutations WHERE device_id = ? AND type = 'sale.record'", [stored?.sale.deviceId ?? '']);
    expect(mutations.map((m) => str(m.status))).toEqual(['applied']);

    // And over HTTP, as the management pages read it, with an admin's session.
    const { sales } = await getJson<{ sales: ServerSale[] }>(server, '/api/sales');
    expect(sales.filter((s) => s.sale.receiptNo === receiptNo).map((s) => s.sale.cashierId)).toEqual([server.users.cashier.id]);
  });
});

describe('a whole sale voided with a supervisor PIN', () => {
  // Needs Store.push to apply 'sale.void' mutations; until then the server rejects the void.
  it('is approved offline, syncs, and the server records the cashier and the approving supervisor', async () => {
    expect(receiptNo).not.toBe('');
    const [sold] = await listSales(server.store, {});
    const productId = sold?.sale.lines[0]?.productId ?? '';
    const levelAfterSale = await stockLevel(productId);

    await context.setOffline(true);
    await page.getByText('Mode Offline').waitFor();
    await page.getByRole('link', { name: 'Penjualan Hari Ini' }).click();
    await page.getByRole('button', { name: `Buka struk ${receiptNo}` }).click();
    const detail = page.getByRole('dialog', { name: `Struk ${receiptNo}` });
    await detail.getByRole('button', { name: 'Batalkan penjualan', exact: true }).click();
    await detail.getByRole('textbox', { name: 'Alasan' }).fill('Pembeli batal, salah pilih ukuran');
    await detail.getByRole('button', { name: 'Minta persetujuan dan batalkan' }).click();
    await approveAs(page, server.users.supervisor);
    await detail.getByRole('status', { name: 'Penjualan dibatalkan' }).waitFor();
    expect(await pendingCount()).toBe(1);

    await context.setOffline(false);
    await waitSynced();
    // The device names both people on the sale.
    await detail.getByRole('button', { name: 'Tutup', exact: true }).click();
    await page.getByRole('button', { name: `Buka struk ${receiptNo}` }).click();
    await expect.poll(() => detail.textContent()).toMatch(/dikembalikan oleh Lalu Kasir, disetujui Baiq Supervisor/);
    // Applied, not refused: the device's own record of the void says so (no screen shows it yet).
    expect(await page.evaluate(voidStateOnDevice, receiptNo)).toEqual({ returns: ['synced'], outbox: ['acked'] });

    const [m] = await server.store.db.all("SELECT status, reason FROM mutations WHERE type = 'sale.void'");
    expect({ status: m?.status, reason: m?.reason }).toEqual({ status: 'applied', reason: null });
    const audit = await server.store.db.all("SELECT action, actor_id, device_id, outlet_id, subject, detail FROM audit_log WHERE action IN ('sale.void', 'approval.forged')");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'sale.void', actor_id: server.users.cashier.id, device_id: sold?.sale.deviceId, outlet_id: OUTLET });
    expect(str(audit[0]?.subject)).toContain(receiptNo);
    expect(str(audit[0]?.detail)).toContain(`approved by ${server.users.supervisor.id}`);
    // The goods went back on the shelf.
    expect(await stockLevel(productId)).toBe(levelAfterSale + 1);
    // The admin reads the same in the audit log over HTTP.
    const { entries } = await getJson<{ entries: AuditEntry[] }>(server, '/api/admin/audit');
    expect(entries.filter((e) => e.action === 'sale.void').map((e) => [e.actorId, e.detail.includes(server.users.supervisor.id)])).toEqual([
      [server.users.cashier.id, true],
    ]);
  });
});

describe('five wrong PINs, offline', () => {
  it('lock that user on this device, the lock survives a reload, and someone else can still sign in', async () => {
    await context.setOffline(true);
    await page.goto(server.baseUrl);
    await page.getByText('Mode Offline').waitFor();
    await signIn(page, server.users.cashier);
    await page.getByRole('button', { name: 'Keluar', exact: true }).click();
    await page.getByRole('heading', { name: 'Masuk kasir' }).waitFor();

    const cashier = server.users.cashier;
    const wrong = cashier.pin === '2468' ? '8642' : '2468';
    for (let left = 4; left >= 1; left--) {
      await enterPin(page, cashier, wrong, 'Masuk');
      await page.getByRole('alert').filter({ hasText: `PIN salah. Sisa ${left} kali percobaan` }).waitFor();
    }
    await enterPin(page, cashier, wrong, 'Masuk');
    const locked = page.getByTestId('pin-locked');
    await locked.waitFor();
    expect(await locked.textContent()).toMatch(/^Lalu Kasir terkunci karena 5 kali salah PIN\. Coba lagi dalam 5 menit/);
    const pad = page.getByRole('group', { name: `PIN ${cashier.name}` });
    expect(await pad.getByRole('button', { name: '0', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByTestId('signed-in-user').count()).toBe(0);

    // IndexedDB keeps the count: a reload forgives nothing.
    await page.reload();
    await page.getByText('Mode Offline').waitFor();
    await page.getByRole('heading', { name: 'Masuk kasir' }).waitFor();
    await userTile(page, cashier).click();
    await locked.waitFor();
    expect(await locked.textContent()).toContain('Lalu Kasir terkunci');
    expect(await pad.getByRole('button', { name: '0', exact: true }).isDisabled()).toBe(true);
    expect(await pad.getByRole('button', { name: 'Masuk', exact: true }).isDisabled()).toBe(true);

    // The lock is the cashier's alone: the supervisor signs in on the same device.
    await signIn(page, server.users.supervisor);
    await page.getByRole('searchbox', { name: 'Cari produk' }).waitFor();
  });
});
