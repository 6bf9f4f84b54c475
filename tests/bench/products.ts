// Product administration at a big store's size: the admin list over 50,000
// products (admin_products_query_p95, target under 100 ms), against the
// plainest indexed page of the same table in the same run; and a 20,000-row
// CSV imported through the real parser and transaction (import_20k_rows,
// target under 10 s), against writing the same rows bare. SQLite, and
// PostgreSQL when TEST_DATABASE_URL is set (figures suffixed _postgres).
// `npx tsx tests/bench/products.ts` runs it alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Product } from '../../src/domain/catalog.ts';
import { productListQuerySchema } from '../../src/protocol/products.ts';
import { seedIfEmpty, upsertCatalog } from '../../src/server/catalog/catalog.ts';
import { importSheet } from '../../src/server/catalog/product-service.ts';
import { listProducts, type ProductAct } from '../../src/server/catalog/products.ts';
import { demoCatalog } from '../../src/server/seed-data.ts';
import { openPostgres } from '../../src/server/store/postgres.ts';
import { openSqlite } from '../../src/server/store/sqlite.ts';
import { Store } from '../../src/server/store/store.ts';
import { figure, percentile, type Figure } from './stats.ts';

const PRODUCTS = 50_000;
const IMPORT_ROWS = 20_000;
const PRODUCERS = ['lapas-lobar', 'lapas-mataram', 'lapas-perempuan-mataram', 'umkm-dapur-sasak', 'umkm-madu-sumbawa', 'umkm-kopi-sembalun'];
const CATEGORIES = ['Cukli', 'Batik Tulis Gembok', 'Tenun', 'Anyaman', 'Gerabah', 'Makanan', 'Kopi', 'Madu'];
const WORDS = ['kotak', 'tas', 'kain', 'kopi', 'madu', 'piring', 'gelas', 'bingkai', 'sasak', 'rinjani', 'motif', 'kecil', 'besar', 'merah', 'biru'];
const ACT: ProductAct = { at: 1_780_000_000_000, actorId: 'bench-admin', outletScope: null };

function bigCatalog(): { products: Product[]; stock: { outletId: string; productId: string; level: number }[] } {
  const products: Product[] = [];
  for (let i = 0; i < PRODUCTS; i++) {
    const w = (k: number) => WORDS[(i * 7 + k * 13) % WORDS.length] ?? 'produk';
    products.push({
      id: `bench-${i}`,
      sku: `BN-${String(i).padStart(6, '0')}`,
      barcode: null,
      name: `${w(0)} ${w(1)} ${w(2)} ${i}`,
      category: CATEGORIES[i % CATEGORIES.length] ?? 'Lain',
      producerId: PRODUCERS[i % PRODUCERS.length] ?? 'lapas-lobar',
      price: 5_000 + ((i * 37) % 2_000) * 1_000,
      unit: 'pcs',
      active: i % 11 !== 0,
    });
  }
  return { products, stock: products.map((p, i) => ({ outletId: 'ntb-mall', productId: p.id, level: (i * 17) % 40 })) };
}

/** What a store manager does on the list: type a word or two, pick a filter, sort, page, look for low stock. */
function queries(n: number): ReturnType<typeof productListQuerySchema.parse>[] {
  const out = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 6;
    const raw: Record<string, string> = { limit: '25' };
    if (kind === 0) raw.q = WORDS[i % WORDS.length] ?? 'tas';
    if (kind === 1) Object.assign(raw, { q: `${WORDS[i % WORDS.length] ?? 'tas'} ${WORDS[(i + 3) % WORDS.length] ?? 'kain'}`, active: 'true' });
    if (kind === 2) Object.assign(raw, { category: CATEGORIES[i % CATEGORIES.length] ?? 'Cukli', sort: 'price', dir: 'desc' });
    if (kind === 3) Object.assign(raw, { producerId: PRODUCERS[i % PRODUCERS.length] ?? 'lapas-lobar', offset: String((i * 25) % 5_000) });
    if (kind === 4) Object.assign(raw, { outletId: 'ntb-mall', stockBelow: '3', sort: 'stock' });
    if (kind === 5) Object.assign(raw, { sort: 'sku', offset: String((i * 250) % 40_000) });
    out.push(productListQuerySchema.parse(raw));
  }
  return out;
}

function importCsv(): Uint8Array {
  const lines = ['SKU;Nama;Kategori;Produsen;Harga;HPP;Stok;Aktif'];
  for (let i = 0; i < IMPORT_ROWS; i++) lines.push(`IM-${i};Produk Impor ${i};${CATEGORIES[i % CATEGORIES.length] ?? 'Lain'};Lapas Kelas IIA Lombok Barat;Rp ${(10 + (i % 90)).toString()}.000;${5 + (i % 9)}.000;${i % 20};ya`);
  return new TextEncoder().encode(`\uFEFF${lines.join('\r\n')}\r\n`);
}

async function measure(name: string, store: Store, bare: Store, iterations: number): Promise<Figure[]> {
  const cat = bigCatalog();
  for (const s of [store, bare]) {
    await seedIfEmpty(s, demoCatalog());
    await upsertCatalog(s, cat);
  }
  const qs = queries(Math.max(60, iterations));
  const times: number[] = [];
  const bareTimes: number[] = [];
  // A warm-up round each: the first query pays for opening pages from disk.
  for (const q of qs.slice(0, 12)) await store.db.tx((tx) => listProducts(tx, q, ACT, store.db.dialect));
  for (const q of qs) {
    let t = performance.now();
    await store.db.tx((tx) => listProducts(tx, q, ACT, store.db.dialect));
    times.push(performance.now() - t);
    t = performance.now();
    await store.db.tx((tx) => tx.all('SELECT * FROM products ORDER BY id LIMIT 25 OFFSET ?', [q.offset]));
    bareTimes.push(performance.now() - t);
  }
  const bytes = importCsv();
  let t = performance.now();
  const r = await importSheet(store, bytes, 'csv', { dryRun: false, outletId: 'ntb-mall', createProducers: false, lang: 'id' }, ACT);
  const importS = (performance.now() - t) / 1000;
  if (!r.applied || r.created !== IMPORT_ROWS) throw new Error(`bench import did not apply: ${JSON.stringify({ ...r, errors: r.errors.slice(0, 3) })}`);
  // The bare writer: the same rows straight into the table, no parsing, checks or audit.
  t = performance.now();
  await upsertCatalog(bare, {
    products: Array.from({ length: IMPORT_ROWS }, (_, i) => ({ id: `im-${i}`, sku: `IM-${i}`, barcode: null, name: `Produk Impor ${i}`, category: 'Lain', producerId: 'lapas-lobar', price: 10_000, unit: 'pcs', active: true })),
  });
  const bareS = (performance.now() - t) / 1000;
  return [figure(`admin_products_query_p95${name}`, percentile(times, 95), 'ms', percentile(bareTimes, 95)), figure(`import_20k_rows${name}`, importS, 's', bareS)];
}

export async function productsScenario(opts: { iterations: number; sqlite: boolean; pgUrl: string | null }): Promise<Figure[]> {
  const figures: Figure[] = [];
  if (opts.sqlite) {
    const dir = mkdtempSync(join(tmpdir(), 'kasir-bench-products-'));
    const store = new Store(openSqlite(join(dir, 'a.sqlite')));
    const bare = new Store(openSqlite(join(dir, 'b.sqlite')));
    try {
      await store.migrate();
      await bare.migrate();
      figures.push(...(await measure('', store, bare, opts.iterations)));
    } finally {
      await store.close();
      await bare.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (opts.pgUrl) {
    const admin = new pg.Client({ connectionString: opts.pgUrl });
    await admin.connect();
    const names = ['kasir_bench_products', 'kasir_bench_products_bare'].map((n) => `${n}_${process.pid}`);
    const urlOf = (name: string): string => {
      const u = new URL(opts.pgUrl ?? '');
      u.pathname = `/${name}`;
      return u.toString();
    };
    try {
      for (const n of names) await admin.query(`CREATE DATABASE ${n} TEMPLATE template0`);
      const [store, bare] = [new Store(await openPostgres(urlOf(names[0] ?? ''))), new Store(await openPostgres(urlOf(names[1] ?? '')))];
      try {
        await store.migrate();
        await bare.migrate();
        figures.push(...(await measure('_postgres', store, bare, opts.iterations)));
      } finally {
        await store.close();
        await bare.close();
      }
    } finally {
      for (const n of names) await admin.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
      await admin.end();
    }
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const figures = await productsScenario({ iterations: 120, sqlite: true, pgUrl: process.env.TEST_DATABASE_URL ?? null });
  console.table(figures);
}
