// The labels a supervisor prints are scannable: the real label screen in
// Chromium, in print media (what the print dialog sends to the printer), at
// a printer-like resolution; each rendered barcode is drawn into a canvas and
// decoded with ZXing back to the product's code: an in-store 21... EAN-13, a
// GS1 Indonesia 899... EAN-13, and a Code 128 SKU for a product without one.
import { BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, RGBLuminanceSource } from '@zxing/library';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGs1Indonesia, isInStoreCode } from '../../src/domain/ean13.ts';
import { queueLabels } from '../../src/server/catalog/labels.ts';
import { upsertCatalog } from '../../src/server/catalog/catalog.ts';
import { DEMO_PRODUCTS } from '../../src/server/seed-data.ts';
import { CHROMIUM, startServer, type TestServer } from './helpers.ts';

const inStore = DEMO_PRODUCTS.find((p) => p.barcode !== null && isInStoreCode(p.barcode))!;
const gs1 = DEMO_PRODUCTS.find((p) => p.barcode !== null && isGs1Indonesia(p.barcode))!;
const noBarcode = { ...DEMO_PRODUCTS[0]!, id: 'p-tanpa-kode', sku: 'TNN-SKR-07', barcode: null, name: 'Kain Tenun Songket Sukarara Motif Subahnale Warna Merah' };

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  // 4 device pixels a CSS pixel: about 385 dpi on paper, a laser printer's scale. /admin needs no enrolled device.
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 4, locale: 'id-ID', timezoneId: 'Asia/Makassar' });
  page = await context.newPage();
  await upsertCatalog(server.store, { products: [noBarcode] });
  await server.store.db.tx((tx) => queueLabels(tx, [inStore.id, gs1.id, noBarcode.id], 'price-changed', server.store.now()));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

/** The element's pixels as the screen drew them, drawn into a canvas on a blank page, decoded by ZXing. */
async function decode(element: ReturnType<Page['locator']>): Promise<{ text: string; format: string }> {
  const png = await element.screenshot({ animations: 'disabled' });
  const blank = await context.newPage();
  try {
    // about:blank has no CSP, so the screenshot can go in as a data: URL.
    const { width, height, gray } = await blank.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const g = canvas.getContext('2d');
      if (!g) throw new Error('no 2d canvas');
      g.drawImage(img, 0, 0);
      const rgba = g.getImageData(0, 0, canvas.width, canvas.height).data;
      const out: number[] = new Array<number>(canvas.width * canvas.height);
      for (let i = 0; i < out.length; i++) out[i] = Math.round(0.299 * (rgba[i * 4] ?? 0) + 0.587 * (rgba[i * 4 + 1] ?? 0) + 0.114 * (rgba[i * 4 + 2] ?? 0));
      return { width: canvas.width, height: canvas.height, gray: out };
    }, png.toString('base64'));
    const reader = new MultiFormatReader();
    const hints = new Map<DecodeHintType, unknown>([
      [DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.EAN_13, BarcodeFormat.CODE_128]],
      [DecodeHintType.TRY_HARDER, true],
    ]);
    reader.setHints(hints);
    const result = reader.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(Uint8ClampedArray.from(gray), width, height))));
    return { text: result.getText(), format: BarcodeFormat[result.getBarcodeFormat()] ?? '?' };
  } finally {
    await blank.close();
  }
}

describe('printed labels', () => {
  it('an admin prints the "Label perlu dicetak" list on a 3x10 sheet, and every barcode scans back to its code', async () => {
    await page.goto(`${server.baseUrl}/admin`);
    const form = page.getByRole('form', { name: 'Masuk untuk pengelolaan' });
    await form.getByRole('textbox', { name: 'Nama pengguna' }).fill(server.users.admin.username);
    await form.getByLabel('Kata sandi').fill(server.users.admin.password ?? '');
    await form.getByRole('button', { name: 'Masuk' }).click();
    await page.getByRole('navigation', { name: 'Menu pengelolaan' }).getByRole('link', { name: 'Label' }).click();
    await page.getByRole('grid', { name: 'Label perlu dicetak' }).waitFor();
    await page.getByRole('button', { name: 'Masukkan semua ke cetakan' }).click();
    await page.getByRole('grid', { name: 'Cetakan' }).getByRole('rowheader', { name: noBarcode.name }).waitFor();
    await page.getByText('3 label, 1 lembar').waitFor();

    // What the print dialog prints.
    await page.emulateMedia({ media: 'print' });
    const sheet = page.locator('.label-print .label-sheet');
    expect(await sheet.count()).toBe(1);
    expect(await sheet.evaluate((el) => Math.round(el.getBoundingClientRect().width))).toBe(Math.round((210 * 96) / 25.4));
    // The app itself is out of the printed page.
    expect(await page.locator('#root').evaluate((el) => getComputedStyle(el).display)).toBe('none');

    const expected = new Map([
      [inStore.barcode ?? '', 'EAN_13'],
      [gs1.barcode ?? '', 'EAN_13'],
      [noBarcode.sku, 'CODE_128'],
    ]);
    const labels = sheet.locator('.label');
    expect(await labels.count()).toBe(3);
    const decoded = new Map<string, string>();
    for (let i = 0; i < 3; i++) {
      const label = labels.nth(i);
      const r = await decode(label.locator('.label-barcode'));
      decoded.set(r.text, r.format);
      // The price and the name are on the same label as the code they belong to.
      const product = [inStore, gs1, noBarcode].find((p) => (p.barcode ?? p.sku) === r.text);
      expect(product, `decoded ${r.text}, which is no product's code`).toBeDefined();
      expect(await label.locator('.label-price').textContent()).toBe(`Rp ${new Intl.NumberFormat('id-ID').format(product?.price ?? 0)}`);
    }
    expect(decoded).toEqual(expected);

    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('button', { name: 'Tandai sudah dicetak (3)' }).click();
    await page.getByText('Tidak ada label yang perlu dicetak.').waitFor();
  });
});
