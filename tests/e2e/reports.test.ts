// The Laporan tab in real Chromium over the real server: sales pushed by a
// device today (one product with an HPP, one without, a refund), then the
// admin opens /admin/laporan: a chart is drawn, the breakdown shows the
// server's figures, and the table downloads as CSV.
import { readFileSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refundAmount } from '../../src/domain/approval.ts';
import { receiptNumber, uuidv7 } from '../../src/domain/id.ts';
import { buildSaleFromLines } from '../../src/domain/sale.ts';
import { businessDate } from '../../src/domain/time.ts';
import type { SalesReport } from '../../src/protocol/reports.ts';
import { REPORT_ROUTES } from '../../src/protocol/routes.ts';
import type { MutationEnvelope, SaleVoidPayload } from '../../src/protocol/schemas.ts';
import { DEMO_PRODUCTS } from '../../src/server/seed-data.ts';
import { push } from '../../src/server/sync/push.ts';
import { getJson, launch, newProfileDir, OUTLET, startServer, type TestServer } from './helpers.ts';

let server: TestServer;
let office: BrowserContext | null = null;
const KOPI = DEMO_PRODUCTS.find((p) => p.sku === 'KOP-001')!;
const MADU = DEMO_PRODUCTS.find((p) => p.sku === 'MDU-002')!;

beforeAll(async () => {
  server = await startServer();
  await server.store.db.run('UPDATE products SET cost = ? WHERE id = ?', [40_000, KOPI.id]);
  const deviceId = uuidv7();
  const now = Date.now();
  const mutations: MutationEnvelope[] = [];
  const sales = [
    [KOPI, 3],
    [MADU, 1],
    [KOPI, 1],
  ] as const;
  for (const [i, [p, qty]] of sales.entries()) {
    const sale = buildSaleFromLines({
      lines: [{ productId: p.id, producerId: p.producerId, name: p.name, sku: p.sku, unitPrice: p.price, qty, discount: null }],
      orderDiscount: null,
      note: '',
      tenders: [{ method: 'cash', amount: p.price * qty }],
      cashier: server.users.cashier.name,
      cashierId: server.users.cashier.id,
      taxMode: 'none',
      roundingStep: 0,
      now: now - (3 - i) * 60_000,
      deviceId,
      outletId: OUTLET,
      receiptNo: receiptNumber(deviceId, i + 1),
    });
    const stockEvents = sale.lines.map((l) => ({ id: uuidv7(), productId: l.productId, outletId: OUTLET, delta: -l.qty, reason: 'sale' as const, saleId: sale.id }));
    mutations.push({ seq: i + 1, id: uuidv7(), type: 'sale.record', payload: { sale, stockEvents }, deviceTime: sale.createdAt });
    if (i === 0) {
      const lines = [{ lineId: sale.lines[0]!.id, qty: 1 }];
      const by = server.users.supervisor.id;
      const ret: SaleVoidPayload = {
        id: uuidv7(),
        saleId: sale.id,
        outletId: OUTLET,
        kind: 'refund',
        lines,
        amount: refundAmount(sale, lines),
        method: 'cash',
        reason: 'rusak',
        by,
        createdAt: now,
        businessDate: businessDate(now),
        approval: { id: uuidv7(), kind: 'refund', approverId: by, requestedBy: by, at: now, lineId: null, detail: 'rusak' },
        stockEvents: [{ id: uuidv7(), productId: p.id, outletId: OUTLET, delta: 1, reason: 'return', saleId: sale.id }],
      };
      mutations.push({ seq: 0, id: uuidv7(), type: 'sale.void', payload: ret, deviceTime: now });
    }
  }
  const answer = await push(server.store, deviceId, mutations.map((m, i) => ({ ...m, seq: i + 1 })));
  expect(answer.results.every((r) => r.status === 'applied' || r.status === 'flagged')).toBe(true);
});

afterAll(async () => {
  await office?.close();
  await server?.close();
});

describe('the Laporan tab', () => {
  it('draws a chart, shows the server’s figures in the breakdown and downloads it as CSV', { timeout: 240_000 }, async () => {
    const today = businessDate(Date.now());
    const expected = await getJson<SalesReport>(server, `${REPORT_ROUTES.sales}?from=${today.slice(0, 8)}01&to=${today}&by=product&outlet=${OUTLET}`);
    const kopi = expected.rows.find((r) => r.key === KOPI.id)!;
    // Three sold, one refunded: four units of Rp 65.000 less one back; HPP only for the units kept.
    expect(kopi).toMatchObject({ qty: 4, returnedQty: 1, net: KOPI.price * 3, cost: 40_000 * 3 });
    expect(expected.summary.uncostedLines).toBe(1);

    office = await launch(newProfileDir());
    const page = office.pages()[0] ?? (await office.newPage());
    await page.goto(`${server.baseUrl}/admin`);
    const form = page.getByRole('form', { name: 'Masuk untuk pengelolaan' });
    await form.getByLabel('Nama pengguna').fill(server.users.admin.username);
    await form.getByLabel('Kata sandi').fill(server.users.admin.password ?? '');
    await form.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('navigation', { name: 'Menu pengelolaan' }).getByRole('link', { name: 'Laporan' }).click();
    await page.getByRole('heading', { name: 'Laporan penjualan', level: 2 }).waitFor({ timeout: 30_000 });

    // chart.js came with the tab and drew on its canvas.
    const perDay = page.getByRole('img', { name: 'Penjualan bersih per hari' });
    await expect.poll(() => perDay.getAttribute('data-drawn'), { timeout: 30_000 }).toBe('true');
    const painted = await perDay.evaluate((c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) n++;
      return n;
    });
    expect(painted).toBeGreaterThan(100);

    const table = page.getByRole('grid', { name: 'Rincian: Produk' });
    const row = table.getByRole('row', { name: new RegExp(KOPI.name) });
    await row.waitFor({ timeout: 30_000 });
    const cells = await row.locator('[role=rowheader], [role=gridcell]').allTextContents();
    const rupiah = (n: number) => `Rp ${n.toLocaleString('id-ID')}`;
    expect(cells.slice(0, 7)).toEqual([KOPI.name, '2', '4', rupiah(KOPI.price * 4), rupiah(KOPI.price), rupiah(KOPI.price * 3), rupiah(120_000)]);
    await page.getByText(/HPP belum diisi untuk 1 baris penjualan/).waitFor();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Ekspor CSV: Rincian: Produk' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('laporan-product.csv');
    const text = readFileSync((await file.path()) ?? '', 'utf8');
    expect(text.startsWith('\uFEFFProduk;Transaksi;Qty;')).toBe(true);
    expect(text).toContain(`${KOPI.name};2;4;${KOPI.price * 4};${KOPI.price};${KOPI.price * 3};120000;`);
  });
});
