// `npm run bench [-- --json FILE] [-- --iterations N]`: builds and serves the
// app, opens headless Chromium and prints each figure next to a baseline
// measured in the same run. Figures go to docs/benchmarks.md by hand.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import type { PullResponse } from '../src/protocol/schemas.ts';
import { buildApp } from '../src/server/app.ts';
import { demoCatalog } from '../src/server/seed-data.ts';
import { openSqlite } from '../src/server/store/sqlite.ts';
import { Store } from '../src/server/store/store.ts';
import { figure, percentile, type Figure } from './stats.ts';

const { values: args } = parseArgs({
  options: { json: { type: 'string' }, iterations: { type: 'string', default: '300' }, 'skip-build': { type: 'boolean', default: false } },
});
const iterations = Number(args.iterations);

function sh(cmd: string, argv: string[]): void {
  const r = spawnSync(cmd, argv, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed`);
}

function demoPull(): PullResponse {
  const c = demoCatalog();
  return { version: 1, full: true, ...c };
}

async function checkoutScenario(page: Page): Promise<Figure[]> {
  const r = await page.evaluate(([pull, n]) => window.bench.checkout(pull, n, 20), [demoPull(), iterations] as const);
  return [
    figure('checkout_commit_p50', percentile(r.app, 50), 'ms', percentile(r.raw, 50)),
    figure('checkout_commit_p95', percentile(r.app, 95), 'ms', percentile(r.raw, 95)),
  ];
}

async function main(): Promise<void> {
  if (!args['skip-build']) {
    sh('npx', ['vite', 'build', '--logLevel', 'warn']);
    sh('npx', ['vite', 'build', '-c', 'bench/vite.bench.config.ts']);
  }
  const dir = mkdtempSync(join(tmpdir(), 'kasir-bench-'));
  const store = new Store(openSqlite(join(dir, 'bench.sqlite')));
  await store.migrate();
  await store.seedIfEmpty(demoCatalog());
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
    await page.goto(`http://127.0.0.1:${port}/index.html`);
    await page.waitForFunction(() => document.getElementById('state')?.textContent === 'ready');
    figures.push(...(await checkoutScenario(page)));
  } finally {
    await context.close();
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nKasir Karya bench (${iterations} iterations, headless Chromium, ${new Date().toISOString()})`);
  console.table(figures.map((f) => ({ name: f.name, value: f.value, unit: f.unit, baseline: f.baseline ?? '', ratio: f.ratio ?? '' })));
  if (args.json) {
    writeFileSync(args.json, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`figures written to ${args.json}`);
  }
}

await main();
