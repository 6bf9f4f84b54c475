// Real parts: the built PWA served by the real server on a SQLite file, and
// Debian's Chromium driven by playwright-core.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { buildApp } from '../../src/server/app.ts';
import { openSqlite } from '../../src/server/store/sqlite.ts';
import { Store } from '../../src/server/store/store.ts';
import { demoCatalog } from '../../src/server/seed-data.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DIST = resolve('dist');

export interface TestServer {
  baseUrl: string;
  store: Store;
  dir: string;
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does it)');
  const dir = mkdtempSync(join(tmpdir(), 'kasir-e2e-'));
  const store = new Store(openSqlite(join(dir, 'kasir.sqlite')));
  await store.migrate();
  await store.seedIfEmpty(demoCatalog());
  const app = await buildApp({ store, staticDir: DIST });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  if (addr === null || typeof addr === 'string') throw new Error('server did not bind a port');
  return {
    baseUrl: `http://127.0.0.1:${addr.port}`,
    store,
    dir,
    close: async () => {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function newProfileDir(): string {
  return mkdtempSync(join(tmpdir(), 'kasir-profile-'));
}

export async function launch(profileDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1366, height: 768 },
    locale: 'id-ID',
    timezoneId: 'Asia/Makassar',
    // Without these Chromium keeps dialling Google's hosts, which this network refuses.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
