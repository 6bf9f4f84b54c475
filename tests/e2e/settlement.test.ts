// Issue 16, settlement in real Chromium against the real server: sales for a
// Lapas workshop (50/15/35 of profit) and an UMKM (20 % fee) at two outlets;
// an admin settles each for October and approves it; the Lapas statement
// is printed to PDF and downloaded as one (both read back with pdfjs); its
// producer opens it through a share link in a browser with no session, and
// the link is revoked; it is paid; a refund of a settled line and a November sale come in, and the
// November settlement holds only the new line and the return's deduction.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/domain/id.ts';
import { ROUTES } from '../../src/protocol/routes.ts';
import { bearer, enrolDevice, pushBody, saleOf, TestDevice } from '../server/helpers.ts';
import { launch, newProfileDir, sessionToken, startServer, type TestServer } from './helpers.ts';

const LAPAS = 'lapas-mataram';
const noon = (d: string) => Date.parse(`${d}T04:00:00Z`);

let server: TestServer;
let context: BrowserContext;
let page: Page;
let booth: TestDevice;
let store: TestDevice;
let march: ReturnType<TestDevice['sell']>;
let shareLink = '';

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: bytes, useSystemFonts: false }).promise;
  const parts: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    parts.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
  }
  await doc.destroy();
  return parts.join('\n').replace(/\s+/g, ' ');
}

async function pushAs(device: TestDevice, outletId: string, mutations: ReturnType<TestDevice['sell']>[]): Promise<void> {
  const token = tokens.get(device.id) ?? (await enrolDevice(server.baseUrl, device.id, outletId, await sessionToken(server)));
  tokens.set(device.id, token);
  const res = await fetch(`${server.baseUrl}${ROUTES.push}`, { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: JSON.stringify(pushBody(device.id, mutations)) });
  const body = (await res.json()) as { results: { status: string; reason: string | null }[] };
  expect(body.results.map((r) => r.status), JSON.stringify(body)).toEqual(mutations.map(() => expect.stringMatching(/applied|flagged/) as unknown as string));
}
const tokens = new Map<string, string>();

beforeAll(async () => {
  server = await startServer();
  await server.store.db.tx(async (tx) => {
    await tx.run('UPDATE producers SET terms = ?, lapas = ?, contact_phone = ? WHERE id = ?', [JSON.stringify({ default: { kind: 'fee', bp: 0 }, byCategory: [] }), 'Lapas Kelas IIA Mataram', '0812-3456-7890', LAPAS]);
    await tx.run('UPDATE producers SET terms = ? WHERE id = ?', [JSON.stringify({ default: { kind: 'fee', bp: 2000 }, byCategory: [] }), 'umkm-dapur-sasak']);
    await tx.run("INSERT INTO producer_levy_rules (producer_id, valid_from, premi_bp, pnbp_bp, modal_bp, base, source) VALUES (?, '2026-01-01', 5000, 1500, 3500, 'profit', 'Kepmen M.01-PP.02.01/1990')", [LAPAS]);
    await tx.run("UPDATE products SET cost = 85000 WHERE sku = 'CKL-001'");
  });
  store = new TestDevice();
  booth = new TestDevice();
  march = store.sell([{ product: 'CKL-001', qty: 2 }, { product: 'PGN-002', qty: 2 }], { createdAt: noon('2026-10-05'), outletId: 'ntb-mall' });
  await pushAs(store, 'ntb-mall', [march]);
  await pushAs(booth, 'showroom-lobar', [booth.sell([{ product: 'CKL-001', qty: 1 }, { product: 'PGN-002', qty: 1 }], { createdAt: noon('2026-10-06'), outletId: 'showroom-lobar' })]);
  context = await launch(newProfileDir(), server);
  page = context.pages()[0] ?? (await context.newPage());
});

afterAll(async () => {
  await context?.close();
  await server?.close();
});

async function draft(producer: string, from: string, to: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Buat penyelesaian' });
  await form.getByRole('button', { name: /Produsen/ }).click();
  await page.getByRole('option', { name: producer, exact: true }).click();
  await form.getByLabel('Periode dari').fill(from);
  await form.getByLabel('Periode sampai').fill(to);
  await form.getByRole('button', { name: 'Buat draf' }).click();
}

const statement = () => page.getByRole('article');

describe('an admin settles a Lapas workshop and an UMKM, prints, pays, and settles the next month', () => {
  it('shows what each is owed and settles October for the Lapas: lines from both outlets, the 50/15/35 split of profit', async () => {
    await page.goto(`${server.baseUrl}/admin/penyelesaian`);
    const signInForm = page.getByRole('form', { name: 'Masuk untuk pengelolaan' });
    await signInForm.getByLabel('Nama pengguna').fill(server.users.admin.username);
    await signInForm.getByLabel('Kata sandi').fill(server.users.admin.password ?? '');
    await signInForm.getByRole('button', { name: 'Masuk' }).click();
    const owed = page.getByRole('grid', { name: 'Yang harus dibayar sekarang' });
    // 3 x 185,000 for the workshop, 3 x 15,000 for the UMKM, one line at each outlet.
    await expect.poll(() => owed.getByRole('row', { name: /Lapas Kelas IIA Mataram/ }).textContent(), { timeout: 30_000 }).toMatch(/555\.000.*2 baris/);
    expect(await owed.getByRole('row', { name: /UMKM Dapur Sasak Rasa/ }).textContent()).toMatch(/45\.000/);

    await draft('Lapas Kelas IIA Mataram', '2026-10-01', '2026-10-31');
    await statement().getByRole('heading', { name: 'Nota Hasil Penjualan' }).waitFor();
    const rows = statement().getByRole('row');
    expect(await rows.count()).toBe(3);
    const text = (await statement().textContent()) ?? '';
    // Profit 555,000 - 3 x 85,000 = 300,000: premi 150,000, PNBP 45,000, modal 105,000.
    for (const part of ['555.000', '255.000', '150.000', '45.000', '105.000', 'Pihak toko']) expect(text).toContain(part);
    await page.getByRole('button', { name: 'Setujui' }).click();
    await page.getByText('Status: Disetujui', { exact: true }).waitFor();
  });

  it('prints the statement to an A4 PDF and downloads it as a PDF file, both with the lines and the split', async () => {
    const printed = await page.pdf({ format: 'A4', printBackground: true });
    const printedText = await pdfText(new Uint8Array(printed));
    for (const part of ['Nota Hasil Penjualan', 'Lapas Kelas IIA Mataram', '2026-10-01 s.d. 2026-10-31', 'Kotak Tisu Cukli Motif Sasak', 'Premi warga binaan', '150.000', 'Pihak toko']) expect(printedText).toContain(part);
    // Only the statement is on paper: not the buttons around it.
    expect(printedText).not.toContain('Unduh PDF');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh PDF' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const fileText = await pdfText(new Uint8Array(readFileSync(await download.path())));
    for (const part of ['Nota Hasil Penjualan', 'Lapas Kelas IIA Mataram', 'Kotak Tisu Cukli Motif Sasak', '555.000', '150.000', '45.000', '105.000']) expect(fileText).toContain(part);

    // The producer has no account: WhatsApp waits for a share link, and then carries it.
    await page.getByText('Buat tautan dulu', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Buat tautan' }).click();
    const field = page.getByRole('textbox', { name: 'Tautan nota' });
    await field.waitFor();
    shareLink = await field.inputValue();
    expect(shareLink).toMatch(new RegExp(`^${server.baseUrl}/nota/[A-Za-z0-9_-]{43}$`));
    const wa = await page.getByRole('link', { name: 'Kirim via WhatsApp' }).getAttribute('href');
    expect(wa).toMatch(/^https:\/\/wa\.me\/6281234567890\?text=/);
    expect(decodeURIComponent(wa ?? '')).toContain('Dibayarkan: Rp');
    expect(decodeURIComponent(wa ?? '')).toContain(shareLink);
    expect(decodeURIComponent(wa ?? '')).not.toContain('/admin/');
    await page.getByText(/berlaku sampai .*dibuka 0 kali/).waitFor();
  });

  it('the producer opens the statement through the link in a fresh browser with no session: reads it, switches to English, downloads the PDF, and reaches nothing else', async () => {
    const producer = await launch(newProfileDir(), server);
    try {
      const p = producer.pages()[0] ?? (await producer.newPage());
      const answer = await p.goto(shareLink);
      expect(answer?.status()).toBe(200);
      const article = p.getByRole('article');
      await article.getByRole('heading', { name: 'Nota Hasil Penjualan' }).waitFor();
      const text = (await article.textContent()) ?? '';
      for (const part of ['Lapas Kelas IIA Mataram', 'Kotak Tisu Cukli Motif Sasak', '555.000', '150.000', '45.000', '105.000', 'Pihak toko']) expect(text).toContain(part);
      await p.getByText(/Tautan ini berlaku sampai/).waitFor();
      // No menu, no sign-in, no till: the statement and its own buttons only.
      expect(await p.getByRole('link').count()).toBe(0);
      expect(await p.getByRole('navigation', { name: 'Navigasi utama' }).count()).toBe(0);
      const storeApi = await p.evaluate(async () => (await fetch('/api/admin/settlements')).status);
      expect(storeApi).toBe(401);

      await p.getByRole('button', { name: 'English' }).click();
      await article.getByRole('heading', { name: 'Sales proceeds statement' }).waitFor();
      await p.getByText(/This link is open until/).waitFor();
      const [download] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: 'Download PDF' }).click()]);
      const fileText = await pdfText(new Uint8Array(readFileSync(await download.path())));
      for (const part of ['Sales proceeds statement', 'Lapas Kelas IIA Mataram', 'Kotak Tisu Cukli Motif Sasak', '555.000', '150.000']) expect(fileText).toContain(part);
      const printed = await pdfText(new Uint8Array(await p.pdf({ format: 'A4', printBackground: true })));
      expect(printed).toContain('Kotak Tisu Cukli Motif Sasak');
      expect(printed).not.toContain('Download PDF');

      // The admin makes a second link and sees the first one opened, then revokes both: the producer's page says so, with a 410.
      await page.getByRole('button', { name: 'Buat tautan' }).click();
      await page.getByText(/dibuka 1 kali/).waitFor();
      await page.getByRole('button', { name: 'Cabut semua tautan' }).click();
      await expect.poll(() => page.getByText(/; dicabut /).count()).toBe(2);
      expect(await page.getByRole('button', { name: 'Cabut semua tautan' }).count()).toBe(0);
      const gone = await p.goto(shareLink);
      expect(gone?.status()).toBe(410);
      await p.getByRole('button', { name: 'Bahasa Indonesia' }).click();
      await p.getByRole('heading', { name: 'Tautan sudah dicabut' }).waitFor();
      expect(await p.getByRole('article').count()).toBe(0);
      const wrong = await p.goto(`${server.baseUrl}/nota/${'A'.repeat(43)}`);
      expect(wrong?.status()).toBe(404);
      await p.getByRole('heading', { name: 'Nota tidak ditemukan' }).waitFor();
    } finally {
      await producer.close();
    }
  });

  it('records the payment', async () => {
    const form = page.getByRole('form', { name: 'Catat pembayaran' });
    await form.getByRole('textbox', { name: /Referensi/ }).fill('BRI 0042');
    await form.getByRole('button', { name: 'Catat pembayaran' }).click();
    await page.getByText('Status: Dibayar', { exact: true }).waitFor();
    expect(await statement().textContent()).toContain('BRI 0042');
  });

  it('settles October for the UMKM at its 20 % fee', async () => {
    await page.getByRole('button', { name: 'Kembali ke daftar' }).click();
    await draft('UMKM Dapur Sasak Rasa', '2026-10-01', '2026-10-31');
    await statement().getByRole('heading', { name: 'Laporan Konsinyasi' }).waitFor();
    const text = (await statement().textContent()) ?? '';
    expect(text).toMatch(/Komisi toko\s*Rp\s?9\.000/);
    expect(text).toMatch(/Dibayarkan ke produsen\s*Rp\s?36\.000/);
    await page.getByRole('button', { name: 'Setujui' }).click();
    await page.getByText('Status: Disetujui', { exact: true }).waitFor();
  });

  it('a refund of a settled line and a November sale: the November settlement has only the new line and the deduction', async () => {
    const sale = saleOf(march);
    const line = sale.lines[0]!;
    const refund = store.next(
      {
        id: uuidv7(),
        saleId: sale.id,
        outletId: sale.outletId,
        kind: 'refund',
        lines: [{ lineId: line.id, qty: 1 }],
        amount: 185_000,
        method: 'cash',
        reason: 'jahitan lepas',
        by: server.users.cashier.id,
        createdAt: noon('2026-11-03'),
        businessDate: '2026-11-03',
        approval: { id: uuidv7(), kind: 'refund', approverId: server.users.supervisor.id, requestedBy: server.users.cashier.id, at: noon('2026-11-03'), lineId: null, detail: 'retur' },
        stockEvents: [{ id: uuidv7(), productId: line.productId, outletId: sale.outletId, delta: 1, reason: 'return', saleId: sale.id }],
      },
      { type: 'sale.void' },
    );
    const november = booth.sell([{ product: 'CKL-002', qty: 1 }], { createdAt: noon('2026-11-10'), outletId: 'showroom-lobar' });
    await server.store.db.tx((tx) => tx.run("UPDATE products SET cost = 30000 WHERE sku = 'CKL-002'"));
    await pushAs(store, 'ntb-mall', [refund]);
    await pushAs(booth, 'showroom-lobar', [november]);

    await page.getByRole('button', { name: 'Kembali ke daftar' }).click();
    await draft('Lapas Kelas IIA Mataram', '2026-11-01', '2026-11-30');
    await statement().getByRole('heading', { name: 'Nota Hasil Penjualan' }).waitFor();
    const body = statement().locator('tbody tr');
    expect(await body.count()).toBe(2);
    expect(await body.nth(0).textContent()).toContain('Tempat Pensil Cukli');
    expect(await body.nth(1).textContent()).toMatch(/Retur: Kotak Tisu Cukli Motif Sasak.*-1.*-Rp\s?185\.000|Retur: Kotak Tisu Cukli Motif Sasak.*-1.*Rp\s?-185\.000/);
    await page.getByRole('button', { name: 'Setujui' }).click();
    await page.getByText('Status: Disetujui', { exact: true }).waitFor();
  });
});
