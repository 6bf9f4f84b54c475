// A tablet reaching the server by a LAN name over HTTPS, as at a booth: the
// real server (main.ts) with a certificate from `tls:init`'s code for
// kasir.test, Chromium resolving that name to this machine and trusting the
// certificate by its key (as a tablet does once the CA is installed), so the
// page is a secure context: the service worker takes control and the app
// opens with the network gone. Then the CA download on /admin.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CA_CERTIFICATE_ROUTE } from '../../src/protocol/routes.ts';
import { initTls } from '../../src/server/ops/tls-init.ts';
import { DIST, launch, newProfileDir } from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const HOST = 'kasir.test';
const ADMIN_PASSWORD = 'kata-sandi-https-e2e';

let dir: string;
let child: ChildProcess | null = null;
let exited: Promise<void> = Promise.resolve();
let origin: string;
let caPem: string;
let context: BrowserContext;
let page: Page;

/** Chromium's --ignore-certificate-errors-spki-list takes base64 SHA-256 of the certificate's SubjectPublicKeyInfo. */
function spkiHash(certPem: string): string {
  const der = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kasir-https-'));
  const tls = initTls(join(dir, 'tls'), [HOST]);
  caPem = readFileSync(tls.caFile, 'utf8');
  child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dir, 'kasir.sqlite')}`,
      STATIC_DIR: DIST,
      KASIR_ADMIN_PASSWORD: ADMIN_PASSWORD,
      BACKUP_EVERY_HOURS: '0',
      TLS_CERT_FILE: tls.certFile,
      TLS_KEY_FILE: tls.keyFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = child;
  exited = new Promise((done) => proc.once('exit', () => done()));
  let out = '';
  const port = await new Promise<string>((ready, fail) => {
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const m = /listening on https:\/\/localhost:(\d+)/.exec(out);
      if (m) ready(m[1] ?? '');
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => fail(new Error(`server exited (${code ?? 'signal'}) before listening:\n${out}`)));
  });
  origin = `https://${HOST}:${port}`;
  context = await launch(newProfileDir(), null, [`--host-resolver-rules=MAP ${HOST} 127.0.0.1`, `--ignore-certificate-errors-spki-list=${spkiHash(readFileSync(tls.certFile, 'utf8'))}`]);
  page = context.pages()[0] ?? (await context.newPage());
});

afterAll(async () => {
  await context?.close();
  if (child && child.exitCode === null) child.kill('SIGTERM');
  await exited;
  rmSync(dir, { recursive: true, force: true });
});

describe('a tablet on the LAN over HTTPS', () => {
  it('gets a secure context by host name, the service worker in control, and the app offline', async () => {
    const first = await page.goto(origin);
    expect(first?.headers()['strict-transport-security']).toMatch(/^max-age=\d+/);
    await page.getByRole('heading', { name: 'Daftarkan perangkat ini' }).waitFor();
    expect(await page.evaluate(() => ({ secure: window.isSecureContext, protocol: location.protocol, host: location.hostname }))).toEqual({ secure: true, protocol: 'https:', host: HOST });

    // registerType 'prompt' does not claim the first page: the next load is controlled.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'Daftarkan perangkat ini' }).waitFor();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await context.setOffline(false);
  });

  it('an admin downloads the CA certificate from /admin, with the steps for Android', async () => {
    await page.goto(`${origin}/admin`);
    await page.getByRole('textbox', { name: 'Nama pengguna' }).fill('admin');
    await page.getByLabel('Kata sandi').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.getByRole('navigation', { name: 'Menu pengelolaan' }).getByRole('link', { name: 'Sertifikat' }).click();
    await page.getByRole('heading', { name: 'Sertifikat HTTPS untuk tablet' }).waitFor();
    // Served over HTTPS: no warning about plain HTTP.
    expect(await page.getByText('Halaman ini dibuka tanpa HTTPS', { exact: false }).count()).toBe(0);
    await expect.poll(() => page.getByText('Setelan > Keamanan > Enkripsi & kredensial > Instal sertifikat > Sertifikat CA', { exact: false }).count()).toBe(1);
    await page.getByRole('img', { name: 'Kode QR alamat unduhan sertifikat CA' }).waitFor();
    expect(await page.locator('code').first().textContent()).toBe(`${origin}${CA_CERTIFICATE_ROUTE}`);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Unduh sertifikat CA' }).click()]);
    expect(download.suggestedFilename()).toBe('kasir-karya-ca.crt');
    const saved = readFileSync(await download.path(), 'utf8');
    expect(new X509Certificate(saved).fingerprint256).toBe(new X509Certificate(caPem).fingerprint256);
  });
});
