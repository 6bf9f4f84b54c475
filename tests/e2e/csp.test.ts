// The built PWA under the server's Content-Security-Policy, in Chromium:
// first load, a reload served by the service worker, a search in both views,
// a QRIS sale and the camera preview, with every policy violation counted.
// Zero is the only passing number; a planted violation at the end shows the
// counting works.
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/server/http/security.ts';
import { CHROMIUM, enrolAndSignIn, newProfileDir, setOutletSettings, signIn, startServer, type TestServer } from './helpers.ts';
import { listSales } from '../../src/server/sync/review.ts';
import { upsertCatalog } from '../../src/server/catalog/catalog.ts';

const STATIC_QRIS =
  '00020101021126620016ID.CO.CONTOH.WWW011893600000000001234502090000123450303UMI51440014ID.CO.QRIS.WWW0215ID10250000000010303UMI5204594753033605802ID5908NTB MALL6007MATARAM6105831256304DC72';

interface Violation {
  directive: string;
  blocked: string;
  source: string;
  sample: string;
}

let server: TestServer;
let context: BrowserContext;
let page: Page;
const violations: Violation[] = [];
/** Console lines in which Chromium reports a refused load or a bad policy header. */
const policyConsole: string[] = [];

function watchConsole(msg: ConsoleMessage): void {
  const text = msg.text();
  if (/Content Security Policy|Refused to|Permissions-Policy|Permissions Policy/i.test(text)) policyConsole.push(`${msg.type()}: ${text}`);
}

beforeAll(async () => {
  server = await startServer();
  // The outlet's QRIS, as an admin set it on the server; the device gets it with its first pull.
  await setOutletSettings(server, 'ntb-mall', { qrisStatic: STATIC_QRIS });
  // No picture: the grid shows it as a tile coloured by its category (Kerajinan, #5f5220).
  await upsertCatalog(server.store, {
    products: [{ id: 'csp-tile', sku: 'CSP-TILE', barcode: null, name: 'Gelang Uji Tanpa Foto', category: 'Kerajinan', producerId: 'lapas-lobar', price: 15_000, unit: 'pcs', active: true }],
  });
  context = await chromium.launchPersistentContext(newProfileDir(), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1366, height: 768 },
    locale: 'id-ID',
    timezoneId: 'Asia/Makassar',
    permissions: ['camera'],
    // The same flags as tests/e2e/helpers.ts launch(), plus a fake camera so the preview really plays.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
    ],
  });
  await context.exposeBinding('__cspViolation', (_source, v: Violation) => {
    violations.push(v);
  });
  // Installed before any page script, on every document, including reloads.
  await context.addInitScript(() => {
    const report = (window as unknown as { __cspViolation: (v: unknown) => void }).__cspViolation;
    document.addEventListener(
      'securitypolicyviolation',
      (e) => report({ directive: e.effectiveDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}`, sample: e.sample }),
      true,
    );
    window.print = () => undefined;
  });
  context.on('console', watchConsole);
  page = context.pages()[0] ?? (await context.newPage());
});

afterAll(async () => {
  await context?.close();
  await server?.close();
});

/** This step's violations are none; each step is charged only with its own. */
function expectNoViolations(): void {
  const seen = violations.splice(0);
  const logged = policyConsole.splice(0);
  expect(seen).toEqual([]);
  expect(logged).toEqual([]);
}

describe('the PWA under its Content-Security-Policy', () => {
  it('first load: the page comes with the policy and breaks none of it', async () => {
    const res = await page.goto(server.baseUrl);
    expect(res?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    // The enrolment and PIN sign-in screens come first on a fresh profile, under the same policy.
    await enrolAndSignIn(page, server, server.users.cashier);
    await page.getByRole('button', { name: /^Tambah / }).first().waitFor();
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    expectNoViolations();
  });

  it('a reload is served by the service worker, still under the policy', async () => {
    const res = await page.reload();
    expect(res?.fromServiceWorker()).toBe(true);
    // The precached index.html keeps the headers it was fetched with.
    expect(res?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    await signIn(page, server.users.cashier);
    await page.getByRole('button', { name: /^Tambah / }).first().waitFor();
    expectNoViolations();
  });

  it('a search in the grid (pictures and coloured tiles) and the keyboard list (virtualised rows)', async () => {
    // Both views style elements from React props; neither may need an inline-style exception.
    await page.getByRole('searchbox', { name: 'Cari produk' }).fill('kopi');
    await page.getByRole('button', { name: /^Tambah Kopi Bubuk Sembalun Arabika 250 g / }).waitFor();
    const pictures = page.locator('img.product-tile');
    if ((await pictures.count()) > 0) {
      await expect.poll(() => pictures.first().evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0)).toBe(true);
    }
    // A product without a picture gets a tile coloured through a style prop.
    await page.getByRole('searchbox', { name: 'Cari produk' }).fill('gelang uji');
    const tile = page.getByRole('button', { name: /^Tambah Gelang Uji Tanpa Foto / }).locator('span.product-tile');
    await tile.waitFor();
    expect(await tile.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(95, 82, 32)');
    await page.getByRole('searchbox', { name: 'Cari produk' }).fill('kopi');
    await page.getByRole('radio', { name: 'Daftar' }).click();
    const row = page.getByRole('listbox', { name: 'Hasil pencarian' }).getByRole('option').first();
    await row.waitFor();
    expect(await row.evaluate((el) => getComputedStyle(el.parentElement ?? el).position)).toBe('absolute');
    await page.getByRole('radio', { name: 'Kotak' }).click();
    await page.getByRole('searchbox', { name: 'Cari produk' }).fill('');
    expectNoViolations();
  });

  it('the camera preview plays', async () => {
    await page.getByRole('button', { name: 'Pindai dengan Kamera' }).click();
    const camera = page.getByRole('dialog', { name: 'Pindai dengan Kamera' });
    await camera.waitFor();
    await page.waitForFunction(() => ((document.querySelector('video.camera-video') as HTMLVideoElement | null)?.videoWidth ?? 0) > 0, undefined, { timeout: 20_000 });
    await camera.getByRole('button', { name: 'Tutup Kamera' }).click();
    expectNoViolations();
  });

  it('a sale paid by QRIS with its QR code shown, then the receipt', async () => {
    // The outlet's QRIS comes from the server; Pengaturan shows it, read-only, and the cashier sells with it.
    await page.getByRole('link', { name: 'Pengaturan' }).click();
    await page.getByText('QRIS valid: NTB MALL, MATARAM').waitFor();
    await page.getByRole('link', { name: 'Kasir' }).click();

    await page.getByRole('searchbox', { name: 'Cari produk' }).fill('kopi arabika 250');
    await page.getByRole('button', { name: /^Tambah Kopi Bubuk Sembalun Arabika 250 g / }).click();
    await page.getByRole('button', { name: 'Bayar', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Pembayaran' });
    await dialog.getByRole('radio', { name: 'QRIS' }).click();
    await dialog.getByRole('img', { name: /^Kode QRIS untuk Rp / }).waitFor();
    await dialog.getByRole('checkbox', { name: /Dana QRIS sudah masuk/ }).check();
    await dialog.getByRole('button', { name: 'Selesaikan Penjualan' }).click();
    const done = page.getByRole('status', { name: 'Penjualan tersimpan' });
    await done.locator('pre.receipt-preview').waitFor();
    await page.getByRole('link', { name: 'Penjualan Hari Ini' }).click();
    await page.getByRole('table').waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="pending-count"]')?.getAttribute('data-count') === '0', undefined, { timeout: 30_000 });
    expect(await listSales(server.store, {})).toHaveLength(1);
    expectNoViolations();
  });

  it('the count is real: an injected inline script and style attribute are refused and reported', async () => {
    const ran = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true;';
      document.head.append(s);
      document.body.setAttribute('style', 'outline: 1px solid red');
      await new Promise((r) => setTimeout(r, 200));
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => violations.map((v) => v.directive).sort()).toEqual(['script-src-elem', 'style-src-attr']);
  });
});
