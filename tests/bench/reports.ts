// Reports over years (report_1m_lines_p95, target under 1 s): 1,000,000 sale
// lines over three years at three outlets (3,000 products, a few popular,
// refunds now and then), then summaries and breakdowns as the route answers
// them (summary, methods and the rows), against the plain query over the
// sale lines themselves in the same run. SQLite, and PostgreSQL when
// TEST_DATABASE_URL is set. The sales are written as rows, not pushed (the
// ingest figures measure pushes): lines, sales and returns with their
// rollups made by the same functions a push uses (server/reports/rollup.ts);
// the sale bodies are left empty, as no report reads them.
//
//   npx tsx tests/bench/reports.ts          (or npm run bench -- --only report_)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Sale } from '../../src/domain/sale.ts';
import { addBusinessDays, businessDayStart } from '../../src/domain/time.ts';
import { reportQuerySchema } from '../../src/protocol/reports.ts';
import type { SaleVoidPayload } from '../../src/protocol/schemas.ts';
import { seedIfEmpty } from '../../src/server/catalog/catalog.ts';
import { salesReport } from '../../src/server/reports/reports.ts';
import { addReturn, addSale, Rollups } from '../../src/server/reports/rollup.ts';
import { demoCatalog } from '../../src/server/seed-data.ts';
import type { SqlValue } from '../../src/server/store/db.ts';
import { openPostgres } from '../../src/server/store/postgres.ts';
import { insertAll } from '../../src/server/store/sql.ts';
import { openSqlite } from '../../src/server/store/sqlite.ts';
import { Store } from '../../src/server/store/store.ts';
import { bigCatalog } from './catalog.ts';
import { figure, percentile, type Figure } from './stats.ts';

const LINES = 1_000_000;
const FIRST_DAY = '2024-01-01';
const DAYS = 1096;
const PRODUCTS = 3_000;
const OUTLETS = ['ntb-mall', 'booth-pameran', 'showroom-lobar'];
const CASHIERS = ['kasir-1', 'kasir-2', 'kasir-3'];
const LAST_DAY = addBusinessDays(FIRST_DAY, DAYS - 1);

export interface ReportBenchOptions {
  sqlite: boolean;
  pgUrl: string | null;
  /** Times each query of the mix is asked. */
  rounds: number;
}

/** Writes LINES sale lines (and their sales, some refunds and the rollups) into `store`; answers the lines written. */
async function fill(store: Store): Promise<number> {
  const catalog = bigCatalog(PRODUCTS);
  await seedIfEmpty(store, { outlets: demoCatalog().outlets, producers: catalog.producers, products: catalog.products, stock: catalog.stock });
  // Two products in three have an HPP: the rest show as "HPP belum diisi".
  await store.db.run("UPDATE products SET cost = price * 6 / 10 WHERE id NOT LIKE '%2' AND id NOT LIKE '%5' AND id NOT LIKE '%8'");
  const costs = new Map((await store.db.all('SELECT id, cost FROM products')).map((r) => [String(r.id), r.cost === null ? null : Number(r.cost)]));
  const categories = new Map((await store.db.all('SELECT id, category FROM products')).map((r) => [String(r.id), String(r.category)]));
  const products = catalog.products;
  let rnd = 42;
  const next = (k: number): number => {
    rnd = (Math.imul(rnd, 1_103_515_245) + 12_345) >>> 0;
    return (rnd >>> 8) % k;
  };
  const perDay = Math.ceil(LINES / (DAYS * OUTLETS.length));
  let written = 0;
  let serial = 0;
  let sales: SqlValue[][] = [];
  let lines: SqlValue[][] = [];
  let returns: SqlValue[][] = [];
  const rollups = new Rollups();
  const flush = async (): Promise<void> => {
    await store.db.tx(async (tx) => {
      await insertAll(tx, 'INSERT INTO sales (id, device_id, device_seq, outlet_id, receipt_no, business_date, total, created_at, received_at, flags, body)', sales);
      await insertAll(tx, 'INSERT INTO sale_lines (id, sale_id, product_id, producer_id, qty, unit_price, net, tax, cost, name, category)', lines);
      await insertAll(tx, `INSERT INTO sale_returns (id, sale_id, device_id, device_seq, outlet_id, kind, amount, method, by_user, approver_id, business_date, created_at, received_at, flags, body)`, returns);
      await rollups.write(tx);
    });
    sales = [];
    lines = [];
    returns = [];
  };
  for (let d = 0; d < DAYS && written < LINES; d++) {
    const date = addBusinessDays(FIRST_DAY, d);
    const dayStart = businessDayStart(date);
    for (const outletId of OUTLETS) {
      for (let made = 0; made < perDay && written < LINES; ) {
        const id = `s-${++serial}`;
        const createdAt = dayStart + (9 + next(12)) * 3_600_000 + next(3_600_000);
        const count = Math.min(1 + next(4), perDay - made, LINES - written);
        const saleLines: Sale['lines'] = [];
        for (let k = 0; k < count; k++) {
          // A few products sell most: the square of a uniform draw.
          const r = next(PRODUCTS);
          const p = products[Math.floor((r * r) / PRODUCTS)]!;
          const qty = 1 + next(3);
          const discount = next(10) === 0 ? Math.round((p.price * qty) / 10) : 0;
          const net = p.price * qty - discount;
          const tax = Math.round((net * 11) / 111);
          saleLines.push({ id: `${id}-${k}`, productId: p.id, producerId: p.producerId, name: p.name, sku: p.sku, unitPrice: p.price, qty, discount: null, lineDiscount: discount, orderDiscountShare: 0, net, tax });
        }
        const total = saleLines.reduce((a, l) => a + l.net, 0);
        const method = (['cash', 'qris', 'card'] as const)[next(3)]!;
        const sale: Sale = {
          id,
          receiptNo: id,
          deviceId: `dev-${outletId}`,
          outletId,
          cashier: 'Kasir',
          cashierId: CASHIERS[next(CASHIERS.length)]!,
          createdAt,
          businessDate: date,
          lines: saleLines,
          orderDiscount: null,
          subtotal: saleLines.reduce((a, l) => a + l.unitPrice * l.qty, 0),
          lineDiscounts: saleLines.reduce((a, l) => a + l.lineDiscount, 0),
          orderDiscountAmount: 0,
          taxMode: 'ppn-included',
          tax: saleLines.reduce((a, l) => a + l.tax, 0),
          total,
          rounding: 0,
          payments: [{ id: `${id}-p`, method, amount: total, reference: null }],
          change: 0,
          note: '',
        };
        sales.push([id, sale.deviceId, serial, outletId, id, date, total, createdAt, createdAt, '[]', '{}']);
        for (const l of saleLines) lines.push([l.id, id, l.productId, l.producerId, l.qty, l.unitPrice, l.net, l.tax, costs.get(l.productId) ?? null, l.name, categories.get(l.productId) ?? '']);
        const asSold = (lineId: string) => {
          const l = saleLines.find((x) => x.id === lineId);
          return l ? { cost: costs.get(l.productId) ?? null, name: l.name, category: categories.get(l.productId) ?? '' } : null;
        };
        addSale(rollups, sale, asSold);
        if (next(100) === 0) {
          const line = saleLines[0]!;
          const ret: SaleVoidPayload = {
            id: `${id}-r`,
            saleId: id,
            outletId,
            kind: 'refund',
            lines: [{ lineId: line.id, qty: 1 }],
            amount: Math.round(line.net / line.qty),
            method,
            reason: 'rusak',
            by: 'supervisor',
            createdAt: createdAt + 86_400_000,
            businessDate: addBusinessDays(date, 1),
            approval: { id: `${id}-a`, kind: 'refund', approverId: 'supervisor', requestedBy: null, at: createdAt, lineId: null, detail: '' },
            stockEvents: [],
          };
          returns.push([ret.id, id, sale.deviceId, serial, outletId, 'refund', ret.amount, method, 'supervisor', 'supervisor', ret.businessDate, ret.createdAt, ret.createdAt, '[]', '{}']);
          addReturn(rollups, ret, sale, asSold);
        }
        made += count;
        written += count;
      }
    }
    if (d % 30 === 29) await flush();
  }
  await flush();
  return written;
}

/** What a manager asks over years: every breakdown of the whole span, a month, a year of one outlet. */
function queries(): ReturnType<typeof reportQuerySchema.parse>[] {
  const q = (raw: Record<string, string>) => reportQuerySchema.parse(raw);
  const whole = { from: FIRST_DAY, to: LAST_DAY };
  return [
    ...(['day', 'hour', 'product', 'category', 'producer', 'lapas', 'outlet', 'cashier', 'method'] as const).map((by) => q({ ...whole, by })),
    q({ from: '2025-06-01', to: '2025-06-30', by: 'product' }),
    q({ from: '2025-06-01', to: '2025-06-30', by: 'day', outlet: 'ntb-mall' }),
    q({ from: '2025-01-01', to: '2025-12-31', by: 'product', outlet: 'booth-pameran' }),
  ];
}

/** The plain way: the same product breakdown summed from the sale lines joined to their sales. */
const PLAIN = `SELECT l.product_id, COUNT(*) AS lines, SUM(l.qty) AS qty, SUM(l.net) AS net, SUM(l.tax) AS tax,
    SUM(CASE WHEN l.cost IS NULL THEN 0 ELSE l.cost * l.qty END) AS cost
  FROM sale_lines l JOIN sales s ON s.id = l.sale_id
  WHERE s.business_date >= ? AND s.business_date <= ? GROUP BY l.product_id`;

async function measure(store: Store, name: string, rounds: number): Promise<Figure> {
  const written = await fill(store);
  if (written !== LINES) throw new Error(`wrote ${written} lines, not ${LINES}`);
  if (store.db.dialect === 'postgres') await store.db.exec('ANALYZE');
  const mix = queries();
  // Once untimed: the first read of each table from disk is not what a manager waits for every morning.
  for (const q of mix) await salesReport(store, q, { outletScope: null });
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of mix) {
      const start = performance.now();
      const answer = await salesReport(store, q, { outletScope: null });
      times.push(performance.now() - start);
      if (answer.summary.transactions === 0) throw new Error(`no sales in ${q.from}..${q.to}`);
    }
  }
  const plain: number[] = [];
  for (let r = 0; r < Math.max(2, Math.ceil(rounds / 2)); r++) {
    const start = performance.now();
    await store.db.all(PLAIN, [FIRST_DAY, LAST_DAY]);
    plain.push(performance.now() - start);
  }
  return figure(name, percentile(times, 95), 'ms', percentile(plain, 95));
}

export async function reportScenario(opts: ReportBenchOptions): Promise<Figure[]> {
  const figures: Figure[] = [];
  if (opts.sqlite) {
    const dir = mkdtempSync(join(tmpdir(), 'kasir-bench-reports-'));
    const store = new Store(openSqlite(join(dir, 'reports.sqlite')));
    try {
      await store.migrate();
      figures.push(await measure(store, 'report_1m_lines_p95_sqlite', opts.rounds));
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (opts.pgUrl) {
    const admin = new pg.Client({ connectionString: opts.pgUrl });
    await admin.connect();
    const name = `kasir_bench_reports_${process.pid}`;
    const url = new URL(opts.pgUrl);
    url.pathname = `/${name}`;
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
      const store = new Store(await openPostgres(url.toString()));
      try {
        await store.migrate();
        figures.push(await measure(store, 'report_1m_lines_p95_postgres', opts.rounds));
      } finally {
        await store.close();
      }
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
  return figures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await reportScenario({ sqlite: true, pgUrl: process.env.TEST_DATABASE_URL ?? null, rounds: 3 });
  console.table(figures);
}
