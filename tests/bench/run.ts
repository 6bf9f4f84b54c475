// `npm run bench [-- --json FILE] [-- --iterations N] [-- --no-browser] [-- --only NAMES]`:
// builds and serves the app, opens headless Chromium and prints each figure
// next to a baseline measured in the same run. Figures go to
// docs/benchmarks.md by hand. `--only ingest_sqlite,search_` measures the
// figures with those names or name prefixes and skips every scenario (and
// the build and the browser) that gives none of them: `--only initial_js_gzip_kb`
// builds the app and measures its first download, without a browser.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import type { PullAnswer } from '../../src/protocol/schemas.ts';
import { buildApp } from '../../src/server/http/app.ts';
import { demoCatalog } from '../../src/server/seed-data.ts';
import { registerDevice } from '../../src/server/accounts/accounts.ts';
import { openSqlite } from '../../src/server/store/sqlite.ts';
import { Store } from '../../src/server/store/store.ts';
import { bigCatalog } from './catalog.ts';
import { initialJsGzipKb } from './initial-js.ts';
import { ingestScenario } from './ingest.ts';
import { figure, percentile, type Figure } from './stats.ts';
import { productsScenario } from './products.ts';
import { reportScenario } from './reports.ts';
import { catalogReady, READY_CASES } from './catalog-ready.ts';
import { lighthouseScenario } from './lighthouse.ts';
import { seedIfEmpty } from '../../src/server/catalog/catalog.ts';

const { values: args } = parseArgs({
  options: {
    json: { type: 'string' },
    iterations: { type: 'string', default: '300' },
    'skip-build': { type: 'boolean', default: false },
    // Only the scenarios that need no browser (server ingest): no build, no Chromium.
    'no-browser': { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const iterations = Number(args.iterations);
const only = args.only?.split(',').map((n) => n.trim()).filter((n) => n !== '') ?? [];

/** Whether `--only` asks for the figure `name` (everything without `--only`). */
function wanted(name: string): boolean {
  return only.length === 0 || only.some((prefix) => name.startsWith(prefix));
}

/** The figures each browser scenario gives, to skip those nobody asked for. */
const BROWSER_FIGURES = {
  checkout: ['checkout_commit_p50', 'checkout_commit_p95', 'checkout_during_pull_p50', 'checkout_during_pull_p95', 'checkout_during_pull_count', 'checkout_during_pull_pull_ms'],
  search: [
    'catalog_load_50k',
    'search_index_build_50k',
    'search_keystroke_p50',
    'search_keystroke_p95',
    'typing_longtask_max',
    'typing_longtasks_over_50ms',
    'scan_to_cart_p50',
    'scan_to_cart_p95',
    'scans_lost',
  ],
  drain: ['drain_10k_sales', 'drain_10k_sales_server_wait'],
} as const;
const runs = (scenario: keyof typeof BROWSER_FIGURES): boolean => !args['no-browser'] && BROWSER_FIGURES[scenario].some(wanted);

function sh(cmd: string, argv: string[]): void {
  const r = spawnSync(cmd, argv, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed`);
}

function demoPull(): PullAnswer {
  const c = demoCatalog();
  return { version: 1, epoch: 0, full: true, users: [], ...c };
}

async function checkoutScenario(page: Page): Promise<Figure[]> {
  const figures: Figure[] = [];
  if (wanted('checkout_commit')) {
    const r = await page.evaluate(([pull, n]) => window.bench.checkout(pull, n, 20), [demoPull(), iterations] as const);
    figures.push(
      figure('checkout_commit_p50', percentile(r.app, 50), 'ms', percentile(r.raw, 50)),
      figure('checkout_commit_p95', percentile(r.app, 95), 'ms', percentile(r.raw, 95)),
    );
  }
  if (wanted('checkout_during_pull')) {
    // A full re-pull of 50,000 products written page by page while sales go on.
    const d = await page.evaluate(([pull, big, n]) => window.bench.checkoutDuringPull(pull, big, n), [demoPull(), bigCatalog(50_000), iterations] as const);
    figures.push(
      figure('checkout_during_pull_p50', percentile(d.app, 50), 'ms'),
      figure('checkout_during_pull_p95', percentile(d.app, 95), 'ms'),
      figure('checkout_during_pull_count', d.app.length, 'count'),
      figure('checkout_during_pull_pull_ms', d.pullMs, 'ms'),
    );
  }
  return figures;
}

// What a cashier types: whole words, partial words, a code.
const QUERIES = ['kain gembok', 'kopi sembalun 250', 'madu besar', 'selendang subahnale', 'big-0012', 'dompet rinjani hitam'];

async function searchScenario(page: Page): Promise<Figure[]> {
  const pull = bigCatalog(50_000);
  const { loadMs, indexMs } = await page.evaluate((p) => window.bench.loadCatalog(p), pull);
  const r = await page.evaluate(([q, n]) => window.bench.search(q, n), [QUERIES, 3] as const);

  await page.evaluate(() => window.bench.mountApp());
  const search = page.getByRole('searchbox', { name: 'Cari produk' });
  await search.waitFor();
  await page.getByRole('list', { name: 'Hasil pencarian' }).locator('li').first().waitFor();
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__long.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  for (const q of QUERIES) {
    await search.fill('');
    // A quick cashier: about 8 keys a second.
    await search.pressSequentially(q, { delay: 120 });
  }
  await page.waitForTimeout(300);
  const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);

  const scans: number[] = [];
  let lost = 0;
  for (let i = 0; i < 40; i++) {
    const p = pull.products[(i * 7919) % pull.products.length]!;
    const ms = await page.evaluate(([code, name]) => window.bench.scan(code, name), [p.barcode ?? '', p.name] as const);
    if (ms === null) lost++;
    else scans.push(ms);
  }
  return [
    figure('catalog_load_50k', loadMs, 'ms'),
    figure('search_index_build_50k', indexMs, 'ms'),
    figure('search_keystroke_p50', percentile(r.app, 50), 'ms', percentile(r.raw, 50)),
    figure('search_keystroke_p95', percentile(r.app, 95), 'ms', percentile(r.raw, 95)),
    figure('typing_longtask_max', long.length ? Math.max(...long) : 0, 'ms'),
    figure('typing_longtasks_over_50ms', long.filter((d) => d > 50).length, 'count'),
    figure('scan_to_cart_p50', percentile(scans, 50), 'ms'),
    figure('scan_to_cart_p95', percentile(scans, 95), 'ms'),
    // A cashier's scan is never lost: anything but 0 is a defect to chase.
    figure('scans_lost', lost, 'count'),
  ];
}

/** Server ingest on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set (tests/bench/ingest.ts). */
function serverScenario(): Promise<Figure[]> {
  const pgUrl = wanted('ingest_postgres') ? (process.env.TEST_DATABASE_URL ?? null) : null;
  // 10,000 sales a round (100 pushes from five devices): with 5,000, the
  // start (every device's first push parsed before any is written) and the
  // end (the last device pushing alone) were a tenth of a round and the
  // figure moved ±0.04 from run to run; the bare writer has neither.
  return ingestScenario({ sales: 10_000, batch: 100, rounds: 3, sqlite: wanted('ingest_sqlite'), pgUrl });
}

function report(figures: readonly Figure[], what: string): void {
  console.log(`\nKasir Karya bench (${what}, ${new Date().toISOString()})`);
  console.table(figures.map((f) => ({ name: f.name, value: f.value, unit: f.unit, baseline: f.baseline ?? '', ratio: f.ratio ?? '' })));
  if (args.json) {
    writeFileSync(args.json, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`figures written to ${args.json}`);
  }
}

async function drainScenario(page: Page, store: Store): Promise<Figure[]> {
  // The draining device enrols with a one-time code, as a device at the outlet would.
  const at = store.now();
  const { code } = await store.db.tx((tx) => registerDevice(tx, { outletId: 'ntb-mall', label: 'Bench drain' }, { at, actorId: null }));
  const r = await page.evaluate(([n, c]) => window.bench.drain(n, c), [10_000, code] as const);
  if (r.left !== 0) throw new Error(`drain left ${r.left} sales queued`);
  return [
    figure('drain_10k_sales', r.drainMs / 1000, 's'),
    // Time spent waiting on the server, inside the drain: the rest is the device's own work.
    figure('drain_10k_sales_server_wait', r.netMs / 1000, 's'),
  ];
}

/** The counter's first download, from the app's own build (no browser needed). */
function bundleScenario(): Figure[] {
  return [figure('initial_js_gzip_kb', initialJsGzipKb(resolve('dist')), 'KB')];
}

async function main(): Promise<void> {
  // Before the browser starts, so neither competes with the other for the CPU.
  const serverFigures = await serverScenario();
  if (wanted('admin_products_query') || wanted('import_20k_rows')) {
    serverFigures.push(...(await productsScenario({ iterations, sqlite: true, pgUrl: process.env.TEST_DATABASE_URL ?? null })));
  }
  if (wanted('report_1m_lines_p95')) {
    // A million lines on each engine: a few minutes of writing before the queries are timed.
    serverFigures.push(...(await reportScenario({ sqlite: wanted('report_1m_lines_p95_sqlite'), pgUrl: wanted('report_1m_lines_p95_postgres') ? (process.env.TEST_DATABASE_URL ?? null) : null, rounds: 3 })));
  }
  // Enrolment to the first search result, each case with a server and a browser of its own (the app's real build).
  const readyCases = args['no-browser'] ? [] : READY_CASES.filter((c) => [`catalog_ready_${c.name}`, `catalog_longtask_max_${c.name}`, `catalog_heap_peak_${c.name}_mb`].some(wanted));
  const browser = runs('checkout') || runs('search') || runs('drain');
  // Measured on the app's build, so it needs that build but no browser.
  const bundle = !args['no-browser'] && wanted('initial_js_gzip_kb');
  // Lighthouse's mobile audit of / and /admin, each on a fresh profile of its own Chromium.
  const audits = !args['no-browser'] && ['lighthouse_perf_root', 'lighthouse_perf_admin', 'cls_root', 'cls_admin'].some(wanted);
  if (!args['skip-build'] && (browser || bundle || audits || readyCases.length > 0)) sh('npx', ['vite', 'build', '--logLevel', 'warn']);
  if (bundle) serverFigures.push(...bundleScenario());
  if (audits) serverFigures.push(...(await lighthouseScenario()).filter((f) => wanted(f.name)));
  for (const c of readyCases) serverFigures.push(...(await catalogReady(c)));
  if (!browser) return report(serverFigures.filter((f) => wanted(f.name)), 'no browser');
  if (!args['skip-build']) sh('npx', ['vite', 'build', '-c', 'tests/bench/vite.bench.config.ts']);
  const dir = mkdtempSync(join(tmpdir(), 'kasir-bench-'));
  const store = new Store(openSqlite(join(dir, 'bench.sqlite')));
  await store.migrate();
  await seedIfEmpty(store, demoCatalog());
  const app = await buildApp({ store, staticDir: resolve('.bench-tmp/dist') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'kasir-bench-profile-')), {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const figures: Figure[] = [];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => console.error('page error:', e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') console.error('page console:', m.text());
    });
    await page.goto(`http://127.0.0.1:${port}/index.html`);
    await page.waitForFunction(() => document.getElementById('state')?.textContent === 'ready');
    if (runs('checkout')) figures.push(...(await checkoutScenario(page)));
    if (runs('search')) figures.push(...(await searchScenario(page)));
    if (runs('drain')) figures.push(...(await drainScenario(page, store)));
  } finally {
    await context.close();
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  report([...figures, ...serverFigures].filter((f) => wanted(f.name)), `${iterations} iterations, headless Chromium`);
}

await main();
